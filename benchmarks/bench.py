"""Benchmark of ``python -m stacks plan`` against an honest floor, as whole processes, by CPU.

Usage::

    .venv/bin/python benchmarks/bench.py            # text report (full: ~10-20 min on a shared 2-core machine)
    .venv/bin/python benchmarks/bench.py --quick    # fewer pairs and rounds, smaller workloads, no experiments (CI)
    .venv/bin/python benchmarks/bench.py --json     # one JSON object on stdout
    .venv/bin/python benchmarks/bench.py --check    # exit 1 when a target is missed
    .venv/bin/python benchmarks/bench.py --only stacks,phases   # a subset of the sections below

Every figure is CPU time (user + system), never wall time, and is named for what it covers.
The machine is shared, so each comparison alternates its two sides and reports the median of
the per-pair ratios with the min and max beside it.

Sections:

``stacks``
    ``python -m stacks plan STACK --out TMP`` against the stack's floor program
    (:mod:`benchmarks.floor`: the same custom resources as literal SDK calls under plain mocks,
    checked to register the same thing), each a whole process timed by ``os.wait4``
    (:mod:`benchmarks.processes`); then ``plan`` of all stacks against all floors in one process.
    Targets: all stacks within 1.1x the floor, each stack within 1.25x.
``phases``
    register, flow, policies, artefacts and memory per resource at 200, 1,000 and 5,000
    Service+Trigger pairs, and each phase's 5,000/200 ratio (:mod:`benchmarks.phases`).
    Target: every ratio at most 1.25.
``pack``
    The policy pack through gRPC (``pulumi preview``'s path) against the rules in memory, on one
    Deployment with 2,000 containers and on the generated stack of 1,000 pairs
    (:mod:`benchmarks.pack_grpc`). Target: the pack's CPU within 2x of in memory. Reported
    beside it: the transport floor (pulumi-policy's server answering the same requests with
    nothing) and the pack's CPU above that floor over in memory.
``imports``
    The provider SDKs ``list``, ``schema STACK`` and ``plan STACK`` load against those the stack
    uses, the CPU of ``list``/``schema`` against a bare interpreter and what importing each SDK
    costs (:mod:`benchmarks.imports`). Targets: ``list`` and ``schema`` load no cloud SDK; no
    ``plan STACK`` loads an SDK its stack does not use.
``experiments``
    Not targets: ``plan`` of all stacks against the same with the cyclic garbage collector left on
    in the command's process (what turning it off for the process saves; see
    ``eventing_platform.engine``).

To see where time goes: ``pip install -e '.[profile]'``, then e.g.
``py-spy record --gil -o profile.svg -- .venv/bin/python -m stacks plan`` or
``.venv/bin/python benchmarks/phases.py 1000`` under ``pyinstrument``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import logging
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import floor, imports, pack_grpc, phases, workload  # noqa: E402
from benchmarks.processes import paired  # noqa: E402

SECTIONS = ("stacks", "phases", "pack", "imports", "experiments")
"""Every section, in the order they run."""


@dataclass(frozen=True)
class Settings:
    """How much to measure: full or quick."""

    pairs: int
    """Alternating pairs per process comparison."""
    sizes: tuple[int, ...]
    """Service+Trigger pairs of the per-phase scaling."""
    phase_rounds: int
    """Rounds (samples per size) of the per-phase scaling."""
    containers: int
    """Containers of the wide Deployment sent to the policy pack."""
    pack_stack_pairs: int
    """Service+Trigger pairs of the stack sent to the policy pack."""
    pack_rounds: int
    """Rounds of the gRPC comparison."""
    import_runs: int
    """Runs per import-cost figure."""


FULL = Settings(pairs=7, sizes=(200, 1000, 5000), phase_rounds=3, containers=2000, pack_stack_pairs=1000,
                pack_rounds=3, import_runs=5)
QUICK = Settings(pairs=3, sizes=(200, 1000, 5000), phase_rounds=1, containers=500, pack_stack_pairs=200,
                 pack_rounds=1, import_runs=2)


@dataclass(frozen=True)
class Target:
    """One target: a measured figure, the bound it must not exceed, and what it covers."""

    name: str
    value: float | None
    limit: float
    covers: str

    @property
    def met(self) -> bool:
        """True when measured and within the limit."""
        return self.value is not None and self.value <= self.limit

    def as_json(self) -> dict[str, Any]:
        """JSON form."""
        return {"name": self.name, "value": self.value, "limit": self.limit, "met": self.met, "covers": self.covers}


# --------------------------------------------------------------------------- sections


def measure_stacks(settings: Settings, scratch: Path) -> dict[str, Any]:
    """``plan STACK`` against its floor per stack, then all stacks against all floors."""
    from stacks.repository import PROGRAM
    from stacks.scenarios import SCENARIOS

    names = list(SCENARIOS)
    planned = {n: floor.plan_with_invokes(PROGRAM, n) for n in names}
    floors = [floor.equivalent_floor(planned[n]) for n in names]
    launcher = floor.write_floors(scratch / "floor", floors)
    out_dir = scratch / "plan-out"
    python = sys.executable

    def plan(*stacks: str) -> list[str]:
        return [python, "-m", "stacks", "plan", *stacks, "--out", str(out_dir)]

    rows: dict[str, Any] = {}
    for name, program in zip(names, floors, strict=True):
        record = planned[name].record
        comparison = paired(plan(name), [python, str(launcher), name], settings.pairs, cwd=ROOT)
        rows[name] = {
            "resources": len(record.resources),
            "custom_resources": sum(1 for r in record.resources if r.custom),
            "floor_constructors": _count(c.style for c in program.constructors.values()),
            **comparison.as_json(),
        }
    everything = paired(plan(), [python, str(launcher), *names], settings.pairs, cwd=ROOT)
    return {
        "subject": "python -m stacks plan STACK --out DIR (whole process)",
        "baseline": "the stack's floor program: literal SDK calls on plain mocks (benchmarks/floor.py), whole process",
        "stacks": rows,
        "all_stacks": everything.as_json(),
    }


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items()))


def measure_phases(settings: Settings, scratch: Path) -> dict[str, Any]:
    """Per-phase cost per resource at every size and the largest/smallest ratio."""
    return {"pair": workload.PAIR, **phases.scaling(settings.sizes, settings.phase_rounds)}


def measure_pack(settings: Settings, scratch: Path) -> dict[str, Any]:
    """The gRPC pack against in-memory evaluation on a wide resource and a large stack."""
    from eventing_platform.rules.evaluate import resources_from_record

    stack = resources_from_record(workload.plan_pairs(settings.pack_stack_pairs))
    workloads = {
        f"deployment with {settings.containers} containers": [workload.wide_deployment(settings.containers)],
        f"stack of {settings.pack_stack_pairs} pairs": stack,
    }
    return pack_grpc.compare(workloads, settings.pack_rounds)


def measure_imports(settings: Settings, scratch: Path) -> dict[str, Any]:
    """SDKs each command loads against those its stack uses; CPU of list/schema; import costs."""
    from stacks.repository import PROGRAM
    from stacks.scenarios import SCENARIOS

    commands: dict[str, Any] = {}
    list_sdks = imports.loaded_sdks(["list"], scratch)
    commands["list"] = {"loaded": list_sdks, "used": [], "extra": list_sdks}
    for name in SCENARIOS:
        schema = imports.loaded_sdks(["schema", name], scratch)
        commands[f"schema {name}"] = {"loaded": schema, "used": [], "extra": schema}
    for name in SCENARIOS:
        planned = floor.plan_with_invokes(PROGRAM, name)
        used = imports.sdks_used([r.type for r in planned.record.resources if r.custom] + [t for t, _ in planned.invokes])
        loaded = imports.loaded_sdks(["plan", name, "--out", str(scratch / "imports-out")], scratch)
        commands[f"plan {name}"] = {"loaded": loaded, "used": used, "extra": sorted(set(loaded) - set(used))}
    python = sys.executable
    first = next(iter(SCENARIOS))
    runs = settings.import_runs
    return {
        "commands": commands,
        "cpu_s": {
            "bare interpreter (python -c pass)": imports.median_cpu([python, "-c", "pass"], runs),
            "python -m stacks list": imports.median_cpu([python, "-m", "stacks", "list"], runs),
            f"python -m stacks schema {first}": imports.median_cpu([python, "-m", "stacks", "schema", first], runs),
        },
        "import_cpu_s_over_bare": imports.import_cost(
            ["pulumi", "pulumi_kubernetes", "pulumi_alicloud", "pulumi_gcp", "pulumi_random", "pulumi_policy",
             "eventing_platform.knative", "eventing_platform.rules.evaluate"], runs),
    }


_COLLECTOR_ON_PLAN = """
import runpy, sys
from eventing_platform.cli import entry
entry.collector_off_until_exit = lambda: None  # the collector stays on, as for a library caller
sys.argv = ["stacks", *sys.argv[1:]]
runpy.run_module("stacks", run_name="__main__", alter_sys=True)
"""


def measure_experiments(settings: Settings, scratch: Path) -> dict[str, Any]:
    """What the command's collector strategy saves ``plan`` of all stacks (not a target)."""
    out_dir = str(scratch / "experiment-out")
    plain = [sys.executable, "-m", "stacks", "plan", "--out", out_dir]
    collector_on = [sys.executable, "-c", _COLLECTOR_ON_PLAN, "plan", "--out", out_dir]
    comparison = paired(plain, collector_on, settings.pairs, cwd=ROOT)
    return {
        "collector_off_in_the_process": {
            "subject": "python -m stacks plan (all stacks): the collector off for the process",
            "baseline": "the same with the collector left on (paused only by the engine's phases)",
            **comparison.as_json(),
        },
    }


