"""Loop detection: each of the three kinds of event loop is caught; near misses are not loops."""

from __future__ import annotations

import pulumi_alicloud as alicloud
import pytest

from eventing_platform.alicloud.event_pattern import EventPattern, Match
from eventing_platform.alicloud.eventbridge import EventRule, EventRuleArgs, RuleTarget
from eventing_platform.analysis.checks import all_checks
from eventing_platform.analysis.flow import extract_graph, find_loops
from eventing_platform.analysis.flow.check import event_flow
from eventing_platform.engine.program import StackInput
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    Channel,
    ChannelArgs,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    PingSource,
    PingSourceArgs,
    Sequence,
    SequenceArgs,
    Subscription,
    SubscriptionArgs,
    Trigger,
    TriggerArgs,
)
from eventing_platform.knative.filters import TriggerFilter
from eventing_platform.knative.side_effects import ObjectWrites, Publish, ReplyEvent, SideEffects
from eventing_platform.kubernetes.custom_object import CustomObject
from stacks.repository import PROGRAM
from stacks.scenarios import SCENARIOS
from tests.analysis.flow.knative_world import knative_service
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
NS = "demo"
SEED_TYPES = ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:CompleteMultipartUpload"]


def loops_of(build):
    return find_loops(extract_graph(run_components(build)))


# --------------------------------------------------------------------------- 1. EventBridge


def eventbridge_world(write: ObjectWrites, key_conditions=None, subject_suffix: str | None = ".zip"):
    """OSS bucket -> default bus -> rule (the seed's shape) -> unzip service, which writes ``write``."""

    def build():
        alicloud.oss.Bucket("eb-ask", bucket="eb-ask")
        svc = KnativeService("unzip", KnativeServiceArgs(image=IMAGE, namespace=NS, side_effects=SideEffects(writes=[write])))
        fields = {"source": ["acs.oss"], "type": SEED_TYPES}
        if subject_suffix:
            fields["subject"] = [Match.suffix(subject_suffix)]
        fields["data"] = {"oss": {"bucket": {"name": ["eb-ask"]},
                                  "object": {"key": key_conditions or [Match.prefix("zip/")]}}}
        EventRule("unzip", EventRuleArgs(pattern=EventPattern.of(fields),
                                         targets=[RuleTarget.http(svc.url, path="/unzip")]))

    return build


@pytest.mark.parametrize(
    ("write", "why"),
    [
        (ObjectWrites(bucket="eb-ask", prefix="zip/out/"), "output prefix inside the input prefix"),
        (ObjectWrites(bucket="eb-ask"), "writes anywhere in the bucket"),
        (ObjectWrites(bucket="eb-ask", prefix="zip/", suffixes=[".zip"]), "re-zips into the input prefix"),
    ],
)
def test_eventbridge_target_whose_writes_its_rule_matches_is_a_loop(write, why):
    loops = loops_of(eventbridge_world(write))
    assert len(loops) == 1, why
    loop = loops[0]
    assert loop.kind == "eventbridge" and loop.certain
    assert "loop" in loop.message and "unzip" in loop.message
    assert loop.nodes[0] == loop.nodes[-1] == "knative-service:demo/unzip"
    assert "oss-bucket:eb-ask" in loop.nodes and "eventbridge-bus:default" in loop.nodes


@pytest.mark.parametrize(
    "write",
    [
        ObjectWrites(bucket="eb-ask", prefix="unzip/"),
        ObjectWrites(bucket="eb-ask", prefix="zip/", suffixes=[".txt", ".csv"]),
        ObjectWrites(bucket="other-bucket", prefix="zip/"),
        ObjectWrites(bucket="eb-ask", prefix="zip/", event_types=["oss:ObjectCreated:CopyObject"]),
    ],
)
def test_eventbridge_writes_the_rule_cannot_match_are_not_a_loop(write):
    assert loops_of(eventbridge_world(write)) == []


def test_prefix_or_suffix_trap_on_one_field_makes_the_output_prefix_loop():
    # A prefix and a suffix in one list are ORed: every .zip anywhere matches, also under unzip/.
    trap = [Match.prefix("zip/"), Match.suffix(".zip")]
    loops = loops_of(eventbridge_world(ObjectWrites(bucket="eb-ask", prefix="unzip/"), key_conditions=trap, subject_suffix=None))
    assert [loop.kind for loop in loops] == ["eventbridge"]
    assert "unzip/" in loops[0].message


# --------------------------------------------------------------------------- 2. Broker


def broker_world(reply_type: str | None, filters=None, attributes=None, publish_type: str | None = None):
    """Broker -> Trigger -> shop, which replies ``reply_type`` (and/or publishes into the Broker)."""

    def build():
        Broker("default", BrokerArgs(namespace=NS))
        effects = SideEffects(
            replies=[ReplyEvent(event_type=reply_type)] if reply_type else [],
            publishes=[Publish(target="broker", name="default", event_type=publish_type)] if publish_type else [],
        )
        KnativeService("shop", KnativeServiceArgs(image=IMAGE, namespace=NS, side_effects=effects))
        Trigger("shop", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.service("shop", NS),
                                    filters=filters or [], attributes=attributes or {}))

    return build


