"""Sample events shipped with the scenarios: ``stacks/samples/<stack>/<name>.json``.

Each is one CloudEvent as it enters the stack's first hop; ``python -m stacks route --sample
NAME`` and the tests load them by name (through :mod:`eventing_platform.cli.samples`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eventing_platform.cli import samples as _samples
from eventing_platform.cli.samples import REQUIRED_ATTRIBUTES, SampleError

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
"""The folder of the scenarios' sample events."""


def list_samples(stack: str) -> list[str]:
    """Names of the samples of ``stack`` (sorted; empty when it ships none)."""
    return _samples.list_samples(SAMPLES_DIR, stack)


def load_sample(stack: str, name: str) -> dict[str, Any]:
    """The sample event ``name`` of ``stack``; :class:`SampleError` when unknown or malformed."""
    return _samples.load_sample(SAMPLES_DIR, stack, name)


__all__ = ["REQUIRED_ATTRIBUTES", "SAMPLES_DIR", "SampleError", "list_samples", "load_sample"]
