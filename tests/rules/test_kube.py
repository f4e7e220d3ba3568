"""The rules' Kubernetes helpers (rules/kube.py): the core group is ``""`` as everywhere else, and
only kinds with a pod template have a pod spec."""

from __future__ import annotations

import pytest

from eventing_platform.kinds import CORE_GROUP
from eventing_platform.rules.kube import find_object, group_kind, is_kind, pod_spec
from tests.rules.cases import NS, res


@pytest.mark.parametrize(("token", "expected"), [
    ("kubernetes:core/v1:Pod", ("", "Pod")),
    ("kubernetes:core/v1:ConfigMap", ("", "ConfigMap")),
    ("kubernetes:apps/v1:Deployment", ("apps", "Deployment")),
])
def test_the_core_group_is_the_empty_string(token, expected):
    assert group_kind(token) == expected
    assert is_kind(token, CORE_GROUP, expected[1]) is (expected[0] == CORE_GROUP)


def test_find_object_finds_core_objects_by_the_empty_group():
    cm = res("kubernetes:core/v1:ConfigMap", {"metadata": {"name": "cfg", "namespace": NS}}, "cfg")
    assert find_object([cm], CORE_GROUP, ("ConfigMap",), "cfg", NS) is cm
    assert find_object([cm], "core", ("ConfigMap",), "cfg", NS) is None


@pytest.mark.parametrize("token", ["kubernetes:core/v1:ConfigMap", "kubernetes:yaml:ConfigFile", "alicloud:oss/bucket:Bucket", None])
def test_pod_spec_is_none_for_kinds_without_a_pod_template(token):
    assert pod_spec(token, {"spec": {"template": {"spec": {"containers": []}}}}) is None
