"""Entry point of ``python -m stacks``."""

import sys

from .cli import main

sys.exit(main())
