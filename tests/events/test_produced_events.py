"""The events the project builds itself (route witnesses, loop checks, tests) are CloudEvents the
``cloudevents`` SDK accepts, as the samples and ``route --event`` files must be."""

from __future__ import annotations

import json

import pytest

from eventing_platform.cli.event_input import validate_cloudevent
from eventing_platform.events.gcs_events import (
    NOTIFICATION_TO_CLOUDEVENT_TYPE,
    storage_object_event,
)
from eventing_platform.events.oss_events import WRITE_EVENT_TYPES, oss_object_event


@pytest.mark.parametrize("event_type", WRITE_EVENT_TYPES)
def test_oss_object_events_are_valid_cloud_events(event_type):
    event = oss_object_event("eb-ask", "zip/a b.zip", event_type)
    validate_cloudevent(event, json.dumps(event), "oss_object_event")


@pytest.mark.parametrize("notification_type", sorted(NOTIFICATION_TO_CLOUDEVENT_TYPE))
def test_cloud_storage_object_events_are_valid_cloud_events(notification_type):
    event = storage_object_event("bucket", "images/a.jpg", notification_type)
    validate_cloudevent(event, json.dumps(event), "storage_object_event")
