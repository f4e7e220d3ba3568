"""Every rule of the pack, in a stable order (by area)."""

from __future__ import annotations

from . import alicloud, eventbridge, gcp, knative, ram, secrets, workloads
from .model import Rule

RULES: tuple[Rule, ...] = (
    *secrets.RULES,
    *ram.RULES,
    *alicloud.RULES,
    *eventbridge.RULES,
    *knative.RULES,
    *workloads.RULES,
    *gcp.RULES,
)
"""All rules: the ids of shared/reference/policies.md."""

BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
"""Rules by id."""

if len(BY_ID) != len(RULES):  # pragma: no cover - a programming error caught at import
    raise RuntimeError("duplicate policy ids in eventing_platform.rules.registry")
