"""The workload rules (rules/workloads.py) check every kind with a pod template.

Every kind with a pod template in the catalogue of kinds is checked by the container policies,
as checkov scans it: Knative Configuration and ReplicationController included (they were not).
ContainerSource too: the component's hardened source passes them, and the same object with a gap
fails them (so the pass is not a rule that never looked).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eventing_platform.kinds import POD_TEMPLATE_KINDS, known_kind
from eventing_platform.knative import ContainerSource, ContainerSourceArgs, Destination
from eventing_platform.rules.evaluate import evaluate, resources_from_record
from eventing_platform.rules.kube import WORKLOAD_KINDS
from eventing_platform.rules.model import Resource
from eventing_platform.rules.registry import BY_ID
from tests.rules.cases import NS, container, res
from tests.support.offline import run_components

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


CSRC = "kubernetes:sources.knative.dev/v1:ContainerSource"
WORKLOAD_RULES = ("image-pinned", "container-resources", "container-security-context", "dedicated-service-account", "no-default-namespace")


@pytest.fixture(scope="module")
def source() -> Resource:
    def build():
        ContainerSource("heartbeats", ContainerSourceArgs(
            namespace="beats", image="registry.example.com/team/heartbeats:v1.4.2",
            service_account_name="heartbeats", sink=Destination.broker("default", "beats"),
        ))

    (resource,) = [r for r in resources_from_record(run_components(build)) if r.type == CSRC]
    return resource


def test_the_workload_rules_apply_to_container_sources():
    for rule_id in WORKLOAD_RULES:
        assert BY_ID[rule_id].applies(CSRC), rule_id


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_hardened_container_source_passes_every_workload_rule(source, stage):
    findings = evaluate([source], stack_stage=stage)
    assert [(f.policy, f.level, f.message) for f in findings] == []


def _container(props: dict) -> dict:
    return props["spec"]["template"]["spec"]["containers"][0]


def _unpinned(props: dict) -> None:
    _container(props)["image"] = "registry.example.com/team/heartbeats:latest"


def _no_limits(props: dict) -> None:
    del _container(props)["resources"]["limits"]


def _escalating(props: dict) -> None:
    _container(props)["securityContext"]["allowPrivilegeEscalation"] = True


def _privileged(props: dict) -> None:
    _container(props)["securityContext"]["privileged"] = True


@pytest.mark.parametrize(
    ("break_it", "rule_id"),
    [(_unpinned, "image-pinned"), (_no_limits, "container-resources"),
     (_escalating, "container-security-context"), (_privileged, "container-security-context")],
)
def test_the_same_source_with_a_gap_fails_its_rule_as_mandatory(source, break_it, rule_id):
    props = copy.deepcopy(source.props)
    break_it(props)
    broken = Resource(source.type, source.name, source.urn, props)
    findings = [f for f in evaluate([broken], stack_stage="dev") if f.policy == rule_id]
    assert [f.level for f in findings] == ["mandatory"], [(f.policy, f.message) for f in findings]
