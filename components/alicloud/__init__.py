"""Alibaba Cloud components (needs the ``alicloud`` extra: ``pulumi-alicloud``).

OSS buckets, RAM identities from declared access (RRSA by default), ASK clusters, EventBridge
buses and rules with typed event patterns, MNS queues, RocketMQ 5.x, Kafka (alikafka) and
Tablestore.

Names are imported lazily (as in ``eventing_platform.gcp``), so the pattern model
(``from eventing_platform.alicloud import EventPattern, Match``), the matcher
(:mod:`.pattern_matcher`) and the OSS events (:mod:`.oss_events`) load without
``pulumi_alicloud``; a component class imports it when first used.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "CLOUD_SERVICE_BUS": "eventbridge",
    "AccessKeyUser": "identity",
    "AccessKeyUserArgs": "identity",
    "AliKafka": "kafka",
    "AliKafkaArgs": "kafka",
    "AskCluster": "cluster",
    "AskClusterArgs": "cluster",
    "ClusterAddon": "cluster",
    "Column": "tablestore",
    "Condition": "event_pattern",
    "EventBus": "eventbridge",
    "EventBusArgs": "eventbridge",
    "EventPattern": "event_pattern",
    "EventRule": "eventbridge",
    "EventRuleArgs": "eventbridge",
    "ExistingCluster": "cluster",
    "ExistingClusterArgs": "cluster",
    "InvalidPatternError": "pattern_matcher",
    "KafkaSaslUserSpec": "kafka",
    "KafkaTopic": "kafka",
    "LifecycleRule": "oss",
    "LifecycleTransition": "oss",
    "Match": "event_pattern",
    "MnsQueue": "mns",
    "MnsQueueArgs": "mns",
    "OssAccess": "identity",
    "OssAccessPolicy": "identity",
    "OssAccessPolicyArgs": "identity",
    "OssBucket": "oss",
    "OssBucketArgs": "oss",
    "OssWorkloadIdentity": "identity",
    "OssWorkloadIdentityArgs": "identity",
    "PrivateNetwork": "eventbridge",
    "RocketMQ": "rocketmq",
    "RocketMQAccess": "rocketmq",
    "RocketMQArgs": "rocketmq",
    "RocketMQConsumerGroup": "rocketmq",
    "RocketMQTopic": "rocketmq",
    "RrsaRole": "identity",
    "RrsaRoleArgs": "identity",
    "RrsaTrust": "identity",
    "RuleTarget": "eventbridge",
    "Tablestore": "tablestore",
    "TablestoreArgs": "tablestore",
    "TablestoreTable": "tablestore",
    "TargetParam": "eventbridge",
    "object_created_pattern": "oss_events",
    "oss_object_event": "oss_events",
    "pattern_matches": "pattern_matcher",
}
"""Public name -> the submodule that defines (or re-exports) it."""

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
