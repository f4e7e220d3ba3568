"""Every stack: never a system namespace, create_namespace=false touches no namespace, every
install present (plan exits 0 in both stages), and the prerequisite keys are in the schema."""

from __future__ import annotations

import pytest

from stacks.repository import config_schema, main
from stacks.scenarios import SCENARIOS
from tests.support.offline import objects_of, plan
from tests.support.planned import STACK_STAGES

STACKS = sorted(SCENARIOS)
DEFAULT_NAMESPACE = {"oss-unzip": "oss-unzip", "rocketmq-orders": "rocketmq-orders", "gcs-vision": "gcs-vision",
                     "kafka-barrage": "barrage", "k8s-events": "k8s-events"}
KNATIVE_NAMESPACES = {"knative-serving", "knative-eventing"}
"""What a Knative install (the Knative Operator path) creates, as Knative's docs do."""


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("namespace", ["kube-system", "knative-eventing", "default"])
def test_a_system_namespace_is_refused_with_exit_2(stack, namespace, tmp_path, capsys):
    assert main(["plan", stack, "--out", str(tmp_path), "--config", f"namespace={namespace}"]) == 2
    err = capsys.readouterr().err
    assert f"error: {stack}: namespace: is a system namespace" in err and not (tmp_path / stack).exists()


@pytest.mark.parametrize("stack", STACKS)
def test_create_namespace_false_renders_no_namespace_of_the_stack_and_no_pod_security_label(stack):
    config = {"create_namespace": "false", **({"create_watched_namespaces": "false"} if stack == "k8s-events" else {})}
    namespaces = objects_of(plan(stack, config=config), "Namespace")
    assert {n["metadata"]["name"] for n in namespaces} <= KNATIVE_NAMESPACES
    assert not any("pod-security.kubernetes.io/enforce" in (n["metadata"].get("labels") or {}) for n in namespaces)


@pytest.mark.parametrize("stack", STACKS)
def test_pod_security_labels_only_on_namespaces_the_stack_creates_for_itself(stack):
    for ns in objects_of(plan(stack), "Namespace"):
        labelled = "pod-security.kubernetes.io/enforce" in (ns["metadata"].get("labels") or {})
        assert labelled == (ns["metadata"]["name"] not in KNATIVE_NAMESPACES), ns["metadata"]["name"]


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_stack_plans_clean_with_every_install_present(stack, stage, tmp_path):
    assert main(["plan", stack, "--stage", stage, "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("stack", STACKS)
def test_the_prerequisite_keys_are_in_the_schema(stack):
    props = config_schema(SCENARIOS[stack])["properties"]
    assert {"install_knative", "provided_kinds", "create_namespace"} <= set(props)
    assert props["install_knative"]["default"] is True and props["provided_kinds"]["type"] == "array"
    assert props["namespace"]["default"] == DEFAULT_NAMESPACE[stack]
