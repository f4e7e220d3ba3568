"""Go's ``time.ParseDuration``, which Knative's webhooks use for every duration annotation.

Knative Serving reads ``autoscaling.knative.dev/scale-down-delay``, ``window``,
``scale-to-zero-pod-retention-period``, ``serving.knative.dev/rollout-duration`` and
``progress-deadline`` with Go's ``time.ParseDuration`` (Go ``src/time/format.go``): an
optional sign, then one or more ``<decimal><unit>`` parts (``1h30m``, ``1.5s``, ``300ms``),
units ``ns``, ``us`` (``µs``, ``μs``), ``ms``, ``s``, ``m``, ``h``; ``0`` alone needs no unit.
This module parses the same strings to whole nanoseconds, so a value this package accepts is one
the webhook parses, and vice versa.
"""

from __future__ import annotations

import re

NANOSECOND = 1
MICROSECOND = 1_000 * NANOSECOND
MILLISECOND = 1_000 * MICROSECOND
SECOND = 1_000 * MILLISECOND
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE

_UNITS = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "\u00b5s": MICROSECOND,  # U+00B5 micro sign
    "\u03bcs": MICROSECOND,  # U+03BC Greek small letter mu
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}
_PART = re.compile(r"([0-9]*)(?:\.([0-9]*))?([^0-9.]*)")
_MAX = 2**63 - 1
"""Go's ``time.Duration`` is an int64 of nanoseconds; longer durations are refused."""


class GoDurationError(ValueError):
    """The text is not a Go duration."""


def parse_go_duration(text: str) -> int:
    """Whole nanoseconds of a Go duration string, as ``time.ParseDuration`` reads it.

    Raises :class:`GoDurationError` where Go returns an error (empty text, a number without a
    unit, an unknown unit, a part with no digits, or more than about 292 years).
    """
    s = text
    negative = False
    if s[:1] in ("-", "+"):
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if s == "":
        raise GoDurationError(f"invalid duration {text!r}")
    total = 0
    while s:
        match = _PART.match(s)
        assert match is not None  # the pattern matches the empty string
        whole, fraction, unit = match.group(1), match.group(2), match.group(3)
        if not whole and not fraction:
            raise GoDurationError(f"invalid duration {text!r}")
        if unit == "":
            raise GoDurationError(f"missing unit in duration {text!r}")
        scale = _UNITS.get(unit)
        if scale is None:
            raise GoDurationError(f"unknown unit {unit!r} in duration {text!r}")
        value = int(whole or "0") * scale
        if fraction:
            # Go truncates the fraction to whole nanoseconds.
            value += int(fraction) * scale // 10 ** len(fraction)
        total += value
        if total > _MAX:
            raise GoDurationError(f"invalid duration {text!r}")
        s = s[match.end():]
    return -total if negative else total

__all__ = [
    "GoDurationError",
    "HOUR",
    "MICROSECOND",
    "MILLISECOND",
    "MINUTE",
    "NANOSECOND",
    "SECOND",
    "parse_go_duration",
]
