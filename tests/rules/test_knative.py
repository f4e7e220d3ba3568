"""The Knative rules (rules/knative.py).

Delivery: the rules read effective delivery through the catalogue of kinds: a Trigger with a
delivery block of its own does not inherit its channel-based Broker's dead-letter sink (the
whole block replaces the Broker's), but merges it from a Kafka Broker, as the brokers do.

Flows: knative-no-inmemorychannel covers the Sequence and Parallel components through their
channel template.
"""

from __future__ import annotations

import pytest

from eventing_platform.kinds import kind_of
from eventing_platform.knative import (
    ChannelTemplate,
    Destination,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    Sequence,
    SequenceArgs,
)
from eventing_platform.rules.evaluate import evaluate, resources_from_record
from eventing_platform.rules.knative import DELIVERY_KINDS
from tests.rules.cases import broker, channel, delivery, subscription, trigger
from tests.support.offline import run_components


def _dead_letter_levels(resources) -> list[str]:
    return [f.level for f in evaluate(resources, stack_stage="dev") if f.policy == "knative-delivery-dead-letter"]


def test_the_delivery_rules_check_kinds_the_catalogue_gives_a_delivery_block():
    assert all(kind_of(*gk) is not None and kind_of(*gk).delivery is not None for gk in DELIVERY_KINDS)


@pytest.mark.parametrize(("broker_class", "levels"), [("Kafka", []), ("MTChannelBasedBroker", ["mandatory"])])
def test_a_trigger_with_its_own_retry_inherits_the_dead_letter_sink_only_from_a_kafka_broker(broker_class, levels):
    resources = [broker(cls=broker_class, config={"kind": "ConfigMap", "name": "cfg"}), trigger(dlv={"retry": 3})]
    assert _dead_letter_levels(resources) == levels


@pytest.mark.parametrize(("template_kind", "levels"), [("KafkaChannel", []), ("InMemoryChannel", ["mandatory"])])
def test_a_subscription_with_its_own_retry_inherits_the_dead_letter_sink_only_from_a_kafka_channel(template_kind, levels):
    resources = [channel(template_kind=template_kind), subscription(dlv={"retry": 3})]
    assert _dead_letter_levels(resources) == levels


def test_without_a_delivery_block_a_trigger_takes_its_brokers_whatever_the_class():
    assert _dead_letter_levels([broker(cls="MTChannelBasedBroker"), trigger()]) == []
    assert _dead_letter_levels([broker(cls="MTChannelBasedBroker", dlv=delivery(dls=False)), trigger()]) == ["mandatory", "mandatory"]


def findings(template: ChannelTemplate, stage: str) -> list[tuple[str, str, str]]:
    def build():
        Sequence("seq", SequenceArgs(namespace="apps", steps=[Destination.service("a")], channel_template=template))
        Parallel("par", ParallelArgs(namespace="apps", branches=[ParallelBranch(subscriber=Destination.service("a"))], channel_template=template))

    return sorted((f.policy, f.level, f.message) for f in evaluate(resources_from_record(run_components(build)), stack_stage=stage))


def test_in_memory_flows_are_refused_in_prod():
    assert findings(ChannelTemplate(), "prod") == [
        ("knative-no-inmemorychannel", "mandatory", "par: the Parallel uses InMemoryChannel (not allowed outside dev)"),
        ("knative-no-inmemorychannel", "mandatory", "seq: the Sequence uses InMemoryChannel (not allowed outside dev)"),
    ]


@pytest.mark.parametrize(("template", "stage"), [(ChannelTemplate(), "dev"), (ChannelTemplate(kind="kafka"), "prod")])
def test_in_memory_flows_pass_in_dev_and_kafka_flows_everywhere(template, stage):
    assert findings(template, stage) == []
