"""The floor programs register exactly what each stack registers, with nothing of the project."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

from benchmarks import floor
from benchmarks.processes import run_process
from stacks.repository import PROGRAM
from stacks.scenarios import SCENARIOS


@pytest.fixture(scope="module")
def planned_stacks() -> dict[str, floor.PlannedStack]:
    return {name: floor.plan_with_invokes(PROGRAM, name) for name in SCENARIOS}


@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_floor_registers_the_same_custom_resources_inputs_providers_and_dependencies(planned_stacks, stack: str) -> None:
    planned = planned_stacks[stack]
    program = floor.equivalent_floor(planned)
    got, invokes = floor.floor_record(program.source, planned)
    assert all(r.custom for r in got.resources), "the floor registers no component"
    assert floor.signature(got) == floor.signature(planned.record)
    assert sorted(t for t, _ in invokes) == sorted(t for t, _ in planned.invokes)  # callbacks invoke in any order
    styles = {c.style for c in program.constructors.values()}
    assert "sdk" in styles, "provider SDK classes are used where they exist"
    assert "eventing_platform" not in program.source and "stacks" not in program.source.split('"""', 2)[-1]


def test_difference_check_notices_a_changed_input_provider_and_dependency(planned_stacks) -> None:
    record = planned_stacks["oss-unzip"].record
    custom = [r for r in record.resources if r.custom]
    first = next(r for r in custom if r.provider)
    with_deps = next(r for r in custom if r.dependencies and r.urn != first.urn)
    changes = {
        first.urn: dataclasses.replace(first, inputs={**first.inputs, "extra": 1}, provider=None),
        with_deps.urn: dataclasses.replace(with_deps, dependencies=()),
    }
    altered = dataclasses.replace(record, resources=[changes.get(r.urn, r) for r in record.resources])
    problems = floor.differences(record, altered)
    assert ("inputs differ", first.type, first.name) in problems
    assert ("provider differ", first.type, first.name) in problems
    assert any(p[0] == "dependencies differ" for p in problems)


def test_floor_program_runs_alone_on_plain_mocks_without_the_project(planned_stacks, tmp_path: Path) -> None:
    programs = [floor.equivalent_floor(planned_stacks[n]) for n in ("k8s-events", "rocketmq-orders")]
    launcher = floor.write_floors(tmp_path / "floor", programs)
    probe = ("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__'); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('eventing_platform', 'stacks', 'benchmarks')))")
    run = run_process([sys.executable, "-c", probe, str(launcher), "k8s-events", "rocketmq-orders"], cwd=tmp_path, capture=True)
    assert run.stdout.strip() == "[]"
    assert run.cpu_s > 0
