"""Shared fixtures."""

from __future__ import annotations

import pytest

from tests.support.offline import plan


@pytest.fixture(scope="session")
def k8s_events_dev():
    """The k8s-events stack planned once with its shipped config (dev)."""
    return plan("k8s-events")


@pytest.fixture(scope="session")
def k8s_events_prod():
    """The k8s-events stack planned once in prod."""
    return plan("k8s-events", stage="prod")
