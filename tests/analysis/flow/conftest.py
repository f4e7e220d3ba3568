"""Fixtures of the event-flow tests: each shipped stack planned once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventing_platform.analysis.flow import FlowGraph, extract_graph
from eventing_platform.engine import PlanRecord
from tests.support.offline import plan


@pytest.fixture(scope="session")
def planned() -> Callable[[str], PlanRecord]:
    """``planned(stack)``: the stack planned with its shipped config (cached)."""
    cache: dict[str, PlanRecord] = {}

    def get(stack: str) -> PlanRecord:
        if stack not in cache:
            cache[stack] = plan(stack)
        return cache[stack]

    return get


@pytest.fixture(scope="session")
def graph_of(planned) -> Callable[[str], FlowGraph]:
    """``graph_of(stack)``: the event-flow graph of a shipped stack (cached)."""
    cache: dict[str, FlowGraph] = {}

    def get(stack: str) -> FlowGraph:
        if stack not in cache:
            cache[stack] = extract_graph(planned(stack))
        return cache[stack]

    return get
