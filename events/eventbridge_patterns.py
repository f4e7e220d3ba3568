"""EventBridge event patterns on plain JSON: validation and offline evaluation (no SDK, no pydantic).

``pattern_matches(pattern, event)`` answers "would a rule with this ``filterPattern`` receive
this event?" for a CloudEvent as EventBridge delivers it (``source``, ``type``, ``subject``,
``data``, ...). The documentation of Alibaba Cloud EventBridge ("Event patterns") decides; where
it is silent, the engine Alibaba open-sourced decides (Apache RocketMQ EventBridge,
``common/.../tools/pattern``: ``PatternEvaluatorBuilder`` refuses patterns, ``PatternEvaluator``
and the ``PatternCondition`` classes match). In short:

- a pattern is a JSON object; ``{}`` matches every event. Its top-level fields are CloudEvents
  attributes, each holding a list of conditions; only ``data`` holds nested fields, at any
  depth, down to lists of conditions. Every field the pattern names must be in the event
  (except under ``{"exists": false}``), and a pattern on ``data`` needs an event with ``data``;
- AND across fields, OR within a field's list; matching is case-sensitive, character by character;
- conditions: an exact value (string, number, boolean, null; ``""`` is the empty string)
  compared by its text, so ``300``, ``300.0`` and ``"300"`` differ from one another except that
  the string ``"300"`` equals the number ``300`` (:mod:`.eventbridge_values`); ``{"prefix": s}``,
  ``{"suffix": s}``, ``{"contains": s}`` (strings; ``s`` non-empty);
  ``{"anything-but": value | [values] | {"prefix": s}}`` (present values other than those);
  ``{"numeric": [op, n(, op, n)]}`` with ``op`` in ``= != > >= < <=``, ``|n| <= 1e9`` with at
  most 6 decimals, compared as doubles equal within 1e-7; ``{"cidr": "a.b.c.d/n" | "a.b.c.d"}``
  (IPv4; network and broadcast addresses excluded) and ``{"exists": bool}``;
- an event field holding an object matches no condition (not even ``exists``); one holding an
  array matches when one of its elements does, and none when an element is an object or array.

Reference behaviours deliberately not followed (:data:`NOT_FOLLOWED` lists each with its reason).

A malformed pattern raises :class:`InvalidPatternError` naming the path of the bad part.
:func:`conditions_may_match` is the lenient form for analyses of patterns that may be malformed
(policies see whatever a program rendered): what cannot be evaluated may match.

This is the project's one EventBridge matcher: ``eventing_platform.alicloud.pattern_matcher``
re-exports it, and the pattern model (``eventing_platform.alicloud.event_pattern``) and the write
analysis (:mod:`eventing_platform.events.object_writes`) are built on it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .eventbridge_values import (
    cidr_host_range,
    decimal_places,
    ip_matches,
    ipv4_address,
    is_number,
    loads_keeping_number_text,
    number_text,
    number_value,
    scalar_text,
)

OPERATORS = ("prefix", "suffix", "contains", "anything-but", "numeric", "cidr", "exists")
"""Operator keys a condition object may use (besides exact values)."""

NUMERIC_OPERATORS = ("=", "!=", ">", ">=", "<", "<=")
"""Comparison operators of ``{"numeric": [...]}`` (RocketMQ EventBridge ``NumericOperators``)."""

NUMERIC_LIMIT = 1.0e9
"""Largest magnitude of a ``numeric`` bound (the help page and ``NumericConditionBuilder``)."""

NUMERIC_DECIMALS = 6
"""Most decimals of a ``numeric`` bound (the help page)."""

NUMERIC_TOLERANCE = 1.0e-7
"""Numbers closer than this compare equal in ``numeric`` (``NumericOperators.THRESHOLD``)."""

DATA = "data"
"""The one top-level field that holds nested fields: the event body."""

NOT_FOLLOWED: dict[str, str] = {
    "unknown top-level fields": (
        "the reference refuses a top-level field that is neither a CloudEvents attribute nor one "
        "of the extension names its deployment is configured with; Alibaba's list is not "
        "documented, so any CloudEvents attribute name (lowercase letters and digits) is accepted"
    ),
    "anything-but suffix": (
        "the reference accepts {\"anything-but\": {\"suffix\": ...}}; the help page's table of "
        "all operators has only anything-but with a prefix, so it is refused"
    ),
    "anything-but true, false or null": (
        "the reference accepts them; the help page says anything-but takes a string, a number "
        "or a list, so booleans and null (alone or in the list) are refused"
    ),
    "contains": (
        "the reference has no contains operator; the help page lists it, so it is accepted, "
        "for strings, with a non-empty argument like prefix and suffix"
    ),
    "numbers in data lose their text": (
        "the reference reads data through JsonPath, which rewrites a number's text (3.0e2 "
        "becomes 300, 12345678.5 becomes 1.23456785E7) before comparing texts, and wraps an "
        "integer below -2^31 to 32 bits; the help page says 300, 300.0 and 3.0e2 are different "
        "values, so the number as written is compared"
    ),
    "lenient JSON": (
        "the reference parses a pattern with Gson's lenient parser (unquoted names, single "
        "quotes, comments); a pattern is a JSON document, so only JSON is accepted"
    ),
    "UTF-16 strings": (
        "the reference compares Java strings (UTF-16 code units), so a prefix or suffix holding "
        "half of a surrogate pair can match; Python compares code points"
    ),
    "numeric decimals": (
        "the reference accepts any number of decimals; the help page allows at most 6, so more "
        "are refused"
    ),
    "cidr without a mask": (
        "the reference resolves an address with Java's InetAddress (IPv6, host names via DNS, "
        "shortened forms); the help page says IPv4, so pattern and event values are compared "
        "as dotted-quad IPv4 addresses only"
    ),
    "field names under data": (
        "the reference joins them into a JsonPath, so a name with '.', '[' or quotes reads "
        "another field or fails when the event is evaluated; names are taken literally here and "
        "the empty name is refused"
    ),
}
"""Behaviours of Apache RocketMQ EventBridge's engine not followed, each with the reason."""

