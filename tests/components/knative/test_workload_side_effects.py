"""Where workloads render their declared side effects: the annotation on the Service or Deployment."""

from __future__ import annotations

import json

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import KnativeService, KnativeServiceArgs
from eventing_platform.knative.side_effects import (
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
