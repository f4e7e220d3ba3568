"""GcsBucket and BucketNotification: private by construction, and the notification waits for its grant."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.engine.outputs_gcp import project_number
from eventing_platform.errors import ArgsError
from eventing_platform.gcp import (
    BucketNotification,
    BucketNotificationArgs,
    GcsBucket,
    GcsBucketArgs,
    LifecycleRule,
    ProjectServices,
    ProjectServicesArgs,
)
from tests.support.offline import one, run_components

PROJECT = "my-project-1"
BUCKET_T = "gcp:storage/bucket:Bucket"


def _bucket(**kwargs):
    created = {}

    def build():
        created["bucket"] = GcsBucket("images", GcsBucketArgs(bucket_name="my-images-1", project=PROJECT, **kwargs))
        return {"url": created["bucket"].url, "name": created["bucket"].bucket_name}

    record = run_components(build)
    return record, one(record.by_type(BUCKET_T)), created["bucket"]


def test_bucket_is_uniform_access_public_prevention_enforced_and_versioned_by_default():
    record, bucket, _ = _bucket()
    inputs = bucket.inputs
    assert inputs["uniformBucketLevelAccess"] is True
    assert inputs["publicAccessPrevention"] == "enforced"
    assert inputs["versioning"] == {"enabled": True}
    assert inputs["forceDestroy"] is False
    assert inputs["location"] == "US-CENTRAL1"
    assert inputs["lifecycleRules"] == [
        {"action": {"type": "Delete"}, "condition": {"daysSinceNoncurrentTime": 30, "withState": "ARCHIVED"}},
        {"action": {"type": "AbortIncompleteMultipartUpload"}, "condition": {"age": 7}},
    ]
    assert record.outputs == {"url": "gs://my-images-1", "name": "my-images-1"}
    assert bucket.parent and bucket.parent.endswith("GcsBucket::images")


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"location": "europe-west4"}, {"location": "EUROPE-WEST4"}),
        ({"location": "eu"}, {"location": "EU"}),
        ({"storage_class": "NEARLINE"}, {"storageClass": "NEARLINE"}),
        ({"labels": {"app": "vision"}}, {"labels": {"app": "vision"}}),
        ({"kms_key_name": "projects/p/locations/us/keyRings/r/cryptoKeys/k"},
         {"encryption": {"defaultKmsKeyName": "projects/p/locations/us/keyRings/r/cryptoKeys/k"}}),
        ({"soft_delete_retention_seconds": 0}, {"softDeletePolicy": {"retentionDurationSeconds": 0}}),
        ({"lifecycle_rules": [LifecycleRule.move_after(30, "COLDLINE"), LifecycleRule.delete_after(365, ["tmp/"])]},
         {"lifecycleRules": [
             {"action": {"type": "SetStorageClass", "storageClass": "COLDLINE"}, "condition": {"age": 30}},
             {"action": {"type": "Delete"}, "condition": {"age": 365, "withState": "LIVE", "matchesPrefixes": ["tmp/"]}},
         ]}),
    ],
)
def test_bucket_options_reach_the_provider(kwargs, expected):
    _, bucket, _ = _bucket(**kwargs)
    for key, value in expected.items():
        assert bucket.inputs[key] == value
    assert bucket.inputs["publicAccessPrevention"] == "enforced"


@pytest.mark.parametrize("protect", [True, False])
def test_deletion_protection_protects_the_bucket_resource(protect):
    _, _, component = _bucket(deletion_protection=protect)
    assert component.bucket._protect is protect


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"location": "mars"}, "is not a bucket location"),
        ({"labels": {"App": "x"}}, "label key 'App'"),
        ({"labels": {"app": "Vision"}}, "label value 'Vision'"),
        ({"kms_key_name": "my-key"}, "is not a KMS key name"),
        ({"versioning": False}, "need versioning=True"),
        ({"soft_delete_retention_seconds": 10**9}, "less than or equal to 7776000"),
        ({"public_access_prevention": "inherited"}, "GcsBucketArgs.public_access_prevention"),
    ],
)
def test_bucket_rejects_bad_options(kwargs, fragment):
    with pytest.raises(ArgsError) as info:
        GcsBucketArgs(bucket_name="my-images-1", project=PROJECT, **kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"action": "Delete"}, "needs at least one condition"),
        ({"action": "SetStorageClass", "age_days": 3}, "storage_class exactly when"),
        ({"action": "Delete", "age_days": 3, "storage_class": "ARCHIVE"}, "storage_class exactly when"),
        ({"action": "Delete", "age_days": 0}, "greater than or equal to 1"),
    ],
)
def test_lifecycle_rule_rejects_rules_that_hit_everything_or_are_inconsistent(kwargs, fragment):
    with pytest.raises(ArgsError) as info:
        LifecycleRule(**kwargs)
    assert fragment in str(info.value)


def _notification(**kwargs):
    def build():
        n = BucketNotification("images-to-topic", BucketNotificationArgs(bucket="my-images-1", project=PROJECT, topic="testing", **kwargs))
        return {"topic": n.topic_name, "agent": n.service_agent}

    return run_components(build)


def test_notification_waits_for_the_storage_agents_publisher_grant():
    record = _notification()
    grant = one(record.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember"))
    agent = f"serviceAccount:service-{project_number(PROJECT)}@gs-project-accounts.iam.gserviceaccount.com"
    assert grant.inputs == {"project": PROJECT, "topic": "testing", "role": "roles/pubsub.publisher", "member": agent}
    notification = one(record.by_type("gcp:storage/notification:Notification"))
    assert grant.urn in notification.dependencies
    assert notification.inputs == {
        "bucket": "my-images-1",
        "topic": f"projects/{PROJECT}/topics/testing",
        "payloadFormat": "JSON_API_V1",
        "eventTypes": ["OBJECT_FINALIZE"],
    }
    assert record.outputs == {"topic": f"projects/{PROJECT}/topics/testing", "agent": agent}


def test_notification_options_prefix_events_attributes_and_topic_project():
    record = _notification(
        event_types=["OBJECT_FINALIZE", "OBJECT_DELETE"], object_name_prefix="images/",
        custom_attributes={"stack": "demo"}, topic_project="other-project",
    )
    notification = one(record.by_type("gcp:storage/notification:Notification"))
    assert notification.inputs["eventTypes"] == ["OBJECT_FINALIZE", "OBJECT_DELETE"]
    assert notification.inputs["objectNamePrefix"] == "images/"
    assert notification.inputs["customAttributes"] == {"stack": "demo"}
    assert notification.inputs["topic"] == "projects/other-project/topics/testing"
    assert one(record.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember")).inputs["project"] == "other-project"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"event_types": []}, "at least 1 item"),
        ({"event_types": ["OBJECT_CREATE"]}, "OBJECT_FINALIZE"),
        ({"event_types": ["OBJECT_DELETE", "OBJECT_DELETE"]}, "more than once"),
        ({"payload_format": "XML"}, "JSON_API_V1"),
        ({"custom_attributes": {"goog-x": "1"}}, "not starting with 'goog'"),
        ({"topic": "projects/p/topics/testing"}, "give the topic ID only"),
        ({"bucket": "Bad Bucket"}, "BucketNotificationArgs.bucket"),
    ],
)
def test_notification_rejects_bad_options(kwargs, fragment):
    base = {"bucket": "my-images-1", "project": PROJECT, "topic": "testing"}
    with pytest.raises(ArgsError) as info:
        BucketNotificationArgs(**{**base, **kwargs})
    assert fragment in str(info.value)


def test_children_wait_for_the_apis_the_component_depends_on():
    def build():
        apis = ProjectServices("apis", ProjectServicesArgs(project=PROJECT, services=["storage.googleapis.com", "pubsub.googleapis.com"]))
        BucketNotification("n", BucketNotificationArgs(bucket="my-images-1", project=PROJECT, topic="testing"), pulumi.ResourceOptions(depends_on=[apis]))

    record = run_components(build)
    api_urns = {r.urn for r in record.by_type("gcp:projects/service:Service")}
    assert len(api_urns) == 2
    for token in ("gcp:pubsub/topicIAMMember:TopicIAMMember", "gcp:storage/notification:Notification"):
        assert api_urns <= set(one(record.by_type(token)).dependencies)
