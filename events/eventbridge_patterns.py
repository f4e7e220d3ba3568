"""EventBridge event patterns on plain JSON: validation and offline evaluation (no SDK, no pydantic).

``pattern_matches(pattern, event)`` answers "would a rule with this ``filterPattern`` receive
this event?" for a CloudEvent as EventBridge delivers it (``source``, ``type``, ``subject``,
``data``, ...). Semantics, from the EventBridge documentation on event patterns:

- the pattern has the event's nested structure; every field it names must be present in the
  event (except under ``{"exists": false}``);
- AND across keys, OR within a field's array of conditions;
- matching is case-sensitive and character by character;
- conditions: an exact value (string, number, boolean, null; ``""`` is the empty-string
  operator), ``{"prefix": s}``, ``{"suffix": s}``, ``{"contains": s}``,
  ``{"anything-but": value | [values] | {"prefix": s}}``,
  ``{"numeric": [op, n(, op, n)]}`` with ``op`` in ``= > >= < <=``, ``{"cidr": "a.b.c.d/n"}``
  (IPv4) and ``{"exists": bool}``;
- when the event's field holds an array, the condition holds if it holds for any element.

A malformed pattern raises :class:`InvalidPatternError` naming the path of the bad part.
:func:`conditions_may_match` is the lenient form for analyses of patterns that may be malformed
(policies see whatever a program rendered): what cannot be evaluated may match.

This is the project's one EventBridge matcher: ``eventing_platform.alicloud.pattern_matcher``
re-exports it, and the pattern model (``eventing_platform.alicloud.event_pattern``) and the write
analysis (:mod:`eventing_platform.events.object_writes`) are built on it.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from typing import Any

OPERATORS = ("prefix", "suffix", "contains", "anything-but", "numeric", "cidr", "exists")
"""Operator keys a condition object may use (besides exact values)."""

NUMERIC_OPERATORS = ("=", ">", ">=", "<", "<=")
"""Comparison operators of ``{"numeric": [...]}``."""

_LOWER = (">", ">=")
_UPPER = ("<", "<=")
_ABSENT = object()


class InvalidPatternError(ValueError):
    """A pattern that EventBridge would reject or that cannot be evaluated.

    ``path`` is the dotted location of the bad part (e.g. ``data.oss.object.key[0]``).
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path or "(pattern)"
        self.message = message
        super().__init__(f"{self.path}: {message}")


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------- validation


def validate_pattern(pattern: Any, path: str = "") -> None:
    """Raise :class:`InvalidPatternError` unless ``pattern`` is a well-formed event pattern."""
    if not isinstance(pattern, Mapping):
        raise InvalidPatternError(path, f"a pattern (or nested field) must be a JSON object, got {type(pattern).__name__}")
    if not path and not pattern:
        raise InvalidPatternError(path, "an empty pattern matches every event; name at least one field")
    for key, value in pattern.items():
        if not isinstance(key, str) or not key:
            raise InvalidPatternError(path, f"field names must be non-empty strings, got {key!r}")
        here = _join(path, key)
        if isinstance(value, Mapping):
            if not value:
                raise InvalidPatternError(here, "a nested field must name at least one sub-field")
            validate_pattern(value, here)
        elif isinstance(value, list):
            if not value:
                raise InvalidPatternError(here, "an empty array matches nothing; list at least one value or condition")
            for i, cond in enumerate(value):
                validate_condition(cond, f"{here}[{i}]")
        else:
            raise InvalidPatternError(
                here, f"must be an array of values/conditions or a nested object, got {value!r}; wrap it: [{json.dumps(value)}]"
            )


