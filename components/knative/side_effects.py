"""Declared side effects of a workload, under their historical import path.

The model lives in :mod:`eventing_platform.events.side_effects` (the event-semantics core); this
module re-exports it so that existing imports keep working.
"""

from eventing_platform.events.side_effects import (
    GCS_WRITE_EVENT_TYPES,
    OSS_WRITE_EVENT_TYPES,
    SIDE_EFFECTS_ANNOTATION,
    BucketName,
    EventType,
    ObjectPrefix,
    ObjectWrites,
    Publish,
    PublishTarget,
    ReplyEvent,
    SideEffects,
    check_annotations_free_of_side_effects,
)

__all__ = [
    "GCS_WRITE_EVENT_TYPES",
    "OSS_WRITE_EVENT_TYPES",
    "SIDE_EFFECTS_ANNOTATION",
    "BucketName",
    "EventType",
    "ObjectPrefix",
    "ObjectWrites",
    "Publish",
    "PublishTarget",
    "ReplyEvent",
    "SideEffects",
    "check_annotations_free_of_side_effects",
]
