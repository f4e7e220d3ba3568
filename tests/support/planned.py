"""Every shipped stack planned once per test process (dev and prod), for tests that only read plans."""

from __future__ import annotations

import functools
from typing import Any

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.artefacts import manifests
from stacks.scenarios import SCENARIOS

from .offline import plan

STAGES = ("dev", "prod")

STACK_STAGES = [(stack, stage) for stack in SCENARIOS for stage in STAGES]
"""Every (stack, stage) pair: parametrize over it so new stacks are covered automatically."""


@functools.cache
def planned(stack: str, stage: str) -> PlanRecord:
    """``stack`` planned with its shipped config for ``stage`` (cached; do not mutate)."""
    return plan(stack, stage=stage)


def planned_objects(stack: str, stage: str) -> list[dict[str, Any]]:
    """The Kubernetes objects of :func:`planned`, as written to ``manifests.yaml``."""
    return manifests(planned(stack, stage))
