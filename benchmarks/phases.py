"""Per-phase cost of ``plan`` as the stack grows: register, flow, policies, artefacts, memory.

Each sample is a child process (``python benchmarks/phases.py PAIRS``) that builds the generated
stack of ``PAIRS`` Service+Trigger pairs (:mod:`benchmarks.workload`) and runs on it what
``python -m stacks plan`` runs on a stack, one phase at a time, timing each by this process's
CPU (``time.process_time``):

``register``
    The program on the offline engine (``run_program``): components, SDK, mock monitor, record,
    and the collection of the run's cyclic garbage the engine makes as the run ends (it pauses
    the collector during a run; see ``eventing_platform.engine``), so no deferred collection is
    charged to the next phase.
``flow``
    The ``event-flow`` plan check: flow graph extraction, loop search, Mermaid diagram.
``policies``
    The ``policies`` plan check: every rule in memory, the JSON and SARIF reports, the text.
``artefacts``
    ``plan.json``, ``manifests.yaml`` and the checks' files written (``write_stack_artefacts``)
    and the printed resource tree.
``memory``
    Peak RSS growth over the run (peak RSS at the end minus peak RSS before ``register``, from
    ``getrusage``): KiB per resource rather than microseconds.

Figures are per recorded resource (components and custom resources alike: ``4n + 2`` for ``n``
pairs). Sizes run in alternating order over rounds; the figure per size is the median over
rounds, and the scaling of a phase is its median per-resource cost at the largest size over
that at the smallest.
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("register", "flow", "policies", "artefacts")
"""The timed phases, in the order ``plan`` runs them."""
MEMORY = "memory"
"""The name of the peak-RSS figure beside the phases."""


def measure(pairs: int) -> dict[str, float]:
    """Run every phase once on the generated stack of ``pairs`` pairs (in this process)."""
    from eventing_platform.analysis.checks import all_checks
    from eventing_platform.analysis.flow.check import event_flow
    from eventing_platform.cli.writer import write_stack_artefacts
    from eventing_platform.engine import run_program
    from eventing_platform.engine.artefacts import render_tree
    from eventing_platform.rules.plan_check import policy_check
    from stacks.config import PROJECT

    from . import workload

    all_checks()  # imports the check modules, as plan does before the first check runs
    stack = workload.bench_stack()
    program = workload.pairs_program(pairs)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu: dict[str, float] = {}

    started = time.process_time()
    record = run_program(program, project=PROJECT, stack=workload.STACK, config={})
    cpu["register"] = time.process_time() - started

    started = time.process_time()
    flow = event_flow(stack, record)
    cpu["flow"] = time.process_time() - started

    started = time.process_time()
    policies = policy_check(stack, record)
    cpu["policies"] = time.process_time() - started

    with tempfile.TemporaryDirectory() as out:
        started = time.process_time()
        write_stack_artefacts(Path(out), record, stack.stage, {**flow.files, **policies.files})
        render_tree(record, stack.stage)
        cpu["artefacts"] = time.process_time() - started

    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"resources": len(record.resources), **cpu, "rss_growth_kib": rss_after - rss_before}


@dataclass(frozen=True)
class PhaseSample:
    """One child's figures for one size."""

    pairs: int
    resources: int
    cpu_s: dict[str, float]
    rss_growth_kib: int
    peak_rss_kib: int


def sample(pairs: int, env: Mapping[str, str] | None = None) -> PhaseSample:
    """One child process measuring every phase at ``pairs`` pairs (``env``: its environment, e.g.
    a ``PYTHONPATH`` that puts another build of ``eventing_platform`` first, to compare)."""
    from .processes import run_process

    command = [sys.executable, str(Path(__file__)), str(pairs)]
    run = run_process(command, cwd=ROOT, capture=True, env=env)
    data = json.loads(run.stdout.strip().splitlines()[-1])
    return PhaseSample(pairs, int(data["resources"]), {p: float(data[p]) for p in PHASES},
                       int(data["rss_growth_kib"]), run.peak_rss_kib)


def scaling(sizes: Sequence[int], rounds: int, env: Mapping[str, str] | None = None) -> dict[str, object]:
    """Every phase at every size (alternating order over ``rounds``), per resource, and the
    largest/smallest ratio of each phase's median (``env``: see :func:`sample`)."""
    from .processes import Spread

    samples: dict[int, list[PhaseSample]] = {n: [] for n in sizes}
    for i in range(max(1, rounds)):
        for n in (sizes if i % 2 == 0 else list(reversed(sizes))):
            samples[n].append(sample(n, env) if env is not None else sample(n))
    per_size: dict[str, object] = {}
    medians: dict[int, dict[str, float]] = {}
    for n in sizes:
        runs = samples[n]
        count = runs[0].resources
        spreads = {p: Spread.of([r.cpu_s[p] for r in runs]).scaled(1e6 / count) for p in PHASES}
        spreads[MEMORY] = Spread.of([r.rss_growth_kib for r in runs]).scaled(1 / count)
        medians[n] = {p: s.median for p, s in spreads.items()}
        per_size[str(n)] = {
            "resources": count,
            "us_per_resource": {p: spreads[p].as_json(1) for p in PHASES},
            "rss_growth_kib_per_resource": spreads[MEMORY].as_json(2),
            "total_cpu_s": Spread.of([sum(r.cpu_s.values()) for r in runs]).as_json(3),
            "peak_rss_mib": round(max(r.peak_rss_kib for r in runs) / 1024, 1),
        }
    small, large = min(sizes), max(sizes)
    ratios = {p: round(medians[large][p] / medians[small][p], 3) if medians[small][p] else None
              for p in (*PHASES, MEMORY)}
    return {"sizes": per_size, "ratio": ratios, "ratio_of": f"{large}/{small} pairs", "rounds": max(1, rounds)}


def main(argv: Sequence[str]) -> int:
    """Child entry: ``phases.py PAIRS`` prints one JSON line of CPU seconds per phase."""
    sys.path.insert(0, str(ROOT))
    import logging

    logging.getLogger().addHandler(logging.NullHandler())
    from benchmarks.phases import measure as measure_here

    print(json.dumps(measure_here(int(argv[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
