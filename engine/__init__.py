"""The offline engine: runs the Pulumi program in-process on the SDK's mock monitor and records it.

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so reading a program,
its stack files and its config (:mod:`.program`, :mod:`.project_file`, :mod:`.stack_file`) does
not load Pulumi: only running one (:mod:`.runner`) does.
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
