"""README section with every scenario's event-flow diagram, generated from the code.

``python -m stacks.flow [STACK ...]`` plans each stack offline with its shipped
``Pulumi.<stack>.yaml`` and prints Markdown: per scenario a heading, its one-line summary and the
Mermaid flowchart that ``python -m stacks plan`` writes to ``flow.mmd``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..plan import UsageError, plan_stack, read_stack_file
from ..scenarios import SCENARIOS
from .extract import extract_graph
from .loops import find_loops
from .mermaid import render_mermaid


def scenario_section(stack: str) -> str:
    """Markdown for one stack: heading, summary, diagram."""
    scenario = SCENARIOS[stack]
    graph = extract_graph(plan_stack(read_stack_file(stack)))
    diagram = render_mermaid(graph, find_loops(graph)).rstrip("\n")
    return f"### `{stack}` (seed {scenario.seed})\n\n{scenario.summary}\n\n```mermaid\n{diagram}\n```\n"


def readme_markdown(stacks: Sequence[str] = ()) -> str:
    """The sections of ``stacks`` (default: every scenario), in scenario order."""
    names = list(stacks) or list(SCENARIOS)
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown:
        raise UsageError(f"unknown stack(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(SCENARIOS)}")
    return "\n".join(scenario_section(n) for n in names)