def validate_condition(cond: Any, path: str) -> None:
    """Raise :class:`InvalidPatternError` unless ``cond`` is one exact value or one operator object."""
    if _is_scalar(cond):
        return
    if not isinstance(cond, Mapping):
        raise InvalidPatternError(path, f"a condition is a value or an operator object, got {cond!r}")
    if len(cond) != 1:
        raise InvalidPatternError(path, f"an operator object has exactly one key (one of {', '.join(OPERATORS)}), got {sorted(cond)}")
    (op, arg), = cond.items()
    if op in ("prefix", "suffix", "contains"):
        if not isinstance(arg, str):
            raise InvalidPatternError(path, f"{op!r} takes a string, got {arg!r}")
    elif op == "anything-but":
        _validate_anything_but(arg, path)
    elif op == "numeric":
        _numeric_bounds(arg, path)
    elif op == "cidr":
        _parse_cidr(arg, path)
    elif op == "exists":
        if not isinstance(arg, bool):
            raise InvalidPatternError(path, f"'exists' takes true or false, got {arg!r}")
    else:
        raise InvalidPatternError(path, f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")


def _validate_anything_but(arg: Any, path: str) -> None:
    if isinstance(arg, Mapping):
        if set(arg) != {"prefix"} or not isinstance(arg["prefix"], str):
            raise InvalidPatternError(path, f"'anything-but' with an object takes only {{\"prefix\": \"...\"}}, got {arg!r}")
    elif isinstance(arg, list):
        if not arg:
            raise InvalidPatternError(path, "'anything-but' with an empty list excludes nothing; list at least one value")
        for v in arg:
            if not (isinstance(v, str) or _is_number(v)):
                raise InvalidPatternError(path, f"'anything-but' list items are strings or numbers, got {v!r}")
    elif not (isinstance(arg, str) or _is_number(arg)):
        raise InvalidPatternError(path, f"'anything-but' takes a string, a number, a list of them or {{\"prefix\": ...}}, got {arg!r}")


def _numeric_bounds(arg: Any, path: str) -> list[tuple[str, float]]:
    if not isinstance(arg, list) or len(arg) not in (2, 4):
        raise InvalidPatternError(path, f"'numeric' takes [op, number] or [op, number, op, number], got {arg!r}")
    pairs: list[tuple[str, float]] = []
    for i in range(0, len(arg), 2):
        op, num = arg[i], arg[i + 1]
        if op not in NUMERIC_OPERATORS:
            raise InvalidPatternError(path, f"numeric operator {op!r} is not one of {', '.join(NUMERIC_OPERATORS)}")
        if not _is_number(num):
            raise InvalidPatternError(path, f"numeric bound {num!r} after {op!r} must be a number")
        pairs.append((op, float(num)))
    if len(pairs) == 2:
        (op1, n1), (op2, n2) = pairs
        if not (op1 in _LOWER and op2 in _UPPER):
            raise InvalidPatternError(path, f"a numeric range is a lower bound ('>' or '>=') then an upper bound ('<' or '<='), got {arg!r}")
        if n1 > n2 or (n1 == n2 and (op1, op2) != (">=", "<=")):
            raise InvalidPatternError(path, f"numeric range {arg!r} is empty: the lower bound is above the upper bound")
    return pairs


def _parse_cidr(arg: Any, path: str) -> ipaddress.IPv4Network:
    if not isinstance(arg, str):
        raise InvalidPatternError(path, f"'cidr' takes an IPv4 CIDR string such as '10.0.0.0/24', got {arg!r}")
    try:
        return ipaddress.IPv4Network(arg, strict=False)
    except ValueError:
        raise InvalidPatternError(path, f"'cidr' {arg!r} is not an IPv4 CIDR block such as '10.0.0.0/24'") from None


# --------------------------------------------------------------------------- evaluation


def _same_value(expected: Any, actual: Any) -> bool:
    """Exact equality as JSON sees it: 5 == 5.0, but "5" != 5 and true != 1."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return isinstance(expected, bool) and isinstance(actual, bool) and expected is actual
    if _is_number(expected) and _is_number(actual):
        return float(expected) == float(actual)
    if expected is None or actual is None:
        return expected is None and actual is None
    return type(expected) is type(actual) and expected == actual


def _scalar_matches(cond: Any, value: Any) -> bool:
    """One condition against one present, non-array event value."""
    if _is_scalar(cond):
        return _same_value(cond, value)
    (op, arg), = cond.items()
    if op == "prefix":
        return isinstance(value, str) and value.startswith(arg)
    if op == "suffix":
        return isinstance(value, str) and value.endswith(arg)
    if op == "contains":
        return isinstance(value, str) and arg in value
    if op == "anything-but":
        if isinstance(arg, Mapping):
            return isinstance(value, str) and not value.startswith(arg["prefix"])
        excluded = arg if isinstance(arg, list) else [arg]
        return not any(_same_value(x, value) for x in excluded)
    if op == "numeric":
        if not _is_number(value):
            return False
        v = float(value)
        for cmp, bound in _numeric_bounds(arg, ""):
            ok = {"=": v == bound, ">": v > bound, ">=": v >= bound, "<": v < bound, "<=": v <= bound}[cmp]
            if not ok:
                return False
        return True
    if op == "cidr":
        if not isinstance(value, str):
            return False
        try:
            return ipaddress.IPv4Address(value) in _parse_cidr(arg, "")
        except ValueError:
            return False
    if op == "exists":
        return arg is True
    return False  # pragma: no cover - validate_condition rejects other operators


def condition_matches(cond: Any, value: Any = _ABSENT) -> bool:
    """One (validated) condition against an event field; omit ``value`` for an absent field."""
    if value is _ABSENT:
        return isinstance(cond, Mapping) and cond.get("exists") is False
    if isinstance(cond, Mapping) and "exists" in cond:
        return cond["exists"] is True
    if isinstance(value, list):
        return any(_scalar_matches(cond, item) for item in value)
    return _scalar_matches(cond, value)


def condition_may_match(cond: Any, value: Any = _ABSENT) -> bool:
    """:func:`condition_matches` for a condition that may be malformed: one that is not a valid
    condition may match (it cannot be evaluated, so nothing is ruled out)."""
    try:
        validate_condition(cond, "")
    except (InvalidPatternError, RecursionError):
        return True
    return condition_matches(cond, value)


def conditions_may_match(conditions: Any, value: Any = _ABSENT) -> bool:
    """Whether a pattern field holding ``conditions`` (OR) may accept ``value`` (omit it: absent).

    Lenient: a field that is not a list of conditions (a malformed or unknown pattern part) may
    match, and so may a malformed condition; an empty list matches nothing, as in EventBridge.
    """
    if not isinstance(conditions, list):
        return True
    return any(condition_may_match(cond, value) for cond in conditions)


def _matches(pattern: Mapping[str, Any], event: Any) -> bool:
    fields = event if isinstance(event, Mapping) else {}
    for key, expected in pattern.items():
        actual = fields.get(key, _ABSENT)
        if isinstance(expected, Mapping):
            if not _matches(expected, actual if isinstance(actual, Mapping) else {}):
                return False
        elif not any(condition_matches(cond, actual) for cond in expected):
            return False
    return True


def pattern_matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """True when ``event`` (a CloudEvent as a JSON object) matches the EventBridge ``pattern``.

    Both arguments are plain JSON (``json.loads`` output). Raises :class:`InvalidPatternError`
    when the pattern is malformed; an event of any shape is accepted (a missing field simply
    does not match).
    """
    validate_pattern(pattern)
    return _matches(pattern, event)


def pattern_matches_json(filter_pattern: str, event: Mapping[str, Any]) -> bool:
    """:func:`pattern_matches` for a ``filterPattern`` string, as recorded on a rule."""
    try:
        pattern = json.loads(filter_pattern)
    except (TypeError, json.JSONDecodeError) as err:
        raise InvalidPatternError("", f"filterPattern is not valid JSON: {err}") from None
    return pattern_matches(pattern, event)


__all__ = [
    "InvalidPatternError",
    "NUMERIC_OPERATORS",
    "OPERATORS",
    "condition_matches",
    "condition_may_match",
    "conditions_may_match",
    "pattern_matches",
    "pattern_matches_json",
    "validate_condition",
    "validate_pattern",
]
