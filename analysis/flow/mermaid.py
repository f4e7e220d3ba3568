"""Render an event-flow graph as a Mermaid flowchart (``flow.mmd``; GitHub renders it).

Producers, sources, buses, Brokers and Channels are boxes of distinct shapes; Triggers,
Subscriptions, EventBridge rules and Sequence steps become labelled arrows that carry their
filter summary. Dead-letter edges are dashed, side effects (writes, publishes) thick, replies
dotted-labelled; nodes and arrows on an event loop are drawn red.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .loops import Loop
from .model import HOP_KINDS, PRODUCER_KINDS, ROUTER_KINDS, SOURCE_KINDS, Edge, FlowGraph, Node

_SHAPES: dict[str, tuple[str, str]] = {
    "oss-bucket": ('[("', '")]'), "gcs-bucket": ('[("', '")]'), "kafka-topic": ('[("', '")]'),
    "rocketmq-topic": ('[("', '")]'), "pubsub-topic": ('[("', '")]'), "queue": ('[("', '")]'),
    "eventbridge-bus": ('{{"', '"}}'), "broker": ('{{"', '"}}'),
    "channel": ('[["', '"]]'), "sequence": ('[["', '"]]'), "parallel": ('[["', '"]]'),
    "http-endpoint": ('[/"', '"/]'), "function": ('[/"', '"/]'),
    "knative-service": ('("', '")'), "kubernetes-service": ('("', '")'), "workload": ('("', '")'),
    "eventarc-trigger": ('(["', '"])'),
}
_SOURCE_SHAPE = ('(["', '"])')
_MAX_LINE = 90
_MAX_LINES = 10

LOOP_STYLE = "stroke:#d00,stroke-width:3px,color:#d00"


def _escape(text: str) -> str:
    text = text.replace("#", "#35;").replace('"', "#quot;").replace("|", "#124;")
    text = text.replace("<", "#lt;").replace(">", "#gt;")
    return text.replace("#lt;br/#gt;", "<br/>")


def _shorten(text: str) -> str:
    """Each ``<br/>``-separated line cut to :data:`_MAX_LINE` characters, at most :data:`_MAX_LINES` lines."""
    lines = [ln if len(ln) <= _MAX_LINE else ln[: _MAX_LINE - 3] + "..." for ln in text.split("<br/>")]
    if len(lines) > _MAX_LINES:
        lines = lines[: _MAX_LINES - 1] + [f"... {len(lines) - _MAX_LINES + 1} more"]
    return "<br/>".join(lines)


@dataclass(frozen=True)
class _Arrow:
    src: str
    dst: str
    style: str  # "-->", "-.->", "==>"
    label: str
    pairs: frozenset[tuple[str, str]]  # model node pairs it stands for


def _node_label(node: Node, show_namespace: bool) -> str:
    lines = [node.title]
    if show_namespace and node.namespace:
        lines[0] += f" ({node.namespace})"
    if node.detail:
        lines.append(node.detail)
    return "<br/>".join(_escape(_shorten(line)) for line in lines)


def _hop_label(graph: FlowGraph, hop: Node, incoming: Edge, outgoing: Edge) -> str:
    title = {"eventbridge-rule": "rule", "trigger": "trigger", "subscription": "subscription",
             "sequence-step": "step", "parallel-branch": "branch", "pubsub-subscription": "subscription"}[hop.kind]
    parts = [f"{title} {hop.name}"]
    if hop.kind == "sequence-step":
        parts = [f"step {hop.attrs.get('step')} of {graph.hop(hop.attrs.get('sequence', ''))}"]
        outgoing = Edge(outgoing.src, outgoing.dst)  # its "step N" label is said already
    elif hop.kind == "parallel-branch":
        parts = [f"branch {hop.attrs.get('branch')} of {graph.hop(hop.attrs.get('parallel', ''))}"]
    if incoming.kind == "reply":
        parts[0] = f"{incoming.label or 'reply'}, {parts[0]}"
    if incoming.condition is not None:
        parts.append(incoming.condition.summary().replace("; ", "<br/>"))
    if outgoing.label:
        parts.append(outgoing.label)
    return "<br/>".join(parts)


def _arrows(graph: FlowGraph) -> list[_Arrow]:
    # Hops in the graph's order (not the set's): the same arrows, read in the order they were built.
    hop_order = [nid for nid, n in graph.nodes.items() if n.kind in HOP_KINDS]
    hops = set(hop_order)
    arrows: list[_Arrow] = []
    for hop_id in hop_order:
        ins = [e for e in graph.in_edges(hop_id) if e.kind in ("event", "reply", "publishes")]
        outs = graph.out_edges(hop_id, ("event",))
        if not ins or not outs:
            continue
        for a in ins:
            for b in outs:
                if a.src in hops or b.dst in hops:
                    continue
                arrows.append(_Arrow(a.src, b.dst, "-->", _hop_label(graph, graph.nodes[hop_id], a, b),
                                     frozenset({(a.src, hop_id), (hop_id, b.dst)})))
    on_arrows = {end for a in arrows for pair in a.pairs for end in pair}
    drawn_hops = hops & on_arrows
    for e in graph.edges:
        if e.src in drawn_hops or e.dst in drawn_hops:
            continue
        style = {"dead-letter": "-.->", "writes": "==>", "publishes": "==>"}.get(e.kind, "-->")
        label = e.label
        if e.condition is not None and e.kind == "event" and not label:
            label = e.condition.summary()
        arrows.append(_Arrow(e.src, e.dst, style, label.replace("; ", "<br/>"), frozenset({(e.src, e.dst)})))
    return arrows


def _rank(node: Node, arriving: set[str]) -> int:
    """Left to right: producers, sources, buses and brokers, channels, receivers, dead letters
    (``arriving``: the kinds of the edges into ``node``)."""
    if node.kind in PRODUCER_KINDS:
        return 0
    if node.kind in SOURCE_KINDS:
        return 1
    if node.kind in ("eventbridge-bus", "broker", "pubsub-topic"):
        return 2
    if node.kind in ROUTER_KINDS:
        return 3
    only_dead_letter = "dead-letter" in arriving and "event" not in arriving and "reply" not in arriving
    return 5 if only_dead_letter else 4


def render_mermaid(graph: FlowGraph, loops: Iterable[Loop] = (), title: str | None = None) -> str:
    """The Mermaid ``flowchart LR`` of ``graph`` with ``loops`` highlighted."""
    loops = list(loops)
    arrows = _arrows(graph)
    used = {a.src for a in arrows} | {a.dst for a in arrows}
    hops = {nid for nid, n in graph.nodes.items() if n.kind in HOP_KINDS}
    arriving: dict[str, set[str]] = {}  # node id -> kinds of the edges into it, from one pass over the edges
    for edge in graph.edges:
        arriving.setdefault(edge.dst, set()).add(edge.kind)
    nothing: set[str] = set()
    shown = sorted((n for n in graph.nodes.values() if n.id not in hops or n.id in used),
                   key=lambda n: _rank(n, arriving.get(n.id, nothing)))
    order = {n.id: i for i, n in enumerate(shown)}
    arrows.sort(key=lambda a: (a.style == "-.->", order.get(a.src, 0), order.get(a.dst, 0)))
    ids = {n.id: f"n{i}" for i, n in enumerate(shown)}
    loop_nodes = {nid for loop in loops for nid in loop.nodes}
    loop_pairs = {pair for loop in loops for pair in loop.edges}

    lines = [f"%% {title or f'Event flow of stack {graph.stack}'}. Generated by stacks.flow; do not edit."]
    lines.append("flowchart LR")
    show_namespace = len({n.namespace for n in shown if n.namespace}) > 1
    for n in shown:
        left, right = _SHAPES.get(n.kind, _SOURCE_SHAPE if n.kind.endswith("-source") else ('["', '"]'))
        if n.kind in HOP_KINDS:
            left, right = ('{"', '"}')
        lines.append(f"  {ids[n.id]}{left}{_node_label(n, show_namespace)}{right}")
    loop_links = []
    for i, a in enumerate(arrows):
        label = _escape(_shorten(a.label)) if a.label else ""
        label = label.replace("#lt;br/#gt;", "<br/>")
        link = f'{a.style}|"{label}"|' if label else a.style
        lines.append(f"  {ids[a.src]} {link} {ids[a.dst]}")
        if a.pairs <= loop_pairs:
            loop_links.append(i)
    if not arrows:
        lines.append("  %% no event edges in this stack")
    lines.append("  classDef loop fill:#fee,stroke:#d00,stroke-width:3px,color:#900")
    lines.append("  classDef source fill:#eef6ff,stroke:#369")
    lines.append("  classDef deadletter fill:#f4f4f4,stroke:#888,stroke-dasharray:4 3")
    sources = [ids[n.id] for n in shown if n.kind.endswith("-source") or n.kind in (*SOURCE_KINDS, "oss-bucket", "gcs-bucket")]
    dead = [ids[n.id] for n in shown if "dead-letter" in arriving.get(n.id, nothing) and "event" not in arriving.get(n.id, nothing)]
    if sources:
        lines.append(f"  class {','.join(sources)} source")
    if dead:
        lines.append(f"  class {','.join(dead)} deadletter")
    marked = [ids[n] for n in ids if n in loop_nodes]
    if marked:
        lines.append(f"  class {','.join(marked)} loop")
    if loop_links:
        lines.append(f"  linkStyle {','.join(map(str, loop_links))} {LOOP_STYLE}")
    for loop in loops:
        message = re.sub(r"[\r\n]+", " ", loop.message)
        lines.append(f"  %% LOOP: {message}")
    return "\n".join(lines) + "\n"
