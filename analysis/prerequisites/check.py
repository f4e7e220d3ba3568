"""Plan check ``prerequisites``: every custom kind in ``manifests.yaml`` is installed by the program
or declared provided by the cluster, and every object waits for the install of its kind.

A missing or unordered install is a blocking ``[prerequisite]`` finding naming the kind, the
objects and the fix (``plan`` exits 1); an install whose upstream is archived or legacy is an
advisory one. The findings also go into ``policy-report.json`` and ``policy-report.sarif`` under
the id ``prerequisite``.
"""

from __future__ import annotations

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput
from eventing_platform.rules.model import ADVISORY, MANDATORY, Rule, Violation
from eventing_platform.rules.plan_check import report_in_policy_files

from ..checks import CheckResult, Finding, plan_check
from .declared import declared_provided
from .problems import PrerequisiteProblem, missing_prerequisites
from .sites import install_sites

CHECK_NAME = "prerequisites"
FINDING = "prerequisite"

RULE = Rule(
    id=FINDING,
    description="Every custom kind a stack applies is installed by the stack, or declared provided by the cluster, before its objects.",
    level=MANDATORY,
    severity="high",
    remediation="Install the controller of the kind in the program (this repository: install_* config keys) and make its "
    "objects depend on it, or declare the cluster provides it (eventing-platform:provided_kinds).",
    applies=lambda _type: False,
    stack_check=lambda _resources, _config: (),  # evaluated by the plan check below, not by the pack
    tags=("kubernetes", "prerequisites"),
)
"""How the reports describe the check (it is not part of the policy pack: it needs the whole plan)."""


def prerequisite_problems(stack: StackInput, record: PlanRecord) -> list[PrerequisiteProblem]:
    """The problems of one planned stack, with its declaration (config key and environment)."""
    return missing_prerequisites(record, declared_provided(stack.config))


def _violations(stack: StackInput, record: PlanRecord) -> list[Violation]:
    return [
        Violation(p.message, fix=p.fix, level=MANDATORY if p.blocking else ADVISORY, urn=p.urn)
        for p in prerequisite_problems(stack, record)
    ]


report_in_policy_files(RULE, _violations)


@plan_check(CHECK_NAME)
def prerequisites(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Blocking findings for missing and unordered installs; advice for unmaintained ones."""
    problems = prerequisite_problems(stack, record)
    sites = install_sites(record)
    installed = sorted({i for s in sites for i in s.installs})
    findings = [
        Finding(FINDING, f"{p.message}; fix: {p.fix}", resource=p.urn,
                severity=MANDATORY if p.blocking else ADVISORY, blocking=p.blocking)
        for p in problems
    ]
    blocking = sum(1 for p in problems if p.blocking)
    text = (f"   prerequisites: installs {', '.join(installed) or 'none'}; "
            f"{blocking} missing or unordered, {len(problems) - blocking} advisory")
    return CheckResult(findings=findings, text=text)
