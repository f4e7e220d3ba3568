"""Knative event sources (names imported on first use: :mod:`eventing_platform.lazy_exports`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...lazy_exports import lazy_exports

if TYPE_CHECKING:
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

_EXPORTS = {
    "ApiServerResource": "apiserver",
    "ApiServerSource": "apiserver",
    "ApiServerSourceArgs": "apiserver",
    "BindingSubject": "sinkbinding",
    "CloudPubSubSource": "gcp",
    "CloudPubSubSourceArgs": "gcp",
    "CloudStorageSource": "gcp",
    "CloudStorageSourceArgs": "gcp",
    "ContainerSource": "container",
    "ContainerSourceArgs": "container",
    "KafkaSasl": "kafka",
    "KafkaSource": "kafka",
    "KafkaSourceArgs": "kafka",
    "KafkaTls": "kafka",
    "LabelSelectorRequirement": "sinkbinding",
    "PingSource": "ping",
    "PingSourceArgs": "ping",
    "RocketMQSource": "rocketmq",
    "RocketMQSourceArgs": "rocketmq",
    "SinkBinding": "sinkbinding",
    "SinkBindingArgs": "sinkbinding",
}
"""Public name -> the submodule that defines (or re-exports) it."""

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
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
