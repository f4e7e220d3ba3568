"""Subscription: channel, subscriber, reply and delivery."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    DeliveryPolicy,
    Destination,
    Subscription,
    SubscriptionArgs,
)
from tests.support.offline import objects_of, one, run_components

DLS = Destination.service("dead-letter", "apps")


def test_subscription_links_channel_subscriber_reply_and_delivery():
    args = SubscriptionArgs(
        channel=Destination.channel("events").ref, subscriber=Destination.service("app"),
        reply=Destination.channel("replies"), delivery=DeliveryPolicy(dead_letter_sink=DLS), namespace="apps",
    )
    sub = one(objects_of(run_components(lambda: Subscription("app-sub", args)), "Subscription"))
    assert sub["spec"]["channel"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "events"}
    assert sub["spec"]["subscriber"] == {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "app"}}
    assert sub["spec"]["reply"]["ref"]["name"] == "replies"
    assert sub["spec"]["delivery"]["retry"] == 5


def test_subscription_requires_channel_and_subscriber():
    with pytest.raises(ArgsError) as info:
        SubscriptionArgs()
    assert "SubscriptionArgs.channel: is required" in str(info.value)
    assert "SubscriptionArgs.subscriber: is required" in str(info.value)
