"""Child processes are timed by their own CPU, in alternating pairs, reported as min/median/max."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks import processes
from benchmarks.processes import ProcessFailed, Spread, paired, run_process

BUSY = [sys.executable, "-c", "sum(range(3_000_000))"]
IDLE = [sys.executable, "-c", "import time; time.sleep(0.3)"]


def test_a_child_is_timed_by_its_cpu_not_its_wall_time() -> None:
    busy, idle = run_process(BUSY), run_process(IDLE)
    assert busy.cpu_s > idle.cpu_s
    assert idle.cpu_s < 0.3, "sleeping costs no CPU"
    assert busy.peak_rss_kib > 0 and busy.exit_code == 0


def test_an_unexpected_exit_code_fails_with_the_end_of_stderr() -> None:
    with pytest.raises(ProcessFailed, match="boom"):
        run_process([sys.executable, "-c", "import sys; sys.exit('boom')"])
    assert run_process([sys.executable, "-c", "raise SystemExit(1)"], expect=(0, 1)).exit_code == 1


def test_captured_output_is_returned() -> None:
    assert run_process([sys.executable, "-c", "print('x' * 100000)"], capture=True).stdout.strip() == "x" * 100000


def test_pairs_alternate_their_order_and_the_ratio_is_taken_per_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    cpu = {"a": iter([2.0, 2.0, 4.0, 2.0]), "b": iter([1.0, 1.0, 1.0, 4.0])}

    def fake(command, **_):
        order.append(command[0])
        return processes.ProcessRun(next(cpu[command[0]]), 100, 0)

    monkeypatch.setattr(processes, "run_process", fake)
    result = paired(["a"], ["b"], 3)
    assert order == ["a", "b", "a", "b", "b", "a", "a", "b"]  # warm-up, then a-b, b-a, a-b
    assert result.ratio == Spread(0.5, 2.0, 4.0)
    assert result.subject == Spread(2.0, 2.0, 4.0) and result.pairs == 3


@pytest.mark.parametrize(("values", "expected"), [([3.0], Spread(3, 3, 3)), ([1.0, 5.0, 2.0], Spread(1, 2, 5)),
                                                  ([4.0, 1.0, 2.0, 3.0], Spread(1, 2.5, 4))])
def test_spread_is_min_median_max(values: list[float], expected: Spread) -> None:
    assert Spread.of(values) == expected
    assert Spread.of(values).scaled(2) == Spread(expected.min * 2, expected.median * 2, expected.max * 2)


@pytest.mark.parametrize("env", [None, {"PYTHONDONTWRITEBYTECODE": "1", "KEEP": "x"}])
def test_children_may_write_bytecode_caches(env: dict[str, str] | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    probe = [sys.executable, "-c", "import os, sys; print(sys.dont_write_bytecode, os.environ.get('KEEP'))"]
    out = run_process(probe, env=env, capture=True).stdout.split()
    assert out == ["False", "x" if env else "None"]
