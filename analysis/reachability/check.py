"""Plan check ``reachability``: no workload is wired to an endpoint it cannot reach.

Each problem is a blocking ``[unreachable]`` finding naming the workload (where it runs, what it
reaches), the endpoint (what it is, where it answers), how it is wired and the fix; ``plan``
exits 1. Like every plan check's findings, they also go into ``policy-report.json`` (``checks``)
and ``policy-report.sarif`` under the id ``unreachable``.
"""

from __future__ import annotations

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput

from ..checks import CheckResult, Finding, describes, plan_check
from ..findings import MANDATORY
from .problems import unreachable

CHECK_NAME = "reachability"
FINDING = "unreachable"

describes(
    FINDING,
    "Every endpoint a workload is given answers on a network the workload can reach (its VPC, the Internet, its cluster).",
)


@plan_check(CHECK_NAME)
def reachability(_stack: StackInput, record: PlanRecord) -> CheckResult:
    """A blocking finding per workload wired to an endpoint it cannot reach."""
    problems = unreachable(record)
    findings = [Finding(p.message, fix=p.fix, level=MANDATORY, urn=p.placement.urn, check=FINDING) for p in problems]
    return CheckResult(findings=findings, text=f"   reachability: {len(problems)} unreachable endpoint(s)")
