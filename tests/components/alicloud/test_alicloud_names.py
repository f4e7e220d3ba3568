"""Alibaba Cloud naming rules: each refusal names what is allowed."""

from __future__ import annotations

import pytest

from eventing_platform.alicloud import names


@pytest.mark.parametrize("name", ["eb-ask", "abc", "a" * 63, "0bucket9", "my-bucket-2024"])
def test_valid_bucket_names(name):
    assert names.check_bucket_name(name) == name


@pytest.mark.parametrize(
    "name",
    ["ab", "a" * 64, "EB-ask", "eb_ask", "-ebask", "ebask-", "eb.ask", "eb ask", "", "ebäsk"],
)
def test_invalid_bucket_names_say_what_is_allowed(name):
    with pytest.raises(ValueError, match="3-63 lowercase letters, digits or '-'"):
        names.check_bucket_name(name)


@pytest.mark.parametrize("prefix", ["", "zip/", "a/b/c/", "unzip", "日本/"])
def test_valid_prefixes(prefix):
    assert names.check_object_prefix(prefix) == prefix


@pytest.mark.parametrize(
    ("prefix", "fragment"),
    [("/zip/", "must not start with '/'"), ("\\zip", "must not start"), ("zip/*", "wildcards"),
     ("zi?/", "wildcards"), ("zip\n", "control"), ("a" * 1024, "1023 bytes")],
)
def test_invalid_prefixes(prefix, fragment):
    with pytest.raises(ValueError, match=fragment):
        names.check_object_prefix(prefix)


@pytest.mark.parametrize("region", ["cn-hangzhou", "ap-southeast-1", "eu-central-1", "cn-shanghai-finance-1"])
def test_known_regions(region):
    assert names.check_region(region) == region


@pytest.mark.parametrize(("region", "suggests"), [("cn-hangzou", "cn-hangzhou"), ("hangzhou", "cn-hangzhou"), ("CN-HANGZHOU", "cn-hangzhou"), ("us-east-9", "us-east-1")])
def test_unknown_regions_list_the_real_ones(region, suggests):
    with pytest.raises(ValueError, match="is not an Alibaba Cloud region ID") as err:
        names.check_region(region)
    assert suggests in str(err.value)


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (names.check_ram_role_name, "oss-unzip.rrsa", "a" * 65),
        (names.check_ram_policy_name, "oss-unzip-access", "oss_unzip"),
        (names.check_ram_user_name, "oss.unzip_user", "-user"),
        (names.check_rule_name, "oss_unzip-1", "a"),
        (names.check_queue_name, "dead-letter", "dead_letter"),
        (names.check_cluster_name, "oss-unzip", "-x"),
        (names.check_target_id, "unzip-service", "un zip"),
        (names.check_ipv4_cidr, "192.168.0.0/16", "192.168.0.1/16"),
    ],
)
def test_other_names(check, good, bad):
    assert check(good) == good
    with pytest.raises(ValueError):
        check(bad)


def test_the_cloud_service_bus_cannot_be_created():
    assert names.check_event_bus_name("unzip-completed") == "unzip-completed"
    with pytest.raises(ValueError, match="cloud-service bus"):
        names.check_event_bus_name("default")


def test_ram_resources_for_objects_and_buckets():
    assert names.oss_object_arn("eb-ask", "zip/") == "acs:oss:*:*:eb-ask/zip/*"
    assert names.oss_bucket_arn("eb-ask") == "acs:oss:*:*:eb-ask"