@pytest.mark.parametrize(
    ("reply", "filters", "attributes"),
    [
        ("order.created", [TriggerFilter.exact_match("type", "order.created")], None),
        ("order.created", None, {"type": "order.created"}),
        ("order.created", [TriggerFilter.prefix_match("type", "order.")], None),
        ("anything.at.all", None, None),
        ("order.created", [TriggerFilter.negate(TriggerFilter.exact_match("type", "order.paid"))], None),
    ],
)
def test_subscriber_replying_a_type_its_trigger_accepts_is_a_loop(reply, filters, attributes):
    loops = loops_of(broker_world(reply, filters, attributes))
    assert len(loops) == 1
    assert loops[0].kind == "broker" and loops[0].certain
    assert loops[0].nodes == ("knative-service:demo/shop", "broker:demo/default", "trigger:demo/shop", "knative-service:demo/shop")
    assert loops[0].message.startswith("event loop (broker): shop replies ") and f"replies {reply}" in loops[0].message


@pytest.mark.parametrize(
    ("reply", "filters", "attributes"),
    [
        ("order.shipped", [TriggerFilter.exact_match("type", "order.created")], None),
        ("order.shipped", None, {"type": "order.created"}),
        ("order.created", [TriggerFilter.suffix_match("type", ".paid")], None),
        (None, None, None),  # no declared reply: nothing comes back
    ],
)
def test_replies_the_trigger_rejects_are_not_a_loop(reply, filters, attributes):
    assert loops_of(broker_world(reply, filters, attributes)) == []


def test_publishing_into_the_own_broker_with_an_accepted_type_is_a_loop():
    loops = loops_of(broker_world(None, [TriggerFilter.exact_match("type", "order.created")], publish_type="order.created"))
    assert [loop.kind for loop in loops] == ["broker"]


def test_reply_through_another_subscriber_closes_a_two_service_loop():
    def build():
        Broker("default", BrokerArgs(namespace=NS))
        for name, replies, accepts in (("a", "b.todo", "a.todo"), ("b", "a.todo", "b.todo")):
            KnativeService(name, KnativeServiceArgs(image=IMAGE, namespace=NS, side_effects=SideEffects(replies=[ReplyEvent(event_type=replies)])))
            Trigger(name, TriggerArgs(broker="default", namespace=NS, subscriber=Destination.service(name, NS),
                                      filters=[TriggerFilter.exact_match("type", accepts)]))

    loops = loops_of(build)
    assert len(loops) == 1
    assert {"knative-service:demo/a", "knative-service:demo/b"} <= set(loops[0].nodes)


def test_cesql_trigger_makes_only_a_possible_loop():
    loops = loops_of(broker_world("order.created", [TriggerFilter.sql("type = 'order.created'")]))
    assert len(loops) == 1
    assert not loops[0].certain and "not evaluated" in loops[0].message


# --------------------------------------------------------------------------- 3. Channel


def _svc(name: str, **kwargs) -> None:
    KnativeService(name, KnativeServiceArgs(image=IMAGE, namespace=NS, **kwargs))


def _sub(name: str, channel: str, subscriber: Destination, reply: Destination | None = None) -> None:
    Subscription(name, SubscriptionArgs(namespace=NS, channel=Destination.channel(channel, NS).ref, subscriber=subscriber, reply=reply))


