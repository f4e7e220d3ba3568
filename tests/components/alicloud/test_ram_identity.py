"""RAM identities from declared OSS access: the policy, the RRSA role, the opt-in access key."""

from __future__ import annotations

import json

import pulumi
import pytest

from eventing_platform.alicloud import (
    AccessKeyUser,
    AccessKeyUserArgs,
    OssAccess,
    OssAccessPolicy,
    OssAccessPolicyArgs,
    OssWorkloadIdentity,
    OssWorkloadIdentityArgs,
    RrsaRole,
    RrsaRoleArgs,
    RrsaTrust,
)
from eventing_platform.alicloud.identity import (
    POD_IDENTITY_NAMESPACE_LABEL,
    POD_IDENTITY_ROLE_ANNOTATION,
    rrsa_trust_policy,
)
from eventing_platform.engine.outputs_alicloud import OFFLINE_ACCESS_KEY_SECRET
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components

PROVIDER_ARN = "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1"
ISSUER = "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1"
TRUST = {"oidc_provider_arn": PROVIDER_ARN, "oidc_issuer_url": ISSUER}


def unzip_access(**kwargs) -> OssAccess:
    return OssAccess(bucket="eb-ask", read_prefixes=["zip/"], write_prefixes=["unzip/"], **kwargs)


