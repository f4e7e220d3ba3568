"""Google Cloud naming rules: bucket names, project IDs, regions, Pub/Sub IDs, roles, CIDRs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventing_platform.errors import ArgsError
from eventing_platform.gcp import GcsBucketArgs, GkeAutopilotClusterArgs, PubSubTopicArgs
from eventing_platform.gcp.names import (
    check_bucket_name,
    check_cidr,
    check_project_id,
    check_region,
    check_role,
    check_service_account_id,
    check_topic_id,
)

GOOD_BUCKETS = ["abc", "my-images_1", "a" * 63, "images.example.com", ".".join(["a" * 63] * 3) + ".ab", "0numbers-first9"]


@pytest.mark.parametrize("name", GOOD_BUCKETS)
def test_bucket_name_accepts_valid_names(name):
    assert check_bucket_name(name) == name


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("ab", "needs 3-63 characters"),
        ("a" * 64, "needs 3-63 characters"),
        ("x" * 223 + ".com", "at most 222"),
        ("a" * 64 + ".com", "each part may have at most 63"),
        ("My-Bucket", "lowercase only; use 'my-bucket'"),
        ("goog-Bad", "lowercase only (e.g."),
        ("-starts-with-dash", "start and end with a letter or digit"),
        ("ends-with-dot.", "empty dot-separated part"),
        ("two..dots", "empty dot-separated part"),
        ("has space", "may contain only"),
        ("has/slash", "may contain only"),
        ("googbucket", "must not start with 'goog'"),
        ("my-google-bucket", "'google' or a look-alike"),
        ("my-g00gle-bucket", "'google' or a look-alike"),
        ("192.168.5.4", "IP address"),
    ],
)
def test_bucket_name_rejects_invalid_names_with_the_rule(name, fragment):
    with pytest.raises(ValueError) as info:
        check_bucket_name(name)
    assert fragment in str(info.value)


def test_bad_bucket_name_in_args_names_field_value_and_fix():
    with pytest.raises(ArgsError) as info:
        GcsBucketArgs(bucket_name="Images", project="my-project")
    line = str(info.value)
    assert line.startswith("GcsBucketArgs.bucket_name: ")
    assert "use 'images'" in line and "(got 'Images')" in line


@pytest.mark.parametrize("project", ["my-project", "abcdef", "a" * 30, "project-123", "x1-2-3"])
def test_project_id_accepts_valid_ids(project):
    assert check_project_id(project) == project


@pytest.mark.parametrize(
    ("project", "fragment"),
    [
        ("abcde", "6-30 characters"),
        ("a" * 31, "6-30 characters"),
        ("1project", "start with a letter"),
        ("my-project-", "not end with '-'"),
        ("My-Project", "lowercase letters"),
        ("my_project", "lowercase letters"),
        ("example.com:proj", "lowercase letters"),
    ],
)
def test_project_id_rejects_invalid_ids(project, fragment):
    with pytest.raises(ValueError) as info:
        check_project_id(project)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "region",
    ["us-central1", "europe-west4", "asia-northeast1", "northamerica-northeast2", "southamerica-east1",
     "me-central2", "africa-south1", "australia-southeast1", "us-east4", "europe-west10"],
)
def test_region_accepts_gcp_regions(region):
    assert check_region(region) == region


@pytest.mark.parametrize(
    ("region", "fragment"),
    [
        ("us-central1-a", "is a zone, not a region; use its region 'us-central1'"),
        ("US-CENTRAL1", "use 'us-central1'"),
        ("us-central", "not a Google Cloud region"),
        ("cn-hangzhou", "not a Google Cloud region"),
        ("mars-west1", "not a Google Cloud region"),
        ("uscentral1", "not a Google Cloud region"),
        ("", "not a Google Cloud region"),
    ],
)
def test_region_rejects_zones_and_other_clouds(region, fragment):
    with pytest.raises(ValueError) as info:
        check_region(region)
    assert fragment in str(info.value)


def test_bad_region_in_cluster_args_is_reported_with_every_other_problem():
    with pytest.raises(ArgsError) as info:
        GkeAutopilotClusterArgs(project="Bad", region="europe-west4-b", cluster_name="9lives")
    fields = [p.field for p in info.value.problems]
    assert fields == ["GkeAutopilotClusterArgs.project", "GkeAutopilotClusterArgs.region", "GkeAutopilotClusterArgs.cluster_name"]


@pytest.mark.parametrize(
    ("topic", "fragment"),
    [
        ("projects/p/topics/testing", "give the topic ID only, e.g. 'testing'"),
        ("goog-topic", "must not start with 'goog'"),
        ("ab", "3-255 characters"),
        ("1topic", "starting with a letter"),
        ("has space", "3-255 characters"),
    ],
)
def test_topic_id_rejects_paths_reserved_and_malformed_ids(topic, fragment):
    with pytest.raises(ValueError) as info:
        check_topic_id(topic)
    assert fragment in str(info.value)
    with pytest.raises(ArgsError, match=r"PubSubTopicArgs\.topic_name"):
        PubSubTopicArgs(topic_name=topic, project="my-project")


@pytest.mark.parametrize(
    ("account", "fragment"),
    [("short", "6-30"), ("vision@p.iam.gserviceaccount.com", "give the account ID only, e.g. 'vision'"), ("Vision-Service", "6-30"), ("vision-", "6-30")],
)
def test_service_account_id_rejects_bad_ids(account, fragment):
    with pytest.raises(ValueError) as info:
        check_service_account_id(account)
    assert fragment in str(info.value)


@pytest.mark.parametrize("role", ["roles/owner", "roles/editor", "roles/viewer"])
def test_basic_roles_are_refused_as_too_broad(role):
    with pytest.raises(ValueError, match="basic role"):
        check_role(role)


@pytest.mark.parametrize("role", ["roles/pubsub.subscriber", "projects/my-project/roles/visionReader", "organizations/123/roles/x.y"])
def test_predefined_and_custom_roles_are_accepted(role):
    assert check_role(role) == role


@pytest.mark.parametrize(("cidr", "fragment"), [("10.0.0.1/8", "host bits"), ("10.0.0.0", "prefix length"), ("nope", "not a CIDR")])
def test_cidr_rejects_host_bits_missing_prefix_and_garbage(cidr, fragment):
    with pytest.raises(ValueError) as info:
        check_cidr(cidr)
    assert fragment in str(info.value)


_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.ABCZ /@:0oglGOOLE"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_NAME_CHARS, max_size=240))
def test_bucket_check_accepts_only_names_that_obey_every_rule(name):
    try:
        check_bucket_name(name)
    except ValueError as err:
        assert str(err)  # a reason, never another exception type
        return
    parts = name.split(".")
    assert 3 <= len(name) <= (222 if len(parts) > 1 else 63)
    assert all(1 <= len(p) <= 63 for p in parts)
    assert set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
    assert name[0].isalnum() and name[-1].isalnum()
    assert not name.startswith("goog") and "google" not in name


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_NAME_CHARS, max_size=40))
def test_project_check_accepts_only_valid_project_ids(project):
    try:
        check_project_id(project)
    except ValueError:
        return
    assert 6 <= len(project) <= 30 and project[0].isalpha() and project[0].islower()
    assert not project.endswith("-") and set(project) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z]{2,13}-[a-z]{4,9}[0-9]{1,2}(-[a-c])?", fullmatch=True))
def test_region_check_never_accepts_a_zone(value):
    try:
        check_region(value)
    except ValueError:
        return
    assert value.count("-") == 1
