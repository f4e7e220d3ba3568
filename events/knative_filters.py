"""Knative Trigger filters evaluated offline, as Knative's broker filter evaluates them.

:func:`trigger_matches` answers "does a Trigger with this rendered ``spec`` deliver this
CloudEvent (structured JSON form)?" following knative/eventing ``pkg/broker/filter/
filter_handler.go`` (``filterEvent``), ``pkg/eventfilter/subscriptionsapi`` (the ``filters``
dialect) and ``pkg/eventfilter/attributes`` (legacy ``filter.attributes``):

- a non-empty ``filters`` list wins; else ``filter`` (legacy attributes); else every event passes;
- each filter gives Pass, Fail or NoFilter and only Fail drops the event. ``exact``/``prefix``/
  ``suffix`` compare every attribute of their map (all must hold) with the attribute's string
  form; ``all`` fails when one fails, else gives its last filter's result; ``any`` passes when
  one passes, else gives its last filter's result; ``not`` swaps Pass and Fail and keeps
  NoFilter; an empty list gives NoFilter;
- a filter that Knative cannot build is skipped (dropped from its list): an ``exact``/``prefix``/
  ``suffix`` with an empty attribute name or value, an entry with no dialect (``all: []``,
  ``any: []``, ``{}``); ``not`` of a skipped filter gives NoFilter. An entry with several
  dialects is read as the first of exact, prefix, suffix, all, any, not, cesql;
- attributes (``LookupAttribute``): ``specversion``, ``type``, ``source``, ``subject``, ``id``,
  ``dataschema`` (and ``schemaurl``), ``datacontenttype``, ``datamediatype`` and
  ``datacontentencoding`` are always present (``""`` when the event has none); ``time`` is the
  event's time as Go writes it (RFC 3339 with the fraction trimmed, ``Z`` for UTC; the zero time
  when absent); any other name is an extension, present when the event has it (not null).
  Extension values are read as the Go SDK reads them: numbers become 32-bit integers;
- legacy attributes: an attribute must be present, and ``""`` means any value but the empty
  string; a non-string extension never equals a value.

CESQL is not evaluated (no maintained CESQL implementation exists for Python; the CloudEvents
Python SDK has none): a ``cesql`` filter may pass or fail, and where that decides the outcome
:func:`trigger_matches` gives ``None`` (:data:`NOT_EVALUATED`). :data:`NOT_FOLLOWED` lists
this and the other behaviours not followed (e.g. Knative's reordering of ``all``/``any``
members, which never changes whether an event is dropped), each with the reason.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

NOT_EVALUATED = None
"""What :func:`trigger_matches` returns when the outcome depends on a ``cesql`` expression."""

ANY_VALUE = ""
"""In the legacy ``filter.attributes`` dialect, the value that matches any (non-empty) value."""

DIALECTS = ("exact", "prefix", "suffix", "all", "any", "not", "cesql")
"""The ``filters`` dialects, in the order Knative reads an entry's fields."""

ZERO_TIME = "0001-01-01T00:00:00Z"
"""The ``time`` of an event without one, as Go writes the zero time."""

NOT_FOLLOWED: dict[str, str] = {
    "cesql": (
        "Knative evaluates CESQL with the Go SDK's parser; no maintained CESQL implementation "
        "exists for Python, so a cesql filter may pass or fail and a decision resting on it is None"
    ),
    "member reordering": (
        "Knative moves an all/any member that fails often towards the front; only the result of "
        "skipped (NoFilter) members can change with the order, never whether an event is dropped"
    ),
    "unknown dialects": (
        "Go's JSON decoding ignores unknown fields of a filters entry; the CRD schema refuses them "
        "at apply, so the evaluator raises ValueError naming the dialect"
    ),
    "events the Go SDK refuses": (
        "an extension holding an object, an array or a number outside 32 bits makes the Go SDK "
        "refuse the event; such events are evaluated as well as they can be instead"
    ),
}
"""Behaviours of Knative's broker filter not followed, each with the reason."""

_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})", re.ASCII)
_INT32 = 2**31


class FilterResult(enum.Enum):
    """``eventfilter.FilterResult``: only ``FAIL`` drops an event."""

    PASS = "PassFilter"
    FAIL = "FailFilter"
    NO_FILTER = "NoFilter"


