"""Knative Serving and Eventing components (needs only the core dependencies).

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so light modules such as
:mod:`.delivery` (``IsoDuration``) load without ``pulumi_kubernetes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_exports import lazy_exports

if TYPE_CHECKING:
    from .broker import Broker, BrokerArgs, BrokerConfig
    from .channel import Channel, ChannelArgs, ChannelTemplate, KafkaChannelSettings
    from .delivery import DeliveryPolicy
    from .destination import Destination, KReference
    from .filters import TriggerFilter, describe_filter, trigger_matches
    from .parallel import Parallel, ParallelArgs, ParallelBranch
    from .sequence import Sequence, SequenceArgs, SequenceStep
    from .service import KnativeService, KnativeServiceArgs, ScalingPolicy, TrafficTarget
    from .sources.apiserver import ApiServerResource, ApiServerSource, ApiServerSourceArgs
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

_EXPORTS = {
    "ApiServerResource": "sources.apiserver",
    "ApiServerSource": "sources.apiserver",
    "ApiServerSourceArgs": "sources.apiserver",
    "BindingSubject": "sources.sinkbinding",
    "Broker": "broker",
    "BrokerArgs": "broker",
    "BrokerConfig": "broker",
    "Channel": "channel",
    "ChannelArgs": "channel",
    "ChannelTemplate": "channel",
    "CloudPubSubSource": "sources.gcp",
    "CloudPubSubSourceArgs": "sources.gcp",
    "CloudStorageSource": "sources.gcp",
    "CloudStorageSourceArgs": "sources.gcp",
    "ContainerSource": "sources.container",
    "ContainerSourceArgs": "sources.container",
    "DeliveryPolicy": "delivery",
    "Destination": "destination",
    "EciWorkload": "workload_class",
    "FcDomain": "workload_class",
    "FunctionComputeWorkload": "workload_class",
    "KReference": "destination",
    "KafkaChannelSettings": "channel",
    "KafkaSasl": "sources.kafka",
    "KafkaSource": "sources.kafka",
    "KafkaSourceArgs": "sources.kafka",
    "KafkaTls": "sources.kafka",
    "KnativeService": "service",
    "KnativeServiceArgs": "service",
    "LabelSelectorRequirement": "sources.sinkbinding",
    "Parallel": "parallel",
    "ParallelArgs": "parallel",
    "ParallelBranch": "parallel",
    "PingSource": "sources.ping",
    "PingSourceArgs": "sources.ping",
    "RocketMQSource": "sources.rocketmq",
    "RocketMQSourceArgs": "sources.rocketmq",
    "ScalingPolicy": "service",
    "Sequence": "sequence",
    "SequenceArgs": "sequence",
    "SequenceStep": "sequence",
    "SinkBinding": "sources.sinkbinding",
    "SinkBindingArgs": "sources.sinkbinding",
    "Subscription": "subscription",
    "SubscriptionArgs": "subscription",
    "TrafficTarget": "service",
    "Trigger": "trigger",
    "TriggerArgs": "trigger",
    "TriggerFilter": "filters",
    "access_token_json": "sources.rocketmq",
    "describe_filter": "filters",
    "trigger_matches": "filters",
}
"""Public name -> the submodule that defines (or re-exports) it."""

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
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
