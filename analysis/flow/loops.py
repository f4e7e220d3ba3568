"""Event loops: flows that feed a receiver's own output back to it, found before deploy.

Two searches over the graph:

1. **Side-effect loops.** For every workload that declares side effects, the events those side
   effects cause are built (an OSS/GCS object event for each write, a reply with each
   declared type, a message on each published topic) and routed with :func:`route`. A
   workload whose side effects reach itself, directly or through other workloads' side
   effects, loops. This catches an EventBridge target whose own writes its rule matches, and a
   subscriber that replies into the Broker it is triggered from with a type its Trigger accepts.
   The object events are the witnesses of the write analysis
   (:func:`eventing_platform.events.object_writes.write_witnesses`): the events the writes can
   cause that a rule's pattern (or a bucket notification's filter) in the graph may match.
2. **Structural loops.** Channels, Brokers, Sequences and Parallels that deliver back into
   themselves through Subscriptions, Sequence steps, configured replies or Triggers: every
   event (or every event one filter passes) would circle forever.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eventing_platform.events.object_writes import witness_keys as witness_keys
from eventing_platform.events.object_writes import write_witnesses

from ..findings import ADVISORY, MANDATORY, Finding
from .conditions import EventPatternCondition, StorageNotificationCondition
from .events import topic_message
from .model import CONSUMER_KINDS, Edge, FlowGraph, Node
from .route import route

_ROUTER_START_KINDS = ("channel", "broker", "sequence", "parallel", "eventbridge-bus")

LOOP_CHECK = "event-loop"
"""The check name of a loop's finding."""


@dataclass(frozen=True)
class Loop:
    """One event loop."""

    kind: str
    """``eventbridge`` (a rule's target triggers it again), ``broker`` (a reply or publish
    re-enters the Broker and passes a Trigger), ``channel`` (a Channel/Sequence delivers into
    itself), ``topic`` (through a Kafka/RocketMQ/Pub/Sub topic or a bucket), or ``cluster``
    (an ApiServerSource watches what its subscriber's scaling changes: :mod:`.cluster_loops`)."""
    nodes: tuple[str, ...]
    """Node ids around the loop, first == last."""
    message: str
    """One line: what loops, through which hops, and how to break it."""
    certain: bool = True
    """False when the loop passes a filter that cannot be evaluated offline (``cesql``, a
    Parallel filter service): reported as a possible loop, not blocking."""

    @property
    def edges(self) -> frozenset[tuple[str, str]]:
        """Consecutive node pairs around the loop (for highlighting)."""
        return frozenset(zip(self.nodes, self.nodes[1:], strict=False))

    @property
    def resource_node(self) -> str:
        """The node a finding points at: the workload or router that starts the loop."""
        return self.nodes[0]

    def finding(self, urn: str | None, name: str) -> Finding:
        """This loop as a plan-check finding (``event-loop``) on the resource that starts it
        (``urn``; ``name`` labels it): mandatory when certain, advisory when possible."""
        return Finding(self.message, check=LOOP_CHECK, level=MANDATORY if self.certain else ADVISORY,
                       urn=urn, resource_name=name)


@dataclass(frozen=True)
class _Trigger:
    """A side effect of ``workload`` that delivers back into the graph."""

    workload: str
    entry: str
    event: dict[str, Any]
    what: str
    edge_kind: str


