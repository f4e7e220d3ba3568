"""``plan --out DIR``: locked for the run, never stale, never truncated, never mixed, clear errors.

Disk full is tested twice: on a real 64 KiB tmpfs (when this machine lets the test mount one,
i.e. as root) and by fault injection (a staged write that stores half its bytes, then raises
ENOSPC), which runs everywhere.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from eventing_platform.cli import output_dir
from eventing_platform.cli.output_dir import RUN_FILE, STAGING_PREFIX
from stacks.repository import main

ROOT = Path(__file__).resolve().parents[2]
STACK = "k8s-events"
FILES = {"plan.json", "manifests.yaml", "flow.mmd", "policy-report.json", "policy-report.sarif", "preview.json", "summary.md"}


def _old_run(out: Path, stack: str = STACK, stage: str = "old") -> None:
    """A complete folder from an earlier run (as plan writes it)."""
    folder = out / stack
    folder.mkdir(parents=True)
    for name in FILES:
        (folder / name).write_text(json.dumps({"stage": stage}) if name.endswith(".json") else stage)


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((STAGING_PREFIX, RUN_FILE))) if out.exists() else []


# ------------------------------------------------------------------ what each outcome leaves


def test_exit_0_replaces_the_stack_folder_whole_and_leaves_nothing_else(tmp_path):
    _old_run(tmp_path)
    assert main(["plan", STACK, "--out", str(tmp_path)]) == 0
    assert {p.name for p in (tmp_path / STACK).iterdir()} == FILES
    assert json.loads((tmp_path / STACK / "plan.json").read_text())["stage"] == "dev"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("argv", [
    ["--config", "namespace=Not_A_Valid_Name!"],
    ["--config", "nope=1"],
    ["--secret", "namespace=x"],
])
def test_exit_2_removes_the_old_artefacts_of_the_planned_stacks_only(tmp_path, capsys, argv):
    _old_run(tmp_path)
    _old_run(tmp_path, "oss-unzip")
    assert main(["plan", STACK, "--out", str(tmp_path), *argv]) == 2
    _one_error_line(capsys.readouterr().err)
    assert not (tmp_path / STACK).exists(), "a stale report would be uploaded as this run's"
    assert (tmp_path / "oss-unzip" / "plan.json").exists(), "a stack this run was not asked about stays"
    assert _leftovers(tmp_path) == []


def test_exit_2_for_a_new_folder_creates_nothing(tmp_path):
    assert main(["plan", STACK, "--out", str(tmp_path / "new"), "--config", "nope=1"]) == 2
    assert not (tmp_path / "new").exists()


def test_exit_1_writes_every_stack_of_this_run_with_the_blocking_findings(tmp_path, monkeypatch):
    policy_config = tmp_path / "policy.json"
    policy_config.write_text(json.dumps({"ask-cluster-hardening": {"stage": "prod"}}))
    monkeypatch.setenv("EVENTING_PLATFORM_POLICY_CONFIG", str(policy_config))
    out = tmp_path / "out"
    for stack in ("oss-unzip", "kafka-barrage"):
        _old_run(out, stack)
    assert main(["plan", "oss-unzip", "kafka-barrage", "--out", str(out)]) == 1
    for stack in ("oss-unzip", "kafka-barrage"):
        assert {p.name for p in (out / stack).iterdir()} == FILES
        assert json.loads((out / stack / "plan.json").read_text())["stage"] == "dev"
        sarif = json.loads((out / stack / "policy-report.sarif").read_text())
        assert any(r["ruleId"] == "ask-cluster-hardening" and r["level"] == "error" for r in sarif["runs"][0]["results"])


def test_exit_1_for_an_event_loop_writes_the_diagram_with_the_loop_and_the_sarif_with_it(tmp_path):
    _old_run(tmp_path, "oss-unzip")
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--stage", "prod", "--config", "output_prefix=zip/out/"]) == 1
    folder = tmp_path / "oss-unzip"
    assert {p.name for p in folder.iterdir()} == FILES
    assert json.loads((folder / "plan.json").read_text())["stage"] == "prod"
    sarif = json.loads((folder / "policy-report.sarif").read_text())
    assert "event-loop" in {r["ruleId"] for r in sarif["runs"][0]["results"] if r["level"] == "error"}
    assert "linkStyle" in (folder / "flow.mmd").read_text()  # the loop drawn red


def test_a_program_that_fails_writes_nothing_for_any_stack(tmp_path, capsys, monkeypatch):
    from eventing_platform.cli import plan as cli_plan

    real = cli_plan.plan_stack

    def second_fails(stack):
        if stack.name == "rocketmq-orders":
            raise RuntimeError("boom in the program")
        return real(stack)

    monkeypatch.setattr(cli_plan, "plan_stack", second_fails)
    _old_run(tmp_path)
    assert main(["plan", STACK, "rocketmq-orders", "--out", str(tmp_path)]) == 1
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith("error: rocketmq-orders: could not be planned: RuntimeError: boom in the program")
    assert not (tmp_path / STACK).exists() and not (tmp_path / "rocketmq-orders").exists()
    assert _leftovers(tmp_path) == []


def test_a_folder_plan_did_not_write_is_never_removed(tmp_path, capsys):
    (tmp_path / STACK).mkdir()
    (tmp_path / STACK / "notes.txt").write_text("mine")
    assert main(["plan", STACK, "--out", str(tmp_path)]) == 2
    assert "was not written by plan" in _one_error_line(capsys.readouterr().err)
    assert (tmp_path / STACK / "notes.txt").read_text() == "mine"


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(tmp_path):
    stale = tmp_path / f"{STAGING_PREFIX}999999" / STACK
    stale.mkdir(parents=True)
    (stale / "policy-report.sarif.part").write_text("{truncated")
    assert main(["plan", STACK, "--out", str(tmp_path)]) == 0
    assert _leftovers(tmp_path) == []


# ------------------------------------------------------------------ bad --out


def _a_file(p: Path) -> Path:
    p.write_text("x")
    return p


def _under_a_file(p: Path) -> Path:
    p.write_text("x")
    return p / "sub"


@pytest.mark.parametrize(("make", "fragment"), [
    (_a_file, "is a file, not a folder"),
    (_under_a_file, "is a file, not a folder"),
    (lambda p: Path("/dev/null"), "is a device, not a folder"),
])
def test_a_bad_out_path_is_exit_2_naming_it(tmp_path, capsys, make, fragment):
    out = make(tmp_path / "out")
    assert main(["plan", STACK, "--out", str(out)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: --out {out}:") and fragment in line


def test_an_unwritable_out_is_exit_2_naming_it(tmp_path, capsys, monkeypatch):
    real_mkdir = Path.mkdir

    def refuse(self, *a, **kw):
        if self == tmp_path / "ro":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **kw)

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert main(["plan", STACK, "--out", str(tmp_path / "ro")]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert line.startswith(f"error: --out {tmp_path / 'ro'}:") and "permission denied" in line


# ------------------------------------------------------------------ disk full


def _half_then_enospc(fail_at: str):
    real = output_dir._write_durably

    def write(path: Path, data: bytes) -> None:
        if path.name.startswith(fail_at):
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    return write


def _assert_disk_full_left_nothing(out: Path, err: str, stacks: list[str]) -> None:
    line = _one_error_line(err)
    assert line.startswith(f"error: --out {out}: no space left on device while writing "), line
    assert "free some space or choose another --out" in line
    for stack in stacks:
        assert not (out / stack).exists(), f"{stack}: a truncated or stale folder was left"
    assert _leftovers(out) == []


@pytest.mark.parametrize("fail_at", ["policy-report.sarif", "plan.json", "summary.md"])
def test_a_full_disk_midway_is_exit_2_and_leaves_no_partial_or_stale_file(tmp_path, capsys, monkeypatch, fail_at):
    """Fault injection: the staged write of ``fail_at`` stores half its bytes, then raises ENOSPC."""
    monkeypatch.setattr(output_dir, "_write_durably", _half_then_enospc(fail_at))
    _old_run(tmp_path, "oss-unzip")
    assert main(["plan", STACK, "oss-unzip", "--out", str(tmp_path)]) == 2
    _assert_disk_full_left_nothing(tmp_path, capsys.readouterr().err, [STACK, "oss-unzip"])


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 64 KiB tmpfs (a k8s-events plan needs about 110 KiB); skipped where mounting is not allowed."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode}); the fault-injection test covers it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_full_tmpfs_is_exit_2_and_leaves_no_partial_or_stale_file(small_tmpfs, capsys):
    _old_run(small_tmpfs, STACK)
    assert main(["plan", STACK, "--out", str(small_tmpfs)]) == 2
    _assert_disk_full_left_nothing(small_tmpfs, capsys.readouterr().err, [STACK])
    assert list(small_tmpfs.iterdir()) == []


# ------------------------------------------------------------------ the lock


def _hold_lock(out: Path, pid: int = 4242) -> int:
    out.mkdir(exist_ok=True)
    (out / RUN_FILE).write_text(json.dumps({"pid": pid, "host": "ci-runner", "started": "2026-12-06T10:00:00Z", "command": "python -m stacks plan"}))
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_a_second_run_on_a_locked_out_exits_2_naming_the_holder_and_touches_nothing(tmp_path, capsys):
    _old_run(tmp_path)
    fd = _hold_lock(tmp_path)
    try:
        assert main(["plan", STACK, "--out", str(tmp_path)]) == 2
    finally:
        os.close(fd)
    line = _one_error_line(capsys.readouterr().err)
    assert "another plan run is writing it (pid 4242 on ci-runner" in line and "--wait" in line
    assert json.loads((tmp_path / STACK / "plan.json").read_text())["stage"] == "old", "the holder's folder is not ours to clear"


def test_wait_waits_for_the_lock(tmp_path):
    fd = _hold_lock(tmp_path)
    threading.Timer(0.5, os.close, (fd,)).start()
    assert main(["plan", STACK, "--out", str(tmp_path), "--wait", "30"]) == 0
    assert {p.name for p in (tmp_path / STACK).iterdir()} == FILES


def test_two_concurrent_runs_into_one_out_never_both_write(tmp_path):
    cmd = [sys.executable, "-m", "stacks", "plan", STACK, "--out", str(tmp_path / "out")]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = sorted((p.wait(timeout=120), p.stderr.read()) for p in procs)
    codes = [rc for rc, _ in results]
    assert codes in ([0, 0], [0, 2]), results
    if codes == [0, 2]:  # the second found the folder locked (they may also not overlap at all)
        assert "another plan run is writing it" in results[1][1]
    assert {p.name for p in (tmp_path / "out" / STACK).iterdir()} == FILES
    assert _leftovers(tmp_path / "out") == []
