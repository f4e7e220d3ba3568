"""Whole processes timed by their CPU (user + system), compared in alternating pairs.

Every figure of the benchmark that compares two things runs them as child processes and reads
the child's own CPU time and peak RSS from ``os.wait4`` (the kernel's rusage of that child
alone): other engineers' load on a shared machine slows a run down in wall time but barely
changes the CPU it needs. The two commands of a comparison run in alternating order (A B, B A,
A B, ...) so that a slow phase of the machine hits both sides; the ratio of each pair is taken,
and the median over pairs is the figure (min and max are reported beside it).

Children may write bytecode caches: :data:`NO_BYTECODE_VARIABLE` is taken out of their
environment. An installed package has its ``.pyc`` files (pip compiles them on install), and the
untimed warm-up run of :func:`paired` writes them for an editable install; with the variable set
(some CI and container images set it) every ``plan`` would compile the package's sources again,
about a tenth of a small stack's CPU, which the one-file floor program hardly pays.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessRun:
    """One finished child process."""

    cpu_s: float
    """User + system CPU seconds of the child (all its threads)."""
    peak_rss_kib: int
    """Its peak resident set size (``ru_maxrss``, KiB on Linux)."""
    exit_code: int
    """Its exit code (negative: killed by that signal)."""
    stdout: str = ""
    """What it printed, when captured."""


NO_BYTECODE_VARIABLE = "PYTHONDONTWRITEBYTECODE"
"""The environment variable that stops Python writing ``__pycache__`` (dropped for every child)."""


def child_environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """``env`` (default: this process's environment) without :data:`NO_BYTECODE_VARIABLE`."""
    return {k: v for k, v in (os.environ if env is None else env).items() if k != NO_BYTECODE_VARIABLE}


class ProcessFailed(RuntimeError):
    """A timed command exited with an unexpected code."""


def run_process(command: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                capture: bool = False, expect: Sequence[int] = (0,)) -> ProcessRun:
    """Run ``command`` to completion; its CPU and peak RSS as the kernel accounts them.

    The child is reaped with ``os.wait4``, which gives that child's own rusage (unlike
    ``RUSAGE_CHILDREN``, which sums every child ever reaped and keeps the largest peak RSS).
    Output goes to temporary files (no pipe can fill up); stdout is returned when ``capture``.
    The child runs with :func:`child_environment` (``env``, or this process's, free to write bytecode).
    Raises :class:`ProcessFailed` when the exit code is not in ``expect``.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(list(command), cwd=cwd, env=child_environment(env),
                                 stdout=out if capture else subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        code = child.returncode
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode(errors="replace") if capture else ""
        if code not in expect:
            tail = "\n".join(err.read().decode(errors="replace").strip().splitlines()[-15:])
            raise ProcessFailed(f"{' '.join(command)} exited {code}:\n{tail}")
    return ProcessRun(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, stdout)


@dataclass(frozen=True)
class Spread:
    """Minimum, median and maximum of a series of samples."""

    min: float
    median: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of ``values`` (at least one)."""
        return cls(min(values), statistics.median(values), max(values))

    def scaled(self, factor: float) -> Spread:
        """Every figure times ``factor`` (e.g. seconds -> microseconds per resource)."""
        return Spread(self.min * factor, self.median * factor, self.max * factor)

    def as_json(self, digits: int = 4) -> dict[str, float]:
        """``{"min", "median", "max"}`` rounded."""
        return {"min": round(self.min, digits), "median": round(self.median, digits), "max": round(self.max, digits)}


@dataclass(frozen=True)
class PairedComparison:
    """Two commands timed in alternating pairs: each side's CPU and the ratio per pair."""

    subject: Spread
    """CPU seconds of the command measured (e.g. ``python -m stacks plan STACK``)."""
    baseline: Spread
    """CPU seconds of the command it is compared with (e.g. the floor program)."""
    ratio: Spread
    """``subject / baseline`` of each pair; its median is the comparison's figure."""
    pairs: int
    """How many pairs were run."""
    subject_peak_rss_kib: int
    """Largest peak RSS of the subject over the pairs."""
    baseline_peak_rss_kib: int
    """Largest peak RSS of the baseline over the pairs."""

    def as_json(self) -> dict[str, object]:
        """JSON form: spreads of both sides and of the ratio."""
        return {
            "subject_cpu_s": self.subject.as_json(),
            "baseline_cpu_s": self.baseline.as_json(),
            "ratio": self.ratio.as_json(3),
            "pairs": self.pairs,
            "subject_peak_rss_mib": round(self.subject_peak_rss_kib / 1024, 1),
            "baseline_peak_rss_mib": round(self.baseline_peak_rss_kib / 1024, 1),
        }


def paired(subject: Sequence[str], baseline: Sequence[str], pairs: int, *, cwd: Path | None = None,
           env: Mapping[str, str] | None = None, warm_up: bool = True,
           expect: Sequence[int] = (0,)) -> PairedComparison:
    """Time ``subject`` against ``baseline`` in ``pairs`` alternating pairs (after one untimed run
    of each, which fills the OS file cache and writes bytecode caches)."""
    if warm_up:
        run_process(subject, cwd=cwd, env=env, expect=expect)
        run_process(baseline, cwd=cwd, env=env, expect=expect)
    subject_runs: list[ProcessRun] = []
    baseline_runs: list[ProcessRun] = []
    for i in range(max(1, pairs)):
        if i % 2 == 0:
            subject_runs.append(run_process(subject, cwd=cwd, env=env, expect=expect))
            baseline_runs.append(run_process(baseline, cwd=cwd, env=env, expect=expect))
        else:
            baseline_runs.append(run_process(baseline, cwd=cwd, env=env, expect=expect))
            subject_runs.append(run_process(subject, cwd=cwd, env=env, expect=expect))
    return PairedComparison(
        subject=Spread.of([r.cpu_s for r in subject_runs]),
        baseline=Spread.of([r.cpu_s for r in baseline_runs]),
        ratio=Spread.of([s.cpu_s / b.cpu_s for s, b in zip(subject_runs, baseline_runs, strict=True)]),
        pairs=len(subject_runs),
        subject_peak_rss_kib=max(r.peak_rss_kib for r in subject_runs),
        baseline_peak_rss_kib=max(r.peak_rss_kib for r in baseline_runs),
    )
