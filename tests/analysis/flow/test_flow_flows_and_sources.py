"""The event-flow graph of Sequence, Parallel, PingSource, ContainerSource and SinkBinding objects
built with the components (not raw objects): their edges, loops through them, and routes."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph, find_loops
from eventing_platform.analysis.flow.route import route
from eventing_platform.knative import (
    BindingSubject,
    Broker,
    BrokerArgs,
    Channel,
    ChannelArgs,
    ChannelTemplate,
    ContainerSource,
    ContainerSourceArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    LabelSelectorRequirement,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    PingSource,
    PingSourceArgs,
    Sequence,
    SequenceArgs,
    SequenceStep,
    SinkBinding,
    SinkBindingArgs,
    Subscription,
    SubscriptionArgs,
)
from eventing_platform.knative.side_effects import ReplyEvent, SideEffects
from eventing_platform.kubernetes import ContainerWorkload, ContainerWorkloadArgs
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
NS = "demo"


def hops(graph, kinds=("event",)) -> set[tuple[str, str, str]]:
    return {(graph.hop(e.src), graph.hop(e.dst), e.label) for e in graph.edges if e.kind in kinds}


def _svc(name: str, **kwargs) -> None:
    KnativeService(name, KnativeServiceArgs(image=IMAGE, namespace=NS, **kwargs))


def world() -> None:
    """Every new kind, wired: ping -> sequence (enrich, store) -> broker; heartbeats -> parallel
    (a filtered and a plain branch) -> channel; deployments bound by name and by selector."""
    Broker("default", BrokerArgs(namespace=NS))
    Channel("results", ChannelArgs(namespace=NS))
    _svc("enrich", side_effects=SideEffects(replies=[ReplyEvent(event_type="order.enriched")]))
    for name in ("store", "dead-letter", "only-big", "big-orders", "audit"):
        _svc(name)
    seq = Sequence("pipeline", SequenceArgs(
        namespace=NS,
        steps=[Destination.service("enrich", NS),
               SequenceStep(destination=Destination.service("store", NS), delivery=DeliveryPolicy(retry=3, dead_letter_sink=Destination.service("dead-letter", NS)))],
        reply=Destination.broker("default", NS),
        channel_template=ChannelTemplate(kind="kafka"),
    ))
    par = Parallel("fanout", ParallelArgs(
        namespace=NS,
        branches=[ParallelBranch(filter=Destination.service("only-big", NS), subscriber=Destination.service("big-orders", NS)),
                  ParallelBranch(subscriber=Destination.service("audit", NS), reply=Destination.broker("default", NS))],
        reply=Destination.channel("results", NS),
    ))
    PingSource("tick", PingSourceArgs(namespace=NS, schedule="*/10 * * * *", sink=seq.destination))
    ContainerSource("heartbeats", ContainerSourceArgs(namespace=NS, image=IMAGE, service_account_name="heartbeats", sink=par.destination))
    for name, labels in (("emitter", {"sends": "events"}), ("reporter", {"sends": "events", "tier": "batch"}), ("quiet", {})):
        ContainerWorkload(name, ContainerWorkloadArgs(namespace=NS, image=IMAGE, service_account_name=name, labels=labels))
    SinkBinding("bind-emitter", SinkBindingArgs(namespace=NS, subject=BindingSubject.deployment("emitter"), sink=Destination.channel("results", NS)))
    SinkBinding("bind-senders", SinkBindingArgs(namespace=NS, sink=Destination.broker("default", NS), subject=BindingSubject.selecting(
        "apps/v1", "Deployment", match_labels={"sends": "events"},
        match_expressions=[LabelSelectorRequirement(key="tier", operator="NotIn", values=["web"])])))
    SinkBinding("bind-nothing", SinkBindingArgs(namespace=NS, sink=Destination.broker("default", NS),
                                                subject=BindingSubject.selecting("batch/v1", "Job", match_labels={"sends": "events"})))


@pytest.fixture(scope="module")
def graph():
    return extract_graph(run_components(world))


def test_sources_feed_the_flows_they_sink_into(graph):
    assert {("ping-source:tick", "sequence:pipeline", ""), ("container-source:heartbeats", "parallel:fanout", "")} <= hops(graph)
    assert graph.nodes[f"ping-source:{NS}/tick"].detail == "*/10 * * * *"


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


def test_a_ping_event_enters_at_its_source_and_follows_the_sequence_through_the_declared_reply(graph):
    event = {"specversion": "1.0", "id": "1", "type": "dev.knative.sources.ping", "source": f"/apis/v1/namespaces/{NS}/pingsources/tick"}
    result = route(graph, event)
    assert result.entries == ["ping-source:tick"]
    assert set(result.targets()) == {"enrich", "store"}  # enrich's declared reply goes on to step 2
    assert result.dead_letter, "step 2's dead-letter sink is on the route"


def _subscribe(channel: str, flow: Destination) -> None:
    Subscription(f"to-{flow.ref.name}", SubscriptionArgs(namespace=NS, channel=Destination.channel(channel, NS).ref, subscriber=flow))


def channel_sequence_channel():
    Channel("events", ChannelArgs(namespace=NS))
    _svc("a")
    seq = Sequence("pipeline", SequenceArgs(namespace=NS, steps=[Destination.service("a", NS)], reply=Destination.channel("events", NS)))
    _subscribe("events", seq.destination)


def channel_parallel_channel():
    Channel("events", ChannelArgs(namespace=NS))
    _svc("a")
    par = Parallel("split", ParallelArgs(namespace=NS, branches=[ParallelBranch(subscriber=Destination.service("a", NS))], reply=Destination.channel("events", NS)))
    _subscribe("events", par.destination)


def ping_channel_sequence_channel():
    channel_sequence_channel()
    PingSource("tick", PingSourceArgs(namespace=NS, schedule="@hourly", sink=Destination.channel("events", NS)))


@pytest.mark.parametrize("build", [channel_sequence_channel, channel_parallel_channel, ping_channel_sequence_channel])
def test_a_channel_feeding_a_flow_that_replies_into_the_same_channel_is_a_loop(build):
    loops = find_loops(extract_graph(run_components(build)))
    assert len(loops) == 1
    loop = loops[0]
    assert loop.kind == "channel" and loop.certain and loop.nodes[0] == loop.nodes[-1]
    assert f"channel:{NS}/events" in loop.nodes
    assert any(n.startswith(("sequence:", "parallel:")) for n in loop.nodes)
    assert loop.message.startswith("event loop (channel)")


def test_a_sequence_replying_to_another_channel_is_not_a_loop():
    def build():
        Channel("events", ChannelArgs(namespace=NS))
        Channel("done", ChannelArgs(namespace=NS))
        _svc("a")
        seq = Sequence("pipeline", SequenceArgs(namespace=NS, steps=[Destination.service("a", NS)], reply=Destination.channel("done", NS)))
        _subscribe("events", seq.destination)

    assert find_loops(extract_graph(run_components(build))) == []
