"""The engine's garbage-collection strategy: the collector paused per phase and put back as found,
the run's cyclic garbage freed as it ends, the SDK's ``contains_unknowns`` replaced by an
acyclic equivalent, and artefacts byte-identical with the strategy and without it."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import pulumi
import pulumi_kubernetes as k8s
import pytest
from pulumi.runtime import rpc

from eventing_platform.analysis import checks
from eventing_platform.analysis.checks import CheckResult, plan_check
from eventing_platform.engine import garbage, runner
from stacks.repository import main
from tests.support.offline import run_components

SDK_CONTAINS_UNKNOWNS = rpc.contains_unknowns


@contextlib.contextmanager
def collector(enabled: bool) -> Iterator[None]:
    """The collector on or off for the block, as it was after."""
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


@pytest.mark.parametrize("enabled", [True, False])
def test_a_paused_block_puts_the_collector_back_as_it_found_it(enabled):
    with collector(enabled):
        with garbage.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), garbage.collector_paused():
            raise RuntimeError("boom")
        assert gc.isenabled() is enabled


def test_a_paused_function_runs_with_the_collector_off_and_keeps_its_name():
    @garbage.paused
    def state(x: int) -> tuple[int, bool]:
        """Doc."""
        return x, gc.isenabled()

    with collector(True):
        assert state(3) == (3, False)
        assert gc.isenabled()
    assert state.__name__ == "state" and state.__doc__ == "Doc."


@pytest.fixture
def probe_check() -> Iterator[list[bool]]:
    """A plan check registered for the test that records whether the collector was on."""
    seen: list[bool] = []

    @plan_check("zz-collector-probe")
    def probe(stack, record):
        seen.append(gc.isenabled())
        return CheckResult()

    try:
        yield seen
    finally:
        checks._CHECKS.pop("zz-collector-probe")


def test_plan_checks_run_with_the_collector_paused(probe_check):
    with collector(True):
        checks._CHECKS["zz-collector-probe"](None, None)
        assert gc.isenabled()
    assert probe_check == [False]


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_pauses_the_collector_and_replaces_the_sdk_helper_only_while_it_runs(enabled):
    during: list[tuple[bool, object]] = []

    def build():
        during.append((gc.isenabled(), rpc.contains_unknowns))
        k8s.core.v1.ConfigMap("a", metadata={"name": "a"})

    with collector(enabled):
        run_components(build)
        assert gc.isenabled() is enabled
    assert during == [(False, garbage.contains_unknowns)]
    assert rpc.contains_unknowns is SDK_CONTAINS_UNKNOWNS


def test_a_run_leaves_no_cyclic_garbage_per_resource():
    def build():
        for i in range(300):
            cm = k8s.core.v1.ConfigMap(f"c{i}", metadata={"name": f"c{i}"}, data={"k": "v"})
            pulumi.export(f"c{i}", cm.metadata["name"])

    with collector(True):
        gc.collect()
        run_components(build)
        left = gc.collect()
    # What is left is the run's event loop and executor (about 25 objects), not per resource:
    # without the strategy, a run of 300 resources leaves tens of thousands.
    assert left < 100


class _Loop(list):
    """A list that contains itself."""


_SELF = _Loop()
_SELF.append(_SELF)
_SHARED = [1, "x"]


@pytest.mark.parametrize(
    "value",
    [
        None, 1, "text", [], {},
        {"a": {"b": [1, 2, {"c": "d"}]}},
        {"a": {"b": [1, 2, {"c": pulumi.output.UNKNOWN}]}},
        [[[pulumi.output.UNKNOWN]]],
        pulumi.output.UNKNOWN,
        ("tuple", pulumi.output.UNKNOWN),  # tuples are not walked, by the SDK either
        _SELF,
        {"x": _SHARED, "y": _SHARED, "z": [_SHARED, pulumi.output.UNKNOWN]},
    ],
)
def test_the_acyclic_contains_unknowns_answers_as_the_sdks(value):
    assert garbage.contains_unknowns(value) is SDK_CONTAINS_UNKNOWNS(value)


def test_the_acyclic_contains_unknowns_makes_no_cyclic_garbage():
    value = {"a": [{"b": i} for i in range(10)]}
    with collector(False):
        gc.collect()
        for _ in range(100):
            garbage.contains_unknowns(value)
        assert gc.collect() == 0
        for _ in range(100):
            SDK_CONTAINS_UNKNOWNS(value)
        assert gc.collect() > 0  # what the replacement is for


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_stacks_artefacts_are_byte_identical_with_and_without_the_strategy(tmp_path, monkeypatch, stage):
    with collector(True):
        assert main(["plan", "--out", str(tmp_path / "with"), "--stage", stage]) == 0
        with monkeypatch.context() as m:
            for module in (garbage, runner):
                m.setattr(module, "collector_paused", _nothing)
            m.setattr(runner, "acyclic_sdk_helpers", _nothing)
            m.setattr(runner, "free_run_garbage", lambda: None)
            thresholds = gc.get_threshold()
            gc.set_threshold(100, 5, 5)  # collections more often than by default
            try:
                assert main(["plan", "--out", str(tmp_path / "without"), "--stage", stage]) == 0
            finally:
                gc.set_threshold(*thresholds)
    written = sorted(p.relative_to(tmp_path / "with") for p in (tmp_path / "with").rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(tmp_path / "without") for p in (tmp_path / "without").rglob("*") if p.is_file())
    assert len(written) >= 35  # seven artefacts of five stacks
    for path in written:
        assert (tmp_path / "with" / path).read_bytes() == (tmp_path / "without" / path).read_bytes(), path
    assert gc.get_freeze_count() == 0  # nothing is frozen
