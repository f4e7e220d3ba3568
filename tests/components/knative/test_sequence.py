"""Sequence: steps (plain destinations or with their own delivery), channel template, reply."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    Channel,
    ChannelArgs,
    ChannelTemplate,
    DeliveryPolicy,
    Destination,
    KafkaChannelSettings,
    Sequence,
    SequenceArgs,
    SequenceStep,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

NS = "pipeline"
SVC = "serving.knative.dev/v1"
DEFAULT_DELIVERY = {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"}


def render(name: str = "enrich", **kwargs) -> dict:
    args = SequenceArgs(**{"steps": [Destination.service("first")], **kwargs})
    return one(objects_of(run_components(lambda: Sequence(name, args)), "Sequence"))


def test_minimal_sequence_wraps_destinations_in_steps_with_reliable_delivery():
    seq = render(steps=[Destination.service("first"), Destination.service("second", path="/v2")])
    assert (seq["apiVersion"], seq["kind"]) == ("flows.knative.dev/v1", "Sequence")
    assert seq["metadata"]["name"] == "enrich" and "namespace" not in seq["metadata"]
    assert seq["spec"] == {
        "channelTemplate": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"},
        "steps": [
            {"ref": {"apiVersion": SVC, "kind": "Service", "name": "first"}, "delivery": DEFAULT_DELIVERY},
            {"ref": {"apiVersion": SVC, "kind": "Service", "name": "second"}, "uri": "/v2", "delivery": DEFAULT_DELIVERY},
        ],
    }


def test_every_option_is_rendered():
    dls = Destination.service("dead-letter", NS)
    seq = render(
        steps=[
            SequenceStep(destination=Destination.service("first", NS), delivery=DeliveryPolicy(retry=2, backoff_policy="linear", backoff_delay="PT1S", dead_letter_sink=dls, timeout="PT9S")),
            SequenceStep(destination=Destination.url("https://hooks.example.com/last"), delivery=None),
        ],
        reply=Destination.broker("default", NS),
        channel_template=ChannelTemplate(kind="kafka", kafka=KafkaChannelSettings(num_partitions=6, replication_factor=2, retention_duration="PT24H")),
        sequence_name="orders-pipeline",
        namespace=NS,
    )
    assert seq["metadata"]["name"] == "orders-pipeline" and seq["metadata"]["namespace"] == NS
    assert seq["spec"] == {
        "channelTemplate": {
            "apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
            "spec": {"numPartitions": 6, "replicationFactor": 2, "retentionDuration": "PT24H"},
        },
        "steps": [
            {
                "ref": {"apiVersion": SVC, "kind": "Service", "name": "first", "namespace": NS},
                "delivery": {"retry": 2, "backoffPolicy": "linear", "backoffDelay": "PT1S", "timeout": "PT9S",
                             "deadLetterSink": {"ref": {"apiVersion": SVC, "kind": "Service", "name": "dead-letter", "namespace": NS}}},
            },
            {"uri": "https://hooks.example.com/last"},
        ],
        "reply": {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default", "namespace": NS}},
    }


def test_channel_template_is_the_one_a_channel_renders():
    kafka = KafkaChannelSettings(num_partitions=4)

    def build():
        Channel("c", ChannelArgs(kind="kafka", kafka=kafka))
        Sequence("s", SequenceArgs(steps=[Destination.service("a")], channel_template=ChannelTemplate(kind="kafka", kafka=kafka)))

    record = run_components(build)
    channel = one(objects_of(record, "Channel"))["spec"]["channelTemplate"]
    assert one(objects_of(record, "Sequence"))["spec"]["channelTemplate"] == channel == ChannelTemplate(kind="kafka", kafka=kafka).render()


def test_url_output_is_the_first_step_channel_and_destination_refers_to_the_sequence():
    def build():
        seq = Sequence("enrich", SequenceArgs(steps=[Destination.service("a")], namespace=NS))
        assert seq.destination.render() == {"ref": {"apiVersion": "flows.knative.dev/v1", "kind": "Sequence", "name": "enrich", "namespace": NS}}
        return {"url": seq.url, "name": seq.sequence_name}

    outputs = run_components(build).outputs
    assert outputs == {"url": f"http://enrich-kn-sequence-0-kn-channel.{NS}.svc.cluster.local", "name": "enrich"}


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"steps": []}, "steps", "needs at least one step"),
        ({"steps": "first"}, "steps", "valid list"),
        ({"steps": [{"destination": {}}]}, "steps.0.destination", "needs a ref or a uri"),
        ({"steps": [{"destination": {"uri": "/relative"}}]}, "steps.0.destination", "absolute http(s) URL"),
        ({"steps": [{"destination": {"uri": "http://a.example"}, "delivery": {"retry": -1}}]}, "steps.0.delivery.retry", "greater than or equal to 0"),
        ({"reply": {"uri": "ftp://x"}}, "reply", "absolute http(s) URL"),
        ({"channel_template": {"kind": "nats"}}, "channel_template.kind", "'in-memory' or 'kafka'"),
        ({"channel_template": {"kind": "kafka", "kafka": {"num_partitions": 0}}}, "channel_template.kafka.num_partitions", "greater than or equal to 1"),
        ({"sequence_name": "Bad_Name"}, "sequence_name", "RFC 1123 label"),
        ({"namespace": "a" * 64}, "namespace", "RFC 1123 label"),
    ],
)
def test_bad_args_are_rejected_with_field_value_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        SequenceArgs(**{"steps": [Destination.service("first")], **kwargs})
    assert f"SequenceArgs.{field}" in str(info.value) and fragment in str(info.value)


def test_missing_steps_is_required():
    with pytest.raises(ArgsError, match=r"SequenceArgs\.steps: is required; set it"):
        SequenceArgs()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"steps": [Destination.sequence("loop")]}, "steps.0.destination"),
        ({"steps": [Destination.service("a"), Destination.sequence("loop", NS)], "namespace": NS}, "steps.1.destination"),
        ({"reply": Destination.sequence("loop")}, "reply"),
    ],
)
def test_a_sequence_feeding_itself_is_refused_before_anything_is_registered(kwargs, field):
    args = SequenceArgs(**{"steps": [Destination.service("a")], **kwargs})
    raised = []

    def build():
        try:
            Sequence("loop", args)
        except ArgsError as err:
            raised.append(err)

    record = run_components(build)
    assert len(raised) == 1 and record.resources == []
    assert f"SequenceArgs.{field}: points at the Sequence 'loop' itself" in str(raised[0])
    assert "send it to another" in str(raised[0])


def test_a_same_named_sequence_elsewhere_is_not_itself():
    seq = render("loop", steps=[Destination.sequence("loop", "other")], namespace=NS)
    assert seq["spec"]["steps"][0]["ref"]["namespace"] == "other"


def test_component_name_must_be_a_label_unless_sequence_name_is_set():
    with pytest.raises(ArgsError, match=r"Sequence\.name: must be an RFC 1123 label.*or set sequence_name"):
        Sequence("Not_A_Label", SequenceArgs(steps=[Destination.service("a")]))


@requires_crds
@pytest.mark.parametrize("template", [ChannelTemplate(), ChannelTemplate(kind="kafka")], ids=["in-memory", "kafka"])
def test_sequences_pass_the_strict_crd_check(template):
    validate_object(render(
        steps=[
            SequenceStep(destination=Destination.service("a", path="/x"), delivery=DeliveryPolicy(dead_letter_sink=Destination.url("http://dl.example/x"), timeout="PT5S")),
            SequenceStep(destination=Destination.channel("c"), delivery=None),
        ],
        reply=Destination.broker("default"), channel_template=template, namespace=NS,
    ))
    validate_object(render())
