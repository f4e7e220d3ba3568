"""Knative flow handlers: a Sequence chains its steps by replies, a Parallel filters then delivers
per branch, and a sink given as a flow's URL output resolves to the flow."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph
from eventing_platform.knative import (
    Destination,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    PingSource,
    PingSourceArgs,
    Sequence,
    SequenceArgs,
)
from tests.analysis.flow.knative_world import NS, hops, world_graph
from tests.analysis.flow.knative_world import knative_service as _svc
from tests.support.offline import run_components


@pytest.fixture(scope="module")
def graph():
    return world_graph()


def test_sequence_steps_chain_by_replies_and_keep_their_own_delivery(graph):
    assert {("sequence:pipeline", "knative-service:enrich", "step 1"), ("sequence-step:pipeline#2", "knative-service:store", "step 2")} <= hops(graph)
    assert {("knative-service:enrich", "sequence-step:pipeline#2"), ("knative-service:store", "broker:default")} <= {
        (s, d) for s, d, _ in hops(graph, ("reply",))}
    assert ("knative-service:store", "knative-service:dead-letter", "dead letter after 3 retries") in hops(graph, ("dead-letter",))
    assert graph.nodes[f"sequence:{NS}/pipeline"].detail == "KafkaChannel"


def test_parallel_branches_filter_then_deliver_and_reply_where_configured(graph):
    assert {
        ("parallel:fanout", "knative-service:only-big", "branch 1 filter"),
        ("parallel-branch:fanout#1", "knative-service:big-orders", ""),
        ("parallel:fanout", "parallel-branch:fanout#2", "branch 2"),
        ("parallel-branch:fanout#2", "knative-service:audit", ""),
    } <= hops(graph)
    replies = {(s, d) for s, d, _ in hops(graph, ("reply",))}
    assert {("knative-service:only-big", "parallel-branch:fanout#1"), ("knative-service:big-orders", "channel:results"),
            ("knative-service:audit", "broker:default")} <= replies
    assert graph.nodes[f"parallel:{NS}/fanout"].detail == "InMemoryChannel"


@pytest.mark.parametrize("kind", ["sequence", "parallel"])
def test_a_sink_given_as_the_flows_url_output_resolves_to_the_flow(kind):
    def build():
        _svc("a")
        if kind == "sequence":
            flow = Sequence("flow", SequenceArgs(namespace=NS, steps=[Destination.service("a", NS)]))
        else:
            flow = Parallel("flow", ParallelArgs(namespace=NS, branches=[ParallelBranch(subscriber=Destination.service("a", NS))]))
        PingSource("tick", PingSourceArgs(namespace=NS, schedule="@hourly", sink=Destination.url(flow.url)))

    graph = extract_graph(run_components(build))
    assert ("ping-source:tick", f"{kind}:flow", "") in hops(graph)
