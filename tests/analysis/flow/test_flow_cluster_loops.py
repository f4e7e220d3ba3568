"""Loops through the cluster: an ApiServerSource watching what its own subscribers' scaling changes."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph, find_loops
from eventing_platform.analysis.flow.cluster_loops import cluster_loops, watched_namespaces
from eventing_platform.knative import (
    ApiServerResource,
    ApiServerSource,
    ApiServerSourceArgs,
    Broker,
    BrokerArgs,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    Trigger,
    TriggerArgs,
)
from tests.support.offline import run_components

IMAGE = "registry.example.com/app:v1"


def _world(*, watched=None, min_scale=0, resources=None, sink_ns="apps", trigger_type=None, namespace_selector=None):
    def build() -> None:
        KnativeService("app", KnativeServiceArgs(image=IMAGE, namespace=sink_ns, scaling=ScalingPolicy(min_scale=min_scale, max_scale=3)))
        sink = Destination.service("app", sink_ns)
        if trigger_type is not None:
            Broker("default", BrokerArgs(namespace=sink_ns))
            Trigger("t", TriggerArgs(namespace=sink_ns, broker="default", attributes={"type": trigger_type}, subscriber=sink))
            sink = Destination.broker("default", sink_ns)
        ApiServerSource("src", ApiServerSourceArgs(
            namespace="watcher", service_account_name="sa", sink=sink, watched_namespaces=watched,
            resources=resources or [ApiServerResource()],
        ))

    return extract_graph(run_components(build))


@pytest.mark.parametrize(("watched", "loops", "certain"), [
    (["apps"], 1, True),
    (["*"], 1, True),
    (["other"], 0, None),
    (None, 0, None),  # only its own namespace, "watcher"
])
def test_a_subscriber_in_a_watched_namespace_loops(watched, loops, certain):
    found = cluster_loops(_world(watched=watched))
    assert len(found) == loops
    if loops:
        assert found[0].kind == "cluster" and found[0].certain is certain


def test_the_source_in_the_subscribers_namespace_without_a_selector_loops():
    (loop,) = cluster_loops(_world(sink_ns="watcher"))
    assert loop.certain and "watches Event in namespace watcher" in loop.message


def test_a_subscriber_that_does_not_scale_to_zero_is_a_possible_loop():
    (loop,) = cluster_loops(_world(watched=["apps"], min_scale=1))
    assert not loop.certain and loop.message.startswith("possible event loop (cluster)")


@pytest.mark.parametrize(("resources", "loops"), [
    ([ApiServerResource(kind="Pod")], 1),
    ([ApiServerResource(api_version="apps/v1", kind="Deployment")], 1),
    ([ApiServerResource(api_version="serving.knative.dev/v1", kind="Revision")], 1),
    ([ApiServerResource(kind="ConfigMap")], 0),
    ([ApiServerResource(kind="Pod", match_labels={"serving.knative.dev/service": "other"})], 0),
    ([ApiServerResource(kind="Pod", match_labels={"serving.knative.dev/service": "app"})], 1),
])
def test_only_kinds_the_subscribers_scaling_changes_and_its_pods_labels_count(resources, loops):
    assert len(cluster_loops(_world(watched=["apps"], resources=resources))) == loops


def test_a_trigger_that_drops_apiserver_events_breaks_the_loop():
    assert cluster_loops(_world(watched=["apps"], trigger_type="com.example.order")) == []
    (loop,) = cluster_loops(_world(watched=["apps"], trigger_type="dev.knative.apiserver.ref.update"))
    assert "trigger:t" in loop.message


def test_find_loops_reports_cluster_loops():
    assert [loop.kind for loop in find_loops(_world(watched=["apps"]))] == ["cluster"]


@pytest.mark.parametrize(("selector", "names", "every", "by_labels"), [
    (None, {"ns"}, False, False),
    ({}, set(), True, False),
    ({"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["a", "b"]}]}, {"a", "b"}, False, False),
    ({"matchLabels": {"kubernetes.io/metadata.name": "a"}}, {"a"}, False, False),
    ({"matchLabels": {"team": "x"}}, set(), False, True),
])
def test_watched_namespaces_follow_knatives_namespace_selector_rules(selector, names, every, by_labels):
    from eventing_platform.analysis.flow.model import Node

    w = watched_namespaces(Node("apiserver-source:ns/s", "apiserver-source", "s", "ns", attrs={"namespace_selector": selector}))
    assert (set(w.names), w.every, w.by_labels) == (names, every, by_labels)
