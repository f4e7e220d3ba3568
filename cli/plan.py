"""``python -m stacks plan [STACK ...]`` / ``eventing-platform plan --program DIR [--stack NAME ...]``:
plan stacks offline, run the checks, write the artefacts.

Every requested stack is planned and checked before anything is written; the artefacts then go
through :class:`~eventing_platform.cli.output_dir.OutputDir` (locked, staged, moved in whole).
Exit 0: no blocking finding; 1: blocking findings (mandatory policies, event loops, duplicate
objects; every stack's folder holds this run's artefacts) or a program that could not be planned
(nothing written); 2: bad usage, config, stack file or ``--out`` (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from eventing_platform.analysis.checks import CheckResult, run_checks
from eventing_platform.engine import artefacts
from eventing_platform.engine.program import (
    StackInput,
    UsageError,
    ambient_config_variables,
    plan_stack,
)
from eventing_platform.engine.project_config import configured_stack
from eventing_platform.engine.record import PlanRecord
from eventing_platform.errors import ArgsError
from eventing_platform.events.loop_guard import collecting_loops
from eventing_platform.rules.plan_check import (
    policy_config_file,
    policy_config_from_env,
)

from .exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, PlanFailure
from .interrupts import InterruptState
from .output_dir import OutputDir
from .parser import add_plan_parser
from .project import CliProject
from .writer import GUARD_CHECK, SUMMARY_FILE, guard_findings, plan_artefacts


@dataclass
class PlannedStack:
    """One stack planned and checked, with the loops its own guard recorded."""

    stack: StackInput
    """The stack's config as planned."""
    record: PlanRecord
    """What the offline engine recorded."""
    guard_loops: list[str]
    """Loops the stack's own loop guard refused (recorded, not raised, offline)."""
    checked: CheckResult | None = None
    """The plan checks' result, once they ran. Default: none yet."""


def warn_ambient_config() -> None:
    """One warning line per ``PULUMI_CONFIG*`` variable in the environment: ignored, as by ``pulumi up``."""
    for variable in ambient_config_variables():
        print(f"warning: {variable} is set in the environment and ignored: like `pulumi up`, the program runs with "
              "the stack's own config (Pulumi.<stack>.yaml, then --config/--secret, then --stage); pass values with --config",
              file=sys.stderr)


def cmd_plan(args: argparse.Namespace, project: CliProject, interrupts: InterruptState) -> int:
    """Plan every requested stack; write artefacts only when all of them could be planned and checked."""
    warn_ambient_config()
    names = list(dict.fromkeys(args.stacks or project.stack_names))
    if not names:
        raise UsageError(f"{project.program.directory} has no stack to plan: add a Pulumi.<stack>.yaml (e.g. `pulumi stack init dev`, then `pulumi config set KEY VALUE`)")
    out = OutputDir(args.out, [n for n in names if n in project.stack_names], wait=args.wait)
    out.check()
    try:
        with interrupts.deferred():  # once the run holds DIR, no old folder of its stacks is left
            out.begin()
            interrupts.note = f"nothing written to {args.out}"
        with policy_config_file(args.policy_config):
            return _plan_into(out, args, project, names, interrupts)
    finally:
        with interrupts.deferred():
            out.finish()


def _plan_into(out: OutputDir, args: argparse.Namespace, project: CliProject, names: list[str], interrupts: InterruptState) -> int:
    unknown = [n for n in names if n not in project.stack_names]
    if unknown:
        raise UsageError(f"unknown stack(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(project.stack_names)}")
    inputs = [configured_stack(project.program, n, args.config, args.secret, args.stage) for n in names]
    policy_config_from_env()  # a bad policy config is exit 2 before any stack is planned

    planned: list[PlannedStack] = []
    config_errors: list[str] = []
    for stack in inputs:
        interrupts.check()
        try:
            with collecting_loops() as guard_loops:
                record = plan_stack(stack)
        except ArgsError as err:
            config_errors += [f"{stack.name}: {p.line()}" for p in err.problems]
            continue
        except Exception as err:  # noqa: BLE001 - a failing program: reported with the stack's name
            raise PlanFailure(stack.name, err) from err
        planned.append(PlannedStack(stack, record, list(guard_loops)))
    if config_errors:
        for line in config_errors:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_USAGE

    # Checks run for every stack before anything is written: a bad policy config is exit 2.
    for item in planned:
        interrupts.check()
        item.checked = run_checks(item.stack, item.record)
    written: dict[str, list[Path]] = {}
    summaries: list[str] = []
    for item in planned:
        assert item.checked is not None
        files = plan_artefacts(item.stack, item.record, item.checked, item.guard_loops)
        summaries.append(files[SUMMARY_FILE])
        written[item.stack.name] = out.stage(item.stack.name, files)
    with interrupts.deferred():
        out.commit()
        interrupts.note = f"the artefacts of this run were already in {args.out}"
    code = _report(args, planned, written)
    if args.format == "markdown":
        print("\n".join(summaries), end="")
    return code


def _report(args: argparse.Namespace, planned: list[PlannedStack], written: dict[str, list[Path]]) -> int:
    """Print the trees (text) or the summary (json) and one ``error:`` line per blocking finding."""
    summary = []
    blocking = 0
    for item in planned:
        stack, record, checked = item.stack, item.record, item.checked
        assert checked is not None
        files = written[stack.name]
        errors = [f"{stack.name}: [{GUARD_CHECK}] {line}" for line in item.guard_loops]
        errors += [
            f"{stack.name}: [{f.check}] {f.line()}" + (f" ({f.resource})" if f.resource else "")
            for f in checked.findings if f.blocking
        ]
        blocking += len(errors)
        findings = [*guard_findings(item.guard_loops), *checked.findings]
        summary.append({
            "stack": stack.name,
            "stage": stack.stage,
            "resources": len(record.resources),
            "types": dict(sorted(artefacts.type_counts(record).items())),
            "files": [str(p) for p in files],
            "outputs": record.masked_outputs(),
            "findings": [
                {"check": f.check, "severity": f.level, "blocking": f.blocking, "resource": f.resource, "message": f.line()}
                for f in findings
            ],
        })
        if args.format == "text":
            print(artefacts.render_tree(record, stack.stage))
            if checked.text:
                print(checked.text)
            print(f"   wrote {', '.join(str(p) for p in files)}\n")
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"stacks": summary}, indent=2, sort_keys=True))
    return EXIT_PROBLEMS if blocking else EXIT_OK


__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "PlanFailure", "add_plan_parser", "cmd_plan", "warn_ambient_config"]
