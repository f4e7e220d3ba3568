"""Alibaba Cloud components (needs the ``alicloud`` extra: ``pulumi-alicloud``).

OSS buckets, RAM identities from declared access (RRSA by default), ASK clusters, EventBridge
buses and rules with typed event patterns, MNS queues, RocketMQ 5.x, Kafka (alikafka) and
Tablestore.

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so the pattern model
(``from eventing_platform.alicloud import EventPattern, Match``), the matcher
(:mod:`.pattern_matcher`) and the OSS events (:mod:`.oss_events`) load without
``pulumi_alicloud``; a component class imports it when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_exports import lazy_exports

if TYPE_CHECKING:
    from .cluster import (
        AskCluster,
        AskClusterArgs,
        ClusterAddon,
        ExistingCluster,
        ExistingClusterArgs,
    )
    from .event_pattern import Condition, EventPattern, Match
    from .eventbridge import (
        CLOUD_SERVICE_BUS,
        EventBus,
        EventBusArgs,
        EventRule,
        EventRuleArgs,
        PrivateNetwork,
        RuleTarget,
        TargetParam,
    )
    from .identity import (
        AccessKeyUser,
        AccessKeyUserArgs,
        OssAccess,
        OssAccessPolicy,
        OssAccessPolicyArgs,
        OssWorkloadIdentity,
        OssWorkloadIdentityArgs,
        RrsaRole,
        RrsaRoleArgs,
        RrsaTrust,
    )
    from .kafka import AliKafka, AliKafkaArgs, KafkaSaslUserSpec, KafkaTopic
    from .mns import MnsQueue, MnsQueueArgs
    from .oss import LifecycleRule, LifecycleTransition, OssBucket, OssBucketArgs
    from .oss_events import object_created_pattern, oss_object_event
    from .pattern_matcher import InvalidPatternError, pattern_matches
    from .rocketmq import (
        RocketMQ,
        RocketMQAccess,
        RocketMQArgs,
        RocketMQConsumerGroup,
        RocketMQTopic,
    )
    from .tablestore import Column, Tablestore, TablestoreArgs, TablestoreTable

_EXPORTS = {
    "AccessKeyUser": "identity",
    "AccessKeyUserArgs": "identity",
    "AliKafka": "kafka",
    "AliKafkaArgs": "kafka",
    "AskCluster": "cluster",
    "AskClusterArgs": "cluster",
    "CLOUD_SERVICE_BUS": "eventbridge",
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

__all__ = [
    "AccessKeyUser",
    "AccessKeyUserArgs",
    "AliKafka",
    "AliKafkaArgs",
    "AskCluster",
    "AskClusterArgs",
    "CLOUD_SERVICE_BUS",
    "ClusterAddon",
    "Column",
    "Condition",
    "EventBus",
    "EventBusArgs",
    "EventPattern",
    "EventRule",
    "EventRuleArgs",
    "ExistingCluster",
    "ExistingClusterArgs",
    "InvalidPatternError",
    "KafkaSaslUserSpec",
    "KafkaTopic",
    "LifecycleRule",
    "LifecycleTransition",
    "Match",
    "MnsQueue",
    "MnsQueueArgs",
    "OssAccess",
    "OssAccessPolicy",
    "OssAccessPolicyArgs",
    "OssBucket",
    "OssBucketArgs",
    "OssWorkloadIdentity",
    "OssWorkloadIdentityArgs",
    "PrivateNetwork",
    "RocketMQ",
    "RocketMQAccess",
    "RocketMQArgs",
    "RocketMQConsumerGroup",
    "RocketMQTopic",
    "RrsaRole",
    "RrsaRoleArgs",
    "RrsaTrust",
    "RuleTarget",
    "Tablestore",
    "TablestoreArgs",
    "TablestoreTable",
    "TargetParam",
    "object_created_pattern",
    "oss_object_event",
    "pattern_matches",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
