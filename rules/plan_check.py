"""Plan check ``policies``: the policy pack's rules, evaluated in memory on every planned stack.

Writes ``policy-report.json`` and ``policy-report.sarif`` beside ``plan.json`` and prints the
violations grouped by level with resource and fix. Mandatory violations are blocking (``plan``
exits 1). The stage is the stack's ``eventing-platform:stage``; a policy config in the format of
``pulumi preview --policy-pack-config`` can be given with the environment variable
``EVENTING_PLATFORM_POLICY_CONFIG`` (path to the JSON file).

Other plan checks whose findings belong in the same reports (``prerequisite``, ``unreachable``)
register with :func:`report_in_policy_files`: their findings are added to the reports (text, JSON,
SARIF) under a rule that describes them, while the check itself still returns its own findings
(so they are printed and counted once).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eventing_platform.analysis.checks import CheckResult, Finding, plan_check
from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput, UsageError

from . import report
from .evaluate import Finding as PolicyFinding
from .evaluate import PolicyConfigError, evaluate, load_pack_config, resources_from_record
from .model import Rule, Violation, resolve_level
from .registry import RULES

POLICY_CONFIG_ENV = "EVENTING_PLATFORM_POLICY_CONFIG"
"""Environment variable naming a ``--policy-pack-config`` JSON file for ``plan``."""


@dataclass(frozen=True)
class ReportedCheck:
    """A plan check outside the policy pack whose findings also go into the policy reports."""

    rule: Rule
    """Describes the check in the reports (id, description, severity, remediation)."""
    findings: Callable[[StackInput, PlanRecord], Sequence[Violation]]
    """The check's findings on one planned stack (each with its resource URN)."""


REPORTED_CHECKS: dict[str, ReportedCheck] = {}
"""Checks reported with the policies, by rule id (filled by the modules that define them)."""


def report_in_policy_files(rule: Rule, findings: Callable[[StackInput, PlanRecord], Sequence[Violation]]) -> None:
    """Add the findings of another plan check to ``policy-report.json``/``.sarif`` and the printed report."""
    REPORTED_CHECKS[rule.id] = ReportedCheck(rule, findings)


def _reported(stack: StackInput, record: PlanRecord) -> list[PolicyFinding]:
    by_urn = record.by_urn()
    out: list[PolicyFinding] = []
    for check in REPORTED_CHECKS.values():
        for v in check.findings(stack, record):
            resource = by_urn.get(v.urn or "")
            out.append(PolicyFinding(
                policy=check.rule.id, level=resolve_level(v.level or check.rule.level, stack.stage),
                severity=check.rule.severity, message=v.message, fix=v.fix or check.rule.remediation, urn=v.urn,
                resource_type=resource.type if resource else None, resource_name=resource.name if resource else None,
            ))
    return out


def _artifact(stack: StackInput) -> str:
    """The file code-scanning views attach findings to: the stack's config file."""
    return f"Pulumi.{stack.name}.yaml"


@plan_check("policies")
def policy_check(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Evaluate every rule on the stack's recorded resources (plain inputs stay in memory)."""
    path = os.environ.get(POLICY_CONFIG_ENV)
    try:
        pack_config = load_pack_config(path) if path else None
    except PolicyConfigError as err:
        raise UsageError(f"{POLICY_CONFIG_ENV}: {err}") from None
    findings = evaluate(resources_from_record(record), stack_stage=stack.stage, pack_config=pack_config)
    reported = [*findings, *_reported(stack, record)]
    rules = (*RULES, *(c.rule for c in REPORTED_CHECKS.values()))
    return CheckResult(
        findings=[
            Finding(
                check=f.policy,
                message=f"{f.message}; fix: {f.fix}",
                resource=f.urn,
                severity=f.level,
                blocking=f.blocking,
            )
            for f in findings
        ],
        files={
            "policy-report.json": report.to_json(stack.name, stack.stage, reported, rules),
            "policy-report.sarif": report.to_sarif(stack.name, stack.stage, reported, _artifact(stack), rules),
        },
        text=report.to_text(stack.name, stack.stage, reported),
    )
