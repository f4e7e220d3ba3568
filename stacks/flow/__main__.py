"""``python -m stacks.flow [STACK ...]``: print the README section of event-flow diagrams."""

import sys

from ..plan import UsageError
from .readme import readme_markdown

try:
    print(readme_markdown(sys.argv[1:]), end="")
except UsageError as err:
    print(f"error: {err}", file=sys.stderr)
    sys.exit(2)
