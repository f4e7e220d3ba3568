"""Knative Serving and Eventing components (needs only the core dependencies)."""

from .broker import Broker, BrokerArgs, BrokerConfig
from .channel import Channel, ChannelArgs, KafkaChannelSettings
from .delivery import DeliveryPolicy
from .destination import Destination, KReference
from .filters import TriggerFilter, describe_filter, trigger_matches
from .service import KnativeService, KnativeServiceArgs, ScalingPolicy, TrafficTarget
from .sources import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .sources.gcp import (
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    CloudStorageSource,
    CloudStorageSourceArgs,
)
from .sources.kafka import KafkaSasl, KafkaSource, KafkaSourceArgs, KafkaTls
from .sources.rocketmq import RocketMQSource, RocketMQSourceArgs, access_token_json
from .subscription import Subscription, SubscriptionArgs
from .trigger import Trigger, TriggerArgs
from .workload_class import EciWorkload, FcDomain, FunctionComputeWorkload

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "Broker",
    "BrokerArgs",
    "BrokerConfig",
    "Channel",
    "ChannelArgs",
    "CloudPubSubSource",
    "CloudPubSubSourceArgs",
    "CloudStorageSource",
    "CloudStorageSourceArgs",
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
    "RocketMQSource",
    "RocketMQSourceArgs",
    "ScalingPolicy",
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
