"""SideEffects: the typed model, its JSON annotation, and where workloads render it."""

from __future__ import annotations

import json

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import KnativeService, KnativeServiceArgs
from eventing_platform.knative.side_effects import (
    GCS_WRITE_EVENT_TYPES,
    OSS_WRITE_EVENT_TYPES,
    SIDE_EFFECTS_ANNOTATION,
    ObjectWrites,
    Publish,
    ReplyEvent,
    SideEffects,
)
from eventing_platform.kubernetes.workload import ContainerWorkload, ContainerWorkloadArgs
from tests.support.offline import objects_of, one, run_components

IMAGE = "registry.example.com/team/app:1.2.3"

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


def test_knative_service_renders_the_annotation_on_the_service_object():
    record = run_components(lambda: KnativeService("unzip", KnativeServiceArgs(image=IMAGE, namespace="apps", side_effects=FULL)))
    svc = one(objects_of(record, "Service"))
    assert json.loads(svc["metadata"]["annotations"][SIDE_EFFECTS_ANNOTATION]) == json.loads(FULL.to_json())
    assert SIDE_EFFECTS_ANNOTATION not in (svc["spec"]["template"]["metadata"].get("annotations") or {})


def test_knative_service_without_side_effects_has_no_annotation():
    record = run_components(lambda: KnativeService("plain", KnativeServiceArgs(image=IMAGE, namespace="apps")))
    svc = one(objects_of(record, "Service"))
    assert SIDE_EFFECTS_ANNOTATION not in (svc["metadata"].get("annotations") or {})


def test_knative_service_refuses_the_annotation_set_by_hand():
    with pytest.raises(ArgsError) as err:
        KnativeServiceArgs(image=IMAGE, annotations={SIDE_EFFECTS_ANNOTATION: "{}"})
    assert "side_effects=SideEffects" in str(err.value)


def test_container_workload_renders_the_annotation_on_the_deployment():
    args = ContainerWorkloadArgs(image=IMAGE, namespace="apps", service_account_name="app", side_effects=FULL)
    record = run_components(lambda: ContainerWorkload("unzip", args))
    deployment = one(objects_of(record, "Deployment"))
    assert SideEffects.from_annotations(deployment["metadata"]["annotations"]) == FULL
