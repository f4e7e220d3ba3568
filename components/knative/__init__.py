"""Knative Serving and Eventing components (needs only the core dependencies)."""

from .channel import Channel, ChannelArgs, KafkaChannelSettings
from .delivery import DeliveryPolicy
from .destination import Destination, KReference
from .service import KnativeService, KnativeServiceArgs, ScalingPolicy, TrafficTarget
from .sources import ApiServerResource, ApiServerSource, ApiServerSourceArgs
from .subscription import Subscription, SubscriptionArgs

__all__ = [
    "ApiServerResource",
    "ApiServerSource",
    "ApiServerSourceArgs",
    "Channel",
    "ChannelArgs",
    "DeliveryPolicy",
    "Destination",
    "KafkaChannelSettings",
    "KReference",
    "KnativeService",
    "KnativeServiceArgs",
    "ScalingPolicy",
    "Subscription",
    "SubscriptionArgs",
    "TrafficTarget",
]
