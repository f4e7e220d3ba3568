"""The workload rules cover ContainerSource: the component's hardened source passes them, and the
same object with a gap fails them (so the pass is not a rule that never looked)."""

from __future__ import annotations

import copy

import pytest

from eventing_platform.knative import ContainerSource, ContainerSourceArgs, Destination
from eventing_platform.rules.evaluate import evaluate, resources_from_record
from eventing_platform.rules.model import Resource
from eventing_platform.rules.registry import BY_ID
from tests.support.offline import run_components

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
