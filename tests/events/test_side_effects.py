"""SideEffects: the typed model, its JSON annotation, and the write scope of each declared write."""

from __future__ import annotations

import json

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.events.object_writes import WriteScope
from eventing_platform.events.side_effects import (
    GCS_WRITE_EVENT_TYPES,
    OSS_WRITE_EVENT_TYPES,
    SIDE_EFFECTS_ANNOTATION,
    ObjectWrites,
    Publish,
    ReplyEvent,
    SideEffects,
)

FULL = SideEffects(
    writes=[ObjectWrites(bucket="eb-ask", prefix="unzip/")],
    replies=[ReplyEvent(event_type="dev.example.unzip.completed")],
    publishes=[Publish(target="kafka-topic", name="barrage-info"),
               Publish(target="broker", name="default", event_type="dev.example.order.created")],
)


def test_annotation_is_compact_sorted_json_without_unset_fields():
    text = FULL.annotations()[SIDE_EFFECTS_ANNOTATION]
    data = json.loads(text)
    assert data["writes"] == [{"bucket": "eb-ask", "prefix": "unzip/", "store": "oss", "suffixes": []}]
    assert data["replies"] == [{"event_type": "dev.example.unzip.completed", "extensions": {}}]
    assert data["publishes"][0] == {"name": "barrage-info", "target": "kafka-topic"}
    assert text == json.dumps(data, sort_keys=True, separators=(",", ":"))


def test_annotation_round_trips():
    assert SideEffects.from_json(FULL.to_json()) == FULL
    assert SideEffects.from_annotations(FULL.annotations()) == FULL


def test_nothing_declared_renders_no_annotation():
    assert SideEffects().is_empty()
    assert SideEffects().annotations() == {}
    assert SideEffects.from_annotations({"other": "x"}) is None


@pytest.mark.parametrize(
    ("store", "expected"), [("oss", OSS_WRITE_EVENT_TYPES), ("gcs", GCS_WRITE_EVENT_TYPES)]
)
def test_write_event_types_default_per_store(store, expected):
    assert ObjectWrites(bucket="b-1", store=store).emitted_types == expected
    assert ObjectWrites(bucket="b-1", store=store, event_types=["x:y"]).emitted_types == ("x:y",)


def test_oss_defaults_include_the_multipart_types_an_upload_emits():
    assert "oss:ObjectCreated:PutObject" in OSS_WRITE_EVENT_TYPES
    assert "oss:ObjectCreated:UploadPart" in OSS_WRITE_EVENT_TYPES


@pytest.mark.parametrize(
    ("build", "field", "fragment"),
    [
        (lambda: ObjectWrites(bucket="EB_ASK"), "ObjectWrites.bucket", "bucket name"),
        (lambda: ObjectWrites(bucket="eb-ask", prefix="/unzip/"), "ObjectWrites.prefix", "leading slash"),
        (lambda: ReplyEvent(event_type="has space"), "ReplyEvent.event_type", "CloudEvents type"),
        (lambda: Publish(target="broker", name="default"), "Publish", "set event_type"),
        (lambda: Publish(target="kafka-topic", name="t", namespace="ns"), "Publish", "namespace applies"),
        (lambda: Publish(target="queue", name="t"), "Publish.target", "kafka-topic"),
    ],
)
def test_bad_declarations_name_the_field_and_the_fix(build, field, fragment):
    with pytest.raises(ArgsError) as err:
        build()
    assert field in str(err.value) and fragment in str(err.value)


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"writes": [{"bucket": "X"}]}', '{"unknown": []}'])
def test_unreadable_annotations_raise_args_error(text):
    with pytest.raises(ArgsError):
        SideEffects.from_json(text)


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, '{"writes": [' * 3000])
def test_deeply_nested_annotations_raise_args_error_not_recursion_error(text):
    with pytest.raises(ArgsError):
        SideEffects.from_json(text)


def test_a_declared_write_is_a_write_scope_with_its_defaults_applied():
    scope = ObjectWrites(bucket="eb-ask", prefix="unzip/", suffixes=[".txt"]).scope()
    assert scope == WriteScope(store="oss", bucket="eb-ask", prefix="unzip/", suffixes=(".txt",), event_types=OSS_WRITE_EVENT_TYPES)
    assert ObjectWrites(bucket="images", store="gcs").scope().event_types == GCS_WRITE_EVENT_TYPES
