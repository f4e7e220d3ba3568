"""Checks that ``plan`` runs on every planned stack (policies, event-flow loops, ...).

A check is a function ``(stack, record) -> CheckResult``. It may add artefacts (file name ->
text, written beside ``plan.json``), text printed after the resource tree, and findings; any
finding with ``blocking=True`` makes ``plan`` exit 1. Register checks with :func:`plan_check`;
the modules that define them are imported by :func:`all_checks`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput


@dataclass(frozen=True)
class Finding:
    """One problem a check found."""

    check: str
    """Which check (e.g. a policy id, or ``event-loop``)."""
    message: str
    """What is wrong and how to fix it, one line."""
    resource: str | None = None
    """URN (or name) of the resource concerned."""
    severity: str = "mandatory"
    """``mandatory``, ``advisory`` or ``disabled``."""
    blocking: bool = True
    """True when this finding makes ``plan`` exit 1."""


@dataclass
class CheckResult:
    """What a check returns for one stack."""

    findings: list[Finding] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    text: str = ""


PlanCheck = Callable[[StackInput, PlanRecord], CheckResult]

_CHECKS: dict[str, PlanCheck] = {}

# Modules that register checks when imported; a missing optional one is skipped.
CHECK_MODULES: tuple[str, ...] = (
    "eventing_platform.analysis.flow.check",
    "eventing_platform.rules.plan_check",
    "eventing_platform.analysis.prerequisites.check",
    "eventing_platform.analysis.reachability.check",
)


def plan_check(name: str) -> Callable[[PlanCheck], PlanCheck]:
    """Decorator registering a plan check under ``name`` (runs in name order)."""

    def deco(fn: PlanCheck) -> PlanCheck:
        _CHECKS[name] = fn
        return fn

    return deco


def all_checks() -> list[tuple[str, PlanCheck]]:
    """Every registered check, after importing the modules that define them."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return sorted(_CHECKS.items())


def run_checks(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Run every check on one planned stack and merge their results."""
    merged = CheckResult()
    texts = []
    for _, check in all_checks():
        result = check(stack, record)
        merged.findings.extend(result.findings)
        merged.files.update(result.files)
        if result.text:
            texts.append(result.text)
    merged.text = "\n".join(texts)
    return merged
