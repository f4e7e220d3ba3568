"""Cloud Storage object events: their CloudEvents types, notification types and shape.

A bucket's Pub/Sub notification names events by notification type (``OBJECT_FINALIZE``, ...);
Eventarc and the knative-gcp sources deliver them as CloudEvents of type
``google.cloud.storage.object.v1.*`` with ``source``
``//storage.googleapis.com/projects/_/buckets/<bucket>``, ``subject`` ``objects/<name>`` and
``data.bucket`` / ``data.name``.
"""

from __future__ import annotations

from typing import Any

STORAGE_EVENT_TYPES: dict[str, str] = {
    "google.cloud.storage.object.v1.finalized": "OBJECT_FINALIZE",
    "google.cloud.storage.object.v1.deleted": "OBJECT_DELETE",
    "google.cloud.storage.object.v1.archived": "OBJECT_ARCHIVE",
    "google.cloud.storage.object.v1.metadataUpdated": "OBJECT_METADATA_UPDATE",
}
"""CloudEvents types of Cloud Storage object events -> their notification event types."""

NOTIFICATION_TO_CLOUDEVENT_TYPE: dict[str, str] = {v: k for k, v in STORAGE_EVENT_TYPES.items()}
"""Notification event type -> CloudEvents type (the inverse of :data:`STORAGE_EVENT_TYPES`)."""

GCS_WRITE_EVENT_TYPES: tuple[str, ...] = ("OBJECT_FINALIZE",)
"""Notification event type of a finished upload: what a workload's writes make a bucket emit."""


def storage_source(bucket: str) -> str:
    """The CloudEvent ``source`` of a bucket's object events."""
    return f"//storage.googleapis.com/projects/_/buckets/{bucket}"


def storage_object_event(bucket: str, name: str, notification_type: str = "OBJECT_FINALIZE") -> dict[str, Any]:
    """The CloudEvent Cloud Storage emits for an object event (an unknown notification type
    reads as ``OBJECT_FINALIZE``)."""
    return {
        "specversion": "1.0",
        "id": "offline-gcs-event",
        "source": storage_source(bucket),
        "type": NOTIFICATION_TO_CLOUDEVENT_TYPE.get(notification_type, "google.cloud.storage.object.v1.finalized"),
        "subject": f"objects/{name}",
        "data": {"bucket": bucket, "name": name, "contentType": "application/octet-stream"},
    }


__all__ = [
    "GCS_WRITE_EVENT_TYPES",
    "NOTIFICATION_TO_CLOUDEVENT_TYPE",
    "STORAGE_EVENT_TYPES",
    "storage_object_event",
    "storage_source",
]
