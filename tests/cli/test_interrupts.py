"""SIGINT and SIGTERM sent to a real ``python -m stacks plan`` process at different moments:
one line, exit 130/143, never swallowed, and ``--out`` holds complete folders of this run or none."""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventing_platform.cli.interrupts import Interrupted, InterruptState
from eventing_platform.cli.output_dir import RUN_FILE, STAGING_PREFIX

ROOT = Path(__file__).resolve().parents[2]
STACKS = ["oss-unzip", "k8s-events", "rocketmq-orders"]
FILES = {"plan.json", "manifests.yaml", "flow.mmd", "policy-report.json", "policy-report.sarif", "preview.json", "summary.md"}


def _old_run(out: Path) -> None:
    for stack in STACKS:
        (out / stack).mkdir(parents=True)
        for name in FILES:
            (out / stack / name).write_text('{"stage": "old"}')


def _start(out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stacks", "plan", *STACKS, "--out", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def _wait_for_run_start(proc: subprocess.Popen[str], out: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (out / RUN_FILE).exists():
        assert proc.poll() is None, f"the run ended before it started: {proc.stderr.read() if proc.stderr else ''}"
        assert time.monotonic() < deadline
        time.sleep(0.02)


@pytest.mark.parametrize(("sig", "when"), [
    (signal.SIGINT, "importing"),
    (signal.SIGTERM, "importing"),
    (signal.SIGINT, 0.0),
    (signal.SIGTERM, 0.0),
    (signal.SIGINT, 0.6),
    (signal.SIGTERM, 0.3),
])
def test_an_interrupt_exits_128_plus_signal_with_one_line_and_no_stale_or_partial_folder(tmp_path, sig, when):
    out = tmp_path / "out"
    _old_run(out)
    proc = _start(out)
    if when == "importing":
        time.sleep(0.3)
    else:
        _wait_for_run_start(proc, out)
        time.sleep(when)
    assert proc.poll() is None, "the run must still be going when the signal is sent"
    proc.send_signal(sig)
    rc = proc.wait(timeout=120)
    err = proc.stderr.read() if proc.stderr else ""
    assert rc == 128 + sig, f"the interrupt was swallowed or mis-reported (rc {rc}): {err}"
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith(f"error: interrupted by {signal.Signals(sig).name}"), err
    # Interrupted before the run began, --out is untouched; after, a planned stack's folder holds
    # this run's artefacts (the signal came while they were moved into place) or is gone.
    expected = "old" if when == "importing" else "dev"
    for stack in STACKS:
        folder = out / stack
        if folder.exists():
            assert {p.name for p in folder.iterdir()} == FILES
            assert json.loads((folder / "plan.json").read_text())["stage"] == expected
    if when != "importing":
        assert not [p for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, RUN_FILE))]


def test_a_signal_while_deferred_is_raised_when_the_block_ends():
    state = InterruptState()
    with pytest.raises(Interrupted) as raised, state.deferred():
        state.handle(signal.SIGTERM, None)  # recorded, not raised: the block finishes
        finished = True
    assert finished and raised.value.exit_code == 143


def test_a_swallowed_interrupt_is_still_the_exit_code():
    state = InterruptState()
    with contextlib.suppress(Interrupted):  # e.g. a library's `except BaseException`
        state.handle(signal.SIGINT, None)
    assert state.exit_code == 130
    with pytest.raises(Interrupted):
        state.check()
