"""OSS object events as EventBridge delivers them: the event types and the event's shape.

OSS events reach the cloud-service bus ``default`` as CloudEvents: ``source`` ``acs.oss``,
``type`` such as ``oss:ObjectCreated:PutObject``, ``subject``
``acs:oss:<region>:<account-id>:<bucket>/<key>``, and ``data.oss.bucket.name`` /
``data.oss.object.key``. This module is the one place that knows those types and that shape;
``eventing_platform.alicloud.oss_events`` re-exports it beside the pattern builder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

OSS_SOURCE = "acs.oss"
"""The CloudEvent ``source`` of every OSS event."""

OBJECT_CREATED = "oss:ObjectCreated:"
"""The common start of every object-created event type."""

OBJECT_CREATED_TYPES: tuple[str, ...] = tuple(
    OBJECT_CREATED + t
    for t in (
        "PutObject", "PostObject", "CopyObject", "AppendObject", "PutSymlink",
        "InitiateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
    )
)
"""Every object-created event type OSS emits."""

PARTIAL_UPLOAD_TYPES: tuple[str, ...] = (
    OBJECT_CREATED + "InitiateMultipartUpload", OBJECT_CREATED + "UploadPart", OBJECT_CREATED + "UploadPartCopy",
)
"""Types a multipart upload emits before the object exists: a rule listing them fires several
times per file, before it can be read."""

SEED_OBJECT_CREATED_TYPES: tuple[str, ...] = tuple(
    OBJECT_CREATED + t
    for t in (
        "PostObject", "UploadPart", "PutObject", "UploadPartCopy", "InitiateMultipartUpload",
        "AppendObject", "CompleteMultipartUpload",
    )
)
"""The seven types of the oss-unzip seed's pattern, in its order."""

COMPLETED_OBJECT_TYPES: tuple[str, ...] = tuple(
    OBJECT_CREATED + t for t in ("PutObject", "PostObject", "CopyObject", "AppendObject", "CompleteMultipartUpload")
)
"""Types emitted once a whole object can be read (no per-part events)."""

OBJECT_REMOVED_TYPES: tuple[str, ...] = ("oss:ObjectRemoved:DeleteObject", "oss:ObjectRemoved:DeleteObjects")
"""Object-removed event types."""

WRITE_EVENT_TYPES: tuple[str, ...] = (
    OBJECT_CREATED + "PutObject", OBJECT_CREATED + "InitiateMultipartUpload", OBJECT_CREATED + "UploadPart",
    OBJECT_CREATED + "CompleteMultipartUpload",
)
"""What an SDK or ``ossutil`` upload emits: PutObject for small files, a multipart sequence for
large ones. The default events of a declared write (``ObjectWrites``) and of the loop guard."""

SAMPLE_ACCOUNT_ID = "1234567890123456"
"""Account ID used in sample events (a placeholder, not a real account)."""

SAMPLE_REGION = "cn-hangzhou"
"""Region used in sample events when none is given."""


def check_object_created_types(types: Sequence[str]) -> list[str]:
    """Validate a list of object-created types (non-empty, known, no repeats); raises ``ValueError``."""
    if not types:
        raise ValueError("list at least one object-created type, e.g. 'oss:ObjectCreated:PutObject'")
    unknown = [t for t in types if t not in OBJECT_CREATED_TYPES]
    if unknown:
        raise ValueError(f"unknown OSS object-created types {unknown}; use any of: {', '.join(OBJECT_CREATED_TYPES)}")
    if len(set(types)) != len(types):
        raise ValueError(f"object-created types repeat: {list(types)}")
    return list(types)


def oss_subject(bucket: str, key: str, region: str = SAMPLE_REGION, account_id: str = SAMPLE_ACCOUNT_ID) -> str:
    """The ``subject`` of an OSS object event: ``acs:oss:<region>:<account-id>:<bucket>/<key>``."""
    return f"acs:oss:{region}:{account_id}:{bucket}/{key}"


def oss_object_event(
    bucket: str,
    key: str,
    event_type: str = OBJECT_CREATED + "PutObject",
    region: str = SAMPLE_REGION,
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
        "subject": oss_subject(bucket, key, region, account_id),
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


__all__ = [
    "COMPLETED_OBJECT_TYPES",
    "OBJECT_CREATED",
    "OBJECT_CREATED_TYPES",
    "OBJECT_REMOVED_TYPES",
    "OSS_SOURCE",
    "PARTIAL_UPLOAD_TYPES",
    "SAMPLE_ACCOUNT_ID",
    "SAMPLE_REGION",
    "SEED_OBJECT_CREATED_TYPES",
    "WRITE_EVENT_TYPES",
    "check_object_created_types",
    "oss_object_event",
    "oss_subject",
]