PASS, FAIL, NO_FILTER = FilterResult.PASS, FilterResult.FAIL, FilterResult.NO_FILTER
Outcomes = frozenset[FilterResult]
"""The results a filter may give (more than one only where a ``cesql`` filter decides)."""
_Filter = Callable[[Mapping[str, Any]], Outcomes]


# ------------------------------------------------------------------------------- attributes


def go_time_text(value: str) -> str:
    """An RFC 3339 time as Go's ``time.Time.MarshalText`` writes it after parsing: fraction
    without trailing zeros, ``Z`` for a zero offset (text that is no RFC 3339 time is kept)."""
    match = _TIME.fullmatch(value)
    if match is None:
        return value
    stamp, fraction, zone = match.groups()
    fraction = (fraction or "")[:9].rstrip("0")
    zone = "Z" if zone in ("Z", "+00:00", "-00:00") else zone
    return f"{stamp}{'.' + fraction if fraction else ''}{zone}"


def _extension_value(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        truncated = math.trunc(value) if math.isfinite(value) else value
        return truncated if isinstance(truncated, int) and -_INT32 <= truncated < _INT32 else value
    return value


def lookup_attribute(event: Mapping[str, Any], name: str) -> tuple[Any, bool]:
    """``attributes.LookupAttribute``: the attribute's value and whether the event has it."""
    def text(key: str) -> str:
        value = event.get(key)
        return "" if value is None else value if isinstance(value, str) else str(value)

    if name in ("specversion", "type", "source", "subject", "id", "dataschema", "datacontenttype"):
        return text(name), True
    if name == "schemaurl":
        return text("dataschema"), True
    if name == "time":
        return (go_time_text(text("time")) if event.get("time") is not None else ZERO_TIME), True
    if name == "datamediatype":
        return text("datacontenttype").split(";", 1)[0].strip(), True
    if name == "datacontentencoding":
        return (text(name) if event.get("specversion") == "0.3" else ""), True
    if name == "data" or event.get(name) is None:
        return None, False
    return _extension_value(event[name]), True


def attribute_text(value: Any) -> str:
    """Go's ``fmt.Sprintf("%v", value)`` for an attribute value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


# ------------------------------------------------------------------------------- the filters dialect


def _compare(kind: str, filters: Mapping[str, Any]) -> _Filter | None:
    if any(not name or not isinstance(value, str) or not value for name, value in filters.items()):
        return None  # NewExactFilter & co. refuse it, and MaterializeFiltersList skips it
    tests: dict[str, Callable[[str, str], bool]] = {
        "exact": lambda actual, expected: actual == expected,
        "prefix": lambda actual, expected: actual.startswith(expected),
        "suffix": lambda actual, expected: actual.endswith(expected),
    }
    test = tests[kind]

    def run(event: Mapping[str, Any]) -> Outcomes:
        for name, expected in filters.items():
            value, found = lookup_attribute(event, name)
            if not found or not test(attribute_text(value), expected):
                return frozenset({FAIL})
        return frozenset({PASS})

    return run


def _fold(members: list[_Filter], decisive: FilterResult) -> _Filter:
    """``allFilter`` (decisive FAIL) or ``anyFilter`` (decisive PASS): the first decisive result,
    else the last member's result; NoFilter when there are no members."""
    def run(event: Mapping[str, Any]) -> Outcomes:
        states = {(False, NO_FILTER)}
        for member in members:
            states = {(hit or r is decisive, r) for hit, _ in states for r in member(event)}
        return frozenset(decisive if hit else last for hit, last in states)

    return members[0] if len(members) == 1 else run


def _negate(inner: _Filter | None) -> _Filter:
    swap = {PASS: FAIL, FAIL: PASS, NO_FILTER: NO_FILTER}
    return lambda event: frozenset({NO_FILTER}) if inner is None else frozenset(swap[r] for r in inner(event))


def materialize(flt: Any) -> _Filter | None:
    """``MaterializeSubscriptionsAPIFilter``: the filter, or None when Knative skips it.

    Raises ``ValueError`` for an entry that is not an object of known dialects (the CRD refuses it).
    """
    if not isinstance(flt, Mapping) or not flt:
        raise ValueError(f"a filters entry must be a non-empty object, got {flt!r}")
    unknown = [k for k in flt if k not in DIALECTS]
    if unknown:
        raise ValueError(f"unknown filter dialect {unknown[0]!r}; expected exact, prefix, suffix, all, any, not or cesql")
    for kind in ("exact", "prefix", "suffix"):
        if flt.get(kind):
            return _compare(kind, flt[kind])
    for kind, decisive in (("all", FAIL), ("any", PASS)):
        if flt.get(kind):
            return _fold(materialize_list(flt[kind]), decisive)
    if flt.get("not") is not None:
        return _negate(materialize(flt["not"]))
    if flt.get("cesql"):
        return lambda event: frozenset({PASS, FAIL})
    return None


def materialize_list(filters: Iterable[Any]) -> list[_Filter]:
    """``MaterializeFiltersList``: the filters Knative can build, in order."""
    return [f for f in (materialize(flt) for flt in filters) if f is not None]


def _verdict(outcomes: Outcomes) -> bool | None:
    delivered = {r is not FAIL for r in outcomes}
    return delivered.pop() if len(delivered) == 1 else NOT_EVALUATED


def evaluate_filter(flt: Mapping[str, Any], event: Mapping[str, Any]) -> bool | None:
    """Whether a Trigger whose only ``filters`` entry is ``flt`` delivers ``event``: ``True``/
    ``False``, or ``None`` when a ``cesql`` expression decides. Unknown dialects raise ``ValueError``."""
    built = materialize(flt)
    return True if built is None else _verdict(built(event))


def filter_outcomes(spec: Mapping[str, Any], event: Mapping[str, Any]) -> Outcomes:
    """``filterEvent``: the results a Trigger with rendered ``spec`` may give for ``event``."""
    filters = spec.get("filters") or []
    if filters:
        return _fold(materialize_list(filters), FAIL)(event)
    legacy = spec.get("filter")
    if legacy is None or legacy.get("attributes") is None:
        return frozenset({NO_FILTER})
    for name, expected in legacy["attributes"].items():
        value, found = lookup_attribute(event, name)
        if not found or (expected == ANY_VALUE and value == "") or (expected != ANY_VALUE and expected != value):
            return frozenset({FAIL})
    return frozenset({PASS})


def trigger_matches(spec: Mapping[str, Any], event: Mapping[str, Any]) -> bool | None:
    """Whether a Trigger with rendered ``spec`` delivers ``event`` (a structured-mode CloudEvent dict).

    ``True``/``False``; ``None`` (:data:`NOT_EVALUATED`) when the outcome depends on a ``cesql``
    expression. A Trigger with no filter delivers every event.
    """
    return _verdict(filter_outcomes(spec, event))


# ------------------------------------------------------------------------------- summaries


def describe_filter(spec: Mapping[str, Any]) -> str:
    """A one-line summary of a rendered Trigger spec's filter, e.g. ``type = order.created``."""
    filters = spec.get("filters") or []
    if filters:
        return " AND ".join(_describe(f) for f in filters)
    attributes = ((spec.get("filter") or {}).get("attributes")) or {}
    parts = [f"{k} = {v}" if v != ANY_VALUE else f"{k} = *" for k, v in attributes.items()]
    return " AND ".join(parts) if parts else "all events"


def _describe(flt: Mapping[str, Any]) -> str:
    parts = []
    for dialect, arg in flt.items():
        if dialect == "exact":
            parts += [f"{k} = {v}" for k, v in arg.items()]
        elif dialect == "prefix":
            parts += [f"{k} starts with {v}" for k, v in arg.items()]
        elif dialect == "suffix":
            parts += [f"{k} ends with {v}" for k, v in arg.items()]
        elif dialect in ("all", "any"):
            joiner = " AND " if dialect == "all" else " OR "
            parts.append("(" + joiner.join(_describe(f) for f in arg) + ")")
        elif dialect == "not":
            parts.append(f"NOT {_describe(arg)}")
        elif dialect == "cesql":
            parts.append(f"cesql: {arg}")
        else:
            parts.append(f"{dialect}: {arg}")
    return " AND ".join(parts)


__all__ = [
    "ANY_VALUE",
    "DIALECTS",
    "NOT_FOLLOWED",
    "FAIL",
    "NOT_EVALUATED",
    "NO_FILTER",
    "PASS",
    "ZERO_TIME",
    "FilterResult",
    "Outcomes",
    "attribute_text",
    "describe_filter",
    "evaluate_filter",
    "filter_outcomes",
    "go_time_text",
    "lookup_attribute",
    "materialize",
    "materialize_list",
    "trigger_matches",
]
