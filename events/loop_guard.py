"""Refuse stacks whose event flow would trigger itself, before anything is registered.

A stack computes, from its config alone, the events its own workloads cause (e.g. the objects
the unzip service writes under ``output_prefix``) and asks the offline matcher whether its own
rules would receive them. If so :func:`refuse_loops` raises :class:`EventLoopError`: ``pulumi up``
stops with the message and no traceback (it is a ``pulumi.RunError``). The offline ``plan`` runs
the program inside :func:`collecting_loops` instead: the loops are recorded and the program goes
on, so the plan still has every resource, its reports and the diagram with the loop drawn red;
``plan`` prints one ``error: <stack>: [event-loop] ...`` line per loop and exits 1.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence

import pulumi

from eventing_platform.alicloud.oss_events import WRITE_EVENT_TYPES, oss_object_event
from eventing_platform.alicloud.pattern_matcher import pattern_matches


class EventLoopError(pulumi.RunError, RuntimeError):
    """The stack's own side effects would be delivered back to it. ``loops`` holds one line each."""

    def __init__(self, loops: Iterable[str]) -> None:
        self.loops = list(loops)
        super().__init__("\n".join(self.loops))


_collected: list[str] | None = None


def refuse_loops(loops: Sequence[str]) -> None:
    """Raise :class:`EventLoopError` for ``loops`` (none: nothing); inside :func:`collecting_loops`, record them."""
    if not loops:
        return
    if _collected is not None:
        _collected.extend(loops)
        return
    raise EventLoopError(loops)


@contextlib.contextmanager
def collecting_loops() -> Iterator[list[str]]:
    """Within the block :func:`refuse_loops` records loops (in the yielded list) instead of raising."""
    global _collected
    previous, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = previous


def oss_write_loops(
    rule_name: str,
    pattern: dict,
    writer: str,
    bucket: str,
    write_prefix: str,
    written_keys: Sequence[str],
    region: str,
    event_types: Sequence[str] = WRITE_EVENT_TYPES,
) -> list[str]:
    """Messages for the ways ``writer``'s objects under ``write_prefix`` in ``bucket`` match ``pattern``.

    ``written_keys`` are keys the writer may produce (all under ``write_prefix``; include the
    worst cases: an unzip service writes whatever an archive holds, archives too);
    ``event_types`` are the events an upload emits. Returns one message (one line) when any
    (key, type) matches; empty when there is no loop.
    """
    hits: list[tuple[str, str]] = []
    for key in written_keys:
        for event_type in event_types:
            event = oss_object_event(bucket, key, event_type, region=region)
            if pattern_matches(pattern, event):
                hits.append((key, event_type))
    if not hits:
        return []
    keys = sorted({k for k, _ in hits})
    types = sorted({t.split(":")[-1] for _, t in hits})
    return [
        f"event loop: rule {rule_name!r} matches the objects {writer} writes under "
        f"{write_prefix!r} in bucket {bucket!r} (e.g. {keys[0]!r}, {'/'.join(types)}), so each "
        "write would trigger it again; make the write prefix fall outside what the rule listens "
        "to (input_prefix and output_prefix must not overlap)"
    ]


__all__ = ["EventLoopError", "collecting_loops", "oss_write_loops", "refuse_loops"]
