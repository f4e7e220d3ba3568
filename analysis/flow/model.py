"""The event-flow graph: typed nodes (producers, routers, consumers) and edges between them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from eventing_platform.knative.side_effects import SideEffects

from .conditions import Condition

NodeKind = Literal[
    # producers: where events come from
    "oss-bucket", "gcs-bucket", "kafka-topic", "rocketmq-topic", "pubsub-topic", "workload",
    # sources: adapters that turn a producer's messages into CloudEvents
    "apiserver-source", "ping-source", "container-source", "kafka-source", "rocketmq-source",
    "pubsub-source", "storage-source", "eventarc-trigger",
    # routers
    "eventbridge-bus", "eventbridge-rule", "broker", "trigger", "channel", "subscription",
    "sequence", "sequence-step", "parallel", "parallel-branch", "pubsub-subscription",
    # consumers
    "knative-service", "kubernetes-service", "http-endpoint", "function", "queue",
]

PRODUCER_KINDS = frozenset({"oss-bucket", "gcs-bucket", "kafka-topic", "rocketmq-topic", "pubsub-topic", "workload"})
"""Nodes events start from."""
SOURCE_KINDS = frozenset({
    "apiserver-source", "ping-source", "container-source", "kafka-source", "rocketmq-source",
    "pubsub-source", "storage-source", "eventarc-trigger",
})
"""Knative sources, and cloud triggers that act as one (Eventarc): where a CloudEvent is born."""
ROUTER_KINDS = frozenset({
    "eventbridge-bus", "eventbridge-rule", "broker", "trigger", "channel", "subscription",
    "sequence", "sequence-step", "parallel", "parallel-branch", "pubsub-subscription",
})
"""Nodes that pass events on."""
CONSUMER_KINDS = frozenset({"knative-service", "kubernetes-service", "http-endpoint", "function", "queue"})
"""Nodes where an event is received (and the route ends, unless the receiver replies)."""
HOP_KINDS = frozenset({"eventbridge-rule", "trigger", "subscription", "sequence-step", "parallel-branch", "pubsub-subscription"})
"""Routers drawn as labelled arrows rather than boxes in the diagram."""

EdgeKind = Literal["event", "reply", "dead-letter", "writes", "publishes"]

KIND_TITLES: dict[str, str] = {
    "oss-bucket": "OSS bucket", "gcs-bucket": "GCS bucket", "kafka-topic": "Kafka topic",
    "rocketmq-topic": "RocketMQ topic", "pubsub-topic": "Pub/Sub topic", "workload": "Workload",
    "apiserver-source": "ApiServerSource", "ping-source": "PingSource",
    "container-source": "ContainerSource", "kafka-source": "KafkaSource",
    "rocketmq-source": "RocketMQSource", "pubsub-source": "CloudPubSubSource",
    "storage-source": "CloudStorageSource", "eventarc-trigger": "Eventarc trigger", "eventbridge-bus": "EventBridge bus",
    "eventbridge-rule": "EventBridge rule", "broker": "Broker", "trigger": "Trigger",
    "channel": "Channel", "subscription": "Subscription", "sequence": "Sequence",
    "sequence-step": "Sequence step", "parallel": "Parallel", "parallel-branch": "Parallel branch",
    "pubsub-subscription": "Pub/Sub subscription", "knative-service": "Knative Service",
    "kubernetes-service": "Service", "http-endpoint": "HTTP endpoint", "function": "FC function",
    "queue": "Queue",
}
"""How each kind is named in diagrams and route output."""


@dataclass(frozen=True)
class Delivery:
    """Retries and dead-letter sink of one delivery hop."""

    retry: int | None = None
    """Retries before giving up (None: the system's default)."""
    dead_letter: str | None = None
    """Node id of the dead-letter sink; None: exhausted events are dropped."""
    label: str = ""
    """Where the setting comes from, e.g. ``trigger order-service`` or ``broker default``."""


@dataclass(frozen=True)
class Node:
    """One thing events pass through: a producer, a source, a router or a consumer."""

    id: str
    """Unique id, e.g. ``knative-service:default/order-service``."""
    kind: str
    """One of :data:`NodeKind`."""
    name: str
    """The object's name (``metadata.name``, bucket name, topic name, rule name, URL)."""
    namespace: str | None = None
    """Kubernetes namespace, for namespaced objects."""
    urn: str | None = None
    """URN of the resource it comes from (None for implied nodes such as the OSS default bus)."""
    detail: str = ""
    """A short second line for the diagram (channel implementation, broker class, ...)."""
    attrs: Mapping[str, Any] = field(default_factory=dict)
    """Kind-specific facts the route needs (source mode and topics, bucket region, ...)."""
    side_effects: SideEffects | None = None
    """Declared side effects of a workload (from its ``eventing-platform.dev/side-effects`` annotation)."""

    @property
    def title(self) -> str:
        """``<kind title> <name>``, e.g. ``Broker default``."""
        return f"{KIND_TITLES.get(self.kind, self.kind)} {self.name}"


@dataclass(frozen=True)
class Edge:
    """A directed edge: events (or replies, writes, dead letters) flow from ``src`` to ``dst``."""

    src: str
    """Node id events come from."""
    dst: str
    """Node id events go to."""
    kind: str = "event"
    """``event`` (delivery), ``reply`` (replies of a delivery's receiver), ``dead-letter``,
    ``writes`` (a workload writes objects) or ``publishes`` (a workload sends messages/events)."""
    label: str = ""
    """Short text for the diagram (filters are summarised here)."""
    condition: Condition | None = None
    """Filter an event must pass to cross the edge; None passes everything."""
    transform: str | None = None
    """Name of the conversion applied on the way (e.g. a KafkaSource wrapping a message)."""
    reply_to: str | None = None
    """For a delivery: node id the receiver's replies go to (None: replies are dropped)."""
    reply_configured: bool = False
    """True when the reply path is configured explicitly (Subscription ``reply``, Sequence steps);
    False when it is implied (a Trigger's replies go back into its Broker)."""
    delivery: Delivery | None = None
    """Retries and dead-letter sink of this delivery."""
    via: str | None = None
    """Id of the router hop (Trigger, Subscription, rule, step) that owns this delivery."""


class NodeTable(dict[str, Node]):
    """``FlowGraph.nodes``: a dict of node id -> :class:`Node` that counts its nodes per
    ``(kind, name)``, so that :meth:`FlowGraph.hop` knows a name is ambiguous without a scan.

    Every way of setting or removing an entry keeps the count (handlers assign
    ``graph.nodes[nid] = ...`` directly).
    """

    def __init__(self) -> None:
        super().__init__()
        self._names: dict[tuple[str, str], int] = {}

    def _count(self, node: Node, step: int) -> None:
        key = (node.kind, node.name)
        self._names[key] = self._names.get(key, 0) + step

    def __setitem__(self, node_id: str, node: Node) -> None:
        old = self.get(node_id)
        if old is not None:
            self._count(old, -1)
        super().__setitem__(node_id, node)
        self._count(node, +1)

    def __delitem__(self, node_id: str) -> None:
        self._count(self[node_id], -1)
        super().__delitem__(node_id)

    def pop(self, node_id: str, *default: Any) -> Any:
        """Remove and return a node (or ``default``)."""
        if node_id in self:
            self._count(self[node_id], -1)
        return super().pop(node_id, *default)

    def popitem(self) -> tuple[str, Node]:
        """Remove and return the last node added."""
        node_id, node = super().popitem()
        self._count(node, -1)
        return node_id, node

    def setdefault(self, node_id: str, default: Node) -> Node:
        """The node ``node_id``, added as ``default`` when absent."""
        if node_id not in self:
            self[node_id] = default
        return self[node_id]

    def update(self, *args: Any, **kwargs: Node) -> None:
        """Add or replace nodes (each through :meth:`__setitem__`)."""
        for node_id, node in dict(*args, **kwargs).items():
            self[node_id] = node

    def clear(self) -> None:
        """Remove every node."""
        super().clear()
        self._names.clear()

    def same_name(self, kind: str, name: str) -> int:
        """How many nodes of ``kind`` are named ``name``."""
        return self._names.get((kind, name), 0)


class FlowGraph:
    """Nodes and edges of one stack's event flow, in insertion order.

    ``edges`` is the list of edges in the order they were added; add them with
    :meth:`add_edge`, which also indexes them by source, by destination and by end pair, so that
    :meth:`out_edges`, :meth:`in_edges` and the duplicate check cost what they return rather
    than a scan of every edge.
    """

    def __init__(self, stack: str = "") -> None:
        self.stack = stack
        self.nodes: NodeTable = NodeTable()
        self.edges: list[Edge] = []
        self.notes: list[str] = []
        """What the extractor could not model (unresolved references, unknown target types)."""
        self._out: dict[str, list[Edge]] = {}
        self._in: dict[str, list[Edge]] = {}
        self._between: dict[tuple[str, str], list[Edge]] = {}
        self._indexed = 0
        """How many of ``edges`` the indexes hold (edges appended to the list directly are
        indexed on the next lookup)."""

    def add_node(self, node: Node) -> Node:
        """Add ``node`` unless one with its id exists (a recorded resource wins over an implied one)."""
        existing = self.nodes.get(node.id)
        if existing is None or (existing.urn is None and node.urn is not None):
            self.nodes[node.id] = node
            return node
        return existing

    def add_edge(self, edge: Edge) -> Edge:
        """Add ``edge`` (both ends must be nodes already); exact duplicates are kept once."""
        for end in (edge.src, edge.dst):
            if end not in self.nodes:
                raise KeyError(f"edge {edge.src} -> {edge.dst}: no node {end!r}")
        self._sync()
        # Equal edges have equal ends: only the edges between the same two nodes can be equal.
        if edge not in self._between.get((edge.src, edge.dst), ()):
            self.edges.append(edge)
            self._index(edge)
        return edge

    def _index(self, edge: Edge) -> None:
        self._out.setdefault(edge.src, []).append(edge)
        self._in.setdefault(edge.dst, []).append(edge)
        self._between.setdefault((edge.src, edge.dst), []).append(edge)
        self._indexed += 1

    def _sync(self) -> None:
        """Index edges appended to ``edges`` directly; rebuild if the list was otherwise changed."""
        if self._indexed > len(self.edges):
            self._out.clear()
            self._in.clear()
            self._between.clear()
            self._indexed = 0
        for edge in self.edges[self._indexed:]:
            self._index(edge)

    def out_edges(self, node_id: str, kinds: Iterable[str] | None = None) -> list[Edge]:
        """Edges leaving ``node_id`` (optionally only of ``kinds``)."""
        self._sync()
        found = self._out.get(node_id, [])
        if kinds is None:
            return list(found)
        wanted = set(kinds)
        return [e for e in found if e.kind in wanted]

    def in_edges(self, node_id: str, kinds: Iterable[str] | None = None) -> list[Edge]:
        """Edges entering ``node_id`` (optionally only of ``kinds``)."""
        self._sync()
        found = self._in.get(node_id, [])
        if kinds is None:
            return list(found)
        wanted = set(kinds)
        return [e for e in found if e.kind in wanted]

    def of_kind(self, *kinds: str) -> list[Node]:
        """Nodes of the given kinds."""
        return [n for n in self.nodes.values() if n.kind in kinds]

    def hop(self, node_id: str) -> str:
        """How a node appears in a route's path: ``kind:name``, with the namespace when the
        name alone is ambiguous."""
        node = self.nodes[node_id]
        clash = self.nodes.same_name(node.kind, node.name) > 1
        name = f"{node.namespace}/{node.name}" if clash and node.namespace else node.name
        return f"{node.kind}:{name}"
