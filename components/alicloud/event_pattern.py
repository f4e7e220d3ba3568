"""EventBridge event patterns as types: conditions built by ``Match`` factories, one ``EventPattern``.

A pattern mirrors the event's structure: each field holds either a nested pattern or a list of
conditions (OR), and all fields must hold (AND). ``EventPattern.to_json()`` renders the exact
JSON EventBridge stores in a rule's ``filter_pattern``; ``EventPattern.from_json()`` parses one
back; ``EventPattern.matches(event)`` evaluates it offline with
:func:`~eventing_platform.events.eventbridge_patterns.pattern_matches`.

Example (the oss-unzip seed's pattern)::

    EventPattern.of(
        source=["acs.oss"],
        type=["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PostObject"],
        subject=[Match.suffix(".zip")],
        data={"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [Match.prefix("zip/")]}}},
    )
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Union

from pydantic import StrictFloat, StrictInt, StrictStr, model_validator

from eventing_platform.events.eventbridge_patterns import (
    InvalidPatternError,
    pattern_matches,
    validate_condition,
    validate_pattern,
)

from ..args import Args
from ..errors import ArgsError, Problem

Scalar = Union[str, int, float, bool, None]  # noqa: UP007 - a runtime alias
"""A JSON scalar an exact condition compares with."""


class Condition(Args):
    """One condition of a field's OR-list. Build conditions with :class:`Match`."""

    def render(self) -> Any:
        """The condition's JSON form (a scalar or a one-key object)."""
        raise NotImplementedError

    @model_validator(mode="after")
    def _valid_for_eventbridge(self) -> Condition:
        try:
            validate_condition(self.render(), "")
        except InvalidPatternError as err:
            raise ValueError(err.message) from None
        return self


class ExactMatch(Condition):
    """The field equals ``value`` exactly (case-sensitive; ``""`` is the empty-string operator).

    EventBridge compares values by their JSON text: ``5`` and ``5.0`` differ, the string ``"5"``
    equals the number ``5``, and ``null`` equals only ``null``.
    """

    value: Scalar
    """The value to equal: a string, number, boolean or null."""

    def render(self) -> Any:
        return self.value


class PrefixMatch(Condition):
    """The (string) field starts with ``prefix``: ``{"prefix": ...}``."""

    prefix: str
    """The leading characters (non-empty: EventBridge refuses an empty prefix)."""

    def render(self) -> Any:
        return {"prefix": self.prefix}


class SuffixMatch(Condition):
    """The (string) field ends with ``suffix``: ``{"suffix": ...}``."""

    suffix: str
    """The trailing characters (non-empty: EventBridge refuses an empty suffix)."""

    def render(self) -> Any:
        return {"suffix": self.suffix}


class ContainsMatch(Condition):
    """The (string) field contains ``text``: ``{"contains": ...}``."""

    text: str
    """The substring (non-empty)."""

    def render(self) -> Any:
        return {"contains": self.text}


class AnythingBut(Condition):
    """The field is present and equals none of the values: ``{"anything-but": v | [v, ...]}``."""

    values: StrictStr | StrictInt | StrictFloat | list[StrictStr | StrictInt | StrictFloat]
    """One string or number, or a list of them (rendered as given; ``[]`` excludes nothing)."""

    def render(self) -> Any:
        return {"anything-but": list(self.values) if isinstance(self.values, list) else self.values}


class AnythingButPrefix(Condition):
    """The field is present and is not a string starting with ``prefix``:
    ``{"anything-but": {"prefix": ...}}``."""

    prefix: str
    """The excluded leading characters (non-empty)."""

    def render(self) -> Any:
        return {"anything-but": {"prefix": self.prefix}}


class NumericMatch(Condition):
    """The (numeric) field satisfies one comparison or two: ``{"numeric": [">", 0, "<=", 5]}``.

    Operators ``= != > >= < <=``; bounds within -1.0e9..1.0e9 with at most 6 decimals; numbers
    closer than 1e-7 compare equal (EventBridge's own tolerance).
    """

    comparisons: list[StrictStr | StrictInt | StrictFloat]
    """Operator/number pairs, flattened: ``[op, n]`` or ``[op, n, op, m]`` (both must hold)."""

    def render(self) -> Any:
        return {"numeric": list(self.comparisons)}


class CidrMatch(Condition):
    """The (string) field is an IPv4 address inside ``cidr``: ``{"cidr": "10.0.0.0/24"}``.

    As EventBridge evaluates it, a block holds its host addresses only: the network and
    broadcast addresses are outside, and a ``/31`` or ``/32`` block holds none (write the
    address without a mask to match exactly one).
    """

    cidr: str
    """An IPv4 block ``a.b.c.d/n`` or one IPv4 address ``a.b.c.d``."""

    def render(self) -> Any:
        return {"cidr": self.cidr}


class ExistsMatch(Condition):
    """The field is present (``exists=True``) or absent (``exists=False``): ``{"exists": ...}``."""

    exists: bool = True
    """Presence required (True) or absence required (False). Default True."""

    def render(self) -> Any:
        return {"exists": self.exists}


