"""RocketMQSource: topic, group, instance, access token from a Secret, service account, sink."""

from __future__ import annotations

import json

import pulumi
import pytest

from eventing_platform.engine.record import is_secret_value
from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    Destination,
    RocketMQSource,
    RocketMQSourceArgs,
    access_token_json,
)
from eventing_platform.kubernetes import SecretKeyRef
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

TOKEN = SecretKeyRef(name="alirocketmqsource-secret", key="alirocketmqsource")
BASE = {
    "topic": "topic-knative", "group_name": "GID_Knative", "instance_id": "rmq-cn-abc123",
    "access_token": TOKEN, "service_account_name": "alirocketmqsource-sa",
    "sink": Destination.broker("order", "orders"),
}


def render(**kwargs) -> dict:
    args = RocketMQSourceArgs(**{**BASE, "namespace": "orders", **kwargs})
    return one(objects_of(run_components(lambda: RocketMQSource("rocketmqsource", args)), "RocketMQSource"))


def test_source_renders_the_alibaba_fields_with_a_flat_sink_reference():
    src = render()
    assert src["apiVersion"] == "sources.eventing.knative.dev/v1alpha1"
    assert src["metadata"] == {"name": "rocketmqsource", "namespace": "orders", "labels": src["metadata"]["labels"]}
    assert src["spec"] == {
        "topic": "topic-knative",
        "groupName": "GID_Knative",
        "instanceId": "rmq-cn-abc123",
        "accessToken": {"secretKeyRef": {"name": "alirocketmqsource-secret", "key": "alirocketmqsource"}},
        "serviceAccountName": "alirocketmqsource-sa",
        "sink": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "order", "namespace": "orders"},
    }


def test_optional_fields_and_output_instance_id():
    def build():
        RocketMQSource("s", RocketMQSourceArgs(**{**BASE, "instance_id": pulumi.Output.from_input("rmq-cn-out"),
                                                  "namesrv_addr": "ns1:9876", "source_name": "orders-src", "labels": {"a": "b"}}))

    src = one(objects_of(run_components(build), "RocketMQSource"))
    assert src["spec"]["instanceId"] == "rmq-cn-out" and src["spec"]["namesrvAddr"] == "ns1:9876"
    assert src["metadata"]["name"] == "orders-src" and src["metadata"]["labels"]["a"] == "b"


def test_access_needs_are_get_on_exactly_the_token_secret():
    needs = RocketMQSourceArgs(**BASE).access_needs()
    assert [n.render() for n in needs] == [
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"], "resourceNames": ["alirocketmqsource-secret"]},
    ]


def test_access_token_json_is_a_pulumi_secret_with_the_documented_keys():
    def build():
        return {"token": access_token_json("http://rmq.vpc:8080", "user", pulumi.Output.secret("pw"))}

    record = run_components(build)
    assert "token" in record.secret_outputs
    raw = record.outputs["token"]
    doc = json.loads(raw["value"] if is_secret_value(raw) else raw)
    assert doc == {"url": "http://rmq.vpc:8080", "accessKeyId": "user", "accessKeySecret": "pw"}


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"topic": ""}, "topic", "not a RocketMQ name"),
        ({"group_name": "bad group"}, "group_name", "not a RocketMQ name"),
        ({"instance_id": "  "}, "instance_id", "instance_id is empty"),
        ({"sink": Destination.url("https://example.com/")}, "sink", "object reference"),
        ({"sink": Destination.service("svc", path="/x")}, "sink", "object reference"),
        ({"service_account_name": "Bad_SA"}, "service_account_name", "RFC 1123 subdomain"),
        ({"access_token": None}, "access_token", "valid dictionary or instance"),
    ],
)
def test_bad_source_args_are_rejected_with_field_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        RocketMQSourceArgs(**{**BASE, **kwargs})
    assert f"RocketMQSourceArgs.{field}" in str(info.value)
    assert fragment in str(info.value)


@requires_crds
def test_rendered_source_passes_the_strict_check():
    validate_object(render(namesrv_addr="ns:9876"))


@requires_crds
def test_strict_check_rejects_a_destination_style_sink_for_this_source():
    src = render()
    src["spec"]["sink"] = {"ref": src["spec"]["sink"]}
    with pytest.raises(AssertionError, match="ref"):
        validate_object(src)
