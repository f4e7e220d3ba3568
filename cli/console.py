"""``eventing-platform``: the offline CLI on any Pulumi Python program (``--program DIR``).

The verbs of ``python -m stacks``, on the program ``DIR/Pulumi.yaml`` describes:

- ``list --program DIR [--format text|json]``: its stacks (every ``Pulumi.<stack>.yaml``);
- ``plan --program DIR [--stack NAME ...] [--out OUT] [--stage dev|prod] [--config K=V ...]
  [--secret K=V ...] [--policy-config FILE] [--format text|json|markdown] [--wait S]``: as
  ``python -m stacks plan``, artefacts in ``OUT/<stack>/`` (default ``build``), exit 0/1/2;
- ``route --program DIR --stack NAME (--event FILE | --sample NAME) [--format text|json]``;
- ``schema --program DIR --stack NAME``: the JSON Schema of ``Pulumi.yaml``'s ``config:``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .main import run
from .parser import build_parser
from .program_project import COMMAND, program_project


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eventing-platform`` with ``argv`` (``None``: the process's own; then it exits from here)."""
    return run(argv, build_parser(COMMAND, program_flags=True), lambda args: program_project(args.program))


__all__ = ["main"]
