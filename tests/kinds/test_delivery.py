"""Effective delivery: own block, inherited whole from a Broker or Channel, merged field by field
from a Kafka-backed one."""

from __future__ import annotations

from typing import Any

import pytest

from eventing_platform.kinds import ObjectRef, effective_delivery, known_kind, own_delivery

NS = "ns"
DLS = {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dlq"}}


def broker(cls: str = "MTChannelBasedBroker", delivery: dict | None = None, name: str = "default") -> dict[str, Any]:
    spec = {"delivery": delivery} if delivery is not None else {}
    return {"metadata": {"name": name, "namespace": NS, "annotations": {"eventing.knative.dev/broker.class": cls}}, "spec": spec}


def trigger(delivery: dict | None = None, **spec: Any) -> dict[str, Any]:
    body = {"broker": "default", **spec}
    if delivery is not None:
        body["delivery"] = delivery
    return {"metadata": {"name": "t", "namespace": NS}, "spec": body}


def finder(*objects: tuple[str, str, dict]) -> Any:
    table = {(group, kind, o["metadata"]["name"], o["metadata"]["namespace"]): o for group, kind, o in objects}
    return lambda ref: table.get((ref.group, ref.kind, ref.name, ref.namespace))


TRIGGER = known_kind("eventing.knative.dev", "Trigger")
SUBSCRIPTION = known_kind("messaging.knative.dev", "Subscription")
CHANNEL = known_kind("messaging.knative.dev", "Channel")


def test_own_delivery_wins_whole_over_a_channel_based_brokers():
    find = finder(("eventing.knative.dev", "Broker", broker(delivery={"retry": 5, "deadLetterSink": DLS})))
    eff = effective_delivery(TRIGGER, trigger({"retry": 2}), NS, find)
    assert eff.block == {"retry": 2}
    assert eff.field("deadLetterSink") == (None, False)
    assert eff.field("retry") == (2, False)


def test_a_kafka_broker_merges_its_delivery_field_by_field_under_the_triggers():
    find = finder(("eventing.knative.dev", "Broker", broker("Kafka", {"retry": 5, "deadLetterSink": DLS})))
    eff = effective_delivery(TRIGGER, trigger({"retry": 2}), NS, find)
    assert eff.merges_fields
    assert eff.block == {"retry": 2, "deadLetterSink": DLS}
    assert eff.field("deadLetterSink") == (DLS, True)
    assert eff.field("retry") == (2, False)


def test_without_its_own_a_trigger_takes_its_brokers_delivery():
    find = finder(("eventing.knative.dev", "Broker", broker(delivery={"deadLetterSink": DLS})))
    eff = effective_delivery(TRIGGER, trigger(), NS, find)
    assert eff.from_parent and eff.parent_found and not eff.parent_missing
    assert eff.block == {"deadLetterSink": DLS}
    assert eff.field("deadLetterSink") == (DLS, True)
    assert eff.parent == ObjectRef("eventing.knative.dev", "Broker", "default", NS)


@pytest.mark.parametrize("spec", [
    {"broker": "elsewhere"},
    {"broker": None, "brokerRef": {"name": "default", "namespace": "other"}},
])
def test_a_broker_outside_the_stack_leaves_the_parent_missing(spec):
    find = finder(("eventing.knative.dev", "Broker", broker(delivery={"deadLetterSink": DLS})))
    obj = {"metadata": {"name": "t", "namespace": NS}, "spec": spec}
    eff = effective_delivery(TRIGGER, obj, NS, find)
    assert eff.parent_missing
    assert eff.field("deadLetterSink") == (None, True)


def test_a_subscription_inherits_from_the_channel_it_names_and_the_channel_reads_its_template():
    channel = {"metadata": {"name": "ch", "namespace": NS},
               "spec": {"channelTemplate": {"kind": "InMemoryChannel", "spec": {"delivery": {"retry": 4}}}}}
    sub = {"metadata": {"name": "s", "namespace": NS},
           "spec": {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "ch"}}}
    assert own_delivery(CHANNEL, channel) == {"retry": 4}
    eff = effective_delivery(SUBSCRIPTION, sub, NS, finder(("messaging.knative.dev", "Channel", channel)))
    assert eff.block == {"retry": 4}
    assert not eff.merges_fields


def test_a_kafka_channel_merges_fields():
    channel = {"metadata": {"name": "ch", "namespace": NS},
               "spec": {"channelTemplate": {"kind": "KafkaChannel"}, "delivery": {"retry": 4, "deadLetterSink": DLS}}}
    sub = {"metadata": {"name": "s", "namespace": NS}, "spec": {"channel": {"name": "ch"}, "delivery": {"retry": 1}}}
    eff = effective_delivery(SUBSCRIPTION, sub, NS, finder(("messaging.knative.dev", "Channel", channel)))
    assert eff.block == {"retry": 1, "deadLetterSink": DLS}


@pytest.mark.parametrize("block", [None, {}])
def test_an_empty_delivery_block_counts_as_none(block):
    find = finder(("eventing.knative.dev", "Broker", broker(delivery={"retry": 3})))
    eff = effective_delivery(TRIGGER, trigger(block), NS, find)
    assert eff.own is None and eff.block == {"retry": 3}


def test_kinds_without_a_parent_have_only_their_own():
    kafka_source = known_kind("sources.knative.dev", "KafkaSource")
    eff = effective_delivery(kafka_source, {"spec": {"delivery": {"retry": 1}}}, NS, finder())
    assert eff.parent is None and eff.block == {"retry": 1} and eff.field("retry") == (1, False)
    assert effective_delivery(None, {"spec": {"delivery": {"retry": 1}}}, NS, finder()).block is None


def test_a_callers_getter_decides_what_unknown_values_mean():
    unknown = object()

    def get(value: Any, *keys: str) -> Any:
        for key in keys:
            if value is unknown:
                return unknown
            value = value.get(key) if isinstance(value, dict) else None
        return value

    eff = effective_delivery(TRIGGER, {"metadata": {}, "spec": {"broker": "default", "delivery": unknown}}, NS, finder(), get)
    assert eff.own is unknown
    assert eff.field("deadLetterSink", get) == (unknown, False)
