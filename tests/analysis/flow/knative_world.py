"""A stack of every Knative flow and source kind, wired together: the event-flow tests of the flow
and source handlers, routes and loops build it (:func:`world`) and share its graph."""

from __future__ import annotations

import functools

from eventing_platform.analysis.flow import FlowGraph, extract_graph
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
)
from eventing_platform.knative.side_effects import ReplyEvent, SideEffects
from eventing_platform.kubernetes import ContainerWorkload, ContainerWorkloadArgs
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
NS = "demo"


def hops(graph, kinds=("event",)) -> set[tuple[str, str, str]]:
    return {(graph.hop(e.src), graph.hop(e.dst), e.label) for e in graph.edges if e.kind in kinds}


def knative_service(name: str, **kwargs) -> None:
    KnativeService(name, KnativeServiceArgs(image=IMAGE, namespace=NS, **kwargs))


def world() -> None:
    """Every new kind, wired: ping -> sequence (enrich, store) -> broker; heartbeats -> parallel
    (a filtered and a plain branch) -> channel; deployments bound by name and by selector."""
    Broker("default", BrokerArgs(namespace=NS))
    Channel("results", ChannelArgs(namespace=NS))
    knative_service("enrich", side_effects=SideEffects(replies=[ReplyEvent(event_type="order.enriched")]))
    for name in ("store", "dead-letter", "only-big", "big-orders", "audit"):
        knative_service(name)
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


@functools.cache
def world_graph() -> FlowGraph:
    """The event-flow graph of :func:`world` (built once per test process; do not mutate)."""
    return extract_graph(run_components(world))
