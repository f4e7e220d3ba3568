"""Knative Trigger filters: typed models for both dialects (evaluation lives in events/).

Two dialects exist (``eventing.knative.dev/v1`` Trigger):

- legacy ``spec.filter.attributes``: exact match on each attribute, ``""`` meaning any value;
- ``spec.filters``: a list (all must match) of ``exact`` / ``prefix`` / ``suffix`` (one
  attribute each), ``all`` / ``any`` (nested lists), ``not`` (one nested filter) and ``cesql``
  (a CloudEvents SQL expression). When both are set Knative uses ``filters``.

:class:`TriggerFilter` refuses at construction what Knative's broker would silently skip (an
empty exact, prefix or suffix value; an empty ``all``/``any``). The offline evaluator
(:func:`trigger_matches`, :func:`evaluate_filter`, :func:`describe_filter`, :data:`NOT_EVALUATED`,
:data:`ANY_VALUE`) is :mod:`eventing_platform.events.knative_filters`, re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypedDict

from pydantic import Field, ValidationInfo, field_validator, model_validator

from eventing_platform.events.knative_filters import (
    ANY_VALUE,
    NOT_EVALUATED,
    describe_filter,
    evaluate_filter,
    trigger_matches,
)

from ..args import Args

_ATTRIBUTE = re.compile(r"^[a-z0-9]{1,20}$")
_ATTRIBUTE_MAX = 20

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
    not_: TriggerFilter | None = Field(default=None, alias="not")
    """The nested filter does not match (rendered as ``not``). Default unset."""
    cesql: str | None = None
    """A CloudEvents SQL expression (not evaluated offline). Default unset."""

    model_config = {**Args.model_config, "populate_by_name": True}

    @field_validator("exact", "prefix", "suffix")
    @classmethod
    def _single_attribute(cls, value: dict[str, str] | None, info: ValidationInfo) -> dict[str, str] | None:
        if value is None:
            return value
        if len(value) != 1:
            raise ValueError(
                f"{info.field_name} takes exactly one attribute, got {len(value)}; combine "
                f"several with TriggerFilter.all_of(...)"
            )
        (name, match), = value.items()
        check_attribute_name(name)
        if match == "":
            # pkg/eventfilter/subscriptionsapi New{Exact,Prefix,Suffix}Filter refuse it and the
            # broker then skips the filter, so the Trigger would pass every event.
            raise ValueError(f"{info.field_name} value for {name!r} is empty; Knative skips such a filter, so it would match everything")
        return value

    @field_validator("all", "any")
    @classmethod
    def _non_empty(cls, value: list[TriggerFilter] | None, info: ValidationInfo) -> list[TriggerFilter] | None:
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
        negation: _Negation = {"not": inner}
        return cls(**negation)

    @classmethod
    def sql(cls, expression: str) -> TriggerFilter:
        """``{"cesql": expression}`` (a CloudEvents SQL expression)."""
        return cls(cesql=expression)

    def render(self) -> dict[str, Any]:
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

_Negation = TypedDict("_Negation", {"not": TriggerFilter})
"""The keyword argument ``not`` of :class:`TriggerFilter` (a Python keyword, so passed unpacked:
to type checkers the field's keyword is its alias, not ``not_``)."""


def check_legacy_attributes(value: Mapping[str, str]) -> dict[str, str]:
    """Validate legacy ``filter.attributes``: CloudEvents attribute names, string values."""
    for name in value:
        check_attribute_name(name)
    return dict(value)


__all__ = [
    "ANY_VALUE",
    "NOT_EVALUATED",
    "TriggerFilter",
    "check_attribute_name",
    "check_legacy_attributes",
    "describe_filter",
    "evaluate_filter",
    "trigger_matches",
]