def test_the_policy_grants_exactly_the_declared_access():
    assert unzip_access().policy_document() == {
        "Version": "1",
        "Statement": [
            {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:eb-ask/zip/*"]},
            {"Effect": "Allow", "Action": ["oss:PutObject", "oss:AbortMultipartUpload"], "Resource": ["acs:oss:*:*:eb-ask/unzip/*"]},
        ],
    }


def test_listing_is_scoped_by_an_oss_prefix_condition():
    doc = OssAccess(bucket="eb-ask", list_prefixes=["zip/", "in/"]).policy_document()
    assert doc["Statement"] == [{
        "Effect": "Allow", "Action": ["oss:ListObjects"], "Resource": ["acs:oss:*:*:eb-ask"],
        "Condition": {"StringLike": {"oss:Prefix": ["zip/*", "in/*"]}},
    }]


@pytest.mark.parametrize("access", [
    unzip_access(), OssAccess(bucket="b-1", read_prefixes=["", "a/"], list_prefixes=["a/"]), OssAccess(bucket="bkt", write_prefixes=["x"]),
])
def test_every_statement_names_the_bucket_and_nothing_is_a_wildcard_action(access):
    for statement in access.policy_document()["Statement"]:
        assert all(a.startswith("oss:") and "*" not in a for a in statement["Action"])
        assert all(r.startswith(f"acs:oss:*:*:{access.bucket}") for r in statement["Resource"])
        assert statement["Effect"] == "Allow"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"bucket": "eb-ask"}, "declare at least one"),
        ({"bucket": "eb-ask", "read_prefixes": ["zip/*"]}, "wildcards"),
        ({"bucket": "eb-ask", "write_prefixes": ["/unzip/"]}, "must not start with '/'"),
        ({"bucket": "eb-ask", "read_prefixes": ["a/", "a/"]}, "repeat"),
        ({"bucket": "Eb-Ask", "read_prefixes": ["a/"]}, "3-63 lowercase"),
    ],
)
def test_bad_access_declarations(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment):
        OssAccess(**kwargs)


def test_the_policy_component_registers_a_custom_policy():
    record = run_components(lambda: OssAccessPolicy("unzip-oss", OssAccessPolicyArgs(access=unzip_access())))
    policy = one(record.by_type("alicloud:ram/policy:Policy")).plain_inputs()
    assert policy["policyName"] == "unzip-oss"
    assert json.loads(policy["policyDocument"]) == unzip_access().policy_document()


def test_the_trust_policy_admits_one_service_account_through_the_oidc_provider():
    assert json.loads(rrsa_trust_policy(PROVIDER_ARN, ISSUER, "oss-unzip", "eb-ask-demo")) == {
        "Version": "1",
        "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Federated": [PROVIDER_ARN]},
            "Condition": {"StringEquals": {
                "oidc:aud": "sts.aliyuncs.com", "oidc:iss": ISSUER,
                "oidc:sub": "system:serviceaccount:oss-unzip:eb-ask-demo",
            }},
        }],
    }


def test_the_rrsa_role_takes_the_cluster_outputs_and_attaches_custom_policies():
    made = {}

    def build():
        trust = RrsaTrust(oidc_provider_arn=pulumi.Output.from_input(PROVIDER_ARN), oidc_issuer_url=pulumi.Output.from_input(ISSUER))
        made["role"] = RrsaRole("unzip", RrsaRoleArgs(trust=trust, namespace="ns", service_account="sa", policy_names=["p1", "p2"], max_session_duration=7200))
        return {"arn": made["role"].role_arn}

    record = run_components(build)
    role = one(record.by_type("alicloud:ram/role:Role")).plain_inputs()
    assert role["roleName"] == "unzip" and role["maxSessionDuration"] == 7200
    assert json.loads(role["assumeRolePolicyDocument"]) == json.loads(rrsa_trust_policy(PROVIDER_ARN, ISSUER, "ns", "sa"))
    attachments = [r.plain_inputs() for r in record.by_type("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment")]
    assert sorted(a["policyName"] for a in attachments) == ["p1", "p2"]
    assert {a["policyType"] for a in attachments} == {"Custom"} and {a["roleName"] for a in attachments} == {"unzip"}
    assert record.outputs["arn"] == "acs:ram::1234567890123456:role/unzip"
    assert made["role"].service_account_annotations == {POD_IDENTITY_ROLE_ANNOTATION: "unzip"}


@pytest.mark.parametrize(("kwargs", "fragment"), [({"max_session_duration": 60}, "greater than or equal to 3600"), ({"namespace": "Bad_NS"}, "RFC 1123"), ({"role_name": "x" * 70}, "1-64")])
def test_bad_role_args(kwargs, fragment):
    base = {"trust": RrsaTrust(**TRUST), "namespace": "ns", "service_account": "sa"}
    with pytest.raises(ArgsError, match=fragment):
        RrsaRoleArgs(**{**base, **kwargs})


def test_the_access_key_user_has_no_secret_file_and_a_secret_output():
    made = {}

    def build():
        made["user"] = AccessKeyUser("unzip-user", AccessKeyUserArgs(policy_names=["unzip-oss"]))
        return {"id": made["user"].access_key_id, "secret": made["user"].access_key_secret}

    record = run_components(build)
    key = one(record.by_type("alicloud:ram/accessKey:AccessKey")).plain_inputs()
    assert key == {"userName": "unzip-user", "status": "Active"}
    assert one(record.by_type("alicloud:ram/userPolicyAttachment:UserPolicyAttachment")).plain_inputs() == {
        "policyName": "unzip-oss", "policyType": "Custom", "userName": "unzip-user"}
    assert record.secret_outputs == {"id", "secret"}
    assert record.masked_outputs() == {"id": "[secret]", "secret": "[secret]"}
    assert record.outputs["secret"] == OFFLINE_ACCESS_KEY_SECRET


def test_the_access_key_user_needs_a_policy():
    with pytest.raises(ArgsError, match="policy_names"):
        AccessKeyUserArgs(policy_names=[])


def identity(mode: str, **kwargs):
    made = {}

    def build():
        trust = RrsaTrust(**TRUST) if mode == "rrsa" else None
        made["id"] = OssWorkloadIdentity("unzip", OssWorkloadIdentityArgs(
            access=unzip_access(), namespace="ns", service_account="sa", mode=mode, trust=trust, **kwargs))
        return made["id"].credentials

    return run_components(build), made["id"]


def test_rrsa_is_the_default_and_creates_no_user_or_key():
    record, ident = identity("rrsa", name_prefix="eb-ask-demo")
    assert record.by_type("alicloud:ram/accessKey:AccessKey") == [] and record.by_type("alicloud:ram/user:User") == []
    assert one(record.by_type("alicloud:ram/role:Role")).plain_inputs()["roleName"] == "eb-ask-demo-rrsa"
    assert one(record.by_type("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment")).plain_inputs()["policyName"] == "eb-ask-demo-oss"
    assert ident.service_account_annotations == {POD_IDENTITY_ROLE_ANNOTATION: "eb-ask-demo-rrsa"}
    assert ident.namespace_labels == {POD_IDENTITY_NAMESPACE_LABEL: "on"}
    assert ident.credentials == {} and ident.user is None
    assert OssWorkloadIdentityArgs(access=unzip_access(), namespace="ns", service_account="sa", trust=RrsaTrust(**TRUST)).mode == "rrsa"


def test_access_key_mode_creates_a_user_key_and_secret_credentials_only():
    record, ident = identity("access-key")
    assert record.by_type("alicloud:ram/role:Role") == []
    assert one(record.by_type("alicloud:ram/user:User")).plain_inputs()["name"] == "unzip-user"
    assert "secretFile" not in one(record.by_type("alicloud:ram/accessKey:AccessKey")).plain_inputs()
    assert set(ident.credentials) == {"access-key-id", "access-key-secret"}
    assert record.secret_outputs == {"access-key-id", "access-key-secret"}
    assert ident.service_account_annotations == {} and ident.namespace_labels == {}


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"mode": "rrsa"}, "needs trust"),
        ({"mode": "access-key", "trust": RrsaTrust(**TRUST)}, "only used with mode='rrsa'"),
        ({"mode": "static"}, "'rrsa' or 'access-key'"),
        ({"mode": "access-key", "name_prefix": "x" * 60}, "use a shorter name_prefix"),
    ],
)
def test_bad_identity_args(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment):
        OssWorkloadIdentityArgs(access=unzip_access(), namespace="ns", service_account="sa", **kwargs)


def test_a_component_name_too_long_for_ram_is_refused_before_registering():
    with pytest.raises(ArgsError, match="OssWorkloadIdentity.name"):
        run_components(lambda: OssWorkloadIdentity("x" * 61, OssWorkloadIdentityArgs(
            access=unzip_access(), namespace="ns", service_account="sa", mode="access-key")))