class Match:
    """Factories for every EventBridge pattern operator; each validates its arguments."""

    @staticmethod
    def exact(value: Scalar) -> ExactMatch:
        """Equal to ``value`` (same as writing the plain value in the list)."""
        return ExactMatch(value=value)

    @staticmethod
    def empty() -> ExactMatch:
        """The empty string ``""``."""
        return ExactMatch(value="")

    @staticmethod
    def prefix(prefix: str) -> PrefixMatch:
        """Starts with ``prefix``."""
        return PrefixMatch(prefix=prefix)

    @staticmethod
    def suffix(suffix: str) -> SuffixMatch:
        """Ends with ``suffix``."""
        return SuffixMatch(suffix=suffix)

    @staticmethod
    def contains(text: str) -> ContainsMatch:
        """Contains ``text``."""
        return ContainsMatch(text=text)

    @staticmethod
    def anything_but(*values: str | int | float) -> AnythingBut:
        """Anything except these values; one value renders as a scalar, several as a list."""
        if len(values) == 1 and isinstance(values[0], list):
            return AnythingBut(values=list(values[0]))
        if not values:
            raise ArgsError([Problem("Match.anything_but", "needs at least one value to exclude", [])])
        return AnythingBut(values=values[0] if len(values) == 1 else list(values))

    @staticmethod
    def anything_but_prefix(prefix: str) -> AnythingButPrefix:
        """Any string not starting with ``prefix``."""
        return AnythingButPrefix(prefix=prefix)

    @staticmethod
    def numeric(*comparisons: str | int | float) -> NumericMatch:
        """A comparison (``"=", 3``) or two (``">", 0, "<=", 5``)."""
        return NumericMatch(comparisons=list(comparisons))

    @staticmethod
    def cidr(cidr: str) -> CidrMatch:
        """An IPv4 host address inside the block ``cidr`` (or equal to the address ``cidr``)."""
        return CidrMatch(cidr=cidr)

    @staticmethod
    def exists(present: bool = True) -> ExistsMatch:
        """The field is present (default) or, with ``False``, absent."""
        return ExistsMatch(exists=present)

    @staticmethod
    def absent() -> ExistsMatch:
        """The field is absent (``{"exists": false}``)."""
        return ExistsMatch(exists=False)


def condition_from_json(value: Any, path: str = "condition") -> Condition:
    """Parse one condition from its JSON form."""
    try:
        validate_condition(value, path)
    except InvalidPatternError as err:
        raise ArgsError([Problem(_field(err.path), err.message, value)]) from None
    if not isinstance(value, Mapping):
        return ExactMatch(value=value)
    (op, arg), = value.items()
    if op == "prefix":
        return PrefixMatch(prefix=arg)
    if op == "suffix":
        return SuffixMatch(suffix=arg)
    if op == "contains":
        return ContainsMatch(text=arg)
    if op == "anything-but":
        if isinstance(arg, Mapping):
            return AnythingButPrefix(prefix=arg["prefix"])
        return AnythingBut(values=arg)
    if op == "numeric":
        return NumericMatch(comparisons=arg)
    if op == "cidr":
        return CidrMatch(cidr=arg)
    return ExistsMatch(exists=arg)


FieldSpec = Union[list[Condition], "EventPattern"]


