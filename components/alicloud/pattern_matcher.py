"""The EventBridge pattern matcher, under its historical import path.

It lives in :mod:`eventing_platform.events.eventbridge_patterns` (the event-semantics core, free
of cloud SDKs); this module re-exports it so that existing imports keep working.
"""

from eventing_platform.events.eventbridge_patterns import (
    NUMERIC_OPERATORS,
    OPERATORS,
    InvalidPatternError,
    condition_matches,
    pattern_matches,
    pattern_matches_json,
    validate_condition,
    validate_pattern,
)

__all__ = [
    "InvalidPatternError",
    "NUMERIC_OPERATORS",
    "OPERATORS",
    "condition_matches",
    "pattern_matches",
    "pattern_matches_json",
    "validate_condition",
    "validate_pattern",
]
