"""The one parser of Kubernetes type tokens and apiVersions; the core group is "" everywhere."""

from __future__ import annotations

import pytest

from eventing_platform.kinds import (
    CORE_GROUP,
    GroupVersionKind,
    api_version_of,
    group_of_api_version,
    parse_api_version,
    parse_type_token,
    type_token_of,
)


@pytest.mark.parametrize(("token", "expected"), [
    ("kubernetes:core/v1:Pod", ("", "v1", "Pod")),
    ("kubernetes:apps/v1:Deployment", ("apps", "v1", "Deployment")),
    ("kubernetes:serving.knative.dev/v1:Service", ("serving.knative.dev", "v1", "Service")),
    ("kubernetes:messaging.knative.dev/v1beta1:KafkaChannel", ("messaging.knative.dev", "v1beta1", "KafkaChannel")),
])
def test_type_token_parses_to_group_version_kind_with_core_as_empty_group(token, expected):
    assert parse_type_token(token) == GroupVersionKind(*expected)


@pytest.mark.parametrize("token", [
    "kubernetes:yaml:ConfigFile", "kubernetes:helm.sh/v3:Chart", "kubernetes:kustomize/v1:Directory",
    "pulumi:providers:kubernetes", "alicloud:oss/bucket:Bucket", "kubernetes:core/v1", "kubernetes:/v1:Pod",
    "kubernetes:core/:Pod", "kubernetes:core/v1:", "", None, 42, ["kubernetes:core/v1:Pod"],
])
def test_non_object_tokens_and_odd_values_parse_to_none(token):
    assert parse_type_token(token) is None


@pytest.mark.parametrize(("gvk", "api_version", "token"), [
    (GroupVersionKind(CORE_GROUP, "v1", "Pod"), "v1", "kubernetes:core/v1:Pod"),
    (GroupVersionKind("batch", "v1", "CronJob"), "batch/v1", "kubernetes:batch/v1:CronJob"),
    (GroupVersionKind("flows.knative.dev", "v1", "Sequence"), "flows.knative.dev/v1", "kubernetes:flows.knative.dev/v1:Sequence"),
])
def test_token_and_api_version_round_trip(gvk, api_version, token):
    assert gvk.api_version == api_version == api_version_of(gvk.group, gvk.version)
    assert gvk.type_token == token == type_token_of(api_version, gvk.kind)
    assert parse_type_token(token) == gvk
    assert parse_api_version(api_version) == (gvk.group, gvk.version)


@pytest.mark.parametrize(("api_version", "group"), [
    ("v1", ""), ("apps/v1", "apps"), ("serving.knative.dev/v1", "serving.knative.dev"),
    ("", None), ("/v1", None), ("apps/", None), ("a/b/c", None), (None, None), (1, None),
])
def test_group_of_api_version(api_version, group):
    assert group_of_api_version(api_version) == group


def test_type_token_of_refuses_what_is_not_an_api_version():
    with pytest.raises(ValueError, match="not an apiVersion"):
        type_token_of("a/b/c", "Pod")
