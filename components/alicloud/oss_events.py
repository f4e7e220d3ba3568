"""OSS events as EventBridge delivers them: the object-created types, patterns and sample events.

OSS events reach the cloud-service bus ``default`` as CloudEvents: ``source`` ``acs.oss``,
``type`` such as ``oss:ObjectCreated:PutObject``, ``subject``
``acs:oss:<region>:<account-id>:<bucket>/<key>``, and ``data.oss.bucket.name`` /
``data.oss.object.key``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import ArgsError, Problem
from .event_pattern import EventPattern, Match
from .names import check_bucket_name, check_object_prefix

OSS_SOURCE = "acs.oss"
"""The CloudEvent ``source`` of every OSS event."""

_CREATED = "oss:ObjectCreated:"

OBJECT_CREATED_TYPES: tuple[str, ...] = tuple(
    _CREATED + t
    for t in (
        "PutObject", "PostObject", "CopyObject", "AppendObject", "PutSymlink",
        "InitiateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
    )
)
"""Every object-created event type OSS emits."""

PARTIAL_UPLOAD_TYPES: tuple[str, ...] = (
    _CREATED + "InitiateMultipartUpload", _CREATED + "UploadPart", _CREATED + "UploadPartCopy",
)
"""Types a multipart upload emits before the object exists: a rule listing them fires several
times per file, before it can be read."""

SEED_OBJECT_CREATED_TYPES: tuple[str, ...] = tuple(
    _CREATED + t
    for t in (
        "PostObject", "UploadPart", "PutObject", "UploadPartCopy", "InitiateMultipartUpload",
        "AppendObject", "CompleteMultipartUpload",
    )
)
"""The seven types of the oss-unzip seed's pattern, in its order."""

COMPLETED_OBJECT_TYPES: tuple[str, ...] = tuple(
    _CREATED + t for t in ("PutObject", "PostObject", "CopyObject", "AppendObject", "CompleteMultipartUpload")
)
"""Types emitted once a whole object can be read (no per-part events)."""

OBJECT_REMOVED_TYPES: tuple[str, ...] = ("oss:ObjectRemoved:DeleteObject", "oss:ObjectRemoved:DeleteObjects")
"""Object-removed event types."""

WRITE_EVENT_TYPES: tuple[str, ...] = (
    _CREATED + "PutObject", _CREATED + "InitiateMultipartUpload", _CREATED + "UploadPart",
    _CREATED + "CompleteMultipartUpload",
)
"""What an SDK or ``ossutil`` upload emits: PutObject for small files, a multipart sequence for
large ones. Used to find the events a workload's own writes produce."""

SAMPLE_ACCOUNT_ID = "1234567890123456"
"""Account ID used in sample events (a placeholder, not a real account)."""


def check_object_created_types(types: Sequence[str]) -> list[str]:
    """Validate a list of object-created types (non-empty, known, no repeats)."""
    if not types:
        raise ValueError("list at least one object-created type, e.g. 'oss:ObjectCreated:PutObject'")
    unknown = [t for t in types if t not in OBJECT_CREATED_TYPES]
    if unknown:
        raise ValueError(f"unknown OSS object-created types {unknown}; use any of: {', '.join(OBJECT_CREATED_TYPES)}")
    if len(set(types)) != len(types):
        raise ValueError(f"object-created types repeat: {list(types)}")
    return list(types)


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


def oss_object_event(
    bucket: str,
    key: str,
    event_type: str = _CREATED + "PutObject",
    region: str = "cn-hangzhou",
    account_id: str = SAMPLE_ACCOUNT_ID,
    size: int = 1024,
) -> dict[str, Any]:
    """A CloudEvent for one OSS object event, shaped as EventBridge delivers it."""
    name = event_type.split(":", 1)[1] if event_type.startswith("oss:") else event_type
    return {
        "specversion": "1.0",
        "id": "5F3E5B0D1F2A3B4C5D6E7F80",
        "source": OSS_SOURCE,
        "type": event_type,
        "subject": f"acs:oss:{region}:{account_id}:{bucket}/{key}",
        "time": "2021-12-12T06:45:43Z",
        "datacontenttype": "application/json;charset=utf-8",
        "aliyunaccountid": account_id,
        "aliyunregionid": region,
        "aliyuneventbusname": "default",
        "data": {
            "region": region,
            "eventVersion": "1.0",
            "eventSource": "acs:oss",
            "eventName": name,
            "eventTime": "2021-12-12T06:45:43.000Z",
            "oss": {
                "bucket": {"name": bucket, "arn": f"acs:oss:{region}:{account_id}:{bucket}", "ownerIdentity": account_id},
                "ossSchemaVersion": "1.0",
                "object": {"key": key, "size": size, "deltaSize": size, "eTag": "F0F18C2C66AE1DD512BDCD4366F70000"},
            },
        },
    }
