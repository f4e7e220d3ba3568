"""``python -m stacks route STACK (--event FILE | --sample NAME) [--format text|json]``, or
``eventing-platform route --program DIR --stack NAME (--event FILE | --sample NAME)``.

Plans the stack offline (its ``Pulumi.<stack>.yaml``, with the program's ``Pulumi.yaml`` config
declarations), extracts the event flow and routes one
CloudEvent through it. Exit 0 whether or not anything receives the event; 2 on bad usage (unknown
stack or sample, an event file that is unreadable, not a regular file, over 1 MiB, nested over
64 levels or not a CloudEvent by the ``cloudevents`` SDK) or bad stack config.
"""

from __future__ import annotations

import argparse
import json

from eventing_platform.analysis.flow import extract_graph, route
from eventing_platform.engine.program import UsageError, plan_stack
from eventing_platform.engine.project_config import configured_stack
from eventing_platform.errors import ArgsError
from eventing_platform.events.loop_guard import collecting_loops

from .event_input import EventError, read_event_file
from .parser import add_route_parser
from .plan import warn_ambient_config
from .project import CliProject
from .samples import SampleError, list_samples, load_sample


def cmd_route(args: argparse.Namespace, project: CliProject) -> int:
    """Route one event; print text or the JSON document."""
    if args.stack not in project.stack_names:
        raise UsageError(f"unknown stack {args.stack!r}; choose from: {', '.join(project.stack_names)}")
    if args.sample is not None:
        try:
            event = load_sample(project.samples_dir, args.stack, args.sample)
        except SampleError as err:
            raise UsageError(str(err)) from None
    else:
        try:
            event = read_event_file(args.event)
        except EventError as err:
            raise UsageError(str(err)) from None
    warn_ambient_config()
    try:
        with collecting_loops():  # a looping stack still routes: the loop shows on the route
            record = plan_stack(configured_stack(project.program, args.stack))
    except ArgsError as err:
        raise UsageError("; ".join(f"{args.stack}: {p.line()}" for p in err.problems)) from None
    result = route(extract_graph(record), event)
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, sort_keys=True))
    else:
        print(result.to_text(args.stack))
        samples = list_samples(project.samples_dir, args.stack)
        if args.sample is None and samples:
            print(f"  (samples of {args.stack}: {', '.join(samples)})")
    return 0


__all__ = ["add_route_parser", "cmd_route"]
