"""Knative Serving and Eventing components (needs only the core dependencies)."""

from .broker import Broker, BrokerArgs, BrokerConfig
from .channel import Channel, ChannelArgs, ChannelTemplate, KafkaChannelSettings
from .delivery import DeliveryPolicy
from .destination import Destination, KReference
from .filters import TriggerFilter, describe_filter, trigger_matches
from .parallel import Parallel, ParallelArgs, ParallelBranch
from .sequence import Sequence, SequenceArgs, SequenceStep
from .service import KnativeService, KnativeServiceArgs, ScalingPolicy, TrafficTarget
from .sources import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .sources.container import ContainerSource, ContainerSourceArgs
from .sources.gcp import (
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    CloudStorageSource,
    CloudStorageSourceArgs,
)
from .sources.kafka import KafkaSasl, KafkaSource, KafkaSourceArgs, KafkaTls
from .sources.ping import PingSource, PingSourceArgs
from .sources.rocketmq import RocketMQSource, RocketMQSourceArgs, access_token_json
from .sources.sinkbinding import (
    BindingSubject,
    LabelSelectorRequirement,
    SinkBinding,
    SinkBindingArgs,
)
from .subscription import Subscription, SubscriptionArgs
from .trigger import Trigger, TriggerArgs
from .workload_class import EciWorkload, FcDomain, FunctionComputeWorkload

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "BindingSubject",
    "Broker",
    "BrokerArgs",
    "BrokerConfig",
    "Channel",
    "ChannelArgs",
    "ChannelTemplate",
    "CloudPubSubSource",
    "CloudPubSubSourceArgs",
    "CloudStorageSource",
    "CloudStorageSourceArgs",
    "ContainerSource",
    "ContainerSourceArgs",
    "DeliveryPolicy",
    "Destination",
    "EciWorkload",
    "FcDomain",
    "FunctionComputeWorkload",
    "KafkaSasl",
    "KafkaSource",
    "KafkaSourceArgs",
    "KafkaTls",
    "KafkaChannelSettings",
    "KReference",
    "KnativeService",
    "KnativeServiceArgs",
    "LabelSelectorRequirement",
    "Parallel",
    "ParallelArgs",
    "ParallelBranch",
    "PingSource",
    "PingSourceArgs",
    "RocketMQSource",
    "RocketMQSourceArgs",
    "ScalingPolicy",
    "Sequence",
    "SequenceArgs",
    "SequenceStep",
    "SinkBinding",
    "SinkBindingArgs",
    "Subscription",
    "SubscriptionArgs",
    "TrafficTarget",
    "Trigger",
    "TriggerArgs",
    "TriggerFilter",
    "access_token_json",
    "describe_filter",
    "trigger_matches",
]
