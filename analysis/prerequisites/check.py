"""Plan check ``prerequisites``: every custom kind in ``manifests.yaml`` is installed by the program
or declared provided by the cluster, and every object waits for the install of its kind.

A missing or unordered install is a blocking ``[prerequisite]`` finding naming the kind, the
objects and the fix (``plan`` exits 1); an install whose upstream is archived or legacy is an
advisory one. Like every plan check's findings, they also go into ``policy-report.json``
(``checks``) and ``policy-report.sarif`` under the id ``prerequisite``.
"""

from __future__ import annotations

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput

from ..checks import CheckResult, Finding, describes, plan_check
from ..findings import ADVISORY, MANDATORY
from .declared import declared_provided
from .problems import PrerequisiteProblem, missing_prerequisites
from .sites import install_sites

CHECK_NAME = "prerequisites"
FINDING = "prerequisite"

describes(
    FINDING,
    "Every custom kind a stack applies is installed by the stack, or declared provided by the cluster, before its objects.",
)


def prerequisite_problems(stack: StackInput, record: PlanRecord) -> list[PrerequisiteProblem]:
    """The problems of one planned stack, with its declaration (config key and environment)."""
    return missing_prerequisites(record, declared_provided(stack.config))


@plan_check(CHECK_NAME)
def prerequisites(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Blocking findings for missing and unordered installs; advice for unmaintained ones."""
    problems = prerequisite_problems(stack, record)
    sites = install_sites(record)
    installed = sorted({i for s in sites for i in s.installs})
    findings = [
        Finding(p.message, fix=p.fix, level=MANDATORY if p.blocking else ADVISORY, urn=p.urn, check=FINDING)
        for p in problems
    ]
    blocking = sum(1 for p in problems if p.blocking)
    text = (f"   prerequisites: installs {', '.join(installed) or 'none'}; "
            f"{blocking} missing or unordered, {len(problems) - blocking} advisory")
    return CheckResult(findings=findings, text=text)
