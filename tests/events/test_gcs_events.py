"""Cloud Storage object events: each type written once, the pairing of notification and CloudEvents
types, and the event's shape."""

from __future__ import annotations

from typing import get_args

import pytest

from eventing_platform.events.gcs_events import (
    GCS_WRITE_EVENT_TYPES,
    NOTIFICATION_TO_CLOUDEVENT_TYPE,
    STORAGE_EVENT_TYPES,
    StorageCloudEventType,
    StorageNotificationType,
    cloudevent_type_of,
    storage_object_event,
)
from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import GOOGLE_EVENTS


@pytest.mark.parametrize(
    ("notification", "cloudevent"),
    [
        ("OBJECT_FINALIZE", "google.cloud.storage.object.v1.finalized"),
        ("OBJECT_DELETE", "google.cloud.storage.object.v1.deleted"),
        ("OBJECT_ARCHIVE", "google.cloud.storage.object.v1.archived"),
        ("OBJECT_METADATA_UPDATE", "google.cloud.storage.object.v1.metadataUpdated"),
    ],
)
def test_each_notification_type_pairs_with_its_cloudevents_type(notification, cloudevent):
    assert STORAGE_EVENT_TYPES[cloudevent] == notification
    assert NOTIFICATION_TO_CLOUDEVENT_TYPE[notification] == cloudevent
    assert cloudevent_type_of(notification) == cloudevent


def test_the_pairing_covers_both_literal_types_exactly():
    assert set(STORAGE_EVENT_TYPES) == set(get_args(StorageCloudEventType))
    assert set(STORAGE_EVENT_TYPES.values()) == set(get_args(StorageNotificationType))
    assert set(GCS_WRITE_EVENT_TYPES) <= set(get_args(StorageNotificationType))


def test_an_unknown_notification_type_reads_as_a_finished_upload():
    assert storage_object_event("images", "a.png", "OBJECT_UNKNOWN")["type"] == "google.cloud.storage.object.v1.finalized"


def test_a_storage_event_names_its_bucket_and_object():
    event = storage_object_event("images", "uploads/a.png", "OBJECT_DELETE")
    assert event["source"] == "//storage.googleapis.com/projects/_/buckets/images"
    assert event["subject"] == "objects/uploads/a.png"
    assert event["data"]["bucket"] == "images" and event["data"]["name"] == "uploads/a.png"


def test_the_catalogue_and_the_components_read_the_one_definition():
    from eventing_platform.gcp.notification import StorageEventType
    from eventing_platform.knative.sources.gcp import StorageSourceEventType

    emits = known_kind(GOOGLE_EVENTS, "CloudStorageSource").emits
    assert emits is not None and emits.types == get_args(StorageCloudEventType)
    assert emits.source_of(bucket="images") == storage_object_event("images", "a")["source"]
    assert StorageEventType is StorageNotificationType
    assert StorageSourceEventType is StorageCloudEventType
