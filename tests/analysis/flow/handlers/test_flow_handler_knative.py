"""Knative Serving and Eventing handlers: the delivery a Trigger's hop carries is the one
kinds.effective_delivery computes (whole from a channel-based Broker, merged from a Kafka one)."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph
from eventing_platform.analysis.flow.context import FlowContext
from eventing_platform.analysis.flow.handlers import REGISTRY
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    Trigger,
    TriggerArgs,
)
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
NS = "demo"


def _trigger_hop(broker_class: str, trigger_delivery: DeliveryPolicy | None):
    def build():
        Broker("default", BrokerArgs(namespace=NS, broker_class=broker_class,
                                     delivery=DeliveryPolicy(retry=5, dead_letter_sink=Destination.service("dlq", NS))))
        KnativeService("dlq", KnativeServiceArgs(image=IMAGE, namespace=NS))
        KnativeService("shop", KnativeServiceArgs(image=IMAGE, namespace=NS))
        Trigger("shop", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.service("shop", NS), delivery=trigger_delivery))

    graph = extract_graph(run_components(build))
    return next(e for e in graph.edges if e.src == "trigger:demo/shop" and e.kind == "event"), graph


@pytest.mark.parametrize(("broker_class", "dead_letter", "label"), [
    ("MTChannelBasedBroker", None, "trigger shop"),
    ("Kafka", "knative-service:demo/dlq", "trigger shop"),
])
def test_a_trigger_with_its_own_retry_gets_the_brokers_dead_letter_only_from_a_kafka_broker(broker_class, dead_letter, label):
    edge, _ = _trigger_hop(broker_class, DeliveryPolicy(retry=2))
    assert edge.delivery is not None
    assert (edge.delivery.retry, edge.delivery.dead_letter, edge.delivery.label) == (2, dead_letter, label)


@pytest.mark.parametrize("broker_class", ["MTChannelBasedBroker", "Kafka"])
def test_a_trigger_without_delivery_takes_the_brokers(broker_class):
    edge, graph = _trigger_hop(broker_class, None)
    assert edge.delivery is not None
    assert (edge.delivery.retry, edge.delivery.dead_letter, edge.delivery.label) == (5, "knative-service:demo/dlq", "broker default")
    assert ("knative-service:demo/shop", "knative-service:demo/dlq") in {(e.src, e.dst) for e in graph.edges if e.kind == "dead-letter"}


@pytest.mark.parametrize(("build", "url", "node"), [
    (lambda: Broker("default", BrokerArgs(namespace=NS)),
     "http://broker-ingress.knative-eventing.svc.cluster.local/demo/default", "broker:demo/default"),
    (lambda: Channel("events", ChannelArgs(namespace=NS)), "http://events-kn-channel.demo.svc.cluster.local", "channel:demo/events"),
    (lambda: KnativeService("shop", KnativeServiceArgs(image=IMAGE, namespace=NS)), "http://shop.demo.svc", "knative-service:demo/shop"),
])
def test_addressable_objects_answer_at_their_kinds_address_convention(build, url, node):
    ctx = FlowContext(run_components(build))
    (obj,) = ctx.objects
    handler = REGISTRY.object_handler("addressable", obj)
    assert handler is not None
    handler(ctx, obj)
    assert ctx.url_node(url) == node
