"""Cloud Storage object events: their CloudEvents types, notification types and shape.

A bucket's Pub/Sub notification names events by notification type (``OBJECT_FINALIZE``, ...);
Eventarc and the knative-gcp sources deliver them as CloudEvents of type
``google.cloud.storage.object.v1.*`` with ``source``
``//storage.googleapis.com/projects/_/buckets/<bucket>``, ``subject`` ``objects/<name>`` and
``data.bucket`` / ``data.name``. Each type is written once, here: the components' field types,
the catalogue of kinds and the flow analysis read them.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

StorageNotificationType = Literal["OBJECT_FINALIZE", "OBJECT_METADATA_UPDATE", "OBJECT_DELETE", "OBJECT_ARCHIVE"]
"""A Cloud Storage notification event type (JSON API names), as a bucket's Pub/Sub notification
sends it in the ``eventType`` attribute."""

StorageCloudEventType = Literal[
    "google.cloud.storage.object.v1.finalized",
    "google.cloud.storage.object.v1.deleted",
    "google.cloud.storage.object.v1.archived",
    "google.cloud.storage.object.v1.metadataUpdated",
]
"""The CloudEvents type of a Cloud Storage object event (what a CloudStorageSource emits)."""

_NOTIFICATION_TYPES: tuple[str, ...] = get_args(StorageNotificationType)
_CLOUDEVENT_TYPES: tuple[str, ...] = get_args(StorageCloudEventType)
_FINALIZE, _METADATA_UPDATE, _DELETE, _ARCHIVE = _NOTIFICATION_TYPES
_FINALIZED, _DELETED, _ARCHIVED, _METADATA_UPDATED = _CLOUDEVENT_TYPES

STORAGE_EVENT_TYPES: dict[str, str] = {
    _FINALIZED: _FINALIZE,
    _DELETED: _DELETE,
    _ARCHIVED: _ARCHIVE,
    _METADATA_UPDATED: _METADATA_UPDATE,
}
"""CloudEvents types of Cloud Storage object events -> their notification event types."""

NOTIFICATION_TO_CLOUDEVENT_TYPE: dict[str, str] = {v: k for k, v in STORAGE_EVENT_TYPES.items()}
"""Notification event type -> CloudEvents type (the inverse of :data:`STORAGE_EVENT_TYPES`)."""

GCS_WRITE_EVENT_TYPES: tuple[str, ...] = (_FINALIZE,)
"""Notification event type of a finished upload: what a workload's writes make a bucket emit."""

STORAGE_SOURCE = "//storage.googleapis.com/projects/_/buckets/{bucket}"
"""The CloudEvent ``source`` of a bucket's object events, a template over ``{bucket}``."""


def storage_source(bucket: str) -> str:
    """The CloudEvent ``source`` of a bucket's object events."""
    return STORAGE_SOURCE.format(bucket=bucket)


def cloudevent_type_of(notification_type: str) -> str:
    """The CloudEvents type of a notification event type (an unknown one reads as ``OBJECT_FINALIZE``)."""
    return NOTIFICATION_TO_CLOUDEVENT_TYPE.get(notification_type, _FINALIZED)


def storage_object_event(bucket: str, name: str, notification_type: str = _FINALIZE) -> dict[str, Any]:
    """The CloudEvent Cloud Storage emits for an object event (an unknown notification type
    reads as ``OBJECT_FINALIZE``)."""
    return {
        "specversion": "1.0",
        "id": "offline-gcs-event",
        "source": storage_source(bucket),
        "type": cloudevent_type_of(notification_type),
        "subject": f"objects/{name}",
        "data": {"bucket": bucket, "name": name, "contentType": "application/octet-stream"},
    }


__all__ = [
    "GCS_WRITE_EVENT_TYPES",
    "NOTIFICATION_TO_CLOUDEVENT_TYPE",
    "STORAGE_EVENT_TYPES",
    "STORAGE_SOURCE",
    "StorageCloudEventType",
    "StorageNotificationType",
    "cloudevent_type_of",
    "storage_object_event",
    "storage_source",
]
