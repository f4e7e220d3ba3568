"""SIGINT and SIGTERM during a CLI run: one line, exit 130 or 143, never swallowed.

While :func:`handling_interrupts` is active a SIGINT or SIGTERM raises :class:`Interrupted` in
the main thread (a ``KeyboardInterrupt``, so asyncio and the Pulumi runtime let it through
instead of storing it on a task). The first signal is also recorded, so a run that swallowed the
exception somewhere (Python ignores an exception raised in a weakref callback or ``__del__``;
the hook installed here keeps that silent) still stops at the next checkpoint and ends with
``128 + signal``: the CLI asks :attr:`InterruptState.exit_code` before it returns. Inside
:meth:`InterruptState.deferred` (artefacts being moved into place, cleanup) a signal is only
recorded and raised when the block ends; once :attr:`InterruptState.closed`, only recorded.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM)
"""The signals a run turns into :class:`Interrupted`."""


class Interrupted(KeyboardInterrupt):
    """A SIGINT or SIGTERM arrived; :attr:`exit_code` is ``128 + signal number``."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        """130 for SIGINT, 143 for SIGTERM (the shell's convention)."""
        return 128 + self.signum

    @property
    def name(self) -> str:
        """``SIGINT`` or ``SIGTERM``."""
        return signal.Signals(self.signum).name


@dataclass
class InterruptState:
    """The first signal of a run (``None`` while none arrived) and whether raising is deferred."""

    signum: int | None = None
    """The first SIGINT/SIGTERM received. Default: none."""
    deferring: bool = False
    """True inside :meth:`deferred`: a signal is recorded, not raised."""
    note: str = ""
    """What the run left behind so far, for the one line printed on an interrupt. Default: empty."""
    closed: bool = False
    """True once the run is over (a process's last moments): a signal is recorded, not raised."""

    def handle(self, signum: int, _frame: FrameType | None) -> None:
        """The signal handler: record the first signal; raise unless deferred or closed."""
        if self.signum is None:
            self.signum = signum
        if not self.deferring and not self.closed:
            raise Interrupted(self.signum)

    def check(self) -> None:
        """Raise :class:`Interrupted` if a signal arrived (a checkpoint between steps)."""
        if self.signum is not None:
            raise Interrupted(self.signum)

    @property
    def exit_code(self) -> int | None:
        """``128 + signal`` once a signal arrived, else ``None``."""
        return None if self.signum is None else 128 + self.signum

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """Finish the block whatever arrives; raise a signal received meanwhile at its end."""
        self.deferring = True
        try:
            yield
        finally:
            self.deferring = False
        self.check()


@contextlib.contextmanager
def handling_interrupts(restore: bool = True) -> Iterator[InterruptState]:
    """Install the SIGINT/SIGTERM handlers for the block (main thread only) and restore them after.

    ``restore=False`` (a process's entry point) leaves them installed, recording only, so a
    signal between the end of the run and the end of the process prints no traceback.
    """
    state = InterruptState()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return
    previous: dict[int, Any] = {}
    for sig in HANDLED:
        previous[sig] = signal.signal(sig, state.handle)
    previous_hook = sys.unraisablehook

    def quiet_interrupts(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, Interrupted):  # recorded in the state: not lost
            previous_hook(unraisable)

    sys.unraisablehook = quiet_interrupts
    try:
        yield state
    finally:
        state.closed = True
        if restore:
            sys.unraisablehook = previous_hook
            for signum, handler in previous.items():
                signal.signal(signum, handler)


__all__ = ["HANDLED", "InterruptState", "Interrupted", "handling_interrupts"]
