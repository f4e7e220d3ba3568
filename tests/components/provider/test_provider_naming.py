"""Names in the generated adapters: enum members from their values, schema type names."""

from __future__ import annotations

import pytest

from eventing_platform.alicloud.oss import LifecycleRule as OssRule
from eventing_platform.gcp.bucket import LifecycleRule as GcsRule
from eventing_platform.knative import ScalingPolicy
from eventing_platform.provider.naming import adapter_module, member_name, type_name


@pytest.mark.parametrize(("value", "name"), [
    ("in-memory", "IN_MEMORY"),
    ("MTChannelBasedBroker", "MT_CHANNEL_BASED_BROKER"),
    ("2.6.2", "V2_6_2"),
    ("acs.k8s", "ACS_K8S"),
    ("JSON_API_V1", "JSON_API_V1"),
    ("google.cloud.storage.object.v1.finalized", "GOOGLE_CLOUD_STORAGE_OBJECT_V1_FINALIZED"),
    ("none", "NONE"),
])
def test_enum_members_are_named_after_their_values(value, name):
    assert member_name(value) == name


@pytest.mark.parametrize(("model", "name"), [(ScalingPolicy, "ScalingPolicy"), (OssRule, "OssLifecycleRule"), (GcsRule, "GcsLifecycleRule")])
def test_types_keep_their_class_names_unless_two_clash(model, name):
    assert type_name(model) == name


def test_an_adapter_module_mirrors_the_packages():
    assert adapter_module("eventing_platform.knative.sources.kafka") == "eventing_platform.provider.adapters.knative.sources.kafka"
