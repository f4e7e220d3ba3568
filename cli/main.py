"""The command line: list a project's stacks, plan them offline, route events, print config schemas.

Exit codes: 0 fine; 1 the plan found problems; 2 bad usage or bad config (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from eventing_platform.analysis.checks import run_checks
from eventing_platform.engine import artefacts
from eventing_platform.engine.program import UsageError, plan_stack, read_stack_file, with_overrides
from eventing_platform.errors import ArgsError
from eventing_platform.events.loop_guard import EventLoopError

from .project import CliProject
from .route import add_route_parser, cmd_route
from .writer import write_stack_artefacts

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser(prog: str = "python -m stacks") -> argparse.ArgumentParser:
    """The CLI's argument parser."""
    parser = _Parser(prog=prog, description="Plan eventing-platform stacks offline (no cloud, no Pulumi CLI).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p_list = sub.add_parser("list", help="the scenarios and their stacks")
    p_list.add_argument("--format", choices=["text", "json"], default="text")

    p_plan = sub.add_parser("plan", help="synthesise stacks offline and write their artefacts")
    p_plan.add_argument("stacks", nargs="*", metavar="STACK", help="stacks to plan (default: all)")
    p_plan.add_argument("--out", type=Path, default=Path("build"), help="output directory (default: build/)")
    p_plan.add_argument("--stage", choices=["dev", "prod"], help="override the stage of every planned stack")
    p_plan.add_argument("--config", action="append", default=[], metavar="KEY=VALUE", help="set a config value, as `pulumi config set` would (repeatable)")
    p_plan.add_argument("--secret", action="append", default=[], metavar="KEY=VALUE", help="set a secret config value, as `pulumi config set --secret` would (repeatable)")
    p_plan.add_argument("--format", choices=["text", "json"], default="text")
    p_plan.add_argument("--traceback", action="store_true", help="show the traceback of an unexpected failure")

    p_schema = sub.add_parser("schema", help="print a stack's config keys as JSON Schema")
    p_schema.add_argument("stack", metavar="STACK", help="the stack whose config schema to print")

    add_route_parser(sub)
    return parser


def cmd_list(args: argparse.Namespace, project: CliProject) -> int:
    """Print the project's stacks."""
    rows = [
        {"stack": s.name, **s.details, "summary": s.summary, "config": f"Pulumi.{s.name}.yaml"}
        for s in project.stacks
    ]
    if args.format == "json":
        print(json.dumps({"scenarios": rows}, indent=2))
    else:
        for s in project.stacks:
            seed, cloud = s.details.get("seed", ""), s.details.get("cloud", "")
            print(f"{s.name:<18} seed {seed}  {cloud:<10} {s.summary}")
    return EXIT_OK


def cmd_plan(args: argparse.Namespace, project: CliProject) -> int:
    """Plan every requested stack; write artefacts only when all of them could be planned."""
    known = project.stack_names
    names = args.stacks or known
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown stack(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(known)}")
    inputs = [with_overrides(read_stack_file(project.program, n), args.config, args.secret, args.stage) for n in names]

    planned, config_errors, loops = [], [], []
    for stack in inputs:
        try:
            planned.append((stack, plan_stack(stack)))
        except ArgsError as err:
            config_errors += [f"{stack.name}: {p.line()}" for p in err.problems]
        except EventLoopError as err:  # refused before anything was registered: nothing written
            loops += [f"{stack.name}: [event-loop] {line}" for line in err.loops]
    if config_errors:
        for line in config_errors:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE

    # Checks run for every stack before anything is written: a bad policy config is exit 2.
    checked_all = [run_checks(stack, record) for stack, record in planned]
    summary = []
    blocking = 0
    for (stack, record), checked in zip(planned, checked_all, strict=True):
        written = write_stack_artefacts(args.out, record, stack.stage, checked.files)
        blocking += sum(1 for f in checked.findings if f.blocking)
        summary.append({
            "stack": stack.name,
            "stage": stack.stage,
            "resources": len(record.resources),
            "types": dict(sorted(artefacts.type_counts(record).items())),
            "files": [str(p) for p in written],
            "outputs": record.masked_outputs(),
            "findings": [
                {"check": f.check, "severity": f.level, "blocking": f.blocking, "resource": f.resource, "message": f.line()}
                for f in checked.findings
            ],
        })
        if args.format == "text":
            print(artefacts.render_tree(record, stack.stage))
            if checked.text:
                print(checked.text)
            print(f"   wrote {', '.join(str(p) for p in written)}\n")
        for f in checked.findings:
            if f.blocking:
                print(f"error: {stack.name}: [{f.check}] {f.line()}" + (f" ({f.resource})" if f.resource else ""), file=sys.stderr)
    for line in loops:
        print(f"error: {line}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"stacks": summary}, indent=2, sort_keys=True))
    return EXIT_PROBLEMS if blocking or loops else EXIT_OK


def cmd_schema(args: argparse.Namespace, project: CliProject) -> int:
    """Print the JSON Schema of one stack's config."""
    if args.stack not in project.stack_names:
        raise UsageError(f"unknown stack {args.stack!r}; choose from: {', '.join(project.stack_names)}")
    print(json.dumps(project.config_schema(args.stack), indent=2, ensure_ascii=False))
    return EXIT_OK


def main(argv: Sequence[str] | None, project: CliProject, prog: str = "python -m stacks") -> int:
    """Run the CLI on ``project``; returns the exit code."""
    parser = build_parser(prog)
    args = None
    try:
        args = parser.parse_args(argv)
        if args.command == "schema":
            return cmd_schema(args, project)
        if args.command == "route":
            return cmd_route(args, project)
        return cmd_list(args, project) if args.command == "list" else cmd_plan(args, project)
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as err:  # noqa: BLE001 - one line, not a traceback, unless asked
        if args is not None and getattr(args, "traceback", False):
            traceback.print_exc()
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
