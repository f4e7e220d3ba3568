"""The base class of every component's args model and shared field types."""

from __future__ import annotations

from typing import Any, ClassVar, TypeAlias

import pulumi
import pydantic
from pydantic import ConfigDict

from .errors import ArgsError, problems_from_validation_error

StrInput: TypeAlias = str | pulumi.Output[str]
"""A string, or another resource's output that resolves to one (validated only when plain)."""


class Args(pydantic.BaseModel):
    """Base of all component args: frozen, unknown fields rejected, Pulumi outputs allowed.

    Constructing an args object validates it; a bad value raises :class:`ArgsError` whose
    message names the field, the bad value and what is allowed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    secret_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as err:
            problems = problems_from_validation_error(
                err, type(self).__name__, type(self).secret_fields
            )
            raise ArgsError(problems) from None


def is_plain(value: object) -> bool:
    """True when ``value`` is known now (not a Pulumi ``Output``) and can be validated."""
    return not isinstance(value, pulumi.Output)
