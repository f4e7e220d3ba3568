"""Fixtures of the packaging tests: the wheel and fresh virtual environments with it (slow)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.venvs import POLICY_FLOOR, build_wheel, make_venv


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the packaging inputs only."""
    return build_wheel(tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def full_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and every user-facing extra (alicloud, gcp, policy); its python."""
    return make_venv(tmp_path_factory.mktemp("venv-full"), f"{wheel}[alicloud,gcp,policy]")


@pytest.fixture(scope="session")
def floor_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and the oldest pulumi-policy (and pulumi) the pack supports."""
    return make_venv(tmp_path_factory.mktemp("venv-floor"), str(wheel), *POLICY_FLOOR)
