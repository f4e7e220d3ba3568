"""Plain Kubernetes handlers: label selectors, Services in front of Deployments, and workloads
that declare side effects."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph
from eventing_platform.analysis.flow.handlers.kubernetes import labels_selected
from eventing_platform.knative.side_effects import ObjectWrites, SideEffects
from eventing_platform.kubernetes import ContainerWorkload, ContainerWorkloadArgs
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
EFFECTS = SideEffects(writes=[ObjectWrites(bucket="out-bucket", prefix="out/")])


@pytest.mark.parametrize(
    ("selector", "labels", "selected"),
    [
        ({"matchLabels": {"a": "1"}}, {"a": "1", "b": "2"}, True),
        ({"matchLabels": {"a": "1"}}, {"a": "2"}, False),
        ({"matchExpressions": [{"key": "a", "operator": "In", "values": ["1", "2"]}]}, {"a": "2"}, True),
        ({"matchExpressions": [{"key": "a", "operator": "In", "values": ["1"]}]}, {}, False),
        ({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, {}, True),
        ({"matchExpressions": [{"key": "a", "operator": "NotIn", "values": ["1"]}]}, {"a": "1"}, False),
        ({"matchExpressions": [{"key": "a", "operator": "Exists"}]}, {"a": ""}, True),
        ({"matchExpressions": [{"key": "a", "operator": "DoesNotExist"}]}, {"a": "x"}, False),
        ({"matchExpressions": [{"key": "a", "operator": "Gt", "values": ["1"]}]}, {"a": "2"}, False),
        ({"matchExpressions": ["not-a-requirement"]}, {"a": "1"}, False),
        ({"matchLabels": ["a"]}, {"a": "1"}, False),
    ],
)
def test_label_selectors_select_as_kubernetes_does_and_odd_ones_select_nothing(selector, labels, selected):
    assert labels_selected(selector, labels) is selected


def test_a_service_carries_the_side_effects_of_the_deployment_it_selects():
    def build():
        ContainerWorkload("app", ContainerWorkloadArgs(image=IMAGE, namespace="demo", service_account_name="app", side_effects=EFFECTS))

    graph = extract_graph(run_components(build))
    service = graph.nodes["kubernetes-service:demo/app"]
    assert service.side_effects == EFFECTS
    assert "workload:demo/app" not in graph.nodes  # its effects are drawn on the Service
    assert [(e.src, e.dst) for e in graph.edges if e.kind == "writes"] == [("kubernetes-service:demo/app", "oss-bucket:out-bucket")]