MEASURES: dict[str, Callable[[Settings, Path], dict[str, Any]]] = {
    "stacks": measure_stacks,
    "phases": measure_phases,
    "pack": measure_pack,
    "imports": measure_imports,
    "experiments": measure_experiments,
}


# --------------------------------------------------------------------------- targets


def targets(data: dict[str, Any]) -> list[Target]:
    """Every target the measured sections allow to judge."""
    out: list[Target] = []
    stacks = data.get("stacks")
    if stacks:
        out.append(Target("plan all stacks / floor", stacks["all_stacks"]["ratio"]["median"], 1.1,
                          "CPU of `plan` of every stack over every floor program in one process (median of pairs)"))
        for name, row in stacks["stacks"].items():
            out.append(Target(f"plan {name} / floor", row["ratio"]["median"], 1.25,
                              "CPU of `plan STACK` over its floor program (median of pairs)"))
    scaling = data.get("phases")
    if scaling:
        for phase, ratio in scaling["ratio"].items():
            unit = "KiB of peak RSS" if phase == phases.MEMORY else "CPU"
            out.append(Target(f"{phase} per resource, {scaling['ratio_of']}", ratio, 1.25,
                              f"{unit} per resource at the largest size over the smallest (medians)"))
    pack = data.get("pack")
    if pack:
        for name, row in pack.items():
            if isinstance(row, dict) and "ratio" in row:
                out.append(Target(f"policy pack gRPC / in memory, {name}", row["ratio"]["median"], 2.0,
                                  "CPU of the pack process answering Analyze+AnalyzeStack over in-memory evaluate"))
    found = data.get("imports")
    if found:
        for command, row in found["commands"].items():
            limit_what = "cloud SDKs loaded" if not command.startswith("plan") else "SDKs loaded that the stack does not use"
            out.append(Target(f"{command}: {limit_what}", float(len(row["extra"])), 0,
                              ", ".join(row["extra"]) or "none"))
    return out


