"""Process entry points: ``eventing-platform`` (console script) and ``python -m eventing_platform``.

Importing the CLI takes a while (Pulumi, the provider SDKs); until it installs its own signal
handlers, :func:`end_quietly_before_the_run` makes an interrupt end the process with one line and
``128 + signal``, not an import traceback. This module imports nothing heavy.
"""

from __future__ import annotations

import gc
import signal
import sys
from typing import NoReturn


def _before_the_run(signum: int, _frame: object) -> None:
    print(f"error: interrupted by {signal.Signals(signum).name} before the run started; nothing written", file=sys.stderr)
    raise SystemExit(128 + signum)


def end_quietly_before_the_run() -> None:
    """Until the CLI installs its own handlers, SIGINT/SIGTERM end the process with one ``error:`` line."""
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _before_the_run)


def collector_off_until_exit() -> None:
    """The cyclic garbage collector off for the rest of the process, which the CLI ends with
    ``os._exit``: what it allocates (the SDKs it imports, the records, the checks' results) is
    never scanned; each plan run still frees its own cyclic garbage (see
    :mod:`eventing_platform.engine`)."""
    gc.disable()


def main() -> NoReturn:
    """``eventing-platform`` on the process's command line; exits with the CLI's code."""
    collector_off_until_exit()
    end_quietly_before_the_run()
    from .console import main as console_main  # after the handlers: importing takes a while

    sys.exit(console_main())


__all__ = ["collector_off_until_exit", "end_quietly_before_the_run", "main"]
