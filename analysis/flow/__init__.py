"""The event flow of a planned stack: graph, Mermaid diagram, routes of CloudEvents, loops.

    graph = extract_graph(record)          # from a PlanRecord (tests.support.offline.plan)
    route(graph, event).targets()          # which services a CloudEvent reaches
    find_loops(graph)                      # event loops, each with a one-line message
    render_mermaid(graph, loops)           # the flowchart written to flow.mmd
"""

from .extract import extract_graph
from .loops import Loop, find_loops
from .mermaid import render_mermaid
from .model import Delivery, Edge, FlowGraph, Node
from .route import DeadLetter, Reach, RouteResult, find_entries, route

__all__ = [
    "DeadLetter",
    "Delivery",
    "Edge",
    "FlowGraph",
    "Loop",
    "Node",
    "Reach",
    "RouteResult",
    "extract_graph",
    "find_entries",
    "find_loops",
    "render_mermaid",
    "route",
]
