"""Every kind with a pod template in the catalogue of kinds is checked by the container policies,
as checkov scans it: Knative Configuration and ReplicationController included (they were not).
The core group is ``""`` in the rules' helpers, as everywhere else."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eventing_platform.kinds import CORE_GROUP, POD_TEMPLATE_KINDS, known_kind
from eventing_platform.rules.evaluate import evaluate
from eventing_platform.rules.kube import WORKLOAD_KINDS, find_object, group_kind, is_kind, pod_spec
from eventing_platform.rules.model import Resource
from eventing_platform.rules.registry import BY_ID
from tests.rules.cases import NS, container, res

CONTAINER_RULES = ("image-pinned", "container-resources", "container-security-context", "dedicated-service-account")


def _workload(group: str, kind: str, pod: dict[str, Any] | None = None) -> Resource:
    """A hardened object of ``kind`` with its pod spec where the catalogue says it is."""
    entry = known_kind(group, kind)
    assert entry.pod_spec is not None
    body: Any = pod or {"serviceAccountName": "app", "containers": [container()]}
    for key in reversed(entry.pod_spec):
        body = {key: body}
    props = {"apiVersion": entry.api_version, "kind": kind, "metadata": {"name": "app", "namespace": NS}, **body}
    return res(entry.type_token, props, "app")


def test_the_container_policies_check_every_pod_template_kind_of_the_catalogue():
    assert WORKLOAD_KINDS == POD_TEMPLATE_KINDS
    assert ("serving.knative.dev", "Configuration") in WORKLOAD_KINDS


@pytest.mark.parametrize("group_kind_", sorted(POD_TEMPLATE_KINDS))
@pytest.mark.parametrize("rule_id", CONTAINER_RULES)
def test_each_container_rule_applies_to_each_pod_template_kind(group_kind_, rule_id):
    assert BY_ID[rule_id].applies(known_kind(*group_kind_).type_token)


@pytest.mark.parametrize("group_kind_", sorted(POD_TEMPLATE_KINDS))
def test_a_hardened_pod_template_passes_the_container_rules(group_kind_):
    findings = [f for f in evaluate([_workload(*group_kind_)], stack_stage="prod") if f.policy in CONTAINER_RULES]
    assert [(f.policy, f.message) for f in findings] == []


@pytest.mark.parametrize("group_kind_", [("serving.knative.dev", "Configuration"), ("", "ReplicationController")])
@pytest.mark.parametrize(("field", "value", "rule_id"), [
    ("image", "registry.example.com/team/app:latest", "image-pinned"),
    ("resources", {}, "container-resources"),
    ("securityContext", {**container()["securityContext"], "privileged": True}, "container-security-context"),
])
def test_a_gap_in_a_configuration_or_replication_controller_fails_its_rule_as_mandatory(group_kind_, field, value, rule_id):
    broken = copy.deepcopy(container())
    broken[field] = value
    workload = _workload(*group_kind_, {"serviceAccountName": "app", "containers": [broken]})
    levels = {f.level for f in evaluate([workload], stack_stage="dev") if f.policy == rule_id}
    assert levels == {"mandatory"}


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
