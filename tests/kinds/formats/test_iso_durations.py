"""ISO-8601 durations: one definition for components and policies, ASCII digits only."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from eventing_platform.kinds.formats.iso_durations import (
    ISO_8601_DURATION,
    IsoDuration,
    check_iso8601_duration,
    is_iso8601_duration,
)


@pytest.mark.parametrize("value", ["PT0.5S", "PT2S", "PT1M", "PT168H", "P1D", "P1DT2H", "P2W", "P1Y2M3DT4H5M6.5S"])
def test_iso8601_durations_are_accepted(value):
    assert is_iso8601_duration(value)
    assert check_iso8601_duration(value) == value
    assert TypeAdapter(IsoDuration).validate_python(value) == value


@pytest.mark.parametrize(
    "value",
    ["", "P", "PT", "2s", "500ms", "PT1", "pt1s", "P1.S", " PT1S", "PT1S\n",
     "PT\u0665S",  # an Arabic-Indic five
     "PT\uff15S",  # a fullwidth five
     "P\u0661D"],  # an Arabic-Indic one
)
def test_anything_else_is_refused_non_ascii_digits_included(value):
    assert not is_iso8601_duration(value)
    with pytest.raises(ValueError, match="ISO-8601"):
        check_iso8601_duration(value)
    with pytest.raises(ValidationError):
        TypeAdapter(IsoDuration).validate_python(value)


@pytest.mark.parametrize("value", [None, 5, 0.5, ["PT1S"], {"PT1S": 1}])
def test_non_strings_are_not_durations(value):
    assert not is_iso8601_duration(value)


def test_the_json_schema_carries_the_pattern_and_examples():
    schema = TypeAdapter(IsoDuration).json_schema()
    assert schema == {"type": "string", "pattern": ISO_8601_DURATION.pattern, "examples": ["PT0.5S", "PT2S", "PT1M"]}
