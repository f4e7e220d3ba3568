"""Build the event-flow graph of a planned stack from what the offline engine recorded.

Everything comes from recorded resources, so the graph shows what ``pulumi up`` would create.
The kind handlers (:mod:`.handlers`, one module per domain) say how each kind becomes nodes
and edges; this driver runs their phases over the record in order, then the passes over the
whole graph (side effects and replies, OSS into EventBridge, dead letters).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from eventing_platform.engine import PlanRecord

from .context import FlowContext, K8sObject
from .handlers import PHASES, REGISTRY
from .model import FlowGraph


def extract_graph(record: PlanRecord) -> FlowGraph:
    """The event-flow graph of one planned stack."""
    ctx = FlowContext(record)
    objects: dict[int, K8sObject] = {id(o.resource): o for o in ctx.objects}
    # Each resource's handler in each phase, found in one pass over the record (a large stack is
    # read once, not once per phase); then every phase's calls, in record order.
    calls: list[list[Callable[[], None]]] = [[] for _ in PHASES]
    for resource in record.resources:
        obj = objects.get(id(resource))
        for phase, phase_calls in zip(PHASES, calls, strict=True):
            if obj is not None:
                handle_object = REGISTRY.object_handler(phase, obj)
                if handle_object is not None:
                    phase_calls.append(partial(handle_object, ctx, obj))
                continue
            handle_resource = REGISTRY.by_type.get((phase, resource.type))
            if handle_resource is not None:
                phase_calls.append(partial(handle_resource, ctx, resource))
    for phase_calls in calls:
        for call in phase_calls:
            call()
    for _, graph_pass in sorted(REGISTRY.graph_passes, key=lambda entry: entry[0]):
        graph_pass(ctx)
    return ctx.graph
