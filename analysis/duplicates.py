"""Plan check ``duplicate-object``: two resources that render the same Kubernetes object.

Kubernetes knows an object by its API group, kind, namespace (for namespaced kinds) and name, in
one cluster. Two resources of a plan rendering the same one would be two identical documents in
``manifests.yaml``, and ``pulumi up`` would fail on the second (pulumi-kubernetes 4.29+ refuses to
create an object that exists). Each such pair is a blocking finding (``plan`` exits 1).

The cluster is the resource's provider (objects through different providers may share a name);
a namespaced object without ``metadata.namespace`` is in its provider's ``namespace`` or
``default``. Objects without a plain ``metadata.name`` (auto-named, or unknown) are skipped.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.engine.program import StackInput
from eventing_platform.kinds import CLUSTER_SCOPED_KINDS, parse_type_token

from .checks import CheckResult, Finding, describes, plan_check
from .findings import MANDATORY

CHECK_NAME = "duplicate-object"


def _provider_namespace(record: PlanRecord, provider: str | None) -> tuple[str, str]:
    """``(provider URN, its default namespace)``; ``("", "default")`` for the default provider."""
    if not provider:
        return "", "default"
    urn = provider.rsplit("::", 1)[0]
    found = record.by_urn().get(urn)
    namespace = found.plain_inputs().get("namespace") if found is not None else None
    return urn, namespace if isinstance(namespace, str) and namespace else "default"


def object_key(record: PlanRecord, type_token: str, inputs: dict[str, Any], provider: str | None) -> tuple[str, str, str, str, str] | None:
    """``(cluster, group, kind, namespace, name)`` of a Kubernetes object, ``None`` without a plain name."""
    gvk = parse_type_token(type_token)
    if gvk is None:
        return None
    group, kind = gvk.group, gvk.kind
    raw = inputs.get("metadata")
    metadata: dict[str, Any] = raw if isinstance(raw, dict) else {}
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        return None
    cluster, default_namespace = _provider_namespace(record, provider)
    namespace = "" if kind in CLUSTER_SCOPED_KINDS else (metadata.get("namespace") or default_namespace)
    return cluster, group, kind, str(namespace), name


describes(CHECK_NAME, "Two resources must not render the same Kubernetes object (same group, kind, namespace and name).")


@plan_check(CHECK_NAME)
def duplicate_objects(stack: StackInput, record: PlanRecord) -> CheckResult:
    """One blocking finding per Kubernetes object rendered by more than one resource."""
    owners: dict[tuple[str, str, str, str, str], list[str]] = defaultdict(list)
    for r in record.resources:
        if not is_kubernetes_object(r):
            continue
        key = object_key(record, r.type, r.plain_inputs(), r.provider)
        if key is not None:
            owners[key].append(r.urn)
    findings = []
    for (_, group, kind, namespace, name), urns in sorted(owners.items()):
        if len(urns) < 2:
            continue
        where = f"{namespace}/{name}" if namespace else name
        names = ", ".join(u.rsplit("::", 1)[-1] for u in urns)
        findings.append(Finding(
            f"the Kubernetes object {kind} {where}{f' ({group})' if group else ''} is rendered by {len(urns)} resources ({names}); "
            "pulumi up would fail to create it twice; give each a unique metadata.name or keep one",
            check=CHECK_NAME,
            level=MANDATORY,
            urn=urns[1],
        ))
    return CheckResult(findings=findings)


__all__ = ["CHECK_NAME", "CLUSTER_SCOPED_KINDS", "duplicate_objects", "object_key"]
