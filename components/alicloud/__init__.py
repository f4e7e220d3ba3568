"""Alibaba Cloud components (needs the ``alicloud`` extra: ``pulumi-alicloud``).

OSS buckets, RAM identities from declared access (RRSA by default), ASK clusters, EventBridge
buses and rules with typed event patterns, MNS queues, RocketMQ 5.x, Kafka (alikafka) and
Tablestore. The pattern matcher
(:mod:`.pattern_matcher`) and the pattern model (:mod:`.event_pattern`) need no cloud SDK.
"""

from .cluster import AskCluster, AskClusterArgs, ClusterAddon, ExistingCluster, ExistingClusterArgs
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
from .rocketmq import RocketMQ, RocketMQAccess, RocketMQArgs, RocketMQConsumerGroup, RocketMQTopic
from .tablestore import Column, Tablestore, TablestoreArgs, TablestoreTable

__all__ = [
    "CLOUD_SERVICE_BUS",
    "AccessKeyUser",
    "AccessKeyUserArgs",
    "AliKafka",
    "AliKafkaArgs",
    "AskCluster",
    "AskClusterArgs",
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
