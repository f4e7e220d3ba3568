"""Edges from what workloads declare they do: ``writes`` to buckets, ``publishes`` to topics,
Brokers and channels, and the ``reply`` edges of receivers."""

from __future__ import annotations

from ..context import FlowContext
from ..model import CONSUMER_KINDS, Edge
from .registry import REGISTRY


@REGISTRY.graph_pass(10)
def side_effect_edges(ctx: FlowContext) -> None:
    """``writes`` and ``publishes`` edges from workloads; ``reply`` edges from receivers."""
    graph = ctx.graph
    for node in list(graph.nodes.values()):
        effects = node.side_effects
        if effects is None:
            continue
        for w in effects.writes:
            kind = "oss-bucket" if w.store == "oss" else "gcs-bucket"
            bucket = ctx.implied(kind, w.bucket, None, f"written by {node.name}")
            graph.add_edge(Edge(node.id, bucket, "writes", f"writes {w.prefix}*"))
        for p in effects.publishes:
            ns = (p.namespace or node.namespace) if p.target in ("broker", "channel") else None
            target = ctx.implied(p.target, p.name, ns, f"published to by {node.name}")
            label = f"publishes {p.event_type}" if p.event_type else "publishes"
            graph.add_edge(Edge(node.id, target, "publishes", label))
    # Replies: explicit reply paths always; a Trigger's implied one when replies are declared.
    for e in list(graph.edges):
        if e.kind != "event" or e.reply_to is None or graph.nodes[e.dst].kind not in CONSUMER_KINDS:
            continue
        receiver = graph.nodes[e.dst].side_effects
        types = [r.event_type for r in receiver.replies] if receiver else []
        if e.reply_configured or types:
            label = "reply " + ", ".join(types) if types else "reply"
            graph.add_edge(Edge(e.dst, e.reply_to, "reply", label, via=e.src))
