"""Shared fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.support.planned import planned

# CI (which sets CI=true) runs property-based tests derandomized, so a submission's result does
# not depend on the draw; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def k8s_events_dev():
    """The k8s-events stack planned with its shipped config (dev), from the one cache."""
    return planned("k8s-events", "dev")


@pytest.fixture(scope="session")
def k8s_events_prod():
    """The k8s-events stack planned in prod, from the one cache."""
    return planned("k8s-events", "prod")
