"""README section with every scenario's event-flow diagram, generated from the code.

``python -m stacks.flow [STACK ...]`` plans each stack offline with its shipped
``Pulumi.<stack>.yaml`` and prints Markdown: per scenario a heading, its one-line summary and the
Mermaid flowchart that ``python -m stacks plan`` writes to ``flow.mmd``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from eventing_platform.analysis.flow import extract_graph, find_loops, render_mermaid
from eventing_platform.engine.program import UsageError, plan_stack, read_stack_file

from .repository import PROGRAM
from .scenarios import SCENARIOS


def scenario_section(stack: str) -> str:
    """Markdown for one stack: heading, summary, diagram."""
    scenario = SCENARIOS[stack]
    graph = extract_graph(plan_stack(read_stack_file(PROGRAM, stack)))
    diagram = render_mermaid(graph, find_loops(graph)).rstrip("\n")
    return f"### `{stack}` (seed {scenario.seed})\n\n{scenario.summary}\n\n```mermaid\n{diagram}\n```\n"


def readme_markdown(stacks: Sequence[str] = ()) -> str:
    """The sections of ``stacks`` (default: every scenario), in scenario order."""
    names = list(stacks) or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise UsageError(f"unknown stack(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(SCENARIOS)}")
    return "\n".join(scenario_section(n) for n in names)


if __name__ == "__main__":
    try:
        print(readme_markdown(sys.argv[1:]), end="")
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
