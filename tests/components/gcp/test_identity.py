"""WorkloadIdentity: a Google service account bound to one Kubernetes service account, no keys."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.gcp import IamGrant, WorkloadIdentity, WorkloadIdentityArgs
from tests.support.offline import objects_of, one, run_components

PROJECT = "my-project-1"
EMAIL = f"vision-service@{PROJECT}.iam.gserviceaccount.com"


def _identity(**kwargs):
    args = {"project": PROJECT, "account_id": "vision-service", "namespace": "apps", "kubernetes_service_account": "vision", **kwargs}

    def build():
        w = WorkloadIdentity("vision", WorkloadIdentityArgs(**args))
        return {"email": w.email}

    return run_components(build)


def test_gsa_is_bound_to_exactly_one_kubernetes_service_account():
    record = _identity()
    account = one(record.by_type("gcp:serviceaccount/account:Account"))
    assert account.inputs["accountId"] == "vision-service" and account.inputs["project"] == PROJECT
    binding = one(record.by_type("gcp:serviceaccount/iAMMember:IAMMember"))
    assert binding.inputs == {
        "serviceAccountId": f"projects/{PROJECT}/serviceAccounts/{EMAIL}",
        "role": "roles/iam.workloadIdentityUser",
        "member": f"serviceAccount:{PROJECT}.svc.id.goog[apps/vision]",
    }
    assert record.outputs == {"email": EMAIL}


def test_kubernetes_service_account_is_annotated_with_the_gsa_and_created_after_the_binding():
    record = _identity()
    ksa = one(objects_of(record, "ServiceAccount"))
    assert ksa["metadata"]["name"] == "vision" and ksa["metadata"]["namespace"] == "apps"
    assert ksa["metadata"]["annotations"] == {"iam.gke.io/gcp-service-account": EMAIL}
    binding = one(record.by_type("gcp:serviceaccount/iAMMember:IAMMember"))
    assert binding.urn in one(record.by_type("kubernetes:core/v1:ServiceAccount")).dependencies


def test_no_key_is_ever_created():
    record = _identity(grants=[IamGrant.project("roles/pubsub.subscriber")])
    assert not [r for r in record.resources if r.type == "gcp:serviceaccount/key:Key"]


@pytest.mark.parametrize(
    ("grant", "token", "expected"),
    [
        (IamGrant.project("roles/pubsub.subscriber"), "gcp:projects/iAMMember:IAMMember", {"project": PROJECT}),
        (IamGrant.bucket("my-images-1", "roles/storage.objectViewer"), "gcp:storage/bucketIAMMember:BucketIAMMember", {"bucket": "my-images-1"}),
        (IamGrant.topic("testing", "roles/pubsub.publisher"), "gcp:pubsub/topicIAMMember:TopicIAMMember", {"project": PROJECT, "topic": "testing"}),
        (IamGrant.subscription("orders", "roles/pubsub.subscriber"), "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember", {"project": PROJECT, "subscription": "orders"}),
    ],
)
def test_each_grant_becomes_one_iam_member_on_its_resource(grant, token, expected):
    record = _identity(grants=[grant])
    member = one(record.by_type(token))
    assert member.inputs == {**expected, "role": grant.role, "member": f"serviceAccount:{EMAIL}"}
    assert member.name == f"vision-{grant.scope}-{grant.role_slug()}"


def test_workload_pool_output_and_existing_kubernetes_account():
    def build():
        pool = pulumi.Output.from_input("other-project.svc.id.goog")
        WorkloadIdentity("vision", WorkloadIdentityArgs(
            project=PROJECT, account_id="vision-service", namespace="apps", kubernetes_service_account="vision",
            workload_pool=pool, create_kubernetes_service_account=False,
        ))

    record = run_components(build)
    assert one(record.by_type("gcp:serviceaccount/iAMMember:IAMMember")).inputs["member"] == "serviceAccount:other-project.svc.id.goog[apps/vision]"
    assert record.by_type("kubernetes:core/v1:ServiceAccount") == []


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"grants": [{"scope": "project", "role": "roles/editor"}]}, "basic role"),
        ({"grants": [{"scope": "project", "role": "roles/pubsub.viewer", "resource": "x"}]}, "takes no resource"),
        ({"grants": [{"scope": "bucket", "role": "roles/storage.objectViewer"}]}, "needs the bucket"),
        ({"grants": [{"scope": "bucket", "role": "roles/storage.objectViewer", "resource": "Bad_Bucket"}]}, "resource 'Bad_Bucket'"),
        ({"grants": [{"scope": "topic", "role": "roles/pubsub.publisher", "resource": "projects/p/topics/t"}]}, "give the topic ID only"),
        ({"grants": [IamGrant.project("roles/pubsub.subscriber")] * 2}, "listed twice"),
        ({"account_id": "abc"}, "WorkloadIdentityArgs.account_id"),
        ({"namespace": "Apps"}, "RFC 1123 label"),
    ],
)
def test_identity_rejects_broad_duplicate_or_malformed_grants(kwargs, fragment):
    base = {"project": PROJECT, "account_id": "vision-service", "namespace": "apps", "kubernetes_service_account": "vision"}
    with pytest.raises(ArgsError) as info:
        WorkloadIdentityArgs(**{**base, **kwargs})
    assert fragment in str(info.value)
