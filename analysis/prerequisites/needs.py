"""What each Kubernetes object of a plan needs installed on the cluster before it can be applied."""

from __future__ import annotations

from dataclasses import dataclass

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.kinds import GroupVersionKind, is_builtin_group, kind_of, parse_type_token
from eventing_platform.kinds.installs import object_requirements


@dataclass(frozen=True)
class ObjectNeed:
    """One object of the plan and the installs it needs."""

    urn: str
    """The object's URN."""
    gvk: GroupVersionKind
    """Its group, version and kind."""
    name: str
    """``metadata.name`` (the Pulumi name when it has none)."""
    namespace: str | None
    """``metadata.namespace``."""
    installs: tuple[str, ...]
    """Install ids it needs: the one providing its kind, then any its implementation needs."""
    catalogued: bool
    """False for a custom kind the catalogue does not know (no install is known to provide it)."""

    @property
    def label(self) -> str:
        """``<namespace>/<name>`` (or just the name)."""
        return f"{self.namespace}/{self.name}" if self.namespace else self.name


def object_needs(record: PlanRecord) -> list[ObjectNeed]:
    """Every custom object of the plan (what ``manifests.yaml`` holds beyond Kubernetes' own
    kinds) with the installs it needs."""
    out: list[ObjectNeed] = []
    for r in record.resources:
        gvk = parse_type_token(r.type)
        if gvk is None or not is_kubernetes_object(r) or is_builtin_group(gvk.group):
            continue
        meta = r.inputs.get("metadata") or {}
        name = str(meta.get("name") or r.name)
        namespace = meta.get("namespace") if isinstance(meta.get("namespace"), str) else None
        kind = kind_of(gvk.group, gvk.kind)
        base = (kind.provided_by,) if kind is not None and kind.provided_by else ()
        extra = object_requirements(gvk.group, gvk.kind, r.inputs)
        out.append(ObjectNeed(r.urn, gvk, name, namespace, tuple(dict.fromkeys(base + extra)), kind is not None and bool(base)))
    return out
