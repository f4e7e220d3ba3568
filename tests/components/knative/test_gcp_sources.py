"""knative-gcp sources: CloudPubSubSource and CloudStorageSource through Workload Identity only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    CloudStorageSource,
    CloudStorageSourceArgs,
    Destination,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

ROOT = Path(__file__).resolve().parents[3]
CHANNEL = Destination.channel("pubsub-test", "apps")


def _pubsub(**kwargs):
    args = {"topic": "testing", "sink": CHANNEL, "service_account_name": "pubsub-source", "namespace": "apps", **kwargs}
    return one(objects_of(run_components(lambda: CloudPubSubSource("testing-source", CloudPubSubSourceArgs(**args))), "CloudPubSubSource"))


def _storage(**kwargs):
    args = {"bucket": "my-images-1", "sink": CHANNEL, "service_account_name": "storage-source", "namespace": "apps", **kwargs}
    return one(objects_of(run_components(lambda: CloudStorageSource("images-source", CloudStorageSourceArgs(**args))), "CloudStorageSource"))


def test_pubsub_source_reads_the_topic_into_the_sink_as_its_workload_identity():
    obj = _pubsub(project="my-project-1")
    assert obj["apiVersion"] == "events.cloud.google.com/v1"
    assert obj["metadata"]["name"] == "testing-source" and obj["metadata"]["namespace"] == "apps"
    assert obj["spec"] == {
        "topic": "testing",
        "project": "my-project-1",
        "serviceAccountName": "pubsub-source",
        "sink": {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "pubsub-test", "namespace": "apps"}},
    }


def test_pubsub_source_options_render_subscription_settings_and_extensions():
    spec = _pubsub(ack_deadline="45s", retain_acked_messages=True, retention_duration="24h", ce_extensions={"stack": "vision"})["spec"]
    assert spec["ackDeadline"] == "45s" and spec["retainAckedMessages"] is True and spec["retentionDuration"] == "24h"
    assert spec["ceOverrides"] == {"extensions": {"stack": "vision"}}


def test_storage_source_watches_new_objects_by_default():
    obj = _storage(object_name_prefix="images/")
    assert obj["apiVersion"] == "events.cloud.google.com/v1"
    assert obj["spec"]["bucket"] == "my-images-1"
    assert obj["spec"]["eventTypes"] == ["google.cloud.storage.object.v1.finalized"]
    assert obj["spec"]["objectNamePrefix"] == "images/"
    assert obj["spec"]["serviceAccountName"] == "storage-source"


@pytest.mark.parametrize("render", [_pubsub, _storage], ids=["pubsub", "storage"])
def test_sources_never_carry_a_key_file_secret(render):
    assert "secret" not in render()["spec"]


@pytest.mark.parametrize("cls", [CloudPubSubSourceArgs, CloudStorageSourceArgs])
def test_a_key_file_secret_cannot_even_be_requested(cls):
    base = {"topic": "testing"} if cls is CloudPubSubSourceArgs else {"bucket": "my-images-1"}
    with pytest.raises(ArgsError) as info:
        cls(**base, sink=CHANNEL, service_account_name="x", secret={"name": "google-cloud-key", "key": "key.json"})
    assert [p.field for p in info.value.problems] == [f"{cls.__name__}.secret"]


@requires_crds
@pytest.mark.parametrize(
    "render",
    [
        lambda: _pubsub(project="my-project-1", ack_deadline="30s", retain_acked_messages=False, retention_duration="168h", ce_extensions={"team": "x"}),
        lambda: _storage(project="my-project-1", object_name_prefix="in/", ce_extensions={"team": "x"},
                         event_types=["google.cloud.storage.object.v1.finalized", "google.cloud.storage.object.v1.deleted"]),
        lambda: _pubsub(sink=Destination.url("https://events.example.com/in")),
    ],
    ids=["pubsub-all-fields", "storage-all-fields", "pubsub-uri-sink"],
)
def test_sources_validate_strictly_against_the_knative_gcp_crds(render):
    validate_object(render())


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"topic": "projects/p/topics/testing"}, "give the topic ID only, e.g. 'testing'"),
        ({"service_account_name": None}, "service_account_name"),
        ({"ack_deadline": "601s"}, "0s-600s"),
        ({"ack_deadline": "30"}, "whole h, m or s units"),
        ({"retention_duration": "5m"}, "600s-604800s"),
        ({"retention_duration": "8d"}, "whole h, m or s units"),
        ({"project": "Bad_Project"}, "CloudPubSubSourceArgs.project"),
        ({"ce_extensions": {"Bad-Name": "x"}}, "CloudEvents attribute name"),
        ({"source_name": "Testing"}, "RFC 1123 label"),
    ],
)
def test_pubsub_source_rejects_bad_values(kwargs, fragment):
    args = {"topic": "testing", "sink": CHANNEL, "service_account_name": "pubsub-source", **kwargs}
    args = {k: v for k, v in args.items() if v is not None}
    with pytest.raises(ArgsError) as info:
        CloudPubSubSourceArgs(**args)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"bucket": "goog-images"}, "must not start with 'goog'"),
        ({"event_types": ["google.cloud.storage.object.v1.created"]}, "finalized"),
        ({"event_types": ["google.cloud.storage.object.v1.deleted"] * 2}, "more than once"),
        ({"object_name_prefix": ""}, "at least 1 character"),
    ],
)
def test_storage_source_rejects_bad_values(kwargs, fragment):
    args = {"bucket": "my-images-1", "sink": CHANNEL, "service_account_name": "storage-source", **kwargs}
    with pytest.raises(ArgsError) as info:
        CloudStorageSourceArgs(**args)
    assert fragment in str(info.value)


def test_knative_package_does_not_import_the_gcp_sdk():
    code = "import sys, eventing_platform.knative; assert 'pulumi_gcp' not in sys.modules, 'pulumi_gcp imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
