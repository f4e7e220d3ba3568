"""Arguments shared by the verbs: which program and which stack they work on."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_program_argument(parser: argparse.ArgumentParser) -> None:
    """``--program DIR``: the folder of the Pulumi program a verb works on (default: the current folder)."""
    parser.add_argument("--program", type=Path, default=Path("."), metavar="DIR",
                        help="the Pulumi program's folder, holding Pulumi.yaml (default: the current folder)")


def add_stack_argument(parser: argparse.ArgumentParser, program_flags: bool, help_text: str) -> None:
    """The one stack a verb works on: ``STACK`` (``python -m stacks``) or ``--stack NAME`` (``program_flags``)."""
    if program_flags:
        parser.add_argument("--stack", dest="stack", required=True, metavar="NAME", help=help_text)
    else:
        parser.add_argument("stack", metavar="STACK", help=help_text)


__all__ = ["add_program_argument", "add_stack_argument"]
