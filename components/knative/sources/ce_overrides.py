"""``ceOverrides``: CloudEvent extension attributes a source (or SinkBinding) adds to every event."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator

from ..filters import check_attribute_name

# Attributes every CloudEvent has or the spec defines: an extension may not redefine them.
_RESERVED = frozenset({
    "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data", "data_base64",
})


def _check_extensions(value: dict[str, str]) -> dict[str, str]:
    for name in value:
        check_attribute_name(name)
        if name in _RESERVED:
            raise ValueError(
                f"extension {name!r} is a CloudEvents context attribute, not an extension; "
                "use another name (e.g. 'team' or 'env')"
            )
    return value


CeExtensions = Annotated[dict[str, str], AfterValidator(_check_extensions)]
"""Extension attributes ``{name: value}``: names are 1-20 lowercase letters or digits and not a
CloudEvents context attribute (``type``, ``source``, ...)."""


def render_ce_overrides(extensions: dict[str, str]) -> dict[str, Any]:
    """The ``ceOverrides`` block (``{"extensions": {...}}``)."""
    return {"extensions": dict(extensions)}
