"""``Input[X]`` fields: plain values are checked at construction, Pulumi Outputs once they
resolve (with the very same message), and a field that must be plain says which and why.

Resolution errors are raised on the offline engine, where the resources that take the bad value
fail to register and the run reports the ``ArgsError`` the plain value gives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pulumi
import pytest

from eventing_platform.alicloud import KafkaSaslUserSpec, KafkaTopic, MnsQueueArgs, OssAccess
from eventing_platform.alicloud.rocketmq_events import RocketMQEventSourceArgs
from eventing_platform.args import computed, is_plain
from eventing_platform.errors import (
    CHILD_NAME_REASON,
    PLAIN_VALUE_REASON,
    SECRET_MASK,
    ArgsError,
    Problem,
    ResolvedArgsError,
)
from eventing_platform.gcp import (
    EventarcGkeTriggerArgs,
    GcsBucketArgs,
    IamGrant,
    WorkloadIdentityArgs,
)
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    ChannelArgs,
    ContainerSourceArgs,
    Destination,
    EciWorkload,
    KafkaSourceArgs,
    KnativeServiceArgs,
    KReference,
    RocketMQSourceArgs,
    ScalingPolicy,
    SubscriptionArgs,
    TrafficTarget,
    Trigger,
    TriggerArgs,
)
from eventing_platform.knative.install import KnativeInstallArgs
from eventing_platform.kubernetes import NamespaceArgs, SecretKeyRef, ServiceAccountWithRoleArgs
from tests.support.offline import objects_of, one, run_components

IMAGE = "registry.example.com/demo/app:1.0.0"
SINK = Destination.url("https://sink.example.com")
CHANNEL_IN_A = KReference(api_version="messaging.knative.dev/v1", kind="Channel", name="ch", namespace="a")
BROKER = Destination.broker("default")
EVENTARC = {"project": "demo-project", "location": "us-central1", "topic": "testing", "cluster": "knative-vision",
            "cluster_location": "us-central1", "namespace": "apps", "service": "events-kn-channel",
            "service_account_id": "events-trigger"}
ROCKETMQ_EVENTS = {"event_source_name": "orders", "event_bus_name": "orders-bus", "region": "cn-hangzhou",
                   "instance_id": "rmq-cn-1", "endpoint": "rmq-cn-1-vpc.cn-hangzhou.rmq.aliyuncs.com:8080",
                   "topic": "orders", "group_id": "GID_orders", "username": "reader", "password": "s3cret-pass",
                   "vpc_id": "vpc-1", "vswitch_ids": ["vsw-1"], "security_group_id": "sg-1"}
ROCKETMQ_SOURCE = {"topic": "orders", "group_name": "GID_orders", "instance_id": "rmq-1", "service_account_name": "sa",
                   "access_token": SecretKeyRef(name="rocketmq-token", key="token"), "sink": BROKER}


def _without(base: dict[str, Any], field: str) -> dict[str, Any]:
    return {k: v for k, v in base.items() if k != field}


def _output(value: Any) -> Any:
    """``value`` as an Output; a dict or list becomes one of Outputs (as labels and topics are given)."""
    if isinstance(value, dict):
        return {k: pulumi.Output.from_input(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pulumi.Output.from_input(v) for v in value]
    return pulumi.Output.from_input(value)


def _failure(build: Callable[[], object]) -> ArgsError:
    with pytest.raises(ArgsError) as caught:
        build()
    return caught.value


# (args class, other fields, field, bad value): single-field rules, rules across fields, and
# values inside dicts (label values) and lists (topics).
BAD_VALUES = [
    (TriggerArgs, {"broker": "default", "subscriber": SINK}, "namespace", "Bad_NS!"),
    (TriggerArgs, {"subscriber": SINK}, "broker", "Bad_Broker"),
    (KnativeServiceArgs, {"image": IMAGE}, "service_name", "1-starts-with-a-digit"),
    (KnativeServiceArgs, {}, "image", "registry.example.com/demo/app:latest"),
    (SecretKeyRef, {"key": "token"}, "name", "Not A Name"),
    (MnsQueueArgs, {}, "region", "mars-north-1"),
    (ScalingPolicy, {}, "max_scale", 0),
    (ScalingPolicy, {"max_scale": 2}, "min_scale", 5),
    (OssAccess, {"read_prefixes": ["zip/"]}, "bucket", "Bad_Bucket"),
    (ContainerSourceArgs, {"image": IMAGE, "sink": SINK, "service_account_name": "sa"}, "labels", {"team": "not a label value"}),
    (GcsBucketArgs, {"bucket_name": "demo-images", "project": "demo-project"}, "labels", {"team": "UPPER"}),
    (SubscriptionArgs, {"channel": CHANNEL_IN_A, "subscriber": SINK}, "namespace", "b"),
    *[(EventarcGkeTriggerArgs, _without(EVENTARC, field), field, bad) for field, bad in [
        ("location", "us-central1-a"), ("cluster", "Knative_Vision"), ("cluster_location", "mars-north1"),
        ("namespace", "Bad_NS!"), ("service", "Bad.Service"), ("trigger_name", "1-trigger"), ("service_account_id", "sa@x"),
    ]],
    *[(RocketMQEventSourceArgs, _without(ROCKETMQ_EVENTS, field), field, bad) for field, bad in [
        ("region", "Hangzhou"), ("group_id", "GID orders"), ("event_source_name", "o"),
    ]],
    (RocketMQSourceArgs, _without(ROCKETMQ_SOURCE, "topic"), "topic", "orders topic"),
    (RocketMQSourceArgs, _without(ROCKETMQ_SOURCE, "group_name"), "group_name", ""),
    (KafkaSourceArgs, {"bootstrap_servers": "kafka:9092", "topics": ["orders"], "sink": BROKER}, "consumers", 0),
    (KafkaSourceArgs, {"bootstrap_servers": "kafka:9092", "sink": BROKER}, "topics", ["orders", "orders"]),
    (KafkaSourceArgs, {"bootstrap_servers": "kafka:9092", "sink": BROKER}, "topics", ["orders", "bad topic"]),
    (WorkloadIdentityArgs, {"project": "demo-project", "namespace": "apps", "kubernetes_service_account": "vision"}, "account_id", "Vision_SA"),
    (NamespaceArgs, {}, "namespace_name", "kube-system"),
    (EciWorkload, {}, "image_snapshot_id", "snap-123"),
    (TrafficTarget, {"percent": 100}, "revision_name", "-bad-"),
    (KnativeInstallArgs, {}, "operator_namespace", "Bad_NS!"),
]


@pytest.mark.parametrize(("model", "others", "field", "bad"), BAD_VALUES, ids=lambda v: v.__name__ if isinstance(v, type) else None)
def test_an_output_resolving_to_a_bad_value_fails_with_the_plain_values_message(model, others, field, bad):
    plain = _failure(lambda: model(**others, **{field: bad}))
    assert str(plain).startswith(model.__name__) and field in str(plain)
    resolved = _failure(lambda: run_components(lambda: model(**others, **{field: _output(bad)})))
    assert str(resolved) == str(plain)
    assert type(resolved) is ArgsError


def test_a_bad_output_fails_the_registration_of_the_resources_that_take_it():
    registered: list[str] = []

    def build() -> None:
        trigger = Trigger("t", TriggerArgs(broker="default", subscriber=SINK, namespace=_output("Bad_NS!")))
        registered.append(trigger.trigger_name)

    with pytest.raises(ArgsError, match=r"^TriggerArgs\.namespace: must be an RFC 1123 label"):
        run_components(build)
    assert registered == ["t"]  # built (the value was unknown then), never registered


def test_resolved_errors_are_pulumi_run_errors_not_value_errors():
    # The SDK wraps a ValueError raised while it serializes inputs in a message of its own; a
    # RunError reaches `pulumi up` (and the offline engine) as it is, reported without a trace.
    assert issubclass(ResolvedArgsError, pulumi.RunError)
    assert not issubclass(ResolvedArgsError, ValueError)
    error = ResolvedArgsError([Problem("TriggerArgs.namespace", "is bad", "x")])
    assert str(error) == str(error.as_args_error()) == "TriggerArgs.namespace: is bad (got 'x')"


def test_good_outputs_pass_and_keep_their_values():
    def build() -> dict[str, Any]:
        args = TriggerArgs(broker=_output("default"), subscriber=SINK, namespace=_output("orders"), labels=_output({"team": "a"}))
        assert not is_plain(args.namespace) and not is_plain(args.labels["team"])
        Trigger("t", args)
        return {"namespace": args.namespace}

    record = run_components(build)
    trigger = one(objects_of(record, "Trigger"))
    assert trigger["metadata"]["namespace"] == "orders" and trigger["metadata"]["labels"]["team"] == "a"
    assert trigger["spec"]["broker"] == "default"
    assert record.outputs["namespace"] == "orders"


def test_an_awaitable_becomes_an_output():
    async def namespace() -> str:
        return "orders"

    def build() -> dict[str, Any]:
        args = TriggerArgs(broker="default", subscriber=SINK, namespace=namespace())
        assert isinstance(args.namespace, pulumi.Output)
        return {"namespace": args.namespace}

    assert run_components(build).outputs["namespace"] == "orders"


def test_unknown_outputs_are_not_checked():
    def build() -> None:
        loop = asyncio.get_event_loop()
        value, known = loop.create_future(), loop.create_future()
        value.set_result(None)
        known.set_result(False)
        unknown: pulumi.Output[str] = pulumi.Output(set(), value, known)
        TriggerArgs(broker="default", subscriber=SINK, namespace=unknown)

    run_components(build)


def test_a_value_from_a_secret_output_is_masked():
    resolved = _failure(lambda: run_components(lambda: TriggerArgs(
        broker="default", subscriber=SINK, namespace=pulumi.Output.secret("Bad_NS!"))))
    assert str(resolved).endswith(f"(got {SECRET_MASK!r})") and "Bad_NS!" not in str(resolved)


def test_a_secret_field_stays_masked_when_its_output_resolves():
    def build() -> None:
        KafkaSaslUserSpec(username="producer", password=pulumi.Output.from_input("not valid!"), write_topics=["orders"])

    resolved = _failure(lambda: run_components(build))
    assert "KafkaSaslUserSpec.password" in str(resolved) and "not valid!" not in str(resolved)


PLAIN_ONLY = [
    (lambda o: ChannelArgs(kind=o), "kafka", "ChannelArgs.kind", PLAIN_VALUE_REASON),
    (lambda o: KnativeServiceArgs(image=IMAGE, port=o), 8080, "KnativeServiceArgs.port", PLAIN_VALUE_REASON),
    (lambda o: KafkaTopic(name=o), "orders", "KafkaTopic.name", CHILD_NAME_REASON),
    (lambda o: KafkaSaslUserSpec(username="u", password="p", read_topics=[o], groups=["orders-group"]), "orders", "KafkaSaslUserSpec.read_topics.0", CHILD_NAME_REASON),
    (lambda o: ServiceAccountWithRoleArgs(namespace="a", role_namespaces=[o]), "b", "ServiceAccountWithRoleArgs.role_namespaces.0", CHILD_NAME_REASON),
    (lambda o: IamGrant.project(o), "roles/pubsub.subscriber", "IamGrant.role", CHILD_NAME_REASON),
    (lambda o: RocketMQEventSourceArgs(**_without(ROCKETMQ_EVENTS, "topic"), topic=o), "orders", "RocketMQEventSourceArgs.topic",
     RocketMQEventSourceArgs.plain_reasons["topic"]),
]


@pytest.mark.parametrize(("build", "value", "field", "reason"), PLAIN_ONLY, ids=[c[2] for c in PLAIN_ONLY])
def test_a_field_that_must_be_plain_names_itself_and_says_why(build, value, field, reason):
    messages: list[str] = []

    def program() -> None:
        messages.append(str(_failure(lambda: build(pulumi.Output.from_input(value)))))

    run_components(program)
    assert messages == [f"{field}: must be a plain value, not a pulumi.Output: {reason}"]


def test_a_component_name_must_be_plain():
    messages: list[str] = []

    def program() -> None:
        messages.append(str(_failure(lambda: Broker(pulumi.Output.from_input("orders"), BrokerArgs()))))  # type: ignore[arg-type]

    run_components(program)
    assert messages[0].startswith("Broker.name: must be a plain string, not a pulumi.Output: it is the resource name")
    assert "0x" not in messages[0]


@pytest.mark.parametrize("value", [object(), pulumi.Output, {"nested": object()}])
def test_a_problem_line_never_shows_an_object_address(value):
    line = Problem("Model.field", "is bad", value).line()
    assert "0x" not in line and line.startswith("Model.field: is bad (got ")


def test_computed_is_plain_for_plain_values_and_an_output_otherwise():
    assert computed(lambda a, b: f"{a}-{b}", "x", "y") == "x-y"

    def build() -> dict[str, Any]:
        value = computed(lambda a, b: f"{a}-{b}", pulumi.Output.from_input("x"), "y")
        assert isinstance(value, pulumi.Output)
        return {"value": value}

    assert run_components(build).outputs["value"] == "x-y"
