"""Knative flows: a Sequence calls its steps in series, a Parallel fans out to its branches."""

from __future__ import annotations

from ..context import FlowContext, K8sObject, node_id
from ..model import Edge, Node
from .knative import add_addresses
from .registry import REGISTRY


@REGISTRY.objects("addressable", "sequence", "parallel")
def flow(ctx: FlowContext, o: K8sObject) -> None:
    """A Sequence or Parallel: a router (its channel implementation as detail) at its ingress channel."""
    kind = "sequence" if o.kind == "Sequence" else "parallel"
    nid = node_id(kind, o.name, o.namespace)
    template = str((o.spec.get("channelTemplate") or {}).get("kind") or "")
    ctx.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=template))
    add_addresses(ctx, o, nid)


@REGISTRY.objects("routes", "sequence")
def sequence(ctx: FlowContext, o: K8sObject) -> None:
    """Step i receives what step i-1 replied: one ``sequence-step`` node per step after the first;
    the last step's reply goes to the Sequence's ``reply``."""
    seq = node_id("sequence", o.name, o.namespace)
    steps = o.spec.get("steps") or []
    reply, _ = ctx.destination(o.spec.get("reply"), o.namespace, f"reply of sequence {o.name}")
    entries = [seq]
    for i in range(2, len(steps) + 1):
        step_id = node_id("sequence-step", f"{o.name}#{i}", o.namespace)
        ctx.graph.add_node(Node(step_id, "sequence-step", f"{o.name}#{i}", o.namespace, o.urn, attrs={"sequence": seq, "step": i}))
        entries.append(step_id)
    for i, step in enumerate(steps):
        dst, _path = ctx.destination(step, o.namespace, f"step {i + 1} of sequence {o.name}")
        reply_to = entries[i + 1] if i + 1 < len(entries) else reply
        delivery = ctx.delivery_of(step.get("delivery"), o.namespace, f"sequence {o.name} step {i + 1}")
        ctx.deliver(entries[i], dst, f"step {i + 1}", reply_to=reply_to, reply_configured=reply_to is not None, delivery=delivery)


@REGISTRY.objects("routes", "parallel")
def parallel(ctx: FlowContext, o: K8sObject) -> None:
    """Every branch gets every event (through its filter, when it has one); a branch's reply goes
    to its own ``reply``, else the Parallel's."""
    par = node_id("parallel", o.name, o.namespace)
    reply, _ = ctx.destination(o.spec.get("reply"), o.namespace, f"reply of parallel {o.name}")
    for i, branch in enumerate(o.spec.get("branches") or [], start=1):
        bid = node_id("parallel-branch", f"{o.name}#{i}", o.namespace)
        ctx.graph.add_node(Node(bid, "parallel-branch", f"{o.name}#{i}", o.namespace, o.urn, attrs={"parallel": par, "branch": i}))
        flt, _ = ctx.destination(branch.get("filter"), o.namespace, f"filter of parallel {o.name} branch {i}")
        if flt is not None:
            ctx.deliver(par, flt, f"branch {i} filter", reply_to=bid, reply_configured=True)
        else:
            ctx.graph.add_edge(Edge(par, bid, "event", f"branch {i}"))
        dst, path = ctx.destination(branch.get("subscriber"), o.namespace, f"subscriber of parallel {o.name} branch {i}")
        branch_reply, _ = ctx.destination(branch.get("reply"), o.namespace, f"reply of parallel {o.name} branch {i}")
        reply_to = branch_reply or reply
        delivery = ctx.delivery_of(branch.get("delivery"), o.namespace, f"parallel {o.name} branch {i}")
        ctx.deliver(bid, dst, path, reply_to=reply_to, reply_configured=reply_to is not None, delivery=delivery)
