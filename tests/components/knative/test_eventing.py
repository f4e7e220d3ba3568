"""Channel, Subscription, ApiServerSource, DeliveryPolicy and Destination."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    ApiServerResource,
    ApiServerSource,
    ApiServerSourceArgs,
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    KafkaChannelSettings,
    Subscription,
    SubscriptionArgs,
)
from eventing_platform.knative.sources.apiserver import resource_plural
from tests.support.crds import requires_crds
from tests.support.offline import objects_of, one, run_components

DLS = Destination.service("dead-letter", "apps")


def test_delivery_defaults_are_reliable_retries_with_exponential_backoff():
    assert DeliveryPolicy().render() == {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"}


def test_delivery_renders_dead_letter_sink_and_timeout():
    rendered = DeliveryPolicy(retry=3, backoff_policy="linear", backoff_delay="PT2S", dead_letter_sink=DLS, timeout="PT10S").render()
    assert rendered == {
        "retry": 3, "backoffPolicy": "linear", "backoffDelay": "PT2S", "timeout": "PT10S",
        "deadLetterSink": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dead-letter", "namespace": "apps"}},
    }


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"backoff_delay": "2s"}, "ISO-8601"),
        ({"backoff_delay": "P"}, "ISO-8601"),
        ({"backoff_delay": "PT\u0665S"}, "ISO-8601"),  # an Arabic-Indic five
        ({"backoff_policy": "random"}, "'linear' or 'exponential'"),
        ({"retry": -1}, "greater than or equal to 0"),
    ],
)
def test_delivery_rejects_bad_values(kwargs, fragment):
    with pytest.raises(ArgsError, match="DeliveryPolicy") as info:
        DeliveryPolicy(**kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (lambda: Destination.service("svc", path="/unzip"), {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "svc"}, "uri": "/unzip"}),
        (lambda: Destination.kubernetes_service("svc", "ns"), {"ref": {"apiVersion": "v1", "kind": "Service", "name": "svc", "namespace": "ns"}}),
        (lambda: Destination.channel("ch"), {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "ch"}}),
        (lambda: Destination.broker("default"), {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default"}}),
        (lambda: Destination.url("https://example.com/hook"), {"uri": "https://example.com/hook"}),
    ],
)
def test_destination_factories_render_refs_and_uris(factory, expected):
    assert factory().render() == expected


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({}, "needs a ref or a uri"),
        ({"uri": "/relative"}, "absolute http(s) URL"),
        ({"uri": "ftp://host/x"}, "absolute http(s) URL"),
        ({"ref": {"api_version": "v1", "kind": "Service", "name": "s"}, "uri": "http://other/x"}, "relative path"),
        ({"ref": {"api_version": "v1", "kind": "Service", "name": "Bad_Name"}}, "RFC 1123 subdomain"),
    ],
)
def test_destination_rejects_ambiguous_or_malformed_targets(kwargs, fragment):
    with pytest.raises(ArgsError) as info:
        Destination(**kwargs)
    assert fragment in str(info.value)


def test_in_memory_channel_uses_the_imc_template_and_delivery():
    record = run_components(lambda: Channel("events", ChannelArgs(namespace="apps", delivery=DeliveryPolicy(dead_letter_sink=DLS))))
    ch = one(objects_of(record, "Channel"))
    assert ch["spec"]["channelTemplate"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}
    assert ch["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"


def test_kafka_channel_uses_the_kafka_template_with_topic_settings():
    args = ChannelArgs(kind="kafka", kafka=KafkaChannelSettings(num_partitions=6, replication_factor=3, retention_duration="PT24H"))
    record = run_components(lambda: Channel("events", args))
    template = one(objects_of(record, "Channel"))["spec"]["channelTemplate"]
    assert template == {
        "apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
        "spec": {"numPartitions": 6, "replicationFactor": 3, "retentionDuration": "PT24H"},
    }


def test_channel_url_output_is_its_address():
    record = run_components(lambda: {"url": Channel("events", ChannelArgs(namespace="apps")).url})
    assert record.outputs["url"] == "http://events-kn-channel.apps.svc.cluster.local"


def test_channel_rejects_unknown_kind():
    with pytest.raises(ArgsError, match="ChannelArgs.kind.*'in-memory' or 'kafka'"):
        ChannelArgs(kind="nats")


def test_subscription_links_channel_subscriber_reply_and_delivery():
    args = SubscriptionArgs(
        channel=Destination.channel("events").ref, subscriber=Destination.service("app"),
        reply=Destination.channel("replies"), delivery=DeliveryPolicy(dead_letter_sink=DLS), namespace="apps",
    )
    sub = one(objects_of(run_components(lambda: Subscription("app-sub", args)), "Subscription"))
    assert sub["spec"]["channel"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "events"}
    assert sub["spec"]["subscriber"] == {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "app"}}
    assert sub["spec"]["reply"]["ref"]["name"] == "replies"
    assert sub["spec"]["delivery"]["retry"] == 5


def test_subscription_requires_channel_and_subscriber():
    with pytest.raises(ArgsError) as info:
        SubscriptionArgs()
    assert "SubscriptionArgs.channel: is required" in str(info.value)
    assert "SubscriptionArgs.subscriber: is required" in str(info.value)


def test_apiserversource_watches_events_in_reference_mode_by_default():
    args = ApiServerSourceArgs(sink=Destination.channel("events"), service_account_name="events-sa", namespace="apps")
    src = one(objects_of(run_components(lambda: ApiServerSource("k8sevents", args)), "ApiServerSource"))
    assert src["apiVersion"] == "sources.knative.dev/v1"
    assert src["spec"] == {
        "mode": "Reference",
        "resources": [{"apiVersion": "v1", "kind": "Event"}],
        "serviceAccountName": "events-sa",
        "sink": {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "events"}},
    }


def test_apiserversource_access_needs_are_exactly_read_verbs_per_group():
    args = ApiServerSourceArgs(
        sink=Destination.channel("events"), service_account_name="sa",
        resources=[ApiServerResource(kind="Event"), ApiServerResource(kind="Pod", match_labels={"app": "x"}), ApiServerResource(api_version="apps/v1", kind="Deployment")],
    )
    assert [n.render() for n in args.access_needs()] == [
        {"apiGroups": [""], "resources": ["events", "pods"], "verbs": ["get", "list", "watch"]},
        {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list", "watch"]},
    ]


@pytest.mark.parametrize(("kind", "plural"), [("Event", "events"), ("Policy", "policies"), ("Ingress", "ingresses"), ("Endpoints", "endpoints"), ("Gateway", "gateways")])
def test_resource_plural(kind, plural):
    assert resource_plural(kind) == plural


def test_apiserversource_rejects_empty_resources_and_bad_mode():
    with pytest.raises(ArgsError) as info:
        ApiServerSourceArgs(sink=Destination.channel("e"), service_account_name="sa", resources=[], mode="Full")
    message = str(info.value)
    assert "ApiServerSourceArgs.resources" in message and "ApiServerSourceArgs.mode" in message


@requires_crds
def test_eventing_objects_are_valid_under_strict_crd_schemas():
    def build():
        Channel("a", ChannelArgs(kind="kafka", delivery=DeliveryPolicy(dead_letter_sink=DLS, timeout="PT5S")))
        Channel("b", ChannelArgs())
        Subscription("s", SubscriptionArgs(channel=Destination.channel("a").ref, subscriber=Destination.service("x", path="/p"), reply=Destination.url("http://r.example/x")))
        ApiServerSource("src", ApiServerSourceArgs(sink=Destination.channel("a"), service_account_name="sa", resources=[ApiServerResource(kind="Pod", match_labels={"a": "b"})]))

    from tests.support.crds import validate_all

    assert validate_all(run_components(build)) == 4


@pytest.mark.parametrize(("watched", "selector"), [
    (None, None),
    (["*"], {}),
    (["b", "a"], {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["a", "b"]}]}),
])
def test_apiserversource_namespace_selector_follows_the_watched_namespaces(watched, selector):
    args = ApiServerSourceArgs(sink=Destination.channel("events"), service_account_name="sa", namespace="apps", watched_namespaces=watched)
    spec = one(objects_of(run_components(lambda: ApiServerSource("src", args)), "ApiServerSource"))["spec"]
    assert spec.get("namespaceSelector") == selector
    if selector is None:
        assert "namespaceSelector" not in spec


@pytest.mark.parametrize("watched", [[], ["*", "a"], ["a", "a"], ["Not Valid"]])
def test_apiserversource_rejects_bad_watched_namespaces(watched):
    with pytest.raises(ArgsError, match="watched_namespaces"):
        ApiServerSourceArgs(sink=Destination.channel("events"), service_account_name="sa", watched_namespaces=watched)
