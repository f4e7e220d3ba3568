"""The policy pack through gRPC, as ``pulumi preview`` runs it, against the same rules in memory.

The pack is started exactly as the Pulumi CLI starts it (``python -m pulumi.policy`` in
``policies/``, by ``tests/policies/pack_client.py``) and driven over ``pulumirpc.Analyzer``: one
``Analyze`` per resource, then one ``AnalyzeStack``, as a preview sends them. Figures:

``pack_cpu_s``
    CPU of the pack process while it answers (``/proc/<pid>/stat``: user + system of all its
    threads, read before and after): deserialising the requests, running every rule, building
    the diagnostics. This is what the target compares.
``client_cpu_s``
    CPU of this process building and sending the requests (in ``pulumi preview`` the Go CLI does
    this part): reported, not compared.
``in_memory_cpu_s``
    ``eventing_platform.rules.evaluate.evaluate`` on the same resources in this process (resource
    rules and stack rules, as ``plan`` runs them).
``transport_floor_cpu_s``
    CPU of a pack process whose pulumi-policy server answers the same requests with no
    diagnostics and no work (:func:`floor_pack`): what receiving and answering one ``Analyze``
    per resource costs any pack served by pulumi-policy (grpcio's server: about 200-300 us per
    call on this machine), whatever its rules do. Reported, not compared.
``pack_work_ratio``
    ``(pack_cpu_s - transport_floor_cpu_s) / in_memory_cpu_s`` per round: the pack's own work
    (conversion, rules, diagnostics) over in-memory evaluation.

Each workload runs in alternating order (gRPC, in memory, in memory, gRPC, ...) over rounds,
the floor after each pair; the ratio ``pack_cpu_s / in_memory_cpu_s`` is taken per pair and its
median reported.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .processes import Spread

_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (all its threads)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


FLOOR_MAIN = '''"""The transport floor: pulumi-policy's server for the pack's policies, answering nothing."""
import pulumi_policy.policy as sdk
from pulumi.runtime import proto
from pulumi_policy import EnforcementLevel, PolicyPack

from eventing_platform.rules.pack import PACK_DESCRIPTION, pulumi_policies


def answer_nothing(self, request, context):
    return proto.AnalyzeResponse()


sdk._PolicyAnalyzerServicer.Analyze = answer_nothing
sdk._PolicyAnalyzerServicer.AnalyzeStack = answer_nothing
PolicyPack(name="eventing-platform", policies=list(pulumi_policies()), enforcement_level=EnforcementLevel.ADVISORY,
           description=PACK_DESCRIPTION)
'''
"""``__main__.py`` of the floor pack."""


def floor_pack(directory: Path) -> Path:
    """A pack in ``directory`` (created) whose pulumi-policy server declares the pack's policies and
    answers every ``Analyze`` and ``AnalyzeStack`` with an empty response: the transport floor."""
    from tests.policies.pack_client import PACK_DIR

    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACK_DIR / "PulumiPolicy.yaml", directory / "PulumiPolicy.yaml")
    (directory / "__main__.py").write_text(FLOOR_MAIN)
    return directory


def _timed_grpc(pack: Any, resources: Sequence[Any]) -> tuple[float, float]:
    pid = pack.process.pid
    pack_before, client_before = process_cpu(pid), time.process_time()
    pack.analyze_all(resources)
    return process_cpu(pid) - pack_before, time.process_time() - client_before


def _timed_in_memory(resources: Sequence[Any], stage: str) -> float:
    from eventing_platform.rules.evaluate import evaluate

    started = time.process_time()
    evaluate(resources, stack_stage=stage)
    return time.process_time() - started


def compare(workloads: dict[str, Sequence[Any]], rounds: int, stage: str = "dev") -> dict[str, Any]:
    """Every workload (name -> resources) through the pack and in memory, ``rounds`` pairs each,
    and through the transport floor after each pair."""
    from tests.policies.pack_client import PackProcess

    stack_config = {"eventing-platform:stage": stage, "eventing-platform:scenario": "bench"}
    started = time.monotonic()
    pack = PackProcess(stack_config, stack="bench")
    out: dict[str, Any] = {"pack_start_cpu_s": round(process_cpu(pack.process.pid), 3),
                           "pack_start_wall_s": round(time.monotonic() - started, 2)}
    with tempfile.TemporaryDirectory(prefix="floor-pack-") as scratch:
        floor = PackProcess(stack_config, stack="bench", pack_dir=floor_pack(Path(scratch) / "floor"))
        try:
            for name, resources in workloads.items():
                _timed_grpc(pack, resources[:1])  # first-use costs of every path
                _timed_grpc(floor, resources[:1])
                _timed_in_memory(resources[:1], stage)
                grpc_pack, grpc_client, memory, floors = [], [], [], []
                for i in range(max(1, rounds)):
                    if i % 2 == 0:
                        p, c = _timed_grpc(pack, resources)
                        m = _timed_in_memory(resources, stage)
                    else:
                        m = _timed_in_memory(resources, stage)
                        p, c = _timed_grpc(pack, resources)
                    grpc_pack.append(p)
                    grpc_client.append(c)
                    memory.append(m)
                    floors.append(_timed_grpc(floor, resources)[0])
                out[name] = {
                    "resources": len(resources),
                    "pack_cpu_s": Spread.of(grpc_pack).as_json(3),
                    "client_cpu_s": Spread.of(grpc_client).as_json(3),
                    "in_memory_cpu_s": Spread.of(memory).as_json(4),
                    "ratio": Spread.of([p / m for p, m in zip(grpc_pack, memory, strict=True) if m > 0] or [float("inf")]).as_json(2),
                    "transport_floor_cpu_s": Spread.of(floors).as_json(3),
                    "pack_work_ratio": Spread.of([(p - f) / m for p, f, m in zip(grpc_pack, floors, memory, strict=True) if m > 0]
                                                 or [float("inf")]).as_json(2),
                    "rounds": max(1, rounds),
                }
        finally:
            errors = pack.stderr_text() + floor.stderr_text()
            pack.close()
            floor.close()
    if "Traceback" in errors:
        out["pack_stderr"] = errors[-2000:]
    return out
