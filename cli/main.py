"""The command line: list a project's stacks, plan them offline, route events, print config schemas.

Two spellings of the same verbs: ``python -m stacks`` names this repository's stacks as
arguments (``plan [STACK ...]``, ``route STACK``, ``schema STACK``); ``eventing-platform``
(:mod:`.console`) works on any program folder (``--program DIR --stack NAME``).

Exit codes: 0 fine; 1 the plan found problems; 2 bad usage or bad config (nothing written);
130/143 interrupted by SIGINT/SIGTERM. Every error is one line on stderr, never a traceback
(unless ``--traceback`` asks for one of an unexpected failure).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence

from eventing_platform.engine.program import UsageError
from eventing_platform.redaction import redact_credentials

from .exits import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, PlanFailure
from .interrupts import Interrupted, InterruptState, handling_interrupts
from .parser import build_parser
from .project import CliProject


def cmd_list(args: argparse.Namespace, project: CliProject) -> int:
    """Print the project's stacks."""
    program = project.program
    rows = [
        {"stack": s.name, **s.details, "summary": s.summary,
         "config": os.path.relpath(program.stack_file(s.name), program.directory)}
        for s in project.stacks
    ]
    if args.format == "json":
        print(json.dumps({project.list_key: rows}, indent=2))
    else:
        for s in project.stacks:
            print(project.list_line(s))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, project: CliProject) -> int:
    """Print the JSON Schema of one stack's config."""
    if args.stack not in project.stack_names:
        raise UsageError(f"unknown stack {args.stack!r}; choose from: {', '.join(project.stack_names)}")
    print(json.dumps(project.config_schema(args.stack), indent=2, ensure_ascii=False))
    return EXIT_OK


def _dispatch(args: argparse.Namespace, project: CliProject, interrupts: InterruptState) -> int:
    # `plan` and `route` load the engine, the checks and the stack's SDKs: only when they run.
    if args.command == "schema":
        return cmd_schema(args, project)
    if args.command == "route":
        from .route import cmd_route

        return cmd_route(args, project)
    if args.command == "list":
        return cmd_list(args, project)
    from .plan import cmd_plan

    return cmd_plan(args, project, interrupts)


def _report_error(err: BaseException, args: argparse.Namespace | None, interrupts: InterruptState) -> int:
    """Print one line for ``err`` (none for an interrupt: :func:`main` prints that) and return its exit code."""
    if isinstance(err, Interrupted) or interrupts.signum is not None:
        return EXIT_PROBLEMS  # replaced by the signal's own code
    # Argument errors are masked already (Problem.line); any other message may quote a value too.
    if isinstance(err, UsageError):
        for line in str(err).splitlines() or [""]:
            print(f"error: {redact_credentials(line)}", file=sys.stderr)
        return EXIT_USAGE
    if args is not None and getattr(args, "traceback", False):
        traceback.print_exception(err.error if isinstance(err, PlanFailure) else err)
    message = str(err) if isinstance(err, PlanFailure) else f"{type(err).__name__}: {err}"
    hint = "" if getattr(args, "traceback", True) else "; rerun with --traceback to see where"
    print(f"error: {redact_credentials(message)}{hint}", file=sys.stderr)
    return EXIT_PROBLEMS


def main(argv: Sequence[str] | None, project: CliProject, prog: str = "python -m stacks") -> int:
    """Run the CLI on ``project`` (stacks named as arguments); returns the exit code (see :func:`run`)."""
    return run(argv, build_parser(prog), lambda _args: project)


def run(argv: Sequence[str] | None, parser: argparse.ArgumentParser, project_of: Callable[[argparse.Namespace], CliProject]) -> int:
    """Parse ``argv`` with ``parser``, find the project with ``project_of(args)``, run the verb;
    returns the exit code (a project that cannot be read is exit 2, one line).

    ``argv=None`` is the process's own command line (``sys.argv``): the signal handlers then stay
    installed and the process exits from here with the code; otherwise the previous handlers are
    restored and the code returned.
    """
    args = None
    with handling_interrupts(restore=argv is not None) as interrupts:
        try:
            args = parser.parse_args(argv)
            code = _dispatch(args, project_of(args), interrupts)
        except (Interrupted, UsageError, Exception) as err:
            interrupts.closed = True  # from here on a signal is recorded, not raised
            code = _report_error(err, args, interrupts)
        interrupts.closed = True
    if interrupts.signum is not None:  # never swallowed, whatever the run did with the exception
        name = Interrupted(interrupts.signum).name
        print(f"error: interrupted by {name}" + (f": {interrupts.note}" if interrupts.note else ""), file=sys.stderr)
        code = 128 + interrupts.signum
    if argv is None:
        # The process ends here. A normal exit would wait for the worker threads of an
        # interrupted engine run (which may never finish) and, while finalizing, put back the
        # default handlers, so a late signal would kill the process without a word.
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)
    return code
