"""Knative event sources."""

from .apiserver import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .container import ContainerSource, ContainerSourceArgs
from .gcp import (
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    CloudStorageSource,
    CloudStorageSourceArgs,
)
from .kafka import KafkaSasl, KafkaSource, KafkaSourceArgs, KafkaTls
from .ping import PingSource, PingSourceArgs
from .rocketmq import RocketMQSource, RocketMQSourceArgs
from .sinkbinding import BindingSubject, LabelSelectorRequirement, SinkBinding, SinkBindingArgs

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "BindingSubject",
    "CloudPubSubSource",
    "CloudPubSubSourceArgs",
    "CloudStorageSource",
    "CloudStorageSourceArgs",
    "ContainerSource",
    "ContainerSourceArgs",
    "KafkaSasl",
    "KafkaSource",
    "KafkaSourceArgs",
    "KafkaTls",
    "LabelSelectorRequirement",
    "PingSource",
    "PingSourceArgs",
    "RocketMQSource",
    "RocketMQSourceArgs",
    "SinkBinding",
    "SinkBindingArgs",
]
