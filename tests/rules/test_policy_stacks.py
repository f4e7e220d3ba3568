"""Every shipped stack, dev and prod, passes every mandatory policy (in memory, as `plan` runs them)."""

from __future__ import annotations

import pytest

from eventing_platform.rules.evaluate import evaluate
from tests.support.planned import planned_resources, stack_params


@pytest.mark.parametrize(("stack", "stage"), stack_params())
def test_shipped_stack_has_no_mandatory_violation(stack, stage):
    resources = planned_resources(stack, stage)
    assert resources, f"{stack} registered nothing"
    mandatory = [f"{f.policy}: {f.resource_name}: {f.message}" for f in evaluate(resources, stack_stage=stage) if f.level == "mandatory"]
    assert not mandatory, "\n".join(mandatory)