_ATTRIBUTE_NAME = re.compile(r"[a-z0-9]+")
_ABSENT = object()
_Path = str


class InvalidPatternError(ValueError):
    """A pattern that EventBridge would reject or that cannot be evaluated.

    ``path`` is the dotted location of the bad part (e.g. ``data.oss.object.key[0]``).
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path or "(pattern)"
        self.message = message
        super().__init__(f"{self.path}: {message}")


def _is_scalar(value: object) -> bool:
    return value is None or isinstance(value, (str, bool, int, float))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------- validation


def validate_pattern(pattern: Any, path: _Path = "") -> None:
    """Raise :class:`InvalidPatternError` unless ``pattern`` is an event pattern EventBridge accepts.

    With ``path`` empty, ``pattern`` is a whole pattern (top-level rules apply); otherwise it is
    the nested object found at ``path`` under ``data``.
    """
    if not isinstance(pattern, Mapping):
        raise InvalidPatternError(path, f"a pattern (or nested field) must be a JSON object, got {type(pattern).__name__}")
    if path:
        _validate_nested(pattern, path)
        return
    for key, value in pattern.items():
        if not isinstance(key, str) or not _ATTRIBUTE_NAME.fullmatch(key):
            raise InvalidPatternError(
                "", f"top-level field {key!r} is not a CloudEvents attribute name (lowercase letters and digits); "
                "the top level holds attributes such as source, type and subject, and the event body goes under 'data'"
            )
        if key == DATA:
            if not isinstance(value, Mapping):
                raise InvalidPatternError(DATA, f"'data' holds the fields of the event body as a JSON object, got {value!r}")
            _validate_nested(value, DATA)
        elif isinstance(value, Mapping):
            raise InvalidPatternError(
                key, "only 'data' holds nested fields; a CloudEvents attribute is matched by a list of values or conditions"
            )
        else:
            _validate_conditions(value, key)


def _validate_nested(node: Mapping[Any, Any], path: _Path) -> None:
    if not node:
        raise InvalidPatternError(path, "a nested field must name at least one sub-field")
    for key, value in node.items():
        if not isinstance(key, str) or not key:
            raise InvalidPatternError(path, f"field names must be non-empty strings, got {key!r}")
        here = _join(path, key)
        if isinstance(value, Mapping):
            _validate_nested(value, here)
        else:
            _validate_conditions(value, here)


def _validate_conditions(value: Any, path: _Path) -> None:
    if not isinstance(value, list):
        raise InvalidPatternError(
            path, f"must be an array of values/conditions or a nested object, got {value!r}; wrap it: [{json.dumps(value)}]"
        )
    if not value:
        raise InvalidPatternError(path, "an empty array matches nothing; list at least one value or condition")
    for i, cond in enumerate(value):
        validate_condition(cond, f"{path}[{i}]")


def validate_condition(cond: Any, path: _Path) -> None:
    """Raise :class:`InvalidPatternError` unless ``cond`` is one exact value or one operator object."""
    if _is_scalar(cond):
        return
    if not isinstance(cond, Mapping):
        raise InvalidPatternError(path, f"a condition is a value or an operator object (arrays do not nest), got {cond!r}")
    if len(cond) != 1:
        raise InvalidPatternError(path, f"an operator object has exactly one key (one of {', '.join(OPERATORS)}), got {sorted(cond)}")
    ((op, arg),) = cond.items()
    if op in ("prefix", "suffix", "contains"):
        _validate_text(op, arg, path)
    elif op == "anything-but":
        _validate_anything_but(arg, path)
    elif op == "numeric":
        _numeric_comparisons(arg, path)
    elif op == "cidr":
        _validate_cidr(arg, path)
    elif op == "exists":
        if not isinstance(arg, bool):
            raise InvalidPatternError(path, f"'exists' takes true or false, got {arg!r}")
    else:
        raise InvalidPatternError(path, f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}")


def _validate_text(op: str, arg: Any, path: _Path) -> None:
    if not isinstance(arg, str):
        raise InvalidPatternError(path, f"{op!r} takes a string, got {arg!r}")
    if not arg:
        raise InvalidPatternError(path, f"{op!r} takes a non-empty string (an empty one is refused by EventBridge)")


def _validate_anything_but(arg: Any, path: _Path) -> None:
    if isinstance(arg, Mapping):
        if set(arg) != {"prefix"}:
            raise InvalidPatternError(path, f"'anything-but' with an object takes only {{\"prefix\": \"...\"}}, got {arg!r}")
        _validate_text("prefix", arg["prefix"], path)
    elif isinstance(arg, list):
        for v in arg:
            if not (isinstance(v, str) or is_number(v)):
                raise InvalidPatternError(path, f"'anything-but' list items are strings or numbers, got {v!r}")
    elif not (isinstance(arg, str) or is_number(arg)):
        raise InvalidPatternError(path, f"'anything-but' takes a string, a number, a list of them or {{\"prefix\": ...}}, got {arg!r}")


def _numeric_comparisons(arg: Any, path: _Path) -> list[tuple[str, float]]:
    if not isinstance(arg, list) or len(arg) not in (2, 4):
        raise InvalidPatternError(path, f"'numeric' takes [op, number] or [op, number, op, number], got {arg!r}")
    pairs: list[tuple[str, float]] = []
    for i in range(0, len(arg), 2):
        op, num = arg[i], arg[i + 1]
        if op not in NUMERIC_OPERATORS:
            raise InvalidPatternError(path, f"numeric operator {op!r} is not one of {', '.join(NUMERIC_OPERATORS)}")
        if not is_number(num):
            raise InvalidPatternError(path, f"numeric bound {num!r} after {op!r} must be a number")
        if not -NUMERIC_LIMIT <= number_value(num) <= NUMERIC_LIMIT:
            raise InvalidPatternError(path, f"numeric bound {number_text(num)} is outside -1.0e9..1.0e9")
        if decimal_places(num) > NUMERIC_DECIMALS:
            raise InvalidPatternError(path, f"numeric bound {number_text(num)} has more than {NUMERIC_DECIMALS} decimals")
        pairs.append((op, number_value(num)))
    return pairs


def _validate_cidr(arg: Any, path: _Path) -> None:
    ok = isinstance(arg, str) and (cidr_host_range(arg) if "/" in arg else ipv4_address(arg)) is not None
    if not ok:
        raise InvalidPatternError(path, f"'cidr' takes an IPv4 block such as '10.0.0.0/24' or an IPv4 address, got {arg!r}")


# --------------------------------------------------------------------------- evaluation


def _compare(op: str, value: float, bound: float) -> bool:
    order = 0 if abs(value - bound) <= NUMERIC_TOLERANCE else (value > bound) - (value < bound)
    return {"=": order == 0, "!=": order != 0, ">": order > 0, ">=": order >= 0, "<": order < 0, "<=": order <= 0}[op]


def _element_matches(cond: Any, value: Any) -> bool:
    """One (validated) condition against one present scalar event value (null included)."""
    if _is_scalar(cond):
        if cond is None or value is None:
            return cond is None and value is None
        return scalar_text(cond) == scalar_text(value)
    ((op, arg),) = cond.items()
    if op == "exists":
        return arg is True
    if op == "anything-but":
        excluded = [arg] if isinstance(arg, Mapping) or not isinstance(arg, list) else arg
        return not any(_element_matches(x, value) for x in excluded)
    if op == "numeric":
        return is_number(value) and all(_compare(c, number_value(value), b) for c, b in _numeric_comparisons(arg, ""))
    if not isinstance(value, str):
        return False
    if op == "prefix":
        return value.startswith(arg)
    if op == "suffix":
        return value.endswith(arg)
    if op == "contains":
        return arg in value
    return ip_matches(arg, value)  # cidr: validate_condition admits no other operator


def condition_matches(cond: Any, value: Any = _ABSENT) -> bool:
    """One (validated) condition against an event field; omit ``value`` for an absent field."""
    if value is _ABSENT:
        return isinstance(cond, Mapping) and cond.get("exists") is False
    if isinstance(value, Mapping):
        return False
    if isinstance(value, list):
        if any(isinstance(item, (Mapping, list)) for item in value):
            return False
        return any(_element_matches(cond, item) for item in value)
    return _element_matches(cond, value)


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


def _lookup(node: Any, key: str) -> Any:
    return node[key] if isinstance(node, Mapping) and key in node else _ABSENT


def _nested_matches(pattern: Mapping[str, Any], node: Any) -> bool:
    for key, expected in pattern.items():
        actual = _lookup(node, key)
        if isinstance(expected, Mapping):
            if not _nested_matches(expected, actual):
                return False
        elif not any(condition_matches(cond, actual) for cond in expected):
            return False
    return True


def _matches(pattern: Mapping[str, Any], event: Any) -> bool:
    for key, expected in pattern.items():
        actual = _lookup(event, key)
        if isinstance(expected, Mapping):  # 'data': an event without a body matches no body pattern
            if actual is _ABSENT or not _nested_matches(expected, actual):
                return False
        elif not any(condition_matches(cond, actual) for cond in expected):
            return False
    return True


def pattern_matches(pattern: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    """True when ``event`` (a CloudEvent as a JSON object) matches the EventBridge ``pattern``.

    Both arguments are plain JSON (``json.loads`` output; read them with
    :func:`~.eventbridge_values.loads_keeping_number_text` to compare numbers by the text they
    were written with). Raises :class:`InvalidPatternError` when the pattern is malformed; an
    event of any shape is accepted (a missing field simply does not match).
    """
    validate_pattern(pattern)
    return _matches(pattern, event)


def pattern_matches_json(filter_pattern: str, event: Mapping[str, Any]) -> bool:
    """:func:`pattern_matches` for a ``filterPattern`` string, as recorded on a rule (its numbers
    keep the text they are written with)."""
    try:
        pattern = loads_keeping_number_text(filter_pattern)
    except (TypeError, json.JSONDecodeError) as err:
        raise InvalidPatternError("", f"filterPattern is not valid JSON: {err}") from None
    return pattern_matches(pattern, event)


__all__ = [
    "DATA",
    "NOT_FOLLOWED",
    "NUMERIC_DECIMALS",
    "NUMERIC_LIMIT",
    "NUMERIC_OPERATORS",
    "NUMERIC_TOLERANCE",
    "OPERATORS",
    "InvalidPatternError",
    "condition_matches",
    "condition_may_match",
    "conditions_may_match",
    "pattern_matches",
    "pattern_matches_json",
    "validate_condition",
    "validate_pattern",
]
