"""Shipped stacks planned once per test process (both the in-memory and the gRPC tests use them)."""

from __future__ import annotations

from functools import cache

from eventing_platform.rules.evaluate import resources_from_record
from eventing_platform.rules.model import Resource
from stacks.scenarios import SCENARIOS
from tests.support.offline import plan

STAGES = ("dev", "prod")


def stack_params() -> list[tuple[str, str]]:
    """(stack, stage) for every shipped stack (read at collection: stacks land over time)."""
    return [(name, stage) for name in sorted(SCENARIOS) for stage in STAGES]


@cache
def planned_resources(stack: str, stage: str) -> tuple[Resource, ...]:
    """The resources of a shipped stack planned with its own config at ``stage`` (plain inputs)."""
    return tuple(resources_from_record(plan(stack, stage=stage)))