def _side_effect_triggers(graph: FlowGraph, node: Node) -> list[_Trigger]:
    effects = node.side_effects
    if effects is None:
        return []
    out: list[_Trigger] = []
    patterns: dict[str, list[Any]] = {
        "oss": [e.condition.pattern for e in graph.edges if isinstance(e.condition, EventPatternCondition)],
        "gcs": [e.condition.pattern for e in graph.edges if isinstance(e.condition, StorageNotificationCondition)],
    }
    for w in effects.writes:
        kind = "oss-bucket" if w.store == "oss" else "gcs-bucket"
        bucket_id = f"{kind}:{w.bucket}"
        if bucket_id not in graph.nodes:
            continue
        region = graph.nodes[bucket_id].attrs.get("region")
        for witness in write_witnesses(w.scope(), *patterns[w.store], region=region):
            what = f"writes {w.bucket}/{witness.key} ({witness.event_type})"
            out.append(_Trigger(node.id, bucket_id, witness.event, what, "writes"))
    for p in effects.publishes:
        ns = p.namespace or node.namespace
        source = p.source or node.name
        if p.target in ("kafka-topic", "rocketmq-topic", "pubsub-topic"):
            entry = f"{p.target}:{p.name}"
            ce = {"specversion": "1.0", "id": "offline-event", "type": p.event_type, "source": source} if p.event_type else None
            event = topic_message(p.name, {}, ce)
        else:
            entry = f"{p.target}:{ns}/{p.name}" if p.target in ("broker", "channel") else f"{p.target}:{p.name}"
            event = {"specversion": "1.0", "id": "offline-event", "type": p.event_type, "source": source}
        if entry in graph.nodes:
            out.append(_Trigger(node.id, entry, event, f"publishes {p.event_type or 'a message'} to {graph.hop(entry)}", "publishes"))
    for delivery in graph.in_edges(node.id, ("event",)):
        if delivery.reply_to is None:
            continue
        for r in effects.replies:
            event = {"specversion": "1.0", "id": "offline-reply", "type": r.event_type, "source": r.source or node.name, **r.extensions}
            out.append(_Trigger(node.id, delivery.reply_to, event, f"replies {r.event_type} to {graph.hop(delivery.reply_to)}", "reply"))
    return out


def _classify(graph: FlowGraph, nodes: Iterable[str]) -> str:
    kinds = {graph.nodes[n].kind for n in nodes}
    if "eventbridge-rule" in kinds:
        return "eventbridge"
    if "trigger" in kinds or "broker" in kinds:
        return "broker"
    if kinds & {"channel", "sequence", "sequence-step", "subscription", "parallel"}:
        return "channel"
    return "topic"


def _fix_hint(kind: str) -> str:
    return {
        "eventbridge": "narrow the rule's pattern (e.g. a key prefix the workload never writes under) or write outside it",
        "broker": "give the reply a type the Trigger does not accept (or filter the Trigger on the incoming type)",
        "channel": "send replies to another Channel or drop the reply",
        "topic": "publish to a topic the workload does not consume",
    }[kind]


def side_effect_loops(graph: FlowGraph) -> list[Loop]:
    """Loops closed by declared side effects (writes, replies, publishes)."""
    # workload -> [(receiver, node path from the workload, description, undecided hops)]
    reaches: dict[str, list[_Hit]] = {}
    for node in graph.nodes.values():
        for trig in _side_effect_triggers(graph, node):
            result = route(graph, trig.event, [trig.entry], follow_replies=False)
            for reach in result.reaches:
                if graph.nodes[reach.node].side_effects is None and reach.node != node.id:
                    continue
                reaches.setdefault(node.id, []).append(_Hit(reach.node, (node.id, *reach.node_path), trig.what, reach.undecided))
    loops: list[Loop] = []
    found: set[frozenset[str]] = set()
    for start in sorted(reaches):
        for cycle, descriptions, undecided in _cycles_from(start, reaches):
            members = frozenset(cycle)
            if members in found:
                continue
            found.add(members)
            kind = _classify(graph, cycle)
            hops = " -> ".join(graph.hop(n) for n in cycle)
            first = graph.nodes[start].name
            if undecided:
                msg = (f"possible event loop ({kind}): {first} {descriptions[0]}, which comes back to it "
                       f"if {'; '.join(undecided)} passes it (not evaluated offline): {hops}")
            else:
                msg = (f"event loop ({kind}): {first} {descriptions[0]}, which comes back to it: {hops}; "
                       f"{_fix_hint(kind)}")
            loops.append(Loop(kind, cycle, msg, certain=not undecided))
    return loops


@dataclass(frozen=True)
class _Hit:
    """A workload's side effect reaching a receiver."""

    receiver: str
    node_path: tuple[str, ...]
    what: str
    undecided: tuple[str, ...]


def _cycles_from(start: str, reaches: dict[str, list[_Hit]]) -> list[tuple[tuple[str, ...], list[str], list[str]]]:
    """Shortest cycle through ``start`` in the workload graph (a certain one if there is one):
    its node path, the side effects on it, and the hops on it that were not evaluated."""
    best: tuple[tuple[str, ...], list[str], list[str]] | None = None
    frontier: list[tuple[str, tuple[str, ...], list[str], list[str]]] = [(start, (start,), [], [])]
    visited = {start}
    while frontier and best is None:
        nxt = []
        for current, path, whats, undecided in frontier:
            for hit in sorted(reaches.get(current, []), key=lambda h: len(h.undecided)):
                full = path + hit.node_path[1:]
                marks = undecided + list(hit.undecided)
                if hit.receiver == start:
                    if best is None or (best[2] and not marks):
                        best = (full, whats + [hit.what], marks)
                elif hit.receiver not in visited:
                    visited.add(hit.receiver)
                    nxt.append((hit.receiver, full, whats + [hit.what], marks))
        frontier = nxt
    return [best] if best is not None else []


