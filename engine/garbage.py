"""The engine's garbage-collection strategy: when CPython's cyclic collector runs during a plan.

What is paused, when, why and what it costs in memory is told in :mod:`eventing_platform.engine`;
this module holds the means:

- :func:`collector_paused` (a block) and :func:`paused` (a whole function): the cyclic collector
  off, and the state found put back on the way out (a caller that had turned it off keeps it off).
- :func:`free_run_garbage`: one collection of the youngest generation at the end of a run, which
  holds everything the run allocated while the collector was off (the only collection the
  command line's process ever makes: :func:`eventing_platform.cli.entry.collector_off_until_exit`).
- :func:`acyclic_sdk_helpers`: during a run, the SDK's ``contains_unknowns`` replaced by an
  equivalent that leaves no reference cycle behind.

Reference counting is untouched: whatever is not part of a reference cycle is freed as soon as it
is unused, collector or not. Nothing is frozen (``gc.freeze``): freezing is process-wide and
lasts until ``gc.unfreeze``, which would also thaw what an application froze for itself.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec, TypeVar

_P = ParamSpec("_P")
_T = TypeVar("_T")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block; on again after it only if it was on before.

    The state is the process's (``gc.isenabled``), so two threads pausing at once may turn it
    back on while the other is still inside: that costs the other some collections, never a result.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def paused(function: Callable[_P, _T]) -> Callable[_P, _T]:
    """``function`` run inside :func:`collector_paused` (a decorator)."""

    @functools.wraps(function)
    def with_collector_paused(*args: _P.args, **kwargs: _P.kwargs) -> _T:
        with collector_paused():
            return function(*args, **kwargs)

    return with_collector_paused


def free_run_garbage() -> None:
    """Collect the youngest generation: the reference cycles a run made while the collector was off.

    Call it once the run has returned. Everything allocated with the collector off is in that
    generation, so this scans the run's own objects (not the rest of the heap) and frees its
    cycles now, rather than at whichever allocation happens to trigger the collection next (when
    one already did, there is little left to scan). It collects whether or not the collector is
    on: the command line keeps it off for its whole process and still frees each run's garbage.
    """
    gc.collect(0)


def contains_unknowns(val: Any) -> bool:
    """``pulumi.runtime.rpc.contains_unknowns`` (same signature): is an unknown value anywhere in
    ``val`` (through dict values and list items, each container once)?

    The same walk as the SDK's, on module-level functions: the SDK defines its walker as a closure
    that calls itself, a function-cell cycle (with the annotations built for it) made on every
    call and only freed by the cyclic collector: about 90 objects per resource of the benchmark's
    Service+Trigger stack, 70% of a run's cyclic garbage.
    """
    from pulumi.runtime.known_types import is_unknown

    return _any_unknown(val, set(), is_unknown)


def _any_unknown(value: Any, seen: set[int], is_unknown: Callable[[Any], bool]) -> bool:
    if is_unknown(value):
        return True
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, dict):
        return any(_any_unknown(value[k], seen, is_unknown) for k in value)
    if isinstance(value, list):
        return any(_any_unknown(item, seen, is_unknown) for item in value)
    return False


@contextlib.contextmanager
def acyclic_sdk_helpers() -> Iterator[None]:
    """:func:`contains_unknowns` in place of the SDK's for the block (the SDK's own again after).

    Every caller in the SDK looks the function up on ``pulumi.runtime.rpc`` when it calls it
    (``pulumi.output.contains_unknowns`` delegates to it), so replacing that attribute is enough.
    An SDK without it is left alone.
    """
    from pulumi.runtime import rpc

    original = getattr(rpc, "contains_unknowns", None)
    if original is None:
        yield
        return
    rpc.contains_unknowns = contains_unknowns
    try:
        yield
    finally:
        rpc.contains_unknowns = original


__all__ = ["acyclic_sdk_helpers", "collector_paused", "contains_unknowns", "free_run_garbage", "paused"]
