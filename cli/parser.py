"""The command line's parser: every verb and its arguments.

It imports nothing heavy (no engine, no checks, no provider SDK), so ``list`` and ``schema`` parse
their arguments and run without loading what ``plan`` and ``route`` need; :mod:`.main` imports
those verbs when one runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, NoReturn

from eventing_platform.engine.program import UsageError
from eventing_platform.rules import POLICY_CONFIG_ENV

from .arguments import add_program_argument, add_stack_argument


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser(prog: str = "python -m stacks", program_flags: bool = False) -> argparse.ArgumentParser:
    """The CLI's argument parser; ``program_flags`` for the ``--program DIR --stack NAME`` spelling."""
    parser = _Parser(prog=prog, description="Plan eventing-platform stacks offline (no cloud, no Pulumi CLI).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p_list = sub.add_parser("list", help="the program's stacks" if program_flags else "the scenarios and their stacks")
    if program_flags:
        add_program_argument(p_list)
    p_list.add_argument("--format", choices=["text", "json"], default="text")

    add_plan_parser(sub, program_flags)

    p_schema = sub.add_parser("schema", help="print a stack's config keys as JSON Schema")
    if program_flags:
        add_program_argument(p_schema)
    add_stack_argument(p_schema, program_flags, "the stack whose config schema to print")

    add_route_parser(sub, program_flags)
    return parser


def add_plan_parser(sub: Any, program_flags: bool = False) -> None:
    """Register the ``plan`` subcommand on the CLI's subparsers (``program_flags``: ``--program DIR --stack NAME``)."""
    p = sub.add_parser("plan", help="synthesise stacks offline and write their artefacts")
    if program_flags:
        add_program_argument(p)
        p.add_argument("--stack", dest="stacks", action="append", default=[], metavar="NAME",
                       help="a stack to plan, with its Pulumi.<NAME>.yaml (repeatable; default: every stack `list` shows)")
    else:
        p.add_argument("stacks", nargs="*", metavar="STACK", help="stacks to plan (default: all)")
    p.add_argument("--out", type=Path, default=Path("build"), help="output directory (default: build/)")
    p.add_argument("--stage", choices=["dev", "prod"], help="override the stage of every planned stack")
    p.add_argument("--config", action="append", default=[], metavar="KEY=VALUE", help="set a config value, as `pulumi config set` would (repeatable)")
    p.add_argument("--secret", action="append", default=[], metavar="KEY=VALUE", help="set a secret config value, as `pulumi config set --secret` would (repeatable)")
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                   help="what to print: the resource trees (text), one JSON document, or every stack's summary.md (markdown, for a CI job summary)")
    p.add_argument("--policy-config", type=Path, metavar="FILE",
                   help=f"policy config in the format of `pulumi preview --policy-pack-config` (default: the file ${POLICY_CONFIG_ENV} names, if set)")
    p.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS", help="wait this long for another run writing --out (default: 0, exit 2 at once)")
    p.add_argument("--traceback", action="store_true", help="show the traceback of an unexpected failure")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} must be between 0 and 86400 seconds")
    return value


def add_route_parser(sub: Any, program_flags: bool = False) -> None:
    """Register the ``route`` subcommand on the CLI's subparsers (``program_flags``: ``--program DIR --stack NAME``)."""
    p = sub.add_parser("route", help="where a CloudEvent goes in a stack, hop by hop")
    if program_flags:
        add_program_argument(p)
    add_stack_argument(p, program_flags, "the stack to route through")
    samples = "DIR/samples/<stack>/NAME.json" if program_flags else "stacks/samples/<stack>/"
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", type=Path, metavar="FILE", help="a CloudEvent in structured JSON form")
    which.add_argument("--sample", metavar="NAME", help=f"a sample event shipped with the stack ({samples})")
    p.add_argument("--format", choices=["text", "json"], default="text")


__all__ = ["add_plan_parser", "add_route_parser", "build_parser"]
