"""The offline engine: runs the Pulumi program in-process on the SDK's mock monitor and records it."""

from .record import PlanRecord, RecordedResource
from .runner import DuplicateUrnError, run_program

__all__ = ["DuplicateUrnError", "PlanRecord", "RecordedResource", "run_program"]
