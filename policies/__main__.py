"""The eventing-platform CrossGuard policy pack.

Run by the Pulumi CLI (`pulumi preview --policy-pack policies`), which starts
`python -u -m pulumi.policy <engine> <this directory>`: constructing the PolicyPack serves the
Analyzer gRPC API until the CLI stops it. The rules live in importable modules (policies.rules).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import EnforcementLevel, PolicyPack  # noqa: E402

from policies import PACK_NAME  # noqa: E402
from policies.pack import pulumi_policies  # noqa: E402

PolicyPack(
    name=PACK_NAME,
    policies=pulumi_policies(),
    enforcement_level=EnforcementLevel.ADVISORY,
    description="Security and reliability rules for event-driven serverless platforms (Knative, Alibaba Cloud, Google Cloud).",
)
