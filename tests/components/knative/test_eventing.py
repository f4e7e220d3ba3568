"""Channel, Subscription and ApiServerSource objects together under the strict CRD schemas."""

from __future__ import annotations

from eventing_platform.knative import (
    ApiServerResource,
    ApiServerSource,
    ApiServerSourceArgs,
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    Subscription,
    SubscriptionArgs,
)
from tests.support.crds import requires_crds
from tests.support.offline import run_components

DLS = Destination.service("dead-letter", "apps")


@requires_crds
def test_eventing_objects_are_valid_under_strict_crd_schemas():
    def build():
        Channel("a", ChannelArgs(kind="kafka", delivery=DeliveryPolicy(dead_letter_sink=DLS, timeout="PT5S")))
        Channel("b", ChannelArgs())
        Subscription("s", SubscriptionArgs(channel=Destination.channel("a").ref, subscriber=Destination.service("x", path="/p"), reply=Destination.url("http://r.example/x")))
        ApiServerSource("src", ApiServerSourceArgs(sink=Destination.channel("a"), service_account_name="sa", resources=[ApiServerResource(kind="Pod", match_labels={"a": "b"})]))

    from tests.support.crds import validate_all

    assert validate_all(run_components(build)) == 4
