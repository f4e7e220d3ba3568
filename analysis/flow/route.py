"""Where a CloudEvent goes in a planned stack, hop by hop, and where it ends.

:func:`route` finds where the event enters (the producers and sources that emit events like it),
then follows every edge whose filter passes it: EventBridge patterns with
``eventing_platform.alicloud.pattern_matcher``, Trigger filters with ``eventing_platform.knative.filters``
(``filter.attributes`` exact, ``filters`` exact/prefix/suffix/all/any/not; a ``cesql`` filter
is not evaluated, and the hop says so). A receiver's declared replies are followed to where
that hop sends replies. The result lists the services reached, the dead-letter sinks on the
way, and where the event stopped and why.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .events import apply_transform, entry_strength, is_cloudevent
from .model import CONSUMER_KINDS, Edge, FlowGraph

MAX_HOPS = 64
"""Longest path followed (a loop guard besides the per-path repeat check)."""

NOT_EVALUATED_NOTE = "not evaluated offline; assumed to pass"


@dataclass(frozen=True)
class Reach:
    """A receiver the event gets to."""

    target: str
    """Name of the receiving service (or URL / queue / function)."""
    node: str
    """Its node id."""
    path: tuple[str, ...]
    """Hops from where the event entered to the receiver (``kind:name``)."""
    node_path: tuple[str, ...] = ()
    """The same path as node ids."""
    undecided: tuple[str, ...] = ()
    """Hops whose filter could not be evaluated offline (cesql, a Parallel filter service)."""


@dataclass(frozen=True)
class DeadLetter:
    """Where the event goes if delivering it to a receiver fails."""

    target: str
    """Name of the dead-letter sink."""
    path: tuple[str, ...]
    """Hops up to the delivering hop, then the sink."""
    receiver: str
    """The receiver whose failure sends the event there."""
    retry: int | None
    """Retries before that."""


@dataclass(frozen=True)
class Stop:
    """Where the event stopped without reaching a receiver."""

    path: tuple[str, ...]
    """Hops up to and including the one that stopped it."""
    reason: str
    """Why, e.g. ``filter type = order.created does not match``."""


@dataclass
class RouteResult:
    """The outcome of :func:`route`."""

    event: dict[str, Any]
    """The CloudEvent routed."""
    entries: list[str] = field(default_factory=list)
    """Hops where it entered."""
    reaches: list[Reach] = field(default_factory=list)
    """Receivers the event gets to (empty: nothing receives it)."""
    dead_letter: list[DeadLetter] = field(default_factory=list)
    """Dead-letter sinks it goes to if a delivery to a receiver fails."""
    stops: list[Stop] = field(default_factory=list)
    """Where it stopped without reaching a receiver (a filter, nothing subscribed)."""
    notes: list[str] = field(default_factory=list)
    """What the route could not follow (undeclared replies, unevaluable filters)."""

    def targets(self) -> list[str]:
        """Names of the receivers reached, in order, without repeats."""
        return list(dict.fromkeys(r.target for r in self.reaches))

    def to_json(self) -> dict[str, Any]:
        """``{"event": ..., "reaches": [{"target", "path"}], "dead_letter": [{"target", "path"}]}``."""
        return {
            "event": self.event,
            "reaches": [{"target": r.target, "path": list(r.path)} for r in self.reaches],
            "dead_letter": [{"target": d.target, "path": list(d.path)} for d in self.dead_letter],
        }

    def to_text(self, stack: str) -> str:
        """A human-readable account, hop by hop."""
        lines = [f"route of event type {self.event.get('type')} from source {self.event.get('source')} in stack {stack}"]
        if self.event.get("subject"):
            lines.append(f"  subject {self.event['subject']}")
        if not self.entries:
            lines.append("  enters nowhere: no producer or source of this stack emits events like it")
        else:
            lines.append(f"  enters at {', '.join(self.entries)}")
        for r in self.reaches:
            lines.append(f"  reaches {r.target}: {' -> '.join(r.path)}")
            for hop in r.undecided:
                lines.append(f"    note: {hop}: {NOT_EVALUATED_NOTE}")
        for d in self.dead_letter:
            retry = f" after {d.retry} retries" if d.retry is not None else ""
            lines.append(f"  dead letter: if {d.receiver} fails{retry}, the event goes to {d.target} ({' -> '.join(d.path)})")
        for s in self.stops:
            lines.append(f"  stops at {s.path[-1]}: {s.reason} ({' -> '.join(s.path)})")
        for n in self.notes:
            lines.append(f"  note: {n}")
        lines.append(f"  ends at: {', '.join(self.targets())}" if self.reaches else "  reaches nothing")
        return "\n".join(lines)


def find_entries(graph: FlowGraph, event: Mapping[str, Any]) -> list[str]:
    """Node ids where ``event`` enters: the producers that fit it best (none when nothing fits)."""
    # Catch-all producers (a ContainerSource, a SinkBinding's workload) count only if they send somewhere.
    scored = [
        (entry_strength(n, event), n.id) for n in graph.nodes.values()
        if n.kind not in ("container-source", "workload") or graph.out_edges(n.id, ("event",))
    ]
    best = max((s for s, _ in scored), default=0)
    if best == 0:
        return []
    chosen = [nid for s, nid in scored if s == best]
    # An OSS bucket that fits feeds the default bus itself: enter once, at the bucket.
    if any(graph.nodes[c].kind == "oss-bucket" for c in chosen):
        chosen = [c for c in chosen if graph.nodes[c].kind != "eventbridge-bus"]
    return chosen


def route(graph: FlowGraph, event: Mapping[str, Any], entries: list[str] | None = None, *, follow_replies: bool = True) -> RouteResult:
    """Follow ``event`` from ``entries`` (default: :func:`find_entries`) through ``graph``."""
    result = RouteResult(event=dict(event))
    starts = find_entries(graph, event) if entries is None else list(entries)
    result.entries = [graph.hop(s) for s in starts]
    for start in starts:
        _visit(graph, start, dict(event), (start,), None, (), set(), result, follow_replies)
    return result


def _visit(graph: FlowGraph, node_id: str, event: dict[str, Any], path: tuple[str, ...], via: Edge | None,
           undecided: tuple[str, ...], seen: set[tuple[str, str]], result: RouteResult, follow_replies: bool) -> None:
    key = (node_id, json.dumps(event, sort_keys=True, default=str))
    hops = tuple(graph.hop(n) for n in path)
    if key in seen:
        result.stops.append(Stop(hops, "the same event arrives here again: an event loop"))
        return
    if len(path) > MAX_HOPS:
        result.stops.append(Stop(hops, f"more than {MAX_HOPS} hops; stopped following"))
        return
    seen = seen | {key}
    node = graph.nodes[node_id]
    if node.kind in CONSUMER_KINDS:
        result.reaches.append(Reach(node.name, node_id, hops, path, undecided))
        if via is not None and via.delivery is not None and via.delivery.dead_letter is not None:
            dls = via.delivery.dead_letter
            hop_index = path.index(via.src) if via.src in path else len(path) - 2
            dl_path = tuple(graph.hop(n) for n in path[: hop_index + 1]) + (graph.hop(dls),)
            result.dead_letter.append(DeadLetter(graph.nodes[dls].name, dl_path, node.name, via.delivery.retry))
        if follow_replies and via is not None and via.reply_to is not None:
            _follow_reply(graph, node_id, event, path, via, undecided, seen, result, follow_replies)
        return
    out = graph.out_edges(node_id, ("event",))
    if not out and len(path) > 1:
        result.stops.append(Stop(hops, "nothing is subscribed here"))
    for edge in out:
        # The filter is the sender's (a rule, a Trigger, a notification): it sees the event as
        # sent; a conversion (a source wrapping a topic message) applies on arrival.
        verdict = _evaluate(edge, event, result)
        crossed = apply_transform(edge.transform, event, graph.nodes[edge.dst], node) if edge.transform else event
        if crossed is None:
            result.stops.append(Stop(hops + (graph.hop(edge.dst),), "this kind of event cannot cross here"))
            continue
        if verdict is False:
            target = edge.dst if graph.nodes[edge.dst].kind not in CONSUMER_KINDS else edge.src
            summary = edge.condition.summary() if edge.condition is not None else ""
            result.stops.append(Stop(hops + ((graph.hop(target),) if target != node_id else ()), f"filter does not match ({summary})"))
            continue
        marks = undecided + ((f"{graph.hop(edge.dst)} ({edge.condition.summary()})",) if verdict is None and edge.condition is not None else ())
        _visit(graph, edge.dst, crossed, path + (edge.dst,), edge, marks, seen, result, follow_replies)


def _evaluate(edge: Edge, event: Mapping[str, Any], result: RouteResult) -> bool | None:
    if edge.condition is None:
        return True
    if not is_cloudevent(event):
        return False
    try:
        return edge.condition.evaluate(event)
    except ValueError as err:
        note = f"filter on {edge.src} -> {edge.dst} cannot be evaluated: {err}"
        if note not in result.notes:
            result.notes.append(note)
        return None


def _follow_reply(graph: FlowGraph, node_id: str, event: dict[str, Any], path: tuple[str, ...], via: Edge,
                  undecided: tuple[str, ...], seen: set[tuple[str, str]], result: RouteResult, follow_replies: bool) -> None:
    node = graph.nodes[node_id]
    reply_to = via.reply_to
    assert reply_to is not None
    effects = node.side_effects
    if effects is not None and effects.replies:
        for reply in effects.replies:
            answer = {
                "specversion": "1.0",
                "id": f"{event.get('id', 'event')}-reply",
                "type": reply.event_type,
                "source": reply.source or node.name,
                **reply.extensions,
            }
            _visit(graph, reply_to, answer, path + (reply_to,), None, undecided, seen, result, follow_replies)
    elif graph.nodes[reply_to].kind == "parallel-branch":
        # A Parallel branch's filter service replies with the event when it passes it.
        mark = (f"{graph.hop(node_id)} (filter service of {graph.hop(reply_to)})",)
        _visit(graph, reply_to, event, path + (reply_to,), None, undecided + mark, seen, result, follow_replies)
    elif via.reply_configured:
        note = (f"replies of {node.name} go to {graph.hop(reply_to)}; declare them (side_effects.replies) "
                "to follow them")
        if note not in result.notes:
            result.notes.append(note)
