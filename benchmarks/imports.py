"""What each command of ``python -m stacks`` imports, and what importing costs.

:func:`loaded_sdks` runs a command in a child process exactly as ``python -m stacks ARGS`` (or
``python -m eventing_platform ARGS``: the ``eventing-platform`` command) runs it and lists the
provider SDKs (``pulumi_<provider>``) loaded by the time it exits. A stack
*uses* the SDKs of the providers of its resources and invokes (from its plan record). The
targets: ``list`` and ``schema`` load no cloud SDK; ``plan STACK`` loads only what STACK uses.

:func:`import_cost` is the CPU of a fresh interpreter that imports one module, minus that of a
bare interpreter: what a command pays for that import (medians over alternating runs).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from .processes import run_process

ROOT = Path(__file__).resolve().parent.parent
CLOUD_SDKS = ("pulumi_alicloud", "pulumi_gcp", "pulumi_kubernetes", "pulumi_random")
"""The provider SDKs the project can load."""
OTHER_HEAVY = ("pulumi_policy", "grpc", "pydantic", "yaml")
"""Other large imports worth knowing about."""

# The CLI ends its process with os._exit (no atexit, no finalizers): the probe records the
# modules there, and at a normal exit for commands that return.
_PROBE = """
import atexit, json, os, runpy, sys
out, module, args = sys.argv[1], sys.argv[2], sys.argv[3:]
def record():
    with open(out, "w") as f:
        f.write(json.dumps(sorted(m for m in sys.modules if "." not in m)))
atexit.register(record)
real_exit = os._exit
def exit_recording(code):
    record()
    real_exit(code)
os._exit = exit_recording
sys.argv = [module, *args]
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def loaded_modules(args: Sequence[str], scratch: Path, module: str = "stacks") -> list[str]:
    """Top-level modules loaded by ``python -m MODULE ARGS`` (default ``stacks``; ``eventing_platform``
    is the ``eventing-platform`` command) by the time it exits."""
    out = scratch / "modules.json"
    run_process([sys.executable, "-c", _PROBE, str(out), module, *args], cwd=ROOT, expect=(0, 1))
    return list(json.loads(out.read_text()))


def loaded_sdks(args: Sequence[str], scratch: Path, module: str = "stacks") -> list[str]:
    """The provider SDKs ``python -m MODULE ARGS`` loads (default ``stacks``)."""
    return [m for m in loaded_modules(args, scratch, module) if m in CLOUD_SDKS]


def sdks_used(type_tokens: Iterable[str]) -> list[str]:
    """The SDK modules of the providers these resource/invoke tokens belong to."""
    used = set()
    for token in type_tokens:
        package, _, rest = token.partition(":")
        if package == "pulumi" and rest.startswith("providers:"):
            package = rest.split(":", 1)[1]
        module = "pulumi_" + package.replace("-", "_")
        if module in CLOUD_SDKS:
            used.add(module)
    return sorted(used)


def import_cost(modules: Sequence[str], runs: int) -> dict[str, dict[str, float]]:
    """CPU seconds to import each module in a fresh interpreter, over a bare one (median, min,
    max of ``runs`` alternating runs)."""
    from .processes import Spread

    bare = [sys.executable, "-c", "pass"]
    out: dict[str, dict[str, float]] = {}
    for module in modules:
        command = [sys.executable, "-c", f"import {module}"]
        run_process(command, cwd=ROOT)
        costs = []
        for i in range(max(1, runs)):
            first, second = (command, bare) if i % 2 == 0 else (bare, command)
            a, b = run_process(first, cwd=ROOT), run_process(second, cwd=ROOT)
            with_import, without = (a, b) if first is command else (b, a)
            costs.append(with_import.cpu_s - without.cpu_s)
        out[module] = Spread.of(costs).as_json(3)
    return out


def median_cpu(command: Sequence[str], runs: int) -> dict[str, float]:
    """CPU seconds of ``command`` (min/median/max of ``runs`` runs after one untimed)."""
    from .processes import Spread

    run_process(command, cwd=ROOT)
    return Spread.of([run_process(command, cwd=ROOT).cpu_s for _ in range(max(1, runs))]).as_json(3)


__all__ = ["CLOUD_SDKS", "import_cost", "loaded_modules", "loaded_sdks", "median_cpu", "sdks_used"]
