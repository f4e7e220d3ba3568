"""Entry point of ``python -m stacks``."""

import sys

from eventing_platform.cli.entry import end_quietly_before_the_run

end_quietly_before_the_run()

from .repository import main  # noqa: E402 - after the handlers: importing the package takes a while

sys.exit(main())
