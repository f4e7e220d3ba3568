"""Refuse stacks whose event flow would trigger itself, before anything is registered.

A stack computes, from its config alone, where its own workloads write (e.g. the objects the
unzip service writes under ``output_prefix``) and asks the write analysis
(:mod:`.object_writes`) whether its own rules would receive the events those writes cause. If
so :func:`refuse_loops` raises :class:`EventLoopError`: ``pulumi up`` stops with the message and
no traceback (it is a ``pulumi.RunError``). The offline ``plan`` runs the program inside
:func:`collecting_loops` instead: the loops are recorded and the program goes on, so the plan
still has every resource, its reports and the diagram with the loop drawn red; ``plan`` prints
one ``error: <stack>: [event-loop] ...`` line per loop and exits 1.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import pulumi

from .object_writes import WriteScope, write_witnesses
from .oss_events import WRITE_EVENT_TYPES


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
    pattern: Mapping[str, Any],
    writer: str,
    bucket: str,
    write_prefix: str,
    written_keys: Sequence[str],
    region: str,
    event_types: Sequence[str] = WRITE_EVENT_TYPES,
) -> list[str]:
    """Messages for the ways ``writer``'s objects under ``write_prefix`` in ``bucket`` match ``pattern``.

    ``written_keys`` are example keys the writer produces (under ``write_prefix``), shown in the
    message when one of them matches; any other key under the prefix that the pattern matches
    is found too. ``event_types`` are the events an upload emits. Returns one message (one
    line) when some write can trigger the rule; empty when there is no loop.
    """
    scope = WriteScope(store="oss", bucket=bucket, prefix=write_prefix, event_types=tuple(event_types))
    witnesses = write_witnesses(scope, pattern, region=region, examples=written_keys)
    if not witnesses:
        return []
    shown = [w for w in witnesses if w.key in written_keys] or [w for w in witnesses if w.key == witnesses[0].key]
    keys = sorted({w.key for w in shown})
    types = sorted({w.event_type.split(":")[-1] for w in shown})
    return [
        f"event loop: rule {rule_name!r} matches the objects {writer} writes under "
        f"{write_prefix!r} in bucket {bucket!r} (e.g. {keys[0]!r}, {'/'.join(types)}), so each "
        "write would trigger it again; make the write prefix fall outside what the rule listens "
        "to (input_prefix and output_prefix must not overlap)"
    ]


__all__ = ["EventLoopError", "collecting_loops", "oss_write_loops", "refuse_loops"]