def _filter_of(edge: Edge) -> str | None:
    """The summary of a filter that does not pass everything (None for a pass-all edge)."""
    if edge.condition is None or edge.condition.accepts_everything():
        return None
    return edge.condition.summary()


def structural_loops(graph: FlowGraph) -> list[Loop]:
    """Routers that deliver back into themselves through hops and configured replies.

    Certain when every hop passes every event, or when the event is never changed on the way
    (no receiver in between) and one filter decides: whatever passes it once passes it again.
    Possible (not blocking) when filters meet a receiver's replies, when several different
    filters must all pass, or when a Parallel branch's filter service decides.
    """
    loops: list[Loop] = []
    found: set[frozenset[str]] = set()

    def steps(node_id: str, via: Edge | None) -> list[tuple[str, Edge]]:
        node = graph.nodes[node_id]
        if node.kind in CONSUMER_KINDS:
            if via is None or not via.reply_configured or via.reply_to is None:
                return []
            return [(e.dst, e) for e in graph.out_edges(node_id, ("reply",)) if e.via == via.src]
        return [(e.dst, e) for e in graph.out_edges(node_id, ("event",)) if e.transform is None]

    for start in [n.id for n in graph.nodes.values() if n.kind in _ROUTER_START_KINDS]:
        stack: list[tuple[str, Edge | None, tuple[str, ...], tuple[str, ...]]] = [(start, None, (start,), ())]
        while stack:
            current, via, path, filters = stack.pop()
            for nxt, edge in steps(current, via):
                passed = filters + ((f,) if (f := _filter_of(edge)) is not None else ())
                if nxt == start:
                    cycle = path + (start,)
                    if frozenset(cycle) not in found:
                        found.add(frozenset(cycle))
                        loops.append(_structural_loop(graph, cycle, passed))
                elif nxt not in path and len(path) < 64:
                    stack.append((nxt, edge, path + (nxt,), passed))
    return loops


def _structural_loop(graph: FlowGraph, cycle: tuple[str, ...], filters: tuple[str, ...]) -> Loop:
    kind = _classify(graph, cycle)
    start = graph.hop(cycle[0])
    hops = " -> ".join(graph.hop(n) for n in cycle)
    deciders = [graph.hop(n) for n in cycle if graph.nodes[n].kind == "parallel-branch"
                and any(e.dst == n and e.kind == "reply" for e in graph.edges)]
    replies = any(graph.nodes[n].kind in CONSUMER_KINDS for n in cycle)
    distinct = list(dict.fromkeys(filters))
    if deciders:
        return Loop(kind, cycle, f"possible event loop ({kind}): {start} delivers back into itself unless "
                    f"the filter of {', '.join(deciders)} drops the event: {hops}", certain=False)
    if not distinct:
        return Loop(kind, cycle, f"event loop ({kind}): {start} delivers back into itself: {hops}; "
                    f"every event would circle forever: {_fix_hint(kind)}")
    if len(distinct) == 1 and not replies:
        return Loop(kind, cycle, f"event loop ({kind}): {start} delivers back into itself: {hops}; every "
                    f"event that passes '{distinct[0]}' would circle forever: {_fix_hint(kind)}")
    return Loop(kind, cycle, f"possible event loop ({kind}): {start} delivers back into itself when an event "
                f"passes {' and '.join(repr(f) for f in distinct)}{' after a reply' if replies else ''}: {hops}",
                certain=False)


def find_loops(graph: FlowGraph) -> list[Loop]:
    """Every event loop of ``graph``: side-effect loops, then structural ones (deduplicated)."""
    loops = side_effect_loops(graph)
    seen = {frozenset(loop.nodes) for loop in loops}
    for loop in structural_loops(graph):
        if frozenset(loop.nodes) not in seen:
            loops.append(loop)
    # Loops through the cluster (an ApiServerSource watching its subscribers); that module imports Loop from here.
    from .cluster_loops import cluster_loops

    return loops + cluster_loops(graph)
