"""The benchmark compares like with like: its direct program registers what the components do."""

from __future__ import annotations

import dataclasses

import pytest

from benchmarks import bench
from eventing_platform.engine.program import read_stack_file
from stacks.repository import PROGRAM
from stacks.scenarios import SCENARIOS


def _component_run(stack: str):
    scenario = SCENARIOS[stack]
    stack_input = read_stack_file(PROGRAM, stack)
    config = bench._stack_config(scenario, stack_input)
    with bench.recording_invokes() as invokes:
        _, record = bench._run(bench.component_program(scenario, config), stack_input)
    return record, stack_input, invokes


@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_direct_program_registers_the_same_custom_resources_inputs_and_dependencies(stack: str) -> None:
    record, stack_input, invokes = _component_run(stack)
    program, factories = bench.equivalent_direct_program(record, stack_input, invokes)
    _, direct = bench._run(program, stack_input)
    assert all(r.custom for r in direct.resources), "the direct program registers no component"
    assert bench._signature(direct) == bench._signature(record)
    sdk_paths = {f.kind for f in factories.values()}
    assert sdk_paths <= {"sdk", "crd", "generic"}
    assert "sdk" in sdk_paths or "crd" in sdk_paths, "provider SDK classes must be used where they exist"


def test_equivalence_check_notices_a_changed_input() -> None:
    record, _, _ = _component_run("k8s-events")
    first = next(r for r in record.resources if r.custom)
    changed = dataclasses.replace(first, inputs={**first.inputs, "metadata": {"name": "other"}})
    altered = dataclasses.replace(record, resources=[changed if r is first else r for r in record.resources])
    assert bench._diff(record, altered) == [("inputs differ", first.type, first.name)]


def test_generated_stack_has_one_service_and_one_trigger_or_subscription_per_index() -> None:
    program, pair = bench.generated_program(3)
    _, record = bench._run(program)
    services = record.by_type("kubernetes:serving.knative.dev/v1:Service")
    assert sorted(r.name for r in services) == ["svc-0-service", "svc-1-service", "svc-2-service"]
    hops = record.by_type("kubernetes:eventing.knative.dev/v1:Trigger") or record.by_type("kubernetes:messaging.knative.dev/v1:Subscription")
    assert len(hops) == 3, pair
