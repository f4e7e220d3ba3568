"""Fixtures of the event-flow tests: the shipped stacks' plans and graphs, from the one cache."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eventing_platform.analysis.flow import FlowGraph
from eventing_platform.engine import PlanRecord
from tests.support import planned as shared


@pytest.fixture(scope="session")
def planned() -> Callable[[str], PlanRecord]:
    """``planned(stack)``: the stack planned with its shipped config (dev; cached in
    :mod:`tests.support.planned`)."""
    return shared.planned


@pytest.fixture(scope="session")
def graph_of() -> Callable[[str], FlowGraph]:
    """``graph_of(stack)``: the event-flow graph of a shipped stack (dev; cached)."""
    return shared.planned_graph
