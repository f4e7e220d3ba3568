"""Plain Kubernetes: Services (with the side effects of the Deployments they select) and
Deployments that declare side effects without a Service in front of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventing_platform.kinds.addresses import service_host_aliases
from eventing_platform.kinds.catalogue import APPS
from eventing_platform.knative.side_effects import SideEffects

from ..context import FlowContext, K8sObject, node_id
from ..model import Node
from .registry import REGISTRY

DEPLOYMENT = (APPS, "Deployment")


def labels_selected(selector: Mapping[str, Any], labels: Mapping[Any, Any]) -> bool:
    """Whether a Kubernetes label selector (``matchLabels`` and ``matchExpressions``) selects ``labels``."""
    match_labels, expressions = selector.get("matchLabels") or {}, selector.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping) or not isinstance(expressions, list):
        return False  # unreadable: select nothing rather than guess
    if any(labels.get(k) != v for k, v in match_labels.items()):
        return False
    for expr in expressions:
        if not isinstance(expr, Mapping) or not isinstance(expr.get("values") or [], list):
            return False
        key, op, values = expr.get("key"), expr.get("operator"), list(expr.get("values") or [])
        present = key in labels
        ok = {
            "In": present and labels.get(key) in values,
            "NotIn": not present or labels.get(key) not in values,
            "Exists": present,
            "DoesNotExist": not present,
        }.get(str(op), False)
        if not ok:
            return False
    return True


def service_selects(selector: Any, workload: K8sObject) -> bool:
    """Whether a Service's ``selector`` (a plain label map, or ``matchLabels``) selects the
    workload's pod template (an empty selector selects nothing here)."""
    wanted = selector.get("matchLabels", selector) if isinstance(selector, Mapping) else {}
    labels = workload.template_labels
    return bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


def _has_liveness_probe(workload: K8sObject) -> bool:
    """Whether a container of the workload's pods has a liveness probe (the kubelet restarts it)."""
    containers = ((workload.spec.get("template") or {}).get("spec") or {}).get("containers") or []
    return any(isinstance(c, Mapping) and bool(c.get("livenessProbe")) for c in containers)


def _deployments(ctx: FlowContext) -> list[K8sObject]:
    return [o for o in ctx.objects if (o.group, o.kind) == DEPLOYMENT]


def _selected_side_effects(ctx: FlowContext, svc: K8sObject) -> SideEffects | None:
    """The side effects of every Deployment the Service selects, merged (None: none declare any)."""
    selector = svc.spec.get("selector") or {}
    merged: list[SideEffects] = []
    for d in _deployments(ctx):
        if d.namespace == svc.namespace and service_selects(selector, d):
            effects = ctx.side_effects(d)
            if effects is not None:
                merged.append(effects)
    if not merged:
        return None
    return SideEffects(
        writes=[w for e in merged for w in e.writes],
        replies=[r for e in merged for r in e.replies],
        publishes=[p for e in merged for p in e.publishes],
    )


@REGISTRY.objects("addressable", "kubernetes-service")
def service(ctx: FlowContext, o: K8sObject) -> None:
    """A Service: a consumer at its DNS names, cluster IP and load balancer ingress."""
    nid = node_id("kubernetes-service", o.name, o.namespace)
    effects = _selected_side_effects(ctx, o)
    selected = [d for d in _deployments(ctx) if d.namespace == o.namespace and service_selects(o.spec.get("selector") or {}, d)]
    attrs = {
        "pod_labels": dict(selected[0].template_labels) if selected else {},
        "restarts_on_failure": any(_has_liveness_probe(d) for d in selected),
    }
    ctx.graph.add_node(Node(nid, "kubernetes-service", o.name, o.namespace, o.urn, detail=str(o.spec.get("type") or ""),
                            attrs=attrs, side_effects=effects))
    for host in service_host_aliases(o.name, o.namespace):
        ctx.add_address(f"http://{host}", nid)
    out_spec = o.outputs.get("spec") or {}
    if out_spec.get("clusterIP"):
        ctx.add_address(f"http://{out_spec['clusterIP']}", nid)
    for ingress in (o.status("loadBalancer") or {}).get("ingress") or []:
        ctx.add_address(f"http://{ingress.get('ip') or ingress.get('hostname')}", nid)


@REGISTRY.kinds("workloads", DEPLOYMENT)
def deployment(ctx: FlowContext, o: K8sObject) -> None:
    """A Deployment that declares side effects and that no Service selects: a ``workload`` node
    (a selected one lends its side effects to the Service instead)."""
    effects = ctx.side_effects(o)
    selected = any(
        n.kind == "kubernetes-service" and n.namespace == o.namespace and _selects(ctx, n, o)
        for n in ctx.graph.nodes.values()
    )
    if effects is not None and not selected:
        nid = node_id("workload", o.name, o.namespace)
        ctx.graph.add_node(Node(nid, "workload", o.name, o.namespace, o.urn, detail="Deployment", side_effects=effects))


def _selects(ctx: FlowContext, service_node: Node, workload: K8sObject) -> bool:
    svc = next((x for x in ctx.objects if x.urn == service_node.urn), None)
    return svc is not None and service_selects(svc.spec.get("selector") or {}, workload)
