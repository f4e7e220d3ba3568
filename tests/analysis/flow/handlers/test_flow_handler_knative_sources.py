"""Knative source handlers: sources feed what they sink into, and SinkBindings draw K_SINK edges
from the stack's own workloads (or an external one)."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph
from eventing_platform.knative import (
    BindingSubject,
    Channel,
    ChannelArgs,
    Destination,
    SinkBinding,
    SinkBindingArgs,
)
from tests.analysis.flow.knative_world import NS, hops, world_graph
from tests.support.offline import run_components


@pytest.fixture(scope="module")
def graph():
    return world_graph()


def test_sources_feed_the_flows_they_sink_into(graph):
    assert {("ping-source:tick", "sequence:pipeline", ""), ("container-source:heartbeats", "parallel:fanout", "")} <= hops(graph)
    assert graph.nodes[f"ping-source:{NS}/tick"].detail == "*/10 * * * *"


def test_sinkbindings_draw_k_sink_edges_from_the_stacks_own_workloads(graph):
    k_sink = {(s, d) for s, d, label in hops(graph) if label == "K_SINK"}
    assert k_sink == {
        ("workload:emitter", "channel:results"),   # by name
        ("workload:emitter", "broker:default"),    # by selector
        ("workload:reporter", "broker:default"),   # by selector (tier batch is not web)
    }
    emitter = graph.nodes[f"workload:{NS}/emitter"]
    assert emitter.urn and emitter.detail == "Deployment"
    assert not any("not created by this stack" in n for n in graph.notes), graph.notes
    assert any("SinkBinding bind-nothing: no Job of this stack in demo matches its selector" in n for n in graph.notes)


def test_a_subject_outside_the_stack_is_an_external_workload():
    def build():
        Channel("results", ChannelArgs(namespace=NS))
        SinkBinding("bind", SinkBindingArgs(namespace=NS, subject=BindingSubject.job("nightly"), sink=Destination.channel("results", NS)))

    graph = extract_graph(run_components(build))
    assert ("workload:Job/nightly", "channel:results", "K_SINK") in hops(graph)
    assert any("workload:demo/Job/nightly is not created by this stack (subject of SinkBinding bind)" in n for n in graph.notes)
