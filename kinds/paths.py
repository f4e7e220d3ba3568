"""Reading a field of a Kubernetes object by its path, whatever shape the object has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Path = tuple[str, ...]
"""Keys from an object's root to one of its fields, e.g. ``("spec", "template", "spec")``."""

PathGetter = Callable[..., Any]
"""``get(value, *keys)``: the value at ``keys`` below ``value``. Callers with their own notion of
unknown values (the policy rules during preview) pass theirs; :func:`value_at` is the default."""


def value_at(value: Any, *keys: str) -> Any:
    """The value at ``keys`` (mapping keys) below ``value``; None when a step is absent or not a mapping."""
    current = value
    for key in keys:
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    return current


def is_absent(block: Any) -> bool:
    """True for a block that is not there: None or an empty mapping (any other value is there,
    including values a caller treats as unknown)."""
    return block is None or (isinstance(block, Mapping) and not block)
