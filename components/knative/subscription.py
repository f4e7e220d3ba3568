"""Knative ``Subscription`` (``messaging.knative.dev/v1``): a Channel's events to a subscriber."""

from __future__ import annotations

from typing import Any

import pulumi
from pydantic import model_validator

from ..args import Args, Input, is_plain
from ..errors import ArgsError, Problem
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, object_meta
from .delivery import DeliveryPolicy
from .destination import MESSAGING_V1, Destination, KReference


class SubscriptionArgs(Args):
    """Arguments of :class:`Subscription`."""

    channel: KReference
    """The channel to subscribe to (``Channel.destination.ref`` or a ``KReference``). Required."""
    subscriber: Destination
    """Where each event is delivered. Required."""
    reply: Destination | None = None
    """Where the subscriber's replies go. Default: dropped."""
    delivery: DeliveryPolicy | None = None
    """Delivery for this subscription. Default: the channel's."""
    subscription_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace (the channel's). Default: the provider's."""

    @model_validator(mode="after")
    def _channel_in_own_namespace(self) -> SubscriptionArgs:
        # knative/eventing messaging/v1 subscribable_channelable_validation.go isValidChannel: spec.channel
        # takes no namespace (cross-namespace links are off by default), so the channel must be the
        # Subscription's own; the rendered channel reference carries none.
        ns = self.channel.namespace
        if ns is not None and is_plain(ns) and is_plain(self.namespace) and ns != self.namespace:
            own = repr(self.namespace) if self.namespace is not None else "the provider's (namespace is unset)"
            raise ArgsError([Problem(
                f"{type(self).__name__}.channel.namespace",
                f"differs from the Subscription's namespace {own}; Knative subscribes only to "
                f"a channel in the Subscription's own namespace: set namespace={ns!r}",
                ns,
            )])
        return self


class Subscription(ObjectComponent[SubscriptionArgs]):
    """A Knative Subscription. Attributes: ``subscription`` (the object), ``subscription_name``."""

    TYPE = "eventing-platform:knative:Subscription"
    ARGS = SubscriptionArgs

    def __init__(self, name: str, args: SubscriptionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.subscription_name = self.object_name(name, args.subscription_name, "subscription_name")
        super().__init__(name, args, opts)
        channel = {"apiVersion": args.channel.api_version, "kind": args.channel.kind, "name": args.channel.name}
        spec: dict[str, Any] = {"channel": channel, "subscriber": args.subscriber.render()}
        if args.reply is not None:
            spec["reply"] = args.reply.render()
        if args.delivery is not None:
            spec["delivery"] = args.delivery.render()
        self.subscription = self.create_object(
            "subscription", MESSAGING_V1, "Subscription", object_meta(self.subscription_name, args.namespace), spec
        )
        self.register_outputs({"subscription_name": self.subscription_name})


