"""Knative event sources."""

from .apiserver import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .gcp import (
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    CloudStorageSource,
    CloudStorageSourceArgs,
)
from .kafka import KafkaSasl, KafkaSource, KafkaSourceArgs, KafkaTls
from .rocketmq import RocketMQSource, RocketMQSourceArgs

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "CloudPubSubSource",
    "CloudPubSubSourceArgs",
    "CloudStorageSource",
    "CloudStorageSourceArgs",
    "KafkaSasl",
    "KafkaSource",
    "KafkaSourceArgs",
    "KafkaTls",
    "RocketMQSource",
    "RocketMQSourceArgs",
]
