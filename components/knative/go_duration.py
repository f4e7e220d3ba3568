"""Go's ``time.ParseDuration``: moved to :mod:`eventing_platform.kinds.formats.go_durations` (one
definition for components and policies); re-exported here."""

from eventing_platform.kinds.formats.go_durations import (
    HOUR,
    MICROSECOND,
    MILLISECOND,
    MINUTE,
    NANOSECOND,
    SECOND,
    GoDurationError,
    parse_go_duration,
)

__all__ = [
    "HOUR",
    "MICROSECOND",
    "MILLISECOND",
    "MINUTE",
    "NANOSECOND",
    "SECOND",
    "GoDurationError",
    "parse_go_duration",
]
