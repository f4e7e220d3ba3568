"""Named sample events of a project's stacks: ``<samples_dir>/<stack>/<name>.json``.

Each file is one CloudEvent in structured JSON form (``specversion``, ``id``, ``source``,
``type``, optional ``data`` and extensions), as it enters the stack's first hop (a Broker,
a Channel or a Service). ``route --sample NAME`` and tests load them by name, validated as
``route --event`` validates a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .event_input import EventError, read_event_file

REQUIRED_ATTRIBUTES = ("specversion", "id", "source", "type")


class SampleError(ValueError):
    """An unknown stack or sample name, or a sample file that is not a CloudEvent."""


def list_samples(samples_dir: Path, stack: str) -> list[str]:
    """Names of the samples of ``stack`` (sorted; empty when it ships none)."""
    folder = samples_dir / stack
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json"))


def load_sample(samples_dir: Path, stack: str, name: str) -> dict[str, Any]:
    """The sample event ``name`` of ``stack`` as a dict; a clear :class:`SampleError` otherwise.

    The file is read and checked as ``route --event`` reads and checks an event file
    (:func:`~.event_input.read_event_file`: size and depth limits, JSON, the CloudEvents spec
    through the ``cloudevents`` package), so a shipped sample is a valid CloudEvent.
    """
    names = list_samples(samples_dir, stack)
    if name not in names:
        available = ", ".join(names) if names else "none"
        raise SampleError(f"stack {stack!r} has no sample event {name!r}; available: {available}")
    path = samples_dir / stack / f"{name}.json"
    try:
        return read_event_file(path, f"{path.name} of stack {stack!r}")
    except EventError as err:
        raise SampleError(str(err)) from None
