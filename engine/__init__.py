"""The offline engine: runs the Pulumi program in-process on the SDK's mock monitor and records it.

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so reading a program,
its stack files and its config (:mod:`.program`, :mod:`.project_file`, :mod:`.stack_file`) does
not load Pulumi: only running one (:mod:`.runner`) does.

Garbage collection
------------------
CPython frees an object as soon as nothing refers to it (reference counting); the cyclic
collector exists only for objects that refer to each other in a cycle. It runs whenever enough
objects have been allocated, and each run scans a generation of objects; from time to time the
oldest one, i.e. the whole heap. A plan allocates a record it keeps to the end (about 12 tracked
objects per resource) and reads it over and over, so those scans only re-read a heap that keeps
growing: they made the cost per resource grow with the stack's size (a 5,000 Service+Trigger
stack paid 3.4 s for its run's deferred collection and 2.1 s of collections in its checks and
artefacts, against 0.1 s at 200 pairs). What the engine and the command line do
(:mod:`.garbage` holds the means):

- **The run** (:func:`run_program`): the collector is paused from start to end and put back as
  it was found. The run's cyclic garbage (the SDK's outputs, futures and tasks; about 38 objects,
  6 KiB, per resource) stays until the end of the run, where one collection of the youngest
  generation, which holds what the run allocated, frees it (whether the collector is on or not).
  During the run the SDK's ``contains_unknowns``, which makes a reference cycle on every call
  (90 more objects per resource), is replaced by an acyclic equivalent.
- **The checks** (every :func:`~eventing_platform.analysis.checks.plan_check`, e.g. ``event-flow``
  and ``policies``) and **the artefacts** (``plan_artefacts``/``stack_artefacts`` of
  :mod:`eventing_platform.cli.writer`, :func:`~.artefacts.render_tree`): the collector is paused
  for each and put back after. They make next to no cyclic garbage (measured: none for the flow
  check, under one object per resource for the policies and the artefacts), so pausing costs
  no memory.
- **Nothing is frozen** (``gc.freeze``): pausing already keeps the collector off the record, and
  freezing is process-wide until ``gc.unfreeze``, which would also thaw what an application
  froze for itself.
- **The command line** (``python -m stacks``, ``eventing-platform``) turns the collector off as
  its process starts, before the SDKs are imported, and never back on: it ends the process with
  ``os._exit`` (no interpreter shutdown, so no final collection over the heap the SDKs leave).
  The young collection at the end of each run is the only one it makes: 3-7% less CPU for
  ``plan`` of all stacks than with the collector left on between the phases, and the same peak
  RSS (171 MiB either way), since each run's garbage is still freed; what stays is the little
  cyclic garbage the imports and the checks make.

Memory: peak RSS grows about 44 KiB per resource (the record, the SDK's resource objects and
the run's cyclic garbage until the run ends); a collector left on during the run would free that
garbage earlier but not lower the peak, since most of it survives into the old generation
before a collection reaches it (measured at 5,000 pairs: 919 MiB either way, 1,007 MiB before the
SDK's helper was replaced). The engine's functions put the collector back as they found it when
they return (only the command line's entry turns it off for good), so library callers and the
tests (many plans in one process) see it as they left it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventing_platform.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from .record import PlanRecord, RecordedResource
    from .runner import DuplicateUrnError, run_program

_EXPORTS = {
    "DuplicateUrnError": "runner",
    "PlanRecord": "record",
    "RecordedResource": "record",
    "run_program": "runner",
}
"""Public name -> the submodule that defines it."""

__all__ = ["DuplicateUrnError", "PlanRecord", "RecordedResource", "run_program"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
