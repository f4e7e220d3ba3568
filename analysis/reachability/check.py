"""Plan check ``reachability``: no workload is wired to an endpoint it cannot reach.

Each problem is a blocking ``[unreachable]`` finding naming the workload (where it runs, what it
reaches), the endpoint (what it is, where it answers), how it is wired and the fix; ``plan``
exits 1. The findings also go into ``policy-report.json`` and ``policy-report.sarif`` under the id
``unreachable``.
"""

from __future__ import annotations

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput
from eventing_platform.rules.model import MANDATORY, Rule, Violation
from eventing_platform.rules.plan_check import report_in_policy_files

from ..checks import CheckResult, Finding, plan_check
from .problems import unreachable

CHECK_NAME = "reachability"
FINDING = "unreachable"

RULE = Rule(
    id=FINDING,
    description="Every endpoint a workload is given answers on a network the workload can reach (its VPC, the Internet, its cluster).",
    level=MANDATORY,
    severity="high",
    remediation="Give the workload an endpoint that answers where it runs (e.g. a public SASL_SSL endpoint for a Function Compute "
    "workload), or run the workload where the endpoint answers.",
    applies=lambda _type: False,
    stack_check=lambda _resources, _config: (),  # evaluated by the plan check below, not by the pack
    tags=("network", "reachability"),
)
"""How the reports describe the check (it is not part of the policy pack: it needs the whole plan)."""


def _violations(_stack: StackInput, record: PlanRecord) -> list[Violation]:
    return [Violation(p.message, fix=p.fix, level=MANDATORY, urn=p.placement.urn) for p in unreachable(record)]


report_in_policy_files(RULE, _violations)


@plan_check(CHECK_NAME)
def reachability(_stack: StackInput, record: PlanRecord) -> CheckResult:
    """A blocking finding per workload wired to an endpoint it cannot reach."""
    problems = unreachable(record)
    findings = [Finding(FINDING, f"{p.message}; fix: {p.fix}", resource=p.placement.urn) for p in problems]
    return CheckResult(findings=findings, text=f"   reachability: {len(problems)} unreachable endpoint(s)")
