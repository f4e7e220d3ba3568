"""Event sources (ApiServerSource, PingSource, ContainerSource, KafkaSource, RocketMQSource,
CloudPubSubSource, CloudStorageSource) and SinkBindings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventing_platform.kinds import kinds_where
from eventing_platform.kinds.catalogue import SOURCES

from ..cluster_loops import watched_namespaces
from ..conditions import StorageNotificationCondition
from ..context import FlowContext, K8sObject, node_id, ref_group, workload_label
from ..model import Edge, Node
from .gcp import topic_name
from .kubernetes import labels_selected
from .registry import REGISTRY

SOURCE_NODE_KINDS = tuple(sorted({k.node_kind for k in kinds_where(emits=True) if k.node_kind}))
"""The node kinds of the sources in the catalogue of kinds."""

WORKLOAD_SUBJECT_KINDS = frozenset(k.group_kind for k in kinds_where(pod_spec=True, builtin=True))
"""Kubernetes' own pod-template kinds: a SinkBinding subject of these is drawn as a ``workload``."""


def _details(o: K8sObject, kind: str) -> tuple[str, dict[str, Any]]:
    """The diagram detail and route attributes of a source node."""
    attrs: dict[str, Any] = {"extensions": ((o.spec.get("ceOverrides") or {}).get("extensions") or {})}
    if kind == "apiserver-source":
        attrs["mode"] = o.spec.get("mode") or "Reference"
        attrs["kinds"] = [str(res.get("kind")) for res in o.spec.get("resources") or []]
        attrs["resources"] = [dict(res) for res in o.spec.get("resources") or [] if isinstance(res, Mapping)]
        attrs["namespace_selector"] = o.spec.get("namespaceSelector")
        return ", ".join(attrs["kinds"]) + f" ({attrs['mode']})", attrs
    if kind == "ping-source":
        attrs["schedule"] = o.spec.get("schedule")
        return str(o.spec.get("schedule") or ""), attrs
    return "", attrs


@REGISTRY.objects("routes", *SOURCE_NODE_KINDS)
def source(ctx: FlowContext, o: K8sObject) -> None:
    """A source node, the producer it reads from (topic, bucket), and its sink."""
    kind = o.catalogued.node_kind if o.catalogued is not None and o.catalogued.node_kind else "container-source"
    nid = node_id(kind, o.name, o.namespace)
    detail, attrs = _details(o, kind)
    ctx.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=detail, attrs=attrs))
    if kind == "apiserver-source":
        watched = watched_namespaces(ctx.graph.nodes[nid]).describe()
        ctx.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=f"{detail}<br/>in {watched}", attrs=attrs)
    if kind == "kafka-source":
        topics = [str(t) for t in o.spec.get("topics") or []]
        ctx.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=", ".join(topics), attrs={**attrs, "topics": topics})
        for t in topics:
            ctx.graph.add_edge(Edge(ctx.implied("kafka-topic", t), nid, "event", "", transform="kafka-source"))
    elif kind == "rocketmq-source":
        topic = str(o.spec.get("topic") or o.spec.get("tableName") or "")
        if topic:
            ctx.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=topic, attrs={**attrs, "topic": topic})
            ctx.graph.add_edge(Edge(ctx.implied("rocketmq-topic", topic), nid, "event", "", transform="rocketmq-source"))
    elif kind == "pubsub-source":
        topic = topic_name(str(o.spec.get("topic") or ""))
        project = o.spec.get("project")
        ctx.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=topic, attrs={**attrs, "topic": topic, "project": project})
        if topic:
            ctx.graph.add_edge(Edge(ctx.implied("pubsub-topic", topic), nid, "event", "", transform="pubsub-source"))
    elif kind == "storage-source":
        bucket = str(o.spec.get("bucket") or "")
        condition = StorageNotificationCondition(tuple(o.spec.get("eventTypes") or ()), str(o.spec.get("objectNamePrefix") or ""))
        ctx.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=bucket, attrs={**attrs, "bucket": bucket})
        if bucket:
            ctx.graph.add_edge(Edge(ctx.implied("gcs-bucket", bucket), nid, "event", condition.summary(), condition=condition))
    sink, _ = ctx.destination(o.spec.get("sink"), o.namespace, f"sink of {o.kind} {o.name}")
    ctx.deliver(nid, sink, delivery=ctx.own_delivery(o, f"{o.kind} {o.name}"))


@REGISTRY.kinds("routes", (SOURCES, "SinkBinding"))
def sink_binding(ctx: FlowContext, o: K8sObject) -> None:
    """``K_SINK`` edges from each subject: the named object, or every object of the subject's
    kind in the stack whose labels the selector matches."""
    subject = o.spec.get("subject") or {}
    api_version, kind = str(subject.get("apiVersion") or ""), str(subject.get("kind") or "")
    ns = str(subject.get("namespace") or o.namespace)
    if subject.get("name"):
        names = [str(subject["name"])]
    else:
        found = subject.get("selector")
        selector: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        names = [x.name for x in ctx.objects
                 if (x.group, x.kind) == (ref_group(api_version), kind) and x.namespace == ns
                 and labels_selected(selector, x.metadata.get("labels") or {})]
        if not names:
            ctx.note(f"SinkBinding {o.name}: no {kind} of this stack in {ns} matches its selector, so no subject is drawn")
            return
    sink, _ = ctx.destination(o.spec.get("sink"), o.namespace, f"sink of SinkBinding {o.name}")
    for name in names:
        ctx.deliver(_binding_subject(ctx, api_version, kind, name, ns, o.name), sink, "K_SINK")


def _binding_subject(ctx: FlowContext, api_version: str, kind: str, name: str, ns: str, binding: str) -> str:
    """Node id of a SinkBinding subject: a ``workload`` for pod-template kinds (Deployment,
    Job, ...), the object's own node for addressable kinds (a Knative Service)."""
    group = ref_group(api_version)
    if (group, kind) not in WORKLOAD_SUBJECT_KINDS:
        return ctx.ref_node({"apiVersion": api_version, "kind": kind, "name": name, "namespace": ns}, ns, f"subject of SinkBinding {binding}")
    label = workload_label(kind, name)
    nid = node_id("workload", label, ns)
    if nid in ctx.graph.nodes:
        return nid
    obj = next((x for x in ctx.objects if (x.group, x.kind, x.name, x.namespace) == (group, kind, name, ns)), None)
    if obj is None:
        return ctx.implied("workload", label, ns, f"subject of SinkBinding {binding}")
    # Its side effects stay on the Service in front of it, if any (the kubernetes handlers).
    ctx.graph.add_node(Node(nid, "workload", label, ns, obj.urn, detail=kind))
    return nid
