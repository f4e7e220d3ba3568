"""Plan check ``event-flow``: writes ``flow.mmd`` for every stack and blocks on event loops."""

from __future__ import annotations

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput

from ..checks import CheckResult, describes, plan_check
from ..findings import ADVISORY, Finding
from .extract import extract_graph
from .loops import LOOP_CHECK, find_loops
from .mermaid import render_mermaid

CHECK_NAME = "event-flow"
FLOW_FILE = "flow.mmd"

__all__ = ["CHECK_NAME", "FLOW_FILE", "LOOP_CHECK", "event_flow"]


describes(LOOP_CHECK, "A workload's own output must not be delivered back to it (an event loop).")
describes(CHECK_NAME, "Notes on the extracted event flow (targets outside the stack, filters not evaluated).")


@plan_check(CHECK_NAME)
def event_flow(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Extract the event flow, find loops (blocking findings) and render the Mermaid diagram."""
    graph = extract_graph(record)
    loops = find_loops(graph)
    findings = [loop.finding(graph.nodes[loop.resource_node].urn, graph.hop(loop.resource_node)) for loop in loops]
    findings += [Finding(note, check=CHECK_NAME, level=ADVISORY) for note in graph.notes]
    event_edges = sum(1 for e in graph.edges if e.kind != "dead-letter")
    dead = sum(1 for e in graph.edges if e.kind == "dead-letter")
    text = (f"   event flow: {len(graph.nodes)} nodes, {event_edges} edges, {dead} dead-letter edges, "
            f"{len(loops)} loop(s) -> {FLOW_FILE}")
    return CheckResult(findings=findings, files={FLOW_FILE: render_mermaid(graph, loops)}, text=text)
