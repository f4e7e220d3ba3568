"""Knative Serving and Eventing: Services, Brokers, channels, Triggers and Subscriptions."""

from __future__ import annotations

from typing import Any

from eventing_platform.kinds.addresses import service_host_aliases
from eventing_platform.kinds.delivery import BROKER_CLASS_ANNOTATION
from eventing_platform.knative.autoscaling_annotations import MIN_SCALE

from ..conditions import TriggerCondition
from ..context import FlowContext, K8sObject, node_id
from ..model import Edge, Node
from .registry import REGISTRY

SERVICE_LABEL = "serving.knative.dev/service"
"""The label Knative Serving puts on every pod of a Knative Service."""


def pod_facts(o: K8sObject) -> dict[str, Any]:
    """What the cluster-loop analysis needs of a workload's pods: their labels, its lowest scale
    (``min_scale``: 0 scales to zero; Knative's default when unset) and whether the kubelet
    restarts a container that stops answering (a liveness probe)."""
    template = o.spec.get("template") or {}
    annotations = (template.get("metadata") or {}).get("annotations") or {}
    raw = next((annotations[k] for k in MIN_SCALE if k in annotations), "0")
    containers = (template.get("spec") or {}).get("containers") or []
    return {
        "pod_labels": {**o.template_labels, SERVICE_LABEL: o.name},
        "min_scale": int(raw) if str(raw).isdigit() else 0,
        "restarts_on_failure": any(isinstance(c, dict) and c.get("livenessProbe") for c in containers),
    }


def add_addresses(ctx: FlowContext, o: K8sObject, nid: str) -> None:
    """The addresses an addressable object answers at: its recorded ``status.address.url``,
    then the address convention of its kind (while the status is not known)."""
    ctx.add_address(o.status("address", "url"), nid)
    if o.catalogued is not None and o.catalogued.address is not None:
        ctx.add_address(o.catalogued.address(o.name, o.namespace), nid)


@REGISTRY.objects("addressable", "knative-service")
def knative_service(ctx: FlowContext, o: K8sObject) -> None:
    """A Knative Service: a consumer at its URL, its cluster-local address and its DNS names."""
    nid = node_id("knative-service", o.name, o.namespace)
    ctx.graph.add_node(Node(nid, "knative-service", o.name, o.namespace, o.urn,
                            attrs={"url": o.status("url"), **pod_facts(o)}, side_effects=ctx.side_effects(o)))
    ctx.add_address(o.status("url"), nid)
    add_addresses(ctx, o, nid)
    for host in service_host_aliases(o.name, o.namespace):
        ctx.add_address(f"http://{host}", nid)


@REGISTRY.objects("addressable", "broker")
def broker(ctx: FlowContext, o: K8sObject) -> None:
    """A Broker: a router (its class as detail) at the broker ingress."""
    nid = node_id("broker", o.name, o.namespace)
    klass = o.annotations.get(BROKER_CLASS_ANNOTATION, "")
    ctx.graph.add_node(Node(nid, "broker", o.name, o.namespace, o.urn, detail=klass))
    add_addresses(ctx, o, nid)


@REGISTRY.objects("addressable", "channel")
def channel(ctx: FlowContext, o: K8sObject) -> None:
    """A channel (Channel, InMemoryChannel, KafkaChannel): a router with its implementation as detail."""
    nid = node_id("channel", o.name, o.namespace)
    template = (o.spec.get("channelTemplate") or {}).get("kind") or (o.kind if o.kind != "Channel" else "")
    ctx.graph.add_node(Node(nid, "channel", o.name, o.namespace, o.urn, detail=template))
    add_addresses(ctx, o, nid)


@REGISTRY.objects("defaults", "broker", "channel")
def router_delivery(ctx: FlowContext, o: K8sObject) -> None:
    """Resolve the delivery a Broker's Triggers (a channel's Subscriptions) inherit, so its
    dead-letter sink is a node before any route refers to it."""
    ctx.own_delivery(o, f"{o.kind.lower()} {o.name}")


@REGISTRY.objects("routes", "trigger")
def trigger(ctx: FlowContext, o: K8sObject) -> None:
    """Broker -> Trigger (its filter as condition) -> subscriber; replies go back to the Broker."""
    broker_ref = o.spec.get("brokerRef") or {}
    broker_name = str(o.spec.get("broker") or broker_ref.get("name") or "default")
    broker = ctx.implied("broker", broker_name, broker_ref.get("namespace") or o.namespace, f"broker of trigger {o.name}")
    nid = node_id("trigger", o.name, o.namespace)
    ctx.graph.add_node(Node(nid, "trigger", o.name, o.namespace, o.urn))
    condition = TriggerCondition({k: o.spec[k] for k in ("filter", "filters") if k in o.spec})
    ctx.graph.add_edge(Edge(broker, nid, "event", condition.summary(), condition=condition))
    subscriber, path = ctx.destination(o.spec.get("subscriber"), o.namespace, f"subscriber of trigger {o.name}")
    delivery = ctx.effective_delivery(o, f"trigger {o.name}")
    ctx.deliver(nid, subscriber, path, reply_to=broker, reply_configured=False, delivery=delivery)


@REGISTRY.objects("routes", "subscription")
def subscription(ctx: FlowContext, o: K8sObject) -> None:
    """Channel -> Subscription -> subscriber; replies go where ``reply`` says."""
    channel_ref = o.spec.get("channel") or {}
    channel = ctx.ref_node({**channel_ref, "namespace": o.namespace}, o.namespace, f"channel of subscription {o.name}")
    nid = node_id("subscription", o.name, o.namespace)
    ctx.graph.add_node(Node(nid, "subscription", o.name, o.namespace, o.urn))
    ctx.graph.add_edge(Edge(channel, nid, "event"))
    subscriber, path = ctx.destination(o.spec.get("subscriber"), o.namespace, f"subscriber of subscription {o.name}")
    reply, _ = ctx.destination(o.spec.get("reply"), o.namespace, f"reply of subscription {o.name}")
    delivery = ctx.effective_delivery(o, f"subscription {o.name}")
    ctx.deliver(nid, subscriber, path, reply_to=reply, reply_configured=reply is not None, delivery=delivery)
