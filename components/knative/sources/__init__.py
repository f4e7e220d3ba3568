"""Knative event sources."""

from .apiserver import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .kafka import KafkaSasl, KafkaSource, KafkaSourceArgs, KafkaTls
from .rocketmq import RocketMQSource, RocketMQSourceArgs

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "KafkaSasl",
    "KafkaSource",
    "KafkaSourceArgs",
    "KafkaTls",
    "RocketMQSource",
    "RocketMQSourceArgs",
]
