"""OssBucket: private, encrypted, versioned, public access blocked; every option; bad input."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.alicloud import LifecycleRule, LifecycleTransition, OssBucket, OssBucketArgs
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components


def plan_bucket(**kwargs):
    made = {}

    def build():
        made["bucket"] = OssBucket("data", OssBucketArgs(bucket_name="eb-ask", **kwargs))

    return run_components(build), made["bucket"]


def inputs(record, token):
    return one(record.by_type(token)).plain_inputs()


def test_defaults_are_private_encrypted_versioned_and_blocked():
    record, bucket = plan_bucket()
    assert inputs(record, "alicloud:oss/bucket:Bucket") == {"bucket": "eb-ask", "storageClass": "Standard", "forceDestroy": False}
    assert inputs(record, "alicloud:oss/bucketAcl:BucketAcl") == {"bucket": "eb-ask", "acl": "private"}
    assert inputs(record, "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock") == {"bucket": "eb-ask", "blockPublicAccess": True}
    assert inputs(record, "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption") == {"bucket": "eb-ask", "sseAlgorithm": "AES256"}
    assert inputs(record, "alicloud:oss/bucketVersioning:BucketVersioning") == {"bucket": "eb-ask", "status": "Enabled"}
    assert bucket.arn == "acs:oss:*:*:eb-ask" and bucket.object_arn("zip/") == "acs:oss:*:*:eb-ask/zip/*"
    assert not bucket.bucket._protect


def test_every_child_is_parented_and_depends_on_the_bucket():
    record, _ = plan_bucket()
    component = one(record.by_type("eventing-platform:alicloud:OssBucket"))
    bucket = one(record.by_type("alicloud:oss/bucket:Bucket"))
    children = record.children(component.urn)
    assert {c.name for c in children} == {"data-bucket", "data-acl", "data-public-access-block", "data-encryption", "data-versioning"}
    for child in children:
        if child.urn != bucket.urn:
            assert bucket.urn in child.dependencies


def test_kms_encryption_with_a_key():
    record, _ = plan_bucket(sse_algorithm="KMS", kms_key_id="key-123")
    assert inputs(record, "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption") == {
        "bucket": "eb-ask", "sseAlgorithm": "KMS", "kmsMasterKeyId": "key-123"}


def test_sm4_encryption():
    record, _ = plan_bucket(sse_algorithm="SM4")
    assert inputs(record, "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption")["sseAlgorithm"] == "SM4"


def test_versioning_can_be_turned_off():
    record, bucket = plan_bucket(versioning=False)
    assert record.by_type("alicloud:oss/bucketVersioning:BucketVersioning") == [] and bucket.versioning is None


def test_storage_redundancy_tags_and_force_destroy():
    record, _ = plan_bucket(storage_class="IA", redundancy_type="ZRS", tags={"team": "data"}, force_destroy=True)
    assert inputs(record, "alicloud:oss/bucket:Bucket") == {
        "bucket": "eb-ask", "storageClass": "IA", "redundancyType": "ZRS", "tags": {"team": "data"}, "forceDestroy": True}


def test_deletion_protection_protects_the_bucket_resource():
    _, bucket = plan_bucket(deletion_protection=True)
    assert bucket.bucket._protect is True


def test_lifecycle_rules_render_every_action():
    rules = [
        LifecycleRule(prefix="zip/", expiration_days=30),
        LifecycleRule(rule_id="parts", abort_multipart_days=7, noncurrent_expiration_days=60,
                      transitions=[LifecycleTransition(days=90, storage_class="IA")], enabled=False),
    ]
    record, _ = plan_bucket(lifecycle_rules=rules)
    assert inputs(record, "alicloud:oss/bucket:Bucket")["lifecycleRules"] == [
        {"id": "zip-lifecycle", "enabled": True, "prefix": "zip/", "expirations": [{"days": 30}]},
        {"id": "parts", "enabled": False, "abortMultipartUploads": [{"days": 7}],
         "noncurrentVersionExpirations": [{"days": 60}], "transitions": [{"days": 90, "storageClass": "IA"}]},
    ]


def test_a_kms_key_from_another_resource_is_accepted():
    record = run_components(lambda: OssBucket("data", OssBucketArgs(
        bucket_name="eb-ask", sse_algorithm="KMS", kms_key_id=pulumi.Output.from_input("key-from-kms"))))
    assert inputs(record, "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption")["kmsMasterKeyId"] == "key-from-kms"


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"bucket_name": "EB_ASK"}, "OssBucketArgs.bucket_name", "3-63 lowercase"),
        ({"bucket_name": "ab"}, "OssBucketArgs.bucket_name", "3-63 lowercase"),
        ({"bucket_name": "eb-ask", "sse_algorithm": "DES"}, "OssBucketArgs.sse_algorithm", "AES256"),
        ({"bucket_name": "eb-ask", "kms_key_id": "k"}, "OssBucketArgs", "only used with sse_algorithm='KMS'"),
        ({"bucket_name": "eb-ask", "tags": {str(i): "x" for i in range(11)}}, "OssBucketArgs", "at most 10 tags"),
        ({"bucket_name": "eb-ask", "force_destroy": True, "deletion_protection": True}, "OssBucketArgs", "contradict"),
        ({"bucket_name": "eb-ask", "lifecycle_rules": [{"expiration_days": 1}, {"expiration_days": 2}]}, "OssBucketArgs", "ids repeat"),
        ({"bucket_name": "eb-ask", "lifecycle_rules": [{"prefix": "a/"}]}, "OssBucketArgs.lifecycle_rules.0", "needs an action"),
        ({"bucket_name": "eb-ask", "lifecycle_rules": [{"expiration_days": 0}]}, "OssBucketArgs.lifecycle_rules.0.expiration_days", "greater than or equal to 1"),
        ({"bucket_name": "eb-ask", "lifecycle_rules": [{"prefix": "/a", "expiration_days": 1}]}, "OssBucketArgs.lifecycle_rules.0.prefix", "must not start"),
        ({"bucket_name": "eb-ask", "acl": "public-read"}, "OssBucketArgs.acl", "not a known field"),
    ],
)
def test_bad_args_name_the_field_and_the_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError, match=fragment) as err:
        OssBucketArgs(**kwargs)
    assert err.value.problems[0].field == field
