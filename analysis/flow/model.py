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


class FlowGraph:
    """Nodes and edges of one stack's event flow, in insertion order."""

    def __init__(self, stack: str = "") -> None:
        self.stack = stack
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.notes: list[str] = []
        """What the extractor could not model (unresolved references, unknown target types)."""

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
        if edge not in self.edges:
            self.edges.append(edge)
        return edge

    def out_edges(self, node_id: str, kinds: Iterable[str] | None = None) -> list[Edge]:
        """Edges leaving ``node_id`` (optionally only of ``kinds``)."""
        wanted = set(kinds) if kinds is not None else None
        return [e for e in self.edges if e.src == node_id and (wanted is None or e.kind in wanted)]

    def in_edges(self, node_id: str, kinds: Iterable[str] | None = None) -> list[Edge]:
        """Edges entering ``node_id`` (optionally only of ``kinds``)."""
        wanted = set(kinds) if kinds is not None else None
        return [e for e in self.edges if e.dst == node_id and (wanted is None or e.kind in wanted)]

    def of_kind(self, *kinds: str) -> list[Node]:
        """Nodes of the given kinds."""
        return [n for n in self.nodes.values() if n.kind in kinds]

    def hop(self, node_id: str) -> str:
        """How a node appears in a route's path: ``kind:name``, with the namespace when the
        name alone is ambiguous."""
        node = self.nodes[node_id]
        clash = any(
            other.id != node.id and other.kind == node.kind and other.name == node.name
            for other in self.nodes.values()
        )
        name = f"{node.namespace}/{node.name}" if clash and node.namespace else node.name
        return f"{node.kind}:{name}"
