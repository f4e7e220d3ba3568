"""Defensive access to resource properties as the engine hands them to policies.

Properties arrive as JSON-like trees (dicts, lists, strings, floats for every number, bools,
``None``), during preview with *unknown* values (computed outputs) and, inside the policy pack,
wrapped in pulumi-policy's unknown-checking proxies. :func:`plain` turns any of that into plain
data where every unknown is the :data:`UNKNOWN` singleton, so a rule never raises on access and
decides explicitly what an unknown value means. Every helper here accepts any input and never
raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = [
    "UNKNOWN",
    "as_dict",
    "as_int",
    "as_list",
    "as_str",
    "get",
    "is_false",
    "is_set",
    "is_true",
    "is_unknown",
    "iter_strings",
    "load_json",
    "plain",
    "redact",
    "str_list",
]


class _Unknown:
    """The type of :data:`UNKNOWN`: a value the engine does not know yet (preview)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<unknown>"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()
"""A value that is not known during preview (the output of another resource)."""

# pulumi-policy's (and the engine's) sentinels for unknown values of each type.
UNKNOWN_SENTINELS = frozenset({
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",  # boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",  # number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",  # string
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",  # array
    "030794c1-ac77-496b-92df-f27374a8bd58",  # asset
    "e48ece36-62e2-4504-bad9-02848725956a",  # archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",  # object
})

_MAX_DEPTH = 64


def _proxy_target(value: Any) -> Any:
    """The wrapped dict/list of a pulumi-policy proxy, or ``value`` itself."""
    name = type(value).__name__
    if name in ("_DictProxy", "_ListProxy", "_DictSecretsProxy", "_ListSecretsProxy"):
        try:
            return value["__target"]
        except Exception:  # noqa: BLE001 - never raise on odd input
            return UNKNOWN
    if name == "Secret" and hasattr(value, "value"):
        return value.value
    return value


def plain(value: Any, _depth: int = 0) -> Any:
    """``value`` as plain dicts/lists/scalars; unknown sentinels become :data:`UNKNOWN`.

    Trees deeper than 64 levels are cut there (the cut subtree becomes :data:`UNKNOWN`).
    """
    try:
        value = _proxy_target(value)
        if _depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(value, str):
            return UNKNOWN if value in UNKNOWN_SENTINELS else value
        if value is None or isinstance(value, (bool, int, float)) or value is UNKNOWN:
            return value
        if isinstance(value, Mapping):
            return {str(k): plain(v, _depth + 1) for k, v in value.items()}
        if isinstance(value, (list, tuple)) or (isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray))):
            return [plain(v, _depth + 1) for v in value]
        return value
    except Exception:  # noqa: BLE001 - a broken proxy or mapping is simply unknown
        return UNKNOWN


def is_unknown(value: Any) -> bool:
    """True for :data:`UNKNOWN` (or a raw unknown sentinel string)."""
    return value is UNKNOWN or (isinstance(value, str) and value in UNKNOWN_SENTINELS)


def get(value: Any, *path: str | int) -> Any:
    """The value at ``path`` (dict keys / list indexes), ``None`` when absent or of the wrong shape.

    An unknown value on the way yields :data:`UNKNOWN`.
    """
    current = value
    for step in path:
        if is_unknown(current):
            return UNKNOWN
        if isinstance(current, Mapping) and isinstance(step, str):
            current = current.get(step)
        elif isinstance(current, list) and isinstance(step, int) and not isinstance(step, bool):
            current = current[step] if -len(current) <= step < len(current) else None
        else:
            return None
    return UNKNOWN if is_unknown(current) else current


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    """``value`` if it is a known string, else ``None``."""
    return value if isinstance(value, str) and not is_unknown(value) else None


def str_list(value: Any) -> list[str]:
    """Known strings of ``value``: a string gives ``[value]``, a list its string items."""
    if isinstance(value, str):
        return [] if is_unknown(value) else [value]
    return [v for v in as_list(value) if isinstance(v, str) and not is_unknown(v)]


def as_int(value: Any) -> int | None:
    """An integer from an int, an integral float (protobuf numbers) or a numeric string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    return None


def is_true(value: Any) -> bool:
    """True for ``True`` or the string ``"true"`` (any case)."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def is_false(value: Any) -> bool:
    """True for ``False`` or the string ``"false"`` (any case)."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def is_set(value: Any) -> bool:
    """True for an unknown value (it will be set) or a non-empty known value."""
    if is_unknown(value):
        return True
    if value is None:
        return False
    if isinstance(value, (str, list, dict)):
        return len(value) > 0
    return True


def load_json(value: Any) -> tuple[Any, str | None]:
    """Parse a JSON document given as a string (or already as a dict/list).

    Returns ``(document, None)`` or ``(None, reason)``; an unknown value gives
    ``(UNKNOWN, "unknown during preview")``.
    """
    if is_unknown(value):
        return UNKNOWN, "its value is not known during preview"
    if isinstance(value, (dict, list)):
        return value, None
    if not isinstance(value, str):
        return None, f"expected a JSON string, got {type(value).__name__}"
    try:
        return plain(json.loads(value)), None
    except (ValueError, RecursionError) as err:
        return None, f"not valid JSON ({str(err)[:80]})"


def iter_strings(value: Any, path: str = "", _depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every known string in a tree, with its dotted path (dict keys included as ``path.<key>``)."""
    if _depth > _MAX_DEPTH:
        return
    if isinstance(value, str):
        if not is_unknown(value):
            yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            key = str(k)
            yield from iter_strings(v, f"{path}.{key}" if path else key, _depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from iter_strings(v, f"{path}[{i}]", _depth + 1)


def redact(text: str, keep: int = 4) -> str:
    """A credential-safe rendering: the first ``keep`` characters, then ``****``."""
    return (text[:keep] + "****") if isinstance(text, str) else "****"
