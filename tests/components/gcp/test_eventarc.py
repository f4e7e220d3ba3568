"""EventarcGkeTrigger: a Pub/Sub topic's messages delivered to a Service in a GKE cluster."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.gcp import EventarcGkeTrigger, EventarcGkeTriggerArgs
from tests.support.offline import one, run_components

PROJECT = "demo-project"


def args(**kwargs) -> EventarcGkeTriggerArgs:
    base = {"project": PROJECT, "location": "us-central1", "topic": "testing", "cluster": "knative-vision",
            "cluster_location": "us-central1", "namespace": "apps", "service": "events-kn-channel",
            "service_account_id": "events-trigger"}
    return EventarcGkeTriggerArgs(**{**base, **kwargs})


@pytest.fixture(scope="module")
def record():
    return run_components(lambda: EventarcGkeTrigger("to-channel", args()))


def test_the_trigger_delivers_message_published_events_from_the_topic_to_the_gke_service(record):
    trigger = one(record.by_type("gcp:eventarc/trigger:Trigger")).inputs
    assert trigger["name"] == "to-channel" and trigger["location"] == "us-central1"
    assert trigger["matchingCriterias"] == [{"attribute": "type", "value": "google.cloud.pubsub.topic.v1.messagePublished"}]
    assert trigger["transport"] == {"pubsub": {"topic": f"projects/{PROJECT}/topics/testing"}}
    assert trigger["destination"]["gke"] == {"cluster": "knative-vision", "location": "us-central1", "namespace": "apps",
                                             "service": "events-kn-channel", "path": "/"}
    assert trigger["serviceAccount"] == f"events-trigger@{PROJECT}.iam.gserviceaccount.com"
    assert trigger["retryPolicy"] == {"maxAttempts": 5}


def test_the_trigger_waits_for_its_grants_and_the_eventarc_agent_gets_the_gke_destination_roles(record):
    trigger = one(record.by_type("gcp:eventarc/trigger:Trigger"))
    grants = {r.inputs["role"]: r for r in record.by_type("gcp:projects/iAMMember:IAMMember")}
    assert set(grants) == {"roles/eventarc.eventReceiver", "roles/compute.viewer", "roles/container.developer", "roles/iam.serviceAccountAdmin"}
    agent = one(record.by_type("gcp:projects/serviceIdentity:ServiceIdentity"))
    assert agent.inputs["service"] == "eventarc.googleapis.com"
    assert all(grants[r].inputs["member"] == agent.outputs["member"] for r in ("roles/compute.viewer", "roles/container.developer"))
    assert {g.urn for g in grants.values()} <= set(trigger.dependencies)
    assert not record.by_type("gcp:serviceaccount/key:Key")


def test_a_project_that_ran_gke_destinations_init_skips_the_agent_grants():
    record = run_components(lambda: EventarcGkeTrigger("t", args(grant_service_agent=False, topic="projects/other/topics/x")))
    assert not record.by_type("gcp:projects/serviceIdentity:ServiceIdentity")
    assert one(record.by_type("gcp:eventarc/trigger:Trigger")).inputs["transport"] == {"pubsub": {"topic": "projects/other/topics/x"}}


@pytest.mark.parametrize(("values", "field"), [({"path": "route"}, "path"), ({"max_attempts": 0}, "max_attempts"), ({"service": "Bad_Name"}, "service")])
def test_bad_trigger_args_name_the_field(values, field):
    with pytest.raises(ArgsError, match=field):
        args(**values)
