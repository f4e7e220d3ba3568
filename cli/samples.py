"""Named sample events of a project's stacks: ``<samples_dir>/<stack>/<name>.json``.

Each file is one CloudEvent in structured JSON form (``specversion``, ``id``, ``source``,
``type``, optional ``data`` and extensions), as it enters the stack's first hop (a Broker,
a Channel or a Service). ``route --sample NAME`` and tests load them by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .event_input import EventError, validate_cloudevent

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
    """The sample event ``name`` of ``stack`` as a dict; a clear :class:`SampleError` otherwise."""
    names = list_samples(samples_dir, stack)
    if name not in names:
        available = ", ".join(names) if names else "none"
        raise SampleError(f"stack {stack!r} has no sample event {name!r}; available: {available}")
    path = samples_dir / stack / f"{name}.json"
    text = path.read_text()
    try:
        event = json.loads(text)
    except json.JSONDecodeError as err:
        raise SampleError(f"{path.name} of stack {stack!r} is not valid JSON: {err}") from None
    if not isinstance(event, dict):
        raise SampleError(f"{path.name} of stack {stack!r} is not a JSON object")
    missing = [a for a in REQUIRED_ATTRIBUTES if not isinstance(event.get(a), str) or not event.get(a)]
    if missing:
        raise SampleError(f"{path.name} of stack {stack!r} is not a CloudEvent: missing {missing}")
    try:
        validate_cloudevent(event, text, f"{path.name} of stack {stack!r}")
    except EventError as err:
        raise SampleError(str(err)) from None
    return event
