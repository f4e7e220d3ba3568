"""Which SDKs a command loads, and which its stack uses; the targets: ``list`` and ``schema``
load no cloud SDK, ``plan``/``route`` only what the stack uses (each command in a child process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import imports
from benchmarks.pack_grpc import process_cpu
from stacks.scenarios import SCENARIOS
from tests.support.planned import planned

RAW_PROGRAM = Path(__file__).resolve().parents[1] / "cli" / "raw_program"
"""A program folder of its own, for the ``eventing-platform --program DIR`` spelling."""


def _used(stack: str) -> set[str]:
    """The SDKs ``stack`` uses, from its resources' providers (from the shared plan cache; every
    stack's invokes go to providers it has resources of, so the benchmark's count is the same)."""
    return set(imports.sdks_used([r.type for r in planned(stack).resources if r.custom]))


@pytest.mark.parametrize(("tokens", "used"), [
    (["kubernetes:core/v1:Namespace", "kubernetes:serving.knative.dev/v1:Service"], ["pulumi_kubernetes"]),
    (["pulumi:providers:alicloud", "random:index/randomPassword:RandomPassword"], ["pulumi_alicloud", "pulumi_random"]),
    (["gcp:storage/getProjectServiceAccount:getProjectServiceAccount", "eventing-platform:knative:Trigger"], ["pulumi_gcp"]),
    ([], []),
])
def test_a_stack_uses_the_sdks_of_its_resource_and_invoke_providers(tokens: list[str], used: list[str]) -> None:
    assert imports.sdks_used(tokens) == used


@pytest.mark.parametrize("args", [["list", "--format", "json"], *(["schema", name] for name in SCENARIOS)], ids=" ".join)
def test_list_and_schema_load_no_cloud_sdk(args: list[str], tmp_path: Path) -> None:
    assert imports.loaded_sdks(args, tmp_path) == []


def test_list_loads_neither_pulumi_nor_pydantic(tmp_path: Path) -> None:
    modules = set(imports.loaded_modules(["list"], tmp_path))
    assert {"stacks", "eventing_platform"} <= modules  # the probe sees what the command imports
    assert modules & {*imports.CLOUD_SDKS, "pulumi", "pydantic", "grpc", "pulumi_policy"} == set()


@pytest.mark.parametrize("verb", [["list"], ["schema", "--stack", "dev"]], ids=" ".join)
def test_eventing_platform_list_and_schema_of_a_program_load_no_pulumi(verb: list[str], tmp_path: Path) -> None:
    modules = imports.loaded_modules([*verb[:1], "--program", str(RAW_PROGRAM), *verb[1:]], tmp_path, "eventing_platform")
    assert "eventing_platform" in modules
    assert set(modules) & {*imports.CLOUD_SDKS, "pulumi", "pydantic"} == set()


# Slow (a whole `plan` process per stack, ~2-4 s each): run by `.ci/run` with the other slow tests.
@pytest.mark.slow
@pytest.mark.parametrize("stack", list(SCENARIOS))
def test_plan_of_a_stack_loads_only_the_sdks_the_stack_uses(stack: str, tmp_path: Path) -> None:
    loaded = imports.loaded_sdks(["plan", stack, "--out", str(tmp_path / "out")], tmp_path)
    assert "pulumi_kubernetes" in loaded
    assert set(loaded) <= _used(stack)


@pytest.mark.slow
def test_route_loads_only_the_sdks_the_stack_uses(tmp_path: Path) -> None:
    loaded = imports.loaded_sdks(["route", "k8s-events", "--sample", "event-added"], tmp_path)
    assert loaded == ["pulumi_kubernetes"] and set(loaded) <= _used("k8s-events")


def test_a_running_process_cpu_is_read_from_proc() -> None:
    import os
    import time

    started = time.process_time()
    sum(range(2_000_000))
    mine = process_cpu(os.getpid())
    assert mine >= started - 0.02
