"""What the kind handlers share while the flow graph is built: the record, the graph, the
addresses seen so far, and the helpers that resolve references, URLs and delivery settings."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.errors import ArgsError
from eventing_platform.kinds import (
    Kind,
    ObjectRef,
    effective_delivery,
    group_of_api_version,
    kind_of,
    own_delivery,
    parse_type_token,
)
from eventing_platform.knative.side_effects import SideEffects

from .conditions import Condition
from .model import HOP_KINDS, Delivery, Edge, FlowGraph, Node


def node_id(kind: str, name: str, namespace: str | None = None) -> str:
    """``kind:namespace/name`` (namespaced) or ``kind:name``."""
    return f"{kind}:{namespace}/{name}" if namespace else f"{kind}:{name}"


def ref_group(api_version: object) -> str | None:
    """The API group a reference's ``apiVersion`` names; a reference without one is read as the
    core group's (None when it is not an apiVersion)."""
    return group_of_api_version(api_version if api_version else "v1")


class K8sObject:
    """A recorded Kubernetes object: api version, group, kind, metadata, spec and recorded outputs."""

    def __init__(self, resource: RecordedResource) -> None:
        inputs = resource.masked_inputs()
        gvk = parse_type_token(resource.type)
        assert gvk is not None, resource.type
        self.resource = resource
        self.inputs: dict[str, Any] = inputs
        self.api_version = gvk.api_version
        self.group = gvk.group
        self.kind = gvk.kind
        self.catalogued: Kind | None = kind_of(gvk.group, gvk.kind)
        """The catalogue's entry for the object's kind (None for kinds the project does not know)."""
        self.metadata: dict[str, Any] = inputs.get("metadata") or {}
        self.name = str(self.metadata.get("name") or resource.name)
        self.namespace = str(self.metadata.get("namespace") or "default")
        self.spec: dict[str, Any] = inputs.get("spec") or {}
        self.outputs: dict[str, Any] = resource.outputs or {}
        self.urn = resource.urn

    @property
    def annotations(self) -> dict[str, str]:
        """``metadata.annotations`` (empty when absent)."""
        annotations: dict[str, str] = self.metadata.get("annotations") or {}
        return annotations

    @property
    def template_labels(self) -> Mapping[str, Any]:
        """The labels of its pod template (``spec.template.metadata.labels``; empty when absent)."""
        labels: Mapping[str, Any] = ((self.spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        return labels

    def status(self, *path: str) -> Any:
        """A recorded status field (``status("address", "url")``); None when absent."""
        value: Any = self.outputs.get("status")
        for key in path:
            value = (value or {}).get(key)
        return value


class FlowContext:
    """The graph being built from one record, and the helpers every kind handler uses."""

    def __init__(self, record: PlanRecord) -> None:
        self.record = record
        self.graph = FlowGraph(record.stack)
        self.addresses: list[tuple[str, str, str]] = []
        """``(host, path prefix, node id)`` of every address an object answers at."""
        self.objects = [K8sObject(r) for r in record.resources if is_kubernetes_object(r)]
        """The recorded Kubernetes objects, in record order."""

    # ------------------------------------------------------------------ nodes and notes

    def note(self, text: str) -> None:
        """Record something the graph cannot show (once)."""
        if text not in self.graph.notes:
            self.graph.notes.append(text)

    def implied(self, kind: str, name: str, namespace: str | None = None, why: str = "") -> str:
        """The id of node ``kind``/``name``, added as an external node (with a note saying
        ``why`` it is referred to) when the stack does not create it."""
        nid = node_id(kind, name, namespace)
        if nid not in self.graph.nodes:
            self.graph.add_node(Node(nid, kind, name, namespace))
            if why:
                self.note(f"{nid} is not created by this stack ({why}); shown as an external node")
        return nid

    def ref_node(self, ref: Mapping[str, Any], default_ns: str, why: str) -> str:
        """The node a Kubernetes reference (``apiVersion``, ``kind``, ``name``, ``namespace``)
        names: the catalogue's node kind of the referent (hops such as Triggers cannot be
        referenced), else an ``http-endpoint``."""
        kind = str(ref.get("kind", ""))
        ns = str(ref.get("namespace") or default_ns)
        name = str(ref.get("name", "?"))
        entry = kind_of(ref_group(ref.get("apiVersion", "")), kind)
        node_kind = entry.node_kind if entry is not None and entry.node_kind not in HOP_KINDS else None
        if node_kind is None:
            return self.implied("http-endpoint", f"{kind}/{name}", ns, why)
        if node_kind == "workload":
            name = workload_label(kind, name)
        return self.implied(node_kind, name, ns, why)

    def destination(self, dest: Mapping[str, Any] | None, default_ns: str, why: str) -> tuple[str | None, str]:
        """Node id of a Knative destination (ref or URL) and the request path it adds."""
        if not dest:
            return None, ""
        ref, uri = dest.get("ref"), dest.get("uri")
        if ref is None and uri is None and dest.get("kind") and dest.get("name"):
            ref = dest  # a bare ObjectReference, as older sources (RocketMQSource v1alpha1) take it
        if ref:
            return self.ref_node(ref, default_ns, why), str(uri or "")
        if uri:
            return self.url_node(str(uri), why), urlsplit(str(uri)).path
        return None, ""

    # ------------------------------------------------------------------ addresses

    def url_node(self, url: str, why: str = "") -> str:
        """The node that answers at ``url`` (the longest matching address), else a new
        ``http-endpoint`` node for it."""
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host = (parts.hostname or "").lower()
        best: tuple[int, str] | None = None
        for known_host, path_prefix, nid in self.addresses:
            better = best is None or len(path_prefix) > best[0]
            if known_host == host and parts.path.startswith(path_prefix) and better:
                best = (len(path_prefix), nid)
        if best is not None:
            return best[1]
        nid = node_id("http-endpoint", url)
        self.graph.add_node(Node(nid, "http-endpoint", url))
        return nid

    def add_address(self, url: Any, nid: str) -> None:
        """Remember that node ``nid`` answers at ``url`` (ignored unless a non-empty string)."""
        if not url or not isinstance(url, str):
            return
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.hostname:
            self.addresses.append((parts.hostname.lower(), parts.path.rstrip("/"), nid))

    # ------------------------------------------------------------------ deliveries

    def deliver(self, src: str, dst: str | None, label: str = "", *, reply_to: str | None = None,
                reply_configured: bool = False, delivery: Delivery | None = None,
                condition: Condition | None = None, transform: str | None = None) -> None:
        """An ``event`` edge from the hop ``src`` to ``dst`` (nothing when ``dst`` is None)."""
        if dst is None:
            return
        self.graph.add_edge(Edge(src, dst, "event", label, condition=condition, transform=transform,
                                 reply_to=reply_to, reply_configured=reply_configured,
                                 delivery=delivery, via=src))

    def delivery_of(self, block: Mapping[str, Any] | None, default_ns: str, label: str, fallback: Delivery | None = None) -> Delivery | None:
        """The :class:`Delivery` of a delivery block (retry and dead-letter sink); ``fallback``
        when there is no block."""
        if not block:
            return fallback
        dls, _ = self.destination(block.get("deadLetterSink"), default_ns, f"dead-letter sink of {label}")
        retry = block.get("retry")
        return Delivery(retry=int(retry) if isinstance(retry, (int, float)) else None, dead_letter=dls, label=label)

    def own_delivery(self, o: K8sObject, label: str) -> Delivery | None:
        """The object's own delivery (at the path the catalogue gives its kind)."""
        return self.delivery_of(own_delivery(o.catalogued, o.inputs), o.namespace, label)

    def effective_delivery(self, o: K8sObject, label: str) -> Delivery | None:
        """The delivery that applies to a Trigger or Subscription: its own, or its Broker's or
        channel's as :func:`eventing_platform.kinds.effective_delivery` decides."""
        effective = effective_delivery(o.catalogued, o.inputs, o.namespace, self.find)
        parent = effective.parent
        if effective.from_parent and parent is not None:
            return self.delivery_of(effective.block, parent.namespace, f"{parent.kind.lower()} {parent.name}")
        return self.delivery_of(effective.block, o.namespace, label)

    def find(self, ref: ObjectRef) -> dict[str, Any] | None:
        """The inputs of the recorded object ``ref`` names (None when the stack has none)."""
        for o in self.objects:
            if (o.group, o.kind, o.name, o.namespace) == (ref.group, ref.kind, ref.name, ref.namespace):
                return o.inputs
        return None

    # ------------------------------------------------------------------ side effects

    def side_effects(self, o: K8sObject) -> SideEffects | None:
        """Side effects declared on the object or its pod template (a bad annotation is noted and ignored)."""
        template_meta = ((o.spec.get("template") or {}).get("metadata") or {})
        for found in (o.annotations, template_meta.get("annotations") or {}):
            try:
                effects = SideEffects.from_annotations(found)
            except ArgsError as err:
                self.note(f"{o.kind} {o.namespace}/{o.name}: side-effects annotation ignored: {err}")
                return None
            if effects is not None:
                return effects
        return None

    @cached_property
    def alicloud_region(self) -> str | None:
        """The region of the stack's Alibaba Cloud provider, when it has one."""
        for r in self.record.resources:
            if r.type == "pulumi:providers:alicloud" and r.inputs.get("region"):
                return str(r.inputs["region"])
        return None


def workload_label(kind: str, name: str) -> str:
    """How a workload node is named: a Deployment by its name, other kinds ``<Kind>/<name>``."""
    return name if kind == "Deployment" else f"{kind}/{name}"