def _sequence(name: str, steps: list[str], reply_channel: str | None) -> None:
    spec: dict = {"steps": [{"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": s}} for s in steps]}
    if reply_channel:
        spec["reply"] = {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": reply_channel}}
    CustomObject(name, "flows.knative.dev/v1", "Sequence", {"name": name, "namespace": NS}, spec)


def channel_reply_to_itself():
    Channel("events", ChannelArgs(namespace=NS))
    _svc("enrich")
    _sub("enrich", "events", Destination.service("enrich", NS), reply=Destination.channel("events", NS))


def channel_subscribed_to_itself():
    Channel("events", ChannelArgs(namespace=NS))
    _sub("self", "events", Destination.channel("events", NS))


def channel_through_sequence():
    Channel("events", ChannelArgs(namespace=NS))
    _svc("a")
    _svc("b")
    _sequence("pipeline", ["a", "b"], reply_channel="events")
    _sub("to-pipeline", "events", Destination(ref={"api_version": "flows.knative.dev/v1", "kind": "Sequence", "name": "pipeline", "namespace": NS}))


def channel_through_another_channel():
    Channel("first", ChannelArgs(namespace=NS))
    Channel("second", ChannelArgs(namespace=NS))
    _svc("fn")
    _sub("hop", "first", Destination.service("fn", NS), reply=Destination.channel("second", NS))
    _sub("back", "second", Destination.channel("first", NS))


@pytest.mark.parametrize(
    "build", [channel_reply_to_itself, channel_subscribed_to_itself, channel_through_sequence, channel_through_another_channel]
)
def test_channel_delivering_back_into_itself_is_a_loop(build):
    loops = loops_of(build)
    assert len(loops) == 1
    assert loops[0].kind == "channel" and loops[0].certain
    assert loops[0].nodes[0] == loops[0].nodes[-1]
    assert loops[0].message.startswith("event loop (channel)")


def test_channel_replying_elsewhere_is_not_a_loop():
    def build():
        Channel("in", ChannelArgs(namespace=NS))
        Channel("out", ChannelArgs(namespace=NS))
        _svc("fn")
        _sub("s", "in", Destination.service("fn", NS), reply=Destination.channel("out", NS))
        _sequence("pipeline", ["fn"], reply_channel="out")

    assert loops_of(build) == []


# --------------------------------------------------------------------------- the plan check


def test_plan_check_is_registered():
    assert "event-flow" in dict(all_checks())


def test_plan_check_blocks_on_a_loop_and_highlights_it_in_flow_mmd():
    record = run_components(broker_world("order.created", [TriggerFilter.exact_match("type", "order.created")]))
    result = event_flow(StackInput(PROGRAM, "test", {}, frozenset()), record)
    blocking = [f for f in result.findings if f.blocking]
    assert len(blocking) == 1 and blocking[0].check == "event-loop" and "loop" in blocking[0].message
    assert blocking[0].resource.startswith("urn:pulumi:")
    mmd = result.files["flow.mmd"]
    assert "classDef loop" in mmd and "linkStyle" in mmd and "%% LOOP: event loop (broker)" in mmd


def test_plan_check_does_not_block_on_a_possible_loop():
    record = run_components(broker_world("order.created", [TriggerFilter.sql("type = 'order.created'")]))
    result = event_flow(StackInput(PROGRAM, "test", {}, frozenset()), record)
    assert [f.blocking for f in result.findings if f.check == "event-loop"] == [False]


@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_shipped_stacks_have_no_loops(stack, graph_of):
    assert find_loops(graph_of(stack)) == []


def _parallel(name: str, branches: list[tuple[str | None, str]], reply_channel: str | None) -> None:
    def dest(service: str) -> dict:
        return {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": service}}

    spec: dict = {"branches": [{**({"filter": dest(f)} if f else {}), "subscriber": dest(s)} for f, s in branches]}
    if reply_channel:
        spec["reply"] = {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": reply_channel}}
    CustomObject(name, "flows.knative.dev/v1", "Parallel", {"name": name, "namespace": NS}, spec)


@pytest.mark.parametrize(("filter_service", "certain"), [(None, True), ("only-even", False)])
def test_parallel_replying_into_its_own_channel_is_a_loop_possible_when_a_filter_decides(filter_service, certain):
    def build():
        Channel("events", ChannelArgs(namespace=NS))
        for name in ("fan", "only-even"):
            _svc(name)
        _parallel("split", [(filter_service, "fan")], reply_channel="events")
        _sub("to-split", "events", Destination(ref={"api_version": "flows.knative.dev/v1", "kind": "Parallel", "name": "split", "namespace": NS}))

    loops = loops_of(build)
    assert len(loops) == 1 and loops[0].kind == "channel" and loops[0].certain is certain
    assert loops[0].message.startswith("event loop" if certain else "possible event loop")


def test_trigger_delivering_into_its_own_broker_loops_for_what_it_accepts():
    def build():
        Broker("default", BrokerArgs(namespace=NS))
        Trigger("echo", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.broker("default", NS),
                                    filters=[TriggerFilter.exact_match("type", "order.created")]))

    loops = loops_of(build)
    assert len(loops) == 1 and loops[0].kind == "broker" and loops[0].certain
    assert "every event that passes 'type = order.created' would circle forever" in loops[0].message


def test_filters_meeting_a_reply_make_a_possible_loop_only():
    def build():
        Broker("default", BrokerArgs(namespace=NS))
        Channel("audit", ChannelArgs(namespace=NS))
        _svc("auditor")
        Trigger("to-audit", TriggerArgs(broker="default", namespace=NS, subscriber=Destination.channel("audit", NS),
                                        filters=[TriggerFilter.prefix_match("type", "order.")]))
        _sub("audit", "audit", Destination.service("auditor", NS), reply=Destination.broker("default", NS))

    loops = loops_of(build)
    assert len(loops) == 1 and not loops[0].certain
    assert loops[0].message.startswith("possible event loop (broker)") and "after a reply" in loops[0].message


def _subscribe(channel: str, flow: Destination) -> None:
    Subscription(f"to-{flow.ref.name}", SubscriptionArgs(namespace=NS, channel=Destination.channel(channel, NS).ref, subscriber=flow))


def channel_sequence_channel():
    Channel("events", ChannelArgs(namespace=NS))
    knative_service("a")
    seq = Sequence("pipeline", SequenceArgs(namespace=NS, steps=[Destination.service("a", NS)], reply=Destination.channel("events", NS)))
    _subscribe("events", seq.destination)


def channel_parallel_channel():
    Channel("events", ChannelArgs(namespace=NS))
    knative_service("a")
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
        knative_service("a")
        seq = Sequence("pipeline", SequenceArgs(namespace=NS, steps=[Destination.service("a", NS)], reply=Destination.channel("done", NS)))
        _subscribe("events", seq.destination)

    assert find_loops(extract_graph(run_components(build))) == []
