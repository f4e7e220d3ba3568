"""Knative Trigger filters: typed models for both dialects and a pure offline evaluator.

Two dialects exist (``eventing.knative.dev/v1`` Trigger):

- legacy ``spec.filter.attributes``: exact match on each attribute, ``""`` meaning any value;
- ``spec.filters``: a list (all must match) of ``exact`` / ``prefix`` / ``suffix`` (one
  attribute each), ``all`` / ``any`` (nested lists), ``not`` (one nested filter) and ``cesql``
  (a CloudEvents SQL expression). When both are set Knative uses ``filters``.

:func:`trigger_matches` evaluates a rendered Trigger ``spec`` (plain JSON, as recorded in a plan)
against a CloudEvent in structured JSON form. CESQL is not evaluated: where the outcome depends
on a ``cesql`` expression the result is ``None`` (:data:`NOT_EVALUATED`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import Field, field_validator, model_validator

from ..args import Args

_ATTRIBUTE = re.compile(r"^[a-z0-9]{1,20}$")
_ATTRIBUTE_MAX = 20

NOT_EVALUATED = None
"""What :func:`trigger_matches` returns when the outcome depends on a ``cesql`` expression."""

ANY_VALUE = ""
"""In the legacy ``filter.attributes`` dialect, the value that matches any attribute value."""


def check_attribute_name(name: str) -> str:
    """A CloudEvents attribute name: 1-20 lowercase letters or digits (``type``, ``source``, ``myext``)."""
    if not isinstance(name, str) or not _ATTRIBUTE.fullmatch(name):
        raise ValueError(
            f"attribute name {name!r} is not a CloudEvents attribute name: use 1-{_ATTRIBUTE_MAX} "
            "lowercase letters or digits, e.g. 'type', 'source' or 'subject'"
        )
    return name


class TriggerFilter(Args):
    """One entry of a Trigger's ``filters`` list: exactly one dialect set.

    Build with the factories: ``TriggerFilter.exact_match("type", "order.created")``,
    ``TriggerFilter.prefix_match("source", "/orders")``, ``TriggerFilter.suffix_match("subject", ".zip")``,
    ``TriggerFilter.all_of(...)``, ``TriggerFilter.any_of(...)``, ``TriggerFilter.negate(f)``,
    ``TriggerFilter.sql("type = 'x'")``.
    """

    exact: dict[str, str] | None = None
    """Exact match of one attribute: ``{attribute: value}``. Default unset."""
    prefix: dict[str, str] | None = None
    """Attribute value starts with: ``{attribute: prefix}``. Default unset."""
    suffix: dict[str, str] | None = None
    """Attribute value ends with: ``{attribute: suffix}``. Default unset."""
    all: list[TriggerFilter] | None = None
    """Every nested filter matches (non-empty). Default unset."""
    any: list[TriggerFilter] | None = None
    """At least one nested filter matches (non-empty). Default unset."""
    not_: TriggerFilter | None = Field(None, alias="not")
    """The nested filter does not match (rendered as ``not``). Default unset."""
    cesql: str | None = None
    """A CloudEvents SQL expression (not evaluated offline). Default unset."""

    model_config = {**Args.model_config, "populate_by_name": True}

    @field_validator("exact", "prefix", "suffix")
    @classmethod
    def _single_attribute(cls, value: dict[str, str] | None, info) -> dict[str, str] | None:
        if value is None:
            return value
        if len(value) != 1:
            raise ValueError(
                f"{info.field_name} takes exactly one attribute, got {len(value)}; combine "
                f"several with TriggerFilter.all_of(...)"
            )
        (name, match), = value.items()
        check_attribute_name(name)
        if info.field_name != "exact" and match == "":
            raise ValueError(f"{info.field_name} value for {name!r} is empty; it would match everything")
        return value

    @field_validator("all", "any")
    @classmethod
    def _non_empty(cls, value: list | None, info) -> list | None:
        if value is not None and not value:
            raise ValueError(f"{info.field_name} needs at least one nested filter")
        return value

    @field_validator("cesql")
    @classmethod
    def _non_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("cesql expression is empty; write e.g. \"type = 'order.created'\"")
        return value

    @model_validator(mode="after")
    def _one_dialect(self) -> TriggerFilter:
        chosen = [k for k in ("exact", "prefix", "suffix", "all", "any", "not_", "cesql") if getattr(self, k) is not None]
        if len(chosen) != 1:
            names = ", ".join(c.rstrip("_") for c in chosen) or "none"
            raise ValueError(
                f"a filter sets exactly one of exact, prefix, suffix, all, any, not, cesql (got {names}); "
                "nest several with all_of/any_of"
            )
        return self

    @classmethod
    def exact_match(cls, attribute: str, value: str) -> TriggerFilter:
        """``{"exact": {attribute: value}}``."""
        return cls(exact={attribute: value})

    @classmethod
    def prefix_match(cls, attribute: str, value: str) -> TriggerFilter:
        """``{"prefix": {attribute: value}}``."""
        return cls(prefix={attribute: value})

    @classmethod
    def suffix_match(cls, attribute: str, value: str) -> TriggerFilter:
        """``{"suffix": {attribute: value}}``."""
        return cls(suffix={attribute: value})

    @classmethod
    def all_of(cls, *filters: TriggerFilter) -> TriggerFilter:
        """``{"all": [...]}``: every filter matches."""
        return cls(all=list(filters))

    @classmethod
    def any_of(cls, *filters: TriggerFilter) -> TriggerFilter:
        """``{"any": [...]}``: at least one filter matches."""
        return cls(any=list(filters))

    @classmethod
    def negate(cls, inner: TriggerFilter) -> TriggerFilter:
        """``{"not": inner}``."""
        return cls(not_=inner)

    @classmethod
    def sql(cls, expression: str) -> TriggerFilter:
        """``{"cesql": expression}`` (a CloudEvents SQL expression)."""
        return cls(cesql=expression)

    def render(self) -> dict:
        """The ``filters`` entry."""
        for key in ("exact", "prefix", "suffix"):
            value = getattr(self, key)
            if value is not None:
                return {key: dict(value)}
        if self.all is not None:
            return {"all": [f.render() for f in self.all]}
        if self.any is not None:
            return {"any": [f.render() for f in self.any]}
        if self.not_ is not None:
            return {"not": self.not_.render()}
        return {"cesql": self.cesql}


TriggerFilter.model_rebuild()


def check_legacy_attributes(value: Mapping[str, str]) -> dict[str, str]:
    """Validate legacy ``filter.attributes``: CloudEvents attribute names, string values."""
    for name in value:
        check_attribute_name(name)
    return dict(value)


# ---------------------------------------------------------------------------------------------
# Offline evaluation of a rendered Trigger spec


def _attribute(event: Mapping[str, Any], name: str) -> str | None:
    """The string form of a CloudEvent attribute or extension (None when absent)."""
    if name == "data" or name not in event:
        return None
    value = event[name]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _and(results: list[bool | None]) -> bool | None:
    if any(r is False for r in results):
        return False
    if any(r is None for r in results):
        return NOT_EVALUATED
    return True


def _or(results: list[bool | None]) -> bool | None:
    if any(r is True for r in results):
        return True
    if any(r is None for r in results):
        return NOT_EVALUATED
    return False


def evaluate_filter(flt: Mapping[str, Any], event: Mapping[str, Any]) -> bool | None:
    """Evaluate one ``filters`` entry (rendered JSON) against ``event``.

    ``True``/``False`` when decided; ``None`` when the result depends on a ``cesql`` expression.
    Unknown dialects raise ``ValueError``.
    """
    if not isinstance(flt, Mapping) or not flt:
        raise ValueError(f"a filters entry must be a non-empty object, got {flt!r}")
    results: list[bool | None] = []
    for dialect, arg in flt.items():
        if dialect in ("exact", "prefix", "suffix"):
            for name, expected in dict(arg or {}).items():
                actual = _attribute(event, name)
                if actual is None:
                    results.append(False)
                elif dialect == "exact":
                    results.append(actual == str(expected))
                elif dialect == "prefix":
                    results.append(actual.startswith(str(expected)))
                else:
                    results.append(actual.endswith(str(expected)))
        elif dialect == "all":
            results.append(_and([evaluate_filter(f, event) for f in arg or []]))
        elif dialect == "any":
            # Knative: an empty list filters nothing out.
            nested = [evaluate_filter(f, event) for f in arg or []]
            results.append(_or(nested) if nested else True)
        elif dialect == "not":
            inner = evaluate_filter(arg, event)
            results.append(None if inner is None else not inner)
        elif dialect == "cesql":
            results.append(NOT_EVALUATED)
        else:
            raise ValueError(f"unknown filter dialect {dialect!r}; expected exact, prefix, suffix, all, any, not or cesql")
    return _and(results)


def trigger_matches(spec: Mapping[str, Any], event: Mapping[str, Any]) -> bool | None:
    """Whether a Trigger with rendered ``spec`` passes ``event`` (a structured-mode CloudEvent dict).

    Follows Knative: a non-empty ``filters`` list wins (all entries must match); otherwise legacy
    ``filter.attributes`` (exact, ``""`` = any value); a Trigger with neither passes every event.
    Returns ``None`` (:data:`NOT_EVALUATED`) when the outcome depends on a ``cesql`` expression.
    """
    filters = spec.get("filters") or []
    if filters:
        return _and([evaluate_filter(f, event) for f in filters])
    attributes = ((spec.get("filter") or {}).get("attributes")) or {}
    for name, expected in attributes.items():
        if expected == ANY_VALUE:
            continue
        if _attribute(event, name) != str(expected):
            return False
    return True


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
