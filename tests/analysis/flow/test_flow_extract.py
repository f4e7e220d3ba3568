"""The event-flow graph extracted from each shipped stack's plan, and from small component sets."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph
from eventing_platform.analysis.flow.conditions import EventPatternCondition, TriggerCondition
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    Subscription,
    SubscriptionArgs,
    Trigger,
    TriggerArgs,
)
from eventing_platform.knative.filters import TriggerFilter
from eventing_platform.knative.side_effects import ObjectWrites, Publish, SideEffects
from eventing_platform.kubernetes.custom_object import CustomObject
from stacks.scenarios import SCENARIOS
from tests.support.offline import plan, run_components
from tests.support.variants import KNATIVE_GCP, ROCKETMQ_SOURCE

IMAGE = "registry.example.com/team/app:1.2.3"
NS = "demo"


def hops(graph, kinds=("event",)) -> set[tuple[str, str]]:
    return {(graph.hop(e.src), graph.hop(e.dst)) for e in graph.edges if e.kind in kinds}


# Every edge the shipped stacks must have: producer -> routers -> receiver, and dead letters.
EXPECTED_EVENT_EDGES = {
    "oss-unzip": {
        ("oss-bucket:eb-ask", "eventbridge-bus:default"),
        ("eventbridge-bus:default", "eventbridge-rule:oss-unzip"),
        ("eventbridge-rule:oss-unzip", "kubernetes-service:eb-ask-demo"),
    },
    "k8s-events": {
        ("apiserver-source:k8sevents", "channel:knative-eventing-demo-channel"),
        ("channel:knative-eventing-demo-channel", "subscription:knative-eventing-demo-subscription"),
        ("subscription:knative-eventing-demo-subscription", "knative-service:knative-eventing-demo"),
    },
    "rocketmq-orders": {
        ("rocketmq-topic:topic-knative", "eventbridge-bus:rocketmq-orders"),
        ("eventbridge-bus:rocketmq-orders", "eventbridge-rule:order-service"),
        ("eventbridge-rule:order-service", "knative-service:order-service"),
    },
    "gcs-vision": {
        ("gcs-bucket:knative-vision-demo-images", "pubsub-topic:testing"),
        ("pubsub-topic:testing", "eventarc-trigger:testing-to-channel"),
        ("eventarc-trigger:testing-to-channel", "channel:pubsub-test"),
        ("subscription:vision-subscription", "knative-service:vision"),
        ("subscription:message-dumper-subscription", "knative-service:message-dumper"),
    },
    "kafka-barrage": {
        ("kafka-topic:barrage-info", "kafka-source:barrage-kafka-source"),
        ("kafka-source:barrage-kafka-source", "knative-service:test-barrage-process"),
    },
}


def test_every_shipped_stack_has_expected_edges():
    assert set(EXPECTED_EVENT_EDGES) == set(SCENARIOS), "add the expected edges of a new stack here"


@pytest.mark.parametrize("stack", sorted(EXPECTED_EVENT_EDGES))
def test_shipped_stack_graph_has_its_event_edges(stack, graph_of):
    graph = graph_of(stack)
    missing = EXPECTED_EVENT_EDGES[stack] - hops(graph)
    assert not missing, f"{stack}: missing edges {missing}; has {sorted(hops(graph))}"


@pytest.mark.parametrize("stack", sorted(EXPECTED_EVENT_EDGES))
def test_shipped_stack_every_delivery_has_a_dead_letter_edge(stack, graph_of):
    graph = graph_of(stack)
    receivers = {e.dst for e in graph.edges if e.kind == "event" and graph.nodes[e.dst].kind.endswith("service")}
    with_dead_letter = {e.src for e in graph.edges if e.kind == "dead-letter"}
    assert receivers and receivers <= with_dead_letter


@pytest.mark.parametrize("stack", sorted(EXPECTED_EVENT_EDGES))
def test_shipped_stack_references_all_resolve_to_planned_objects(stack, graph_of):
    assert graph_of(stack).notes == []


def test_oss_unzip_rule_carries_the_seed_pattern_and_the_service_writes_back(graph_of):
    graph = graph_of("oss-unzip")
    rule_edge = next(e for e in graph.edges if graph.hop(e.dst) == "eventbridge-rule:oss-unzip")
    assert isinstance(rule_edge.condition, EventPatternCondition)
    assert rule_edge.condition.pattern["data"]["oss"]["object"]["key"] == [{"prefix": "zip/"}]
    assert ("kubernetes-service:eb-ask-demo", "oss-bucket:eb-ask") in hops(graph, ("writes",))
    delivery = next(e for e in graph.edges if e.src == rule_edge.dst and e.kind == "event").delivery
    assert delivery.retry == 176 and delivery.dead_letter == "queue:oss-unzip-dead-letter"


OPT_IN_EVENT_EDGES = {
    ("rocketmq-orders", "rocketmq-source"): (ROCKETMQ_SOURCE, {
        ("rocketmq-source:rocketmqsource", "broker:order"),
        ("broker:order", "trigger:order-service-trigger"),
        ("trigger:order-service-trigger", "knative-service:order-service"),
    }),
    ("gcs-vision", "knative-gcp"): (KNATIVE_GCP, {
        ("pubsub-topic:testing", "pubsub-source:testing-source"),
        ("pubsub-source:testing-source", "channel:pubsub-test"),
    }),
}


@pytest.mark.parametrize(("stack", "path"), sorted(OPT_IN_EVENT_EDGES))
def test_opt_in_event_paths_have_their_event_edges(stack, path):
    variant, expected = OPT_IN_EVENT_EDGES[(stack, path)]
    graph = extract_graph(plan(stack, **variant))
    assert expected <= hops(graph)


def test_rocketmq_trigger_edge_carries_its_filter():
    graph = extract_graph(plan("rocketmq-orders", **ROCKETMQ_SOURCE))
    edge = next(e for e in graph.edges if e.dst.startswith("trigger:"))
    assert isinstance(edge.condition, TriggerCondition)
    assert edge.condition.summary() == "type = RocketMQEventType"


def _broker_world():
    broker = Broker("default", BrokerArgs(namespace=NS, delivery=DeliveryPolicy(dead_letter_sink=Destination.service("dlq", NS))))
    KnativeService("dlq", KnativeServiceArgs(image=IMAGE, namespace=NS))
    KnativeService("shop", KnativeServiceArgs(image=IMAGE, namespace=NS, side_effects=SideEffects(
        writes=[ObjectWrites(bucket="invoices", prefix="out/")],
        publishes=[Publish(target="kafka-topic", name="audit")],
    )))
    Trigger("shop", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.service("shop", NS),
                                filters=[TriggerFilter.prefix_match("type", "shop.")]))
    Trigger("ext", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.url("https://hooks.example.com/in")))
    return {"broker": broker.broker_name}


def test_trigger_inherits_the_brokers_dead_letter_and_replies_go_back_to_the_broker():
    graph = extract_graph(run_components(_broker_world))
    edge = next(e for e in graph.edges if e.src == "trigger:demo/shop" and e.kind == "event")
    assert edge.dst == "knative-service:demo/shop"
    assert edge.reply_to == "broker:demo/default" and edge.reply_configured is False
    assert edge.delivery.dead_letter == "knative-service:demo/dlq"


def test_uri_subscriber_becomes_an_http_endpoint_node():
    graph = extract_graph(run_components(_broker_world))
    edge = next(e for e in graph.edges if e.src == "trigger:demo/ext" and e.kind == "event")
    assert graph.nodes[edge.dst].kind == "http-endpoint"
    assert graph.nodes[edge.dst].name == "https://hooks.example.com/in"


def test_declared_writes_and_publishes_become_edges_to_implied_nodes():
    graph = extract_graph(run_components(_broker_world))
    assert ("knative-service:shop", "oss-bucket:invoices") in hops(graph, ("writes",))
    assert ("knative-service:shop", "kafka-topic:audit") in hops(graph, ("publishes",))
    assert any("oss-bucket:invoices is not created by this stack" in n for n in graph.notes)


def test_subscription_reply_is_an_explicit_reply_edge():
    def build():
        Channel("in", ChannelArgs(namespace=NS))
        Channel("out", ChannelArgs(namespace=NS))
        KnativeService("fn", KnativeServiceArgs(image=IMAGE, namespace=NS))
        Subscription("s", SubscriptionArgs(namespace=NS, channel=Destination.channel("in", NS).ref,
                                           subscriber=Destination.service("fn", NS), reply=Destination.channel("out", NS)))

    graph = extract_graph(run_components(build))
    reply = [e for e in graph.edges if e.kind == "reply"]
    assert [(e.src, e.dst, e.via) for e in reply] == [("knative-service:demo/fn", "channel:demo/out", "subscription:demo/s")]


def test_sequence_steps_chain_through_replies_to_the_sequence_reply():
    def build():
        for name in ("a", "b"):
            KnativeService(name, KnativeServiceArgs(image=IMAGE, namespace=NS))
        Channel("done", ChannelArgs(namespace=NS))
        CustomObject("seq", "flows.knative.dev/v1", "Sequence", {"name": "seq", "namespace": NS}, {
            "steps": [{"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": n}} for n in ("a", "b")],
            "reply": {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "done"}},
        })

    graph = extract_graph(run_components(build))
    assert ("sequence:seq", "knative-service:a") in hops(graph)
    assert ("sequence-step:seq#2", "knative-service:b") in hops(graph)
    assert {("knative-service:a", "sequence-step:seq#2"), ("knative-service:b", "channel:done")} == hops(graph, ("reply",))


def test_unreadable_side_effects_annotation_is_noted_not_fatal():
    def build():
        CustomObject("svc", "serving.knative.dev/v1", "Service",
                     {"name": "svc", "namespace": NS, "annotations": {"eventing-platform.dev/side-effects": "{oops"}},
                     {"template": {"spec": {"containers": [{"image": IMAGE}]}}})

    graph = extract_graph(run_components(build))
    assert graph.nodes["knative-service:demo/svc"].side_effects is None
    assert any("side-effects annotation ignored" in n for n in graph.notes)
