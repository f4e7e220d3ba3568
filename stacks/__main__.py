"""Entry point of ``python -m stacks``."""

import sys

from .repository import main

sys.exit(main())
