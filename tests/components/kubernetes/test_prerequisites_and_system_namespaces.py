"""Prerequisites (each object depends on the install of its kind) and system namespaces."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kinds.catalogue import EVENTING, MESSAGING, SERVING
from eventing_platform.kubernetes import Namespace, NamespaceArgs
from eventing_platform.kubernetes.names import check_app_namespace, system_namespace_reason
from eventing_platform.kubernetes.prerequisites import Prerequisites
from tests.support.offline import run_components


def test_an_object_depends_on_the_install_of_its_kind_and_of_what_it_needs():
    seen: dict[str, list[str]] = {}

    def build() -> None:
        knative = pulumi.CustomResource("test:index:Knative", "knative")
        kafka = pulumi.CustomResource("test:index:Kafka", "kafka")
        prerequisites = Prerequisites()
        prerequisites.add(("knative-serving", "knative-eventing"), knative)
        prerequisites.add(("eventing-kafka-broker",), kafka)
        for label, deps in (("service", prerequisites.depends_on(SERVING, "Service")),
                            ("kafka-broker", prerequisites.depends_on(EVENTING, "Broker", "eventing-kafka-broker")),
                            ("kafka-channel", prerequisites.depends_on(MESSAGING, "KafkaChannel"))):
            seen[label] = [d._name for d in deps]  # noqa: SLF001 - the resource names are what matters here

    run_components(build)
    assert seen == {"service": ["knative"], "kafka-broker": ["knative", "kafka"], "kafka-channel": []}


@pytest.mark.parametrize("name", ["kube-system", "kube-public", "kube-node-lease", "knative-serving", "knative-eventing-demo",
                                  "default", "istio-system", "kourier-system", "gke-managed-system"])
def test_system_namespaces_are_refused_with_the_reason(name):
    assert system_namespace_reason(name)
    with pytest.raises(ValueError, match="is a system namespace .*never creates, relabels or deploys into one"):
        check_app_namespace(name)
    with pytest.raises(ArgsError, match="system namespace"):
        NamespaceArgs(namespace_name=name)


@pytest.mark.parametrize("name", ["apps", "k8s-events", "kubeflow", "my-knative"])
def test_application_namespaces_pass(name):
    assert system_namespace_reason(name) is None and check_app_namespace(name) == name


def test_a_namespace_named_after_its_component_is_checked_too():
    with pytest.raises(ArgsError, match="system namespace"):
        run_components(lambda: Namespace("kube-system", NamespaceArgs()))
