"""Parallel: branches (filter, subscriber, reply, delivery), channel template, reply."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    ChannelTemplate,
    DeliveryPolicy,
    Destination,
    Parallel,
    ParallelArgs,
    ParallelBranch,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

NS = "fanout"
SVC = "serving.knative.dev/v1"
DEFAULT_DELIVERY = {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"}


def ref(name: str, kind: str = "Service", api: str = SVC, namespace: str | None = None) -> dict:
    out = {"apiVersion": api, "kind": kind, "name": name}
    if namespace:
        out["namespace"] = namespace
    return out


def render(name: str = "split", **kwargs) -> dict:
    args = ParallelArgs(**{"branches": [ParallelBranch(subscriber=Destination.service("all"))], **kwargs})
    return one(objects_of(run_components(lambda: Parallel(name, args)), "Parallel"))


def test_minimal_parallel_has_one_unfiltered_branch_with_reliable_delivery():
    par = render()
    assert (par["apiVersion"], par["kind"], par["metadata"]["name"]) == ("flows.knative.dev/v1", "Parallel", "split")
    assert par["spec"] == {
        "channelTemplate": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"},
        "branches": [{"subscriber": {"ref": ref("all")}, "delivery": DEFAULT_DELIVERY}],
    }


def test_every_option_is_rendered():
    par = render(
        branches=[
            ParallelBranch(
                filter=Destination.service("only-even", NS, path="/filter"),
                subscriber=Destination.service("evens", NS),
                reply=Destination.channel("even-results", NS),
                delivery=DeliveryPolicy(retry=1, dead_letter_sink=Destination.service("dead-letter", NS)),
            ),
            ParallelBranch(subscriber=Destination.url("https://audit.example.com/in"), delivery=None),
        ],
        reply=Destination.broker("default", NS),
        channel_template=ChannelTemplate(kind="kafka"),
        parallel_name="numbers",
        namespace=NS,
    )
    assert par["metadata"]["name"] == "numbers" and par["metadata"]["namespace"] == NS
    assert par["spec"] == {
        "channelTemplate": {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
                            "spec": {"numPartitions": 3, "replicationFactor": 3, "retentionDuration": "PT168H"}},
        "branches": [
            {
                "filter": {"ref": ref("only-even", namespace=NS), "uri": "/filter"},
                "subscriber": {"ref": ref("evens", namespace=NS)},
                "reply": {"ref": ref("even-results", "Channel", "messaging.knative.dev/v1", NS)},
                "delivery": {"retry": 1, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S",
                             "deadLetterSink": {"ref": ref("dead-letter", namespace=NS)}},
            },
            {"subscriber": {"uri": "https://audit.example.com/in"}},
        ],
        "reply": {"ref": ref("default", "Broker", "eventing.knative.dev/v1", NS)},
    }


def test_url_output_is_the_ingress_channel_and_destination_refers_to_the_parallel():
    def build():
        par = Parallel("split", ParallelArgs(branches=[ParallelBranch(subscriber=Destination.service("a"))], namespace=NS))
        assert par.destination.render() == {"ref": ref("split", "Parallel", "flows.knative.dev/v1", NS)}
        return {"url": par.url, "name": par.parallel_name}

    assert run_components(build).outputs == {"url": f"http://split-kn-parallel-kn-channel.{NS}.svc.cluster.local", "name": "split"}


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"branches": []}, "branches", "needs at least one branch"),
        ({"branches": [{}]}, "branches.0.subscriber", "is required"),
        ({"branches": [{"subscriber": {}}]}, "branches.0.subscriber", "needs a ref or a uri"),
        ({"branches": [{"subscriber": {"uri": "http://a.example"}, "filter": {"uri": "relative"}}]}, "branches.0.filter", "absolute http(s) URL"),
        ({"branches": [{"subscriber": {"uri": "http://a.example"}, "delivery": {"backoff_delay": "1s"}}]}, "branches.0.delivery.backoff_delay", "ISO-8601"),
        ({"branches": [{"subscriber": {"uri": "http://a.example"}, "when": "x"}]}, "branches.0.when", "not a known field"),
        ({"reply": {}}, "reply", "needs a ref or a uri"),
        ({"channel_template": {"kind": "memory"}}, "channel_template.kind", "'in-memory' or 'kafka'"),
        ({"parallel_name": "-bad"}, "parallel_name", "RFC 1123 label"),
    ],
)
def test_bad_args_are_rejected_with_field_value_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        ParallelArgs(**{"branches": [ParallelBranch(subscriber=Destination.service("a"))], **kwargs})
    assert f"ParallelArgs.{field}" in str(info.value) and fragment in str(info.value)


@pytest.mark.parametrize(
    ("branch", "reply", "field"),
    [
        ({"subscriber": Destination.parallel("split")}, None, "branches.0.subscriber"),
        ({"subscriber": Destination.service("a"), "filter": Destination.parallel("split")}, None, "branches.0.filter"),
        ({"subscriber": Destination.service("a"), "reply": Destination.parallel("split")}, None, "branches.0.reply"),
        ({"subscriber": Destination.service("a")}, Destination.parallel("split"), "reply"),
    ],
)
def test_a_parallel_feeding_itself_is_refused_before_anything_is_registered(branch, reply, field):
    args = ParallelArgs(branches=[ParallelBranch(**branch)], reply=reply)
    raised = []

    def build():
        try:
            Parallel("split", args)
        except ArgsError as err:
            raised.append(err)

    record = run_components(build)
    assert len(raised) == 1 and record.resources == []
    assert f"ParallelArgs.{field}: points at the Parallel 'split' itself" in str(raised[0])


@requires_crds
def test_parallels_pass_the_strict_crd_check():
    validate_object(render())
    validate_object(render(
        branches=[
            ParallelBranch(filter=Destination.service("f"), subscriber=Destination.service("s", path="/in"), reply=Destination.channel("r"),
                           delivery=DeliveryPolicy(dead_letter_sink=Destination.service("dl"), timeout="PT3S")),
            ParallelBranch(subscriber=Destination.url("http://x.example/y"), delivery=None),
        ],
        reply=Destination.broker("default"), channel_template=ChannelTemplate(kind="kafka"), namespace=NS,
    ))