class EventPattern(Args):
    """An EventBridge event pattern: field name -> conditions (OR) or a nested pattern; fields AND.

    Key order is kept, so the rendered JSON lists fields in the order they were given. A whole
    pattern holds CloudEvents attributes at the top level and nests fields under ``data`` only;
    :meth:`from_dict`, :meth:`from_json` and ``EventRuleArgs`` check that (an ``EventPattern``
    may also stand for a nested object, where any field names are allowed). ``{}`` matches
    every event.
    """

    fields: dict[str, FieldSpec]
    """The pattern's fields. Build with :meth:`of`, :meth:`from_dict` or :meth:`from_json`."""

    @model_validator(mode="after")
    def _well_formed(self) -> EventPattern:
        for key, spec in self.fields.items():
            if not key:
                raise ValueError("field names must be non-empty")
            if isinstance(spec, list) and not spec:
                raise ValueError(f"field {key!r} has no conditions; an empty list matches nothing")
            if isinstance(spec, EventPattern) and not spec.fields:
                raise ValueError(f"field {key!r} is an empty object; a nested field must name at least one sub-field")
        return self

    # ---------------------------------------------------------------- construction

    @classmethod
    def of(cls, fields: Mapping[str, Any] | None = None, /, **kwargs: Any) -> EventPattern:
        """Build from fields; values are condition lists, single conditions, plain values or nested
        mappings/patterns. Plain values become exact matches."""
        merged = {**(fields or {}), **kwargs}
        return cls(fields={key: _field_spec(value, key) for key, value in merged.items()})

    @classmethod
    def from_dict(cls, pattern: Mapping[str, Any]) -> EventPattern:
        """Parse a pattern from its JSON object form; a malformed one raises ``ArgsError``."""
        try:
            validate_pattern(pattern)
        except InvalidPatternError as err:
            raise ArgsError([Problem(_field(err.path), err.message, _at(pattern, err.path))]) from None
        return cls._parse(pattern)

    @classmethod
    def _parse(cls, pattern: Mapping[str, Any]) -> EventPattern:
        fields: dict[str, FieldSpec] = {}
        for key, value in pattern.items():
            if isinstance(value, Mapping):
                fields[key] = cls._parse(value)
            else:
                fields[key] = [condition_from_json(c) for c in value]
        return cls(fields=fields)

    @classmethod
    def from_json(cls, text: str) -> EventPattern:
        """Parse a ``filter_pattern`` JSON string."""
        try:
            data = json.loads(text)
        except (TypeError, json.JSONDecodeError) as err:
            raise ArgsError([Problem("EventPattern", f"is not valid JSON ({err}); pass the rule's filter_pattern text", text)]) from None
        return cls.from_dict(data)

    # ---------------------------------------------------------------- rendering

    def render(self) -> dict[str, Any]:
        """The pattern as a JSON object (plain dicts and lists)."""
        return {
            key: spec.render() if isinstance(spec, EventPattern) else [c.render() for c in spec]
            for key, spec in self.fields.items()
        }

    def to_json(self) -> str:
        """The exact ``filter_pattern`` string: ``json.dumps`` of :meth:`render`, keys in order."""
        return json.dumps(self.render())

    # ---------------------------------------------------------------- queries

    def matches(self, event: Mapping[str, Any]) -> bool:
        """True when EventBridge would deliver ``event`` (a CloudEvent as a dict) to this pattern."""
        return pattern_matches(self.render(), dict(event))

    def leaves(self, prefix: str = "") -> list[tuple[str, list[Condition]]]:
        """Every leaf field as ``(dotted.path, conditions)``, in order."""
        out: list[tuple[str, list[Condition]]] = []
        for key, spec in self.fields.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(spec, EventPattern):
                out.extend(spec.leaves(path))
            else:
                out.append((path, list(spec)))
        return out

    def lint(self) -> list[str]:
        """Advisory findings: conditions that are valid but rarely what was meant.

        Flags the prefix-OR-suffix trap (one field listing both a prefix and a suffix
        condition, which EventBridge ORs), numeric comparisons no number satisfies, and
        ``/31`` or ``/32`` CIDR blocks (which hold no host address, so match nothing).
        """
        findings = []
        for path, conds in self.leaves():
            kinds = {type(c) for c in conds}
            if PrefixMatch in kinds and SuffixMatch in kinds:
                findings.append(
                    f"{path}: prefix and suffix conditions in one list are ORed, so either one "
                    "matches; put the suffix on another field (e.g. 'subject') to require both"
                )
            for cond in conds:
                if isinstance(cond, NumericMatch) and not _satisfiable(cond.comparisons):
                    findings.append(f"{path}: numeric {cond.comparisons} holds for no number, so the field never matches")
                if isinstance(cond, CidrMatch) and cond.cidr.endswith(("/31", "/32")):
                    findings.append(
                        f"{path}: cidr {cond.cidr} holds no host address (EventBridge leaves out the network and "
                        f"broadcast addresses), so it never matches; write the address without the mask"
                    )
        return findings


def _satisfiable(comparisons: list[Any]) -> bool:
    """Whether some number satisfies every ``(op, n)`` of a numeric condition (ignoring the 1e-7
    tolerance)."""
    low, low_open, high, high_open = float("-inf"), True, float("inf"), True
    excluded = []
    for op, bound in zip(comparisons[::2], comparisons[1::2], strict=True):
        n = float(bound)
        if op in (">", ">=", "=") and (n > low or (n == low and op == ">")):
            low, low_open = n, op == ">"
        if op in ("<", "<=", "=") and (n < high or (n == high and op == "<")):
            high, high_open = n, op == "<"
        if op == "!=":
            excluded.append(n)
    return not (low > high or (low == high and (low_open or high_open or low in excluded)))


def _field_spec(value: Any, path: str) -> FieldSpec:
    if isinstance(value, EventPattern):
        return value
    if isinstance(value, Mapping):
        return EventPattern(fields={k: _field_spec(v, f"{path}.{k}") for k, v in value.items()})
    items = value if isinstance(value, (list, tuple)) else [value]
    return [item if isinstance(item, Condition) else condition_from_json(item, path) for item in items]


def _field(path: str) -> str:
    return "EventPattern" if path in ("", "(pattern)") else f"EventPattern.{path}"


def _at(pattern: Any, path: str) -> Any:
    """The value at a dotted path with ``[i]`` indices (for error messages)."""
    node = pattern
    for part in path.replace("[", ".[").split("."):
        if not part or part == "(pattern)":
            continue
        try:
            node = node[int(part[1:-1])] if part.startswith("[") else node[part]
        except (KeyError, IndexError, TypeError, ValueError):
            return node
    return node


EventPattern.model_rebuild()

__all__ = [
    "AnythingBut",
    "AnythingButPrefix",
    "CidrMatch",
    "Condition",
    "ContainsMatch",
    "EventPattern",
    "ExactMatch",
    "ExistsMatch",
    "Match",
    "NumericMatch",
    "PrefixMatch",
    "SuffixMatch",
    "condition_from_json",
]
