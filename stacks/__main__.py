"""Entry point of ``python -m stacks``."""

import sys

from eventing_platform.cli.entry import collector_off_until_exit, end_quietly_before_the_run

collector_off_until_exit()
end_quietly_before_the_run()

from .repository import main  # noqa: E402 - after the handlers: importing the package takes a while

sys.exit(main())
