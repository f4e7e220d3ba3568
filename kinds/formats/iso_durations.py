"""ISO-8601 durations (``delivery.backoffDelay``, ``delivery.timeout``, a KafkaChannel's
``retentionDuration``): :data:`ISO_8601_DURATION`, :func:`is_iso8601_duration`,
:func:`check_iso8601_duration` and the pydantic field type :data:`IsoDuration`.

Digits are ASCII only (``re.ASCII``): Knative parses durations with Go, which reads no other
digits, so ``PT٥S`` (an Arabic-Indic five) is refused everywhere.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

ISO_8601_DURATION = re.compile(
    r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
    r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$",
    re.ASCII,
)
"""An ISO-8601 duration such as ``PT0.5S``, ``PT1M`` or ``P1DT2H`` (ASCII digits only)."""

DURATION_EXAMPLES = ["PT0.5S", "PT2S", "PT1M"]
"""Durations shown in messages and in the JSON schema."""


def is_iso8601_duration(value: object) -> bool:
    """True when ``value`` is a string holding an ISO-8601 duration."""
    return isinstance(value, str) and ISO_8601_DURATION.fullmatch(value) is not None


def check_iso8601_duration(value: str) -> str:
    """Return ``value`` when it is an ISO-8601 duration; raise ``ValueError`` saying what to use."""
    if not is_iso8601_duration(value):
        raise ValueError("is not an ISO-8601 duration; use e.g. 'PT0.5S', 'PT2S' or 'PT1M'")
    return value


IsoDuration = Annotated[
    str,
    AfterValidator(check_iso8601_duration),
    WithJsonSchema({"type": "string", "pattern": ISO_8601_DURATION.pattern, "examples": DURATION_EXAMPLES}),
]
"""A pydantic field type: an ISO-8601 duration string (JSON schema: its pattern and examples)."""

__all__ = ["DURATION_EXAMPLES", "ISO_8601_DURATION", "IsoDuration", "check_iso8601_duration", "is_iso8601_duration"]
