"""Checks that ``plan`` runs on every planned stack (policies, event-flow loops, ...).

A check is a function ``(stack, record) -> CheckResult``. It may add artefacts (file name ->
text, written beside ``plan.json``), text printed after the resource tree, and findings
(:class:`~eventing_platform.analysis.findings.Finding`); any blocking (mandatory) finding makes
``plan`` exit 1. Register checks with :func:`plan_check`;
the modules that define them are imported by :func:`all_checks`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.garbage import paused
from eventing_platform.engine.program import StackInput

from .findings import Finding


@dataclass
class CheckResult:
    """What a check returns for one stack."""

    findings: list[Finding] = field(default_factory=list)
    """What it found. Default none."""
    files: dict[str, str] = field(default_factory=dict)
    """Artefacts written beside ``plan.json``: file name -> text. Default none."""
    text: str = ""
    """Printed after the resource tree. Default empty."""


PlanCheck = Callable[[StackInput, PlanRecord], CheckResult]

_CHECKS: dict[str, PlanCheck] = {}

FINDING_DESCRIPTIONS: dict[str, str] = {}
"""One sentence per finding id a plan check reports (``event-loop``, ``prerequisite``, ...): what
it requires. Reports describe the finding with it (SARIF rules). Filled with :func:`describes`."""

# Modules that register checks when imported; a missing optional one is skipped.
CHECK_MODULES: tuple[str, ...] = (
    "eventing_platform.analysis.flow.check",
    "eventing_platform.rules.plan_check",
    "eventing_platform.analysis.prerequisites.check",
    "eventing_platform.analysis.reachability.check",
    "eventing_platform.analysis.duplicates",
)


def plan_check(name: str) -> Callable[[PlanCheck], PlanCheck]:
    """Decorator registering a plan check under ``name`` (runs in name order).

    The check runs with the cyclic garbage collector paused (:func:`~eventing_platform.engine.garbage.paused`):
    a check reads a record it keeps alive and makes next to no cyclic garbage, so a collection
    during it would only re-scan the record (see :mod:`eventing_platform.engine`).
    """

    def deco(fn: PlanCheck) -> PlanCheck:
        check = paused(fn)
        _CHECKS[name] = check
        return check

    return deco


def describes(finding: str, sentence: str) -> None:
    """Register what the findings with check id ``finding`` require, in one sentence."""
    FINDING_DESCRIPTIONS[finding] = sentence


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


__all__ = [
    "CHECK_MODULES",
    "FINDING_DESCRIPTIONS",
    "CheckResult",
    "Finding",
    "PlanCheck",
    "all_checks",
    "describes",
    "plan_check",
    "run_checks",
]
