"""The one cache of planned stacks for tests that only read a plan.

Each (stack, stage, config, secrets) is planned once per test process, with the stack's real
``__main__.py`` (:func:`tests.support.offline.plan`), and shared by every test that reads it: the
record, its Kubernetes objects, its resources as policies see them and its event-flow graph.
Do not mutate what these return; a test that changes a plan, or watches the run itself (the
invokes it makes), plans its own with :func:`tests.support.offline.plan`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from eventing_platform.analysis.flow import FlowGraph, extract_graph
from eventing_platform.engine import PlanRecord
from eventing_platform.engine.artefacts import manifests
from eventing_platform.rules.evaluate import resources_from_record
from eventing_platform.rules.model import Resource
from stacks.scenarios import SCENARIOS

from .offline import plan

STAGES = ("dev", "prod")

STACK_STAGES = [(stack, stage) for stack in SCENARIOS for stage in STAGES]
"""Every (stack, stage) pair: parametrize over it so new stacks are covered automatically."""


def stack_params() -> list[tuple[str, str]]:
    """(stack, stage) for every shipped stack, sorted by stack (read at collection: stacks land over time)."""
    return [(name, stage) for name in sorted(SCENARIOS) for stage in STAGES]


@functools.cache
def _planned(stack: str, stage: str, config: tuple[tuple[str, Any], ...], secrets: tuple[tuple[str, str], ...]) -> PlanRecord:
    return plan(stack, config=dict(config), secrets=dict(secrets), stage=stage)


def planned(
    stack: str,
    stage: str = "dev",
    config: Mapping[str, Any] | None = None,
    secrets: Mapping[str, str] | None = None,
) -> PlanRecord:
    """``stack`` planned for ``stage`` with its shipped config plus ``config``/``secrets`` (short
    keys, like ``--config``/``--secret``; default none): cached, do not mutate."""
    return _planned(stack, stage, tuple(sorted((config or {}).items())), tuple(sorted((secrets or {}).items())))


def planned_objects(stack: str, stage: str = "dev") -> list[dict[str, Any]]:
    """The Kubernetes objects of :func:`planned`, as written to ``manifests.yaml``."""
    return manifests(planned(stack, stage))


@functools.cache
def planned_resources(stack: str, stage: str = "dev") -> tuple[Resource, ...]:
    """The resources of :func:`planned` as the policy rules read them (plain inputs)."""
    return tuple(resources_from_record(planned(stack, stage)))


@functools.cache
def planned_graph(stack: str, stage: str = "dev") -> FlowGraph:
    """The event-flow graph of :func:`planned`."""
    return extract_graph(planned(stack, stage))
