"""The scenarios: each builds from the config model ``schema`` reads, and a stack names one."""

from __future__ import annotations

import pytest

from stacks.config import ConfigError
from stacks.scenarios import SCENARIOS, for_stack


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_scenario_builds_from_the_config_model_schema_reads(name: str) -> None:
    scenario = SCENARIOS[name]
    assert scenario.config_model.__module__ == scenario.config_module == f"stacks.configs.{scenario.module.rsplit('.', 1)[1]}"
    assert scenario.load().Config is scenario.config_model


@pytest.mark.parametrize(("stack", "configured", "scenario"), [
    ("k8s-events", None, "k8s-events"),
    ("my-dev-stack", "oss-unzip", "oss-unzip"),
])
def test_a_stack_runs_its_configured_scenario_or_the_one_it_is_named_after(stack: str, configured: str | None, scenario: str) -> None:
    assert for_stack(stack, configured) is SCENARIOS[scenario]


def test_a_stack_naming_no_scenario_is_a_config_error_listing_them() -> None:
    with pytest.raises(ConfigError, match="names no scenario; set it .* to one of: gcs-vision, k8s-events"):
        for_stack("my-dev-stack")
