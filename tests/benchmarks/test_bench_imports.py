"""Which SDKs a command loads, and which its stack uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import imports
from benchmarks.pack_grpc import process_cpu


@pytest.mark.parametrize(("tokens", "used"), [
    (["kubernetes:core/v1:Namespace", "kubernetes:serving.knative.dev/v1:Service"], ["pulumi_kubernetes"]),
    (["pulumi:providers:alicloud", "random:index/randomPassword:RandomPassword"], ["pulumi_alicloud", "pulumi_random"]),
    (["gcp:storage/getProjectServiceAccount:getProjectServiceAccount", "eventing-platform:knative:Trigger"], ["pulumi_gcp"]),
    ([], []),
])
def test_a_stack_uses_the_sdks_of_its_resource_and_invoke_providers(tokens: list[str], used: list[str]) -> None:
    assert imports.sdks_used(tokens) == used


def test_the_modules_a_command_loads_are_listed(tmp_path: Path) -> None:
    modules = imports.loaded_modules(["list"], tmp_path)
    assert "stacks" in modules and "eventing_platform" in modules
    assert set(imports.loaded_sdks(["list"], tmp_path)) <= set(imports.CLOUD_SDKS)


def test_a_running_process_cpu_is_read_from_proc() -> None:
    import os
    import time

    started = time.process_time()
    sum(range(2_000_000))
    mine = process_cpu(os.getpid())
    assert mine >= started - 0.02
