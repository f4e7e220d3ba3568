"""``route``: where a CloudEvent goes, for every shipped sample, and the CLI around it."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventing_platform.alicloud.oss_events import oss_object_event
from eventing_platform.analysis.flow import extract_graph, route
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    Trigger,
    TriggerArgs,
)
from eventing_platform.knative.filters import TriggerFilter
from eventing_platform.knative.side_effects import ReplyEvent, SideEffects
from stacks.repository import main
from stacks.samples import list_samples, load_sample
from stacks.scenarios import SCENARIOS
from tests.analysis.flow.knative_world import NS, world_graph
from tests.support.offline import run_components

# What each shipped sample must reach (receiving service names); every sample is listed.
EXPECTED_TARGETS = {
    ("oss-unzip", "zip-upload"): ["eb-ask-demo"],
    ("oss-unzip", "unzipped-file"): [],
    ("oss-unzip", "multipart-zip-upload"): ["eb-ask-demo"],
    ("k8s-events", "event-added"): ["knative-eventing-demo"],
    ("rocketmq-orders", "order-created"): ["order-service"],
    ("gcs-vision", "image-uploaded"): ["message-dumper", "vision"],
    ("kafka-barrage", "barrage-message"): ["test-barrage-process"],
}
SHIPPED = [(stack, name) for stack in sorted(SCENARIOS) for name in list_samples(stack)]


def test_oss_unzip_and_rocketmq_orders_ship_the_samples_the_issue_names():
    assert "order-created" in list_samples("rocketmq-orders")
    upload = load_sample("oss-unzip", "zip-upload")
    assert upload["source"] == "acs.oss" and upload["type"] == "oss:ObjectCreated:PutObject"
    assert upload["subject"].endswith(":eb-ask/zip/x.zip")
    assert upload["data"]["oss"]["bucket"]["name"] == "eb-ask"
    assert upload["data"]["oss"]["object"]["key"] == "zip/x.zip"
    assert load_sample("k8s-events", "event-added")["type"] == "dev.knative.apiserver.ref.add"


@pytest.mark.parametrize(("stack", "sample"), SHIPPED)
def test_every_shipped_sample_routes_where_expected(stack, sample, graph_of):
    result = route(graph_of(stack), load_sample(stack, sample))
    assert result.entries, "every shipped sample enters its stack somewhere"
    if (stack, sample) in EXPECTED_TARGETS:  # a sample added later must at least enter its stack
        assert result.targets() == EXPECTED_TARGETS[(stack, sample)]


def test_every_stack_ships_a_sample():
    assert all(list_samples(stack) for stack in SCENARIOS)
    assert set(EXPECTED_TARGETS) <= set(SHIPPED)


def test_zip_upload_reaches_the_unzip_service_through_the_rule(graph_of):
    result = route(graph_of("oss-unzip"), load_sample("oss-unzip", "zip-upload"))
    assert [r.path for r in result.reaches] == [(
        "oss-bucket:eb-ask", "eventbridge-bus:default", "eventbridge-rule:oss-unzip", "kubernetes-service:eb-ask-demo",
    )]
    assert [d.target for d in result.dead_letter] == ["oss-unzip-dead-letter"]


def test_object_under_unzip_stops_at_the_rule(graph_of):
    result = route(graph_of("oss-unzip"), load_sample("oss-unzip", "unzipped-file"))
    assert result.reaches == []
    assert [s.path[-1] for s in result.stops] == ["eventbridge-rule:oss-unzip"]
    assert "prefix zip/" in result.stops[0].reason


def test_order_created_with_another_type_reaches_nothing(graph_of):
    event = load_sample("rocketmq-orders", "order-created")
    assert route(graph_of("rocketmq-orders"), event).targets() == ["order-service"]
    other = {**event, "type": "OrderCancelled"}
    result = route(graph_of("rocketmq-orders"), other)
    assert result.reaches == [] and result.dead_letter == []
    assert result.stops[0].path[-1] == "eventbridge-rule:order-service"


def test_an_event_no_producer_emits_enters_nowhere(graph_of):
    stranger = {"specversion": "1.0", "id": "1", "type": "com.example.nothing", "source": "/nowhere"}
    result = route(graph_of("k8s-events"), stranger)
    assert result.entries == [] and result.reaches == []
    assert "enters nowhere" in result.to_text("k8s-events")


KEYS = st.text(alphabet="zipun/.abcx", min_size=0, max_size=12)
TYPES = st.sampled_from([
    "oss:ObjectCreated:PutObject", "oss:ObjectCreated:CopyObject", "oss:ObjectCreated:PutSymlink",
    "oss:ObjectCreated:CompleteMultipartUpload", "oss:ObjectRemoved:DeleteObject",
])
SEED_TYPES = {
    "oss:ObjectCreated:PostObject", "oss:ObjectCreated:UploadPart", "oss:ObjectCreated:PutObject",
    "oss:ObjectCreated:UploadPartCopy", "oss:ObjectCreated:InitiateMultipartUpload",
    "oss:ObjectCreated:AppendObject", "oss:ObjectCreated:CompleteMultipartUpload",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=KEYS, event_type=TYPES, bucket=st.sampled_from(["eb-ask", "other"]))
def test_oss_unzip_route_agrees_with_the_seed_pattern_by_hand(graph_of, key, event_type, bucket):
    # Hand-checked reading of the seed's pattern: bucket eb-ask, key under zip/, name ends .zip,
    # one of its seven created types.
    expected = bucket == "eb-ask" and key.startswith("zip/") and key.endswith(".zip") and event_type in SEED_TYPES
    result = route(graph_of("oss-unzip"), oss_object_event(bucket, key, event_type))
    assert result.targets() == (["eb-ask-demo"] if expected else [])


def test_declared_reply_is_followed_to_the_next_trigger():
    def build():
        Broker("default", BrokerArgs(namespace="demo"))
        KnativeService("a", KnativeServiceArgs(image="r.example.com/a:1", namespace="demo",
                                               side_effects=SideEffects(replies=[ReplyEvent(event_type="step.two")])))
        KnativeService("b", KnativeServiceArgs(image="r.example.com/b:1", namespace="demo"))
        Trigger("a", TriggerArgs(broker="default", namespace="demo", subscriber=Destination.service("a", "demo"),
                                 filters=[TriggerFilter.exact_match("type", "step.one")]))
        Trigger("b", TriggerArgs(broker="default", namespace="demo", subscriber=Destination.service("b", "demo"),
                                 filters=[TriggerFilter.exact_match("type", "step.two")]))

    graph = extract_graph(run_components(build))
    event = {"specversion": "1.0", "id": "1", "type": "step.one", "source": "/test"}
    result = route(graph, event, entries=["broker:demo/default"])
    assert result.targets() == ["a", "b"]
    assert result.reaches[1].path == ("broker:default", "trigger:a", "knative-service:a", "broker:default", "trigger:b", "knative-service:b")


def test_cesql_filter_is_reported_as_not_evaluated():
    def build():
        Broker("default", BrokerArgs(namespace="demo"))
        KnativeService("a", KnativeServiceArgs(image="r.example.com/a:1", namespace="demo"))
        Trigger("a", TriggerArgs(broker="default", namespace="demo", subscriber=Destination.service("a", "demo"),
                                 filters=[TriggerFilter.sql("type LIKE 'order.%'")]))

    graph = extract_graph(run_components(build))
    result = route(graph, {"specversion": "1.0", "id": "1", "type": "x", "source": "/t"}, entries=["broker:demo/default"])
    assert result.targets() == ["a"]
    assert result.reaches[0].undecided and "cesql" in result.reaches[0].undecided[0]
    assert "not evaluated" in result.to_text("test")


# --------------------------------------------------------------------------- CLI


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_has_exactly_event_reaches_dead_letter(capsys):
    code, out, _ = run_cli(capsys, "route", "rocketmq-orders", "--sample", "order-created", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"event", "reaches", "dead_letter"}
    assert doc["event"] == load_sample("rocketmq-orders", "order-created")
    assert [r["target"] for r in doc["reaches"]] == ["order-service"]
    assert all(set(r) == {"target", "path"} for r in doc["reaches"] + doc["dead_letter"])
    assert doc["reaches"][0]["path"][-1] == "knative-service:order-service"


def test_cli_event_file_with_another_type_reaches_nothing(capsys, tmp_path):
    event = copy.deepcopy(load_sample("rocketmq-orders", "order-created"))
    event["type"] = "OrderCancelled"
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    code, out, _ = run_cli(capsys, "route", "rocketmq-orders", "--event", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["reaches"] == []
    code, out, _ = run_cli(capsys, "route", "rocketmq-orders", "--event", str(path))
    assert code == 0 and "reaches nothing" in out and "eventbridge-rule:order-service" in out


def test_cli_text_shows_each_hop(capsys):
    code, out, _ = run_cli(capsys, "route", "oss-unzip", "--sample", "zip-upload")
    assert code == 0
    assert "oss-bucket:eb-ask -> eventbridge-bus:default -> eventbridge-rule:oss-unzip -> kubernetes-service:eb-ask-demo" in out
    assert "dead letter" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["route", "no-such-stack", "--sample", "x"], "unknown stack"),
        (["route", "oss-unzip", "--sample", "no-such-sample"], "no sample event 'no-such-sample'; available: "),
        (["route", "oss-unzip", "--event", "/no/such/file.json"], "cannot read"),
        (["route", "oss-unzip"], "--event"),
        (["route", "oss-unzip", "--event", "x.json", "--sample", "zip-upload"], "not allowed"),
        (["route", "oss-unzip", "--sample", "zip-upload", "--format", "yaml"], "invalid choice"),
    ],
)
def test_cli_bad_usage_exits_2_with_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.startswith("error: ")


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not JSON"), ("[1]", "JSON object"), ('{"type": "x", "source": "y"}', "missing or non-string specversion, id")],
)
def test_cli_unreadable_event_exits_2(capsys, tmp_path, content, message):
    path = tmp_path / "event.json"
    path.write_text(content)
    code, _, err = run_cli(capsys, "route", "oss-unzip", "--event", str(path))
    assert code == 2 and message in err


def test_parallel_branches_route_with_the_filter_service_marked_not_evaluated():
    from eventing_platform.knative import Channel, ChannelArgs
    from eventing_platform.kubernetes.custom_object import CustomObject

    def build():
        Channel("in", ChannelArgs(namespace="demo"))
        for name in ("even", "evens", "all"):
            KnativeService(name, KnativeServiceArgs(image="r.example.com/a:1", namespace="demo"))
        ref = lambda n: {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": n}}  # noqa: E731
        CustomObject("split", "flows.knative.dev/v1", "Parallel", {"name": "split", "namespace": "demo"},
                     {"branches": [{"filter": ref("even"), "subscriber": ref("evens")}, {"subscriber": ref("all")}]})

    graph = extract_graph(run_components(build))
    result = route(graph, {"specversion": "1.0", "id": "1", "type": "n", "source": "/t"}, entries=["parallel:demo/split"])
    assert sorted(result.targets()) == ["all", "even", "evens"]
    evens = next(r for r in result.reaches if r.target == "evens")
    assert evens.undecided and "filter service" in evens.undecided[0]
    assert not next(r for r in result.reaches if r.target == "all").undecided


def test_a_ping_event_enters_at_its_source_and_follows_the_sequence_through_the_declared_reply():
    graph = world_graph()
    event = {"specversion": "1.0", "id": "1", "type": "dev.knative.sources.ping", "source": f"/apis/v1/namespaces/{NS}/pingsources/tick"}
    result = route(graph, event)
    assert result.entries == ["ping-source:tick"]
    assert set(result.targets()) == {"enrich", "store"}  # enrich's declared reply goes on to step 2
    assert result.dead_letter, "step 2's dead-letter sink is on the route"
