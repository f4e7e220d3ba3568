"""Dead-letter edges: where an event goes when a hop exhausts its retries."""

from __future__ import annotations

from ..context import FlowContext
from ..model import Edge
from .registry import REGISTRY


@REGISTRY.graph_pass(30)
def dead_letter_edges(ctx: FlowContext) -> None:
    """A dashed edge from each receiver to the dead-letter sink of the hop delivering to it
    (after every other edge exists)."""
    for e in list(ctx.graph.edges):
        if e.kind == "event" and e.delivery is not None and e.delivery.dead_letter is not None:
            retries = f" after {e.delivery.retry} retries" if e.delivery.retry is not None else ""
            ctx.graph.add_edge(Edge(e.dst, e.delivery.dead_letter, "dead-letter", f"dead letter{retries}", via=e.src))