# --------------------------------------------------------------------------- the report


def run(settings: Settings, sections: tuple[str, ...]) -> dict[str, Any]:
    """Measure the chosen sections; the JSON report."""
    started = time.monotonic()
    data: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for section in sections:
            data[section] = MEASURES[section](settings, Path(scratch))
    judged = targets(data)
    data["targets"] = [t.as_json() for t in judged]
    data["targets_met"] = all(t.met for t in judged)
    data["about"] = {
        "clock": "CPU (user+system) of whole child processes via os.wait4, or of this process via process_time; never wall time",
        "statistics": "alternating pairs; median of the per-pair ratios, min and max beside it (the machine is shared)",
        "mode": "quick" if settings == QUICK else "full",
        "python": platform.python_version(),
        "pulumi": importlib.metadata.version("pulumi"),
        "bench_wall_s": round(time.monotonic() - started, 1),
    }
    return data


def _spread(s: dict[str, float], digits: int = 2) -> str:
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}-{s['max']:.{digits}f})"


def text_report(data: dict[str, Any]) -> str:
    """The human-readable report."""
    lines = ["eventing-platform benchmark: CPU (user+sys), median (min-max) of alternating pairs; shared machine", ""]
    stacks = data.get("stacks")
    if stacks:
        lines.append("plan vs floor: `python -m stacks plan STACK` vs literal SDK calls on plain mocks (whole processes)")
        lines.append(f"{'stack':<17}{'res':>5}  {'plan cpu s':<19}{'floor cpu s':<19}{'ratio':<19}")
        rows = {**stacks["stacks"], "all stacks": {"resources": sum(r["resources"] for r in stacks["stacks"].values()),
                                                    **stacks["all_stacks"]}}
        for name, row in rows.items():
            lines.append(f"{name:<17}{row['resources']:>5}  {_spread(row['subject_cpu_s']):<19}"
                         f"{_spread(row['baseline_cpu_s']):<19}{_spread(row['ratio']):<19}")
        lines.append("")
    scaling = data.get("phases")
    if scaling:
        sizes = list(scaling["sizes"])
        lines.append(f"per-phase cost per resource ({scaling['pair']} pairs; median (min-max) of {scaling['rounds']} rounds)")
        lines.append(f"{'phase':<14}" + "".join(f"{n + ' pairs':<22}" for n in sizes) + scaling["ratio_of"])
        for phase in (*phases.PHASES, phases.MEMORY):
            cells = []
            for n in sizes:
                size = scaling["sizes"][n]
                spread = size["rss_growth_kib_per_resource"] if phase == phases.MEMORY else size["us_per_resource"][phase]
                cells.append(f"{_spread(spread, 1):<22}")
            unit = "KiB" if phase == phases.MEMORY else "us"
            lines.append(f"{phase + ' ' + unit:<14}" + "".join(cells) + f"{scaling['ratio'][phase]}")
        lines.append("resources: " + ", ".join(f"{n} pairs = {scaling['sizes'][n]['resources']}" for n in sizes)
                     + "; peak RSS MiB: " + ", ".join(f"{scaling['sizes'][n]['peak_rss_mib']}" for n in sizes))
        lines.append("")
    pack = data.get("pack")
    if pack:
        lines.append(f"policy pack through gRPC vs in memory (pack start: {pack['pack_start_cpu_s']} s CPU)")
        for name, row in pack.items():
            if isinstance(row, dict) and "ratio" in row:
                lines.append(f"  {name} ({row['resources']} resources): pack {_spread(row['pack_cpu_s'])} s, "
                             f"client {_spread(row['client_cpu_s'])} s, in memory {_spread(row['in_memory_cpu_s'], 3)} s, "
                             f"ratio {_spread(row['ratio'], 1)}")
                if "transport_floor_cpu_s" in row:
                    lines.append(f"    transport floor (pulumi-policy's server answering nothing) {_spread(row['transport_floor_cpu_s'])} s; "
                                 f"(pack - floor) / in memory {_spread(row['pack_work_ratio'], 1)}")
        lines.append("")
    found = data.get("imports")
    if found:
        lines.append("SDKs loaded per command (used by the stack; extra)")
        for command, row in found["commands"].items():
            lines.append(f"  {command:<24} loaded {','.join(row['loaded']) or '-'}; used {','.join(row['used']) or '-'}; "
                         f"extra {','.join(row['extra']) or 'none'}")
        lines.append("  CPU s: " + "; ".join(f"{k} {_spread(v)}" for k, v in found["cpu_s"].items()))
        lines.append("  import CPU s over a bare interpreter: "
                     + "; ".join(f"{k} {v['median']:.2f}" for k, v in found["import_cpu_s_over_bare"].items()))
        lines.append("")
    experiments = data.get("experiments")
    if experiments:
        e = experiments["collector_off_in_the_process"]
        lines.append(f"experiment: plan of all stacks, collector off for the process vs left on: {_spread(e['subject_cpu_s'])} s "
                     f"vs {_spread(e['baseline_cpu_s'])} s, ratio {_spread(e['ratio'], 3)}; peak RSS "
                     f"{e['subject_peak_rss_mib']} vs {e['baseline_peak_rss_mib']} MiB")
        lines.append("")
    lines.append("targets")
    for t in data["targets"]:
        value = "n/a" if t["value"] is None else f"{t['value']:g}"
        # Unmeasured (e.g. no RSS growth to compare at --quick's small sizes): not met, not missed.
        status = "ok    " if t["met"] else ("n/a   " if t["value"] is None else "MISSED")
        lines.append(f"  {status} {t['name']}: {value} (limit {t['limit']:g})")
    about = data["about"]
    lines.append(f"\n{about['mode']} run, {about['bench_wall_s']} s wall, Python {about['python']}, pulumi {about['pulumi']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point: prints the report; with ``--check`` exits 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="Benchmark `python -m stacks plan` against an honest floor (CPU).")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--check", action="store_true", help="exit 1 when a measured target is missed")
    parser.add_argument("--quick", action="store_true", help="fewer pairs and rounds, smaller pack workloads (for CI)")
    parser.add_argument("--pairs", type=int, help="alternating pairs per process comparison (default: 7, quick 3)")
    parser.add_argument("--only", help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)}; "
                                       f"--quick leaves out experiments)")
    args = parser.parse_args(argv)
    default = [s for s in SECTIONS if not (args.quick and s == "experiments")]
    sections = tuple(s for s in (args.only.split(",") if args.only else default) if s)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    settings = QUICK if args.quick else FULL
    if args.pairs:
        settings = Settings(**{**settings.__dict__, "pairs": args.pairs})
    # Stacks log warnings meant for `pulumi up` through the root logger: keep stdout for the report.
    logging.getLogger().addHandler(logging.NullHandler())
    data = run(settings, sections)
    print(json.dumps(data) if args.json else text_report(data))
    return 0 if (not args.check or data["targets_met"]) else 1


if __name__ == "__main__":
    sys.exit(main())
