"""OSS events on EventBridge: the pattern for created objects, and the event types and sample
events of :mod:`eventing_platform.events.oss_events` (re-exported here, their historical path).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventing_platform.events.oss_events import (
    COMPLETED_OBJECT_TYPES,
    OBJECT_CREATED_TYPES,
    OBJECT_REMOVED_TYPES,
    OSS_SOURCE,
    PARTIAL_UPLOAD_TYPES,
    SAMPLE_ACCOUNT_ID,
    SEED_OBJECT_CREATED_TYPES,
    WRITE_EVENT_TYPES,
    check_object_created_types,
    oss_object_event,
)

from ..errors import ArgsError, Problem
from .event_pattern import EventPattern, Match
from .names import check_bucket_name, check_object_prefix


def object_created_pattern(
    bucket: str,
    key_prefix: str = "",
    key_suffix: str = "",
    types: Sequence[str] = COMPLETED_OBJECT_TYPES,
) -> EventPattern:
    """The pattern for objects created in ``bucket`` under ``key_prefix`` ending in ``key_suffix``.

    Laid out like the oss-unzip seed (``source``, ``type``, ``subject``, ``data``): the suffix
    is matched on ``subject`` (which ends with the key) and the prefix on
    ``data.oss.object.key``, because a prefix and a suffix on one field would be ORed. An
    empty prefix or suffix leaves that condition out.
    """
    problems = []
    for field, check, value in (("bucket", check_bucket_name, bucket), ("key_prefix", check_object_prefix, key_prefix)):
        try:
            check(value)
        except ValueError as err:
            problems.append(Problem(f"object_created_pattern.{field}", str(err), value))
    try:
        types = check_object_created_types(types)
    except ValueError as err:
        problems.append(Problem("object_created_pattern.types", str(err), list(types)))
    if problems:
        raise ArgsError(problems)
    fields: dict[str, Any] = {"source": [OSS_SOURCE], "type": list(types)}
    if key_suffix:
        fields["subject"] = [Match.suffix(key_suffix)]
    obj: dict[str, Any] = {"key": [Match.prefix(key_prefix)]} if key_prefix else {}
    oss: dict[str, Any] = {"bucket": {"name": [bucket]}}
    if obj:
        oss["object"] = obj
    fields["data"] = {"oss": oss}
    return EventPattern.of(fields)


__all__ = [
    "COMPLETED_OBJECT_TYPES",
    "OBJECT_CREATED_TYPES",
    "OBJECT_REMOVED_TYPES",
    "OSS_SOURCE",
    "PARTIAL_UPLOAD_TYPES",
    "SAMPLE_ACCOUNT_ID",
    "SEED_OBJECT_CREATED_TYPES",
    "WRITE_EVENT_TYPES",
    "check_object_created_types",
    "object_created_pattern",
    "oss_object_event",
]
