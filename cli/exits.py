"""How a run of the CLI ends: its exit codes, and the failure of a stack's program (exit 1).

Apart from :mod:`.plan`, so the parser and ``list``/``schema`` name them without loading the engine.
"""

from __future__ import annotations

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
"""0: fine; 1: the plan found problems (or a program failed); 2: bad usage or config, nothing written."""


class PlanFailure(RuntimeError):
    """A stack's program failed for a reason other than its config (exit 1, nothing written)."""

    def __init__(self, stack: str, error: BaseException) -> None:
        self.stack = stack
        self.error = error
        lines = str(error).splitlines() or [""]
        super().__init__(f"{stack}: could not be planned: {type(error).__name__}: {lines[0]}")


__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "PlanFailure"]
