"""Entry point of ``python -m stacks``."""

import signal
import sys


def _before_the_run(signum: int, _frame: object) -> None:
    # Until the CLI installs its own handlers (after the imports below), an interrupt ends the
    # process with one line and 128 + signal, not an import traceback.
    print(f"error: interrupted by {signal.Signals(signum).name} before the run started; nothing written", file=sys.stderr)
    raise SystemExit(128 + signum)


for _signum in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_signum, _before_the_run)

from .repository import main  # noqa: E402 - after the handlers: importing the package takes a while

sys.exit(main())
