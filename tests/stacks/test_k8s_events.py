"""k8s-events (seed 004) on current Knative APIs: the seed's wiring, pinned."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import extract_graph, find_loops
from eventing_platform.errors import ArgsError
from stacks.config import parse_config
from stacks.k8s_events import Config
from tests.support.offline import objects_of, one, plan

NS = "k8s-events"
WATCHED = "k8s-events-watched"


def test_service_account_role_and_binding_match_the_seed(k8s_events_dev):
    sa = [o["metadata"]["name"] for o in objects_of(k8s_events_dev, "ServiceAccount")]
    assert "events-sa" in sa
    role = one(objects_of(k8s_events_dev, "Role"))
    assert role["metadata"]["name"] == "event-watcher" and role["metadata"]["namespace"] == WATCHED
    assert role["rules"] == [{"apiGroups": [""], "resources": ["events"], "verbs": ["get", "list", "watch"]}]
    binding = one(objects_of(k8s_events_dev, "RoleBinding"))
    assert binding["metadata"]["name"] == "k8s-ra-event-watcher" and binding["metadata"]["namespace"] == WATCHED
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "events-sa", "namespace": NS}]


def test_apiserversource_watches_events_into_the_channel(k8s_events_dev):
    src = one(objects_of(k8s_events_dev, "ApiServerSource"))
    assert src["apiVersion"] == "sources.knative.dev/v1"
    assert src["metadata"]["name"] == "k8sevents"
    assert src["spec"]["serviceAccountName"] == "events-sa"
    assert src["spec"]["resources"] == [{"apiVersion": "v1", "kind": "Event"}]
    assert src["spec"]["mode"] == "Reference" and src["metadata"]["namespace"] == NS
    assert src["spec"]["namespaceSelector"] == {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "In", "values": [WATCHED]}]}
    assert src["spec"]["sink"]["ref"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "knative-eventing-demo-channel", "namespace": NS}


def test_subscription_delivers_the_channel_to_the_demo_service_with_a_dead_letter(k8s_events_dev):
    sub = one(objects_of(k8s_events_dev, "Subscription"))
    assert sub["apiVersion"] == "messaging.knative.dev/v1"
    assert sub["spec"]["channel"]["name"] == "knative-eventing-demo-channel"
    assert sub["spec"]["subscriber"]["ref"] == {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "knative-eventing-demo", "namespace": NS}
    assert sub["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"


def test_demo_service_is_pinned_bounded_and_runs_as_its_own_account(k8s_events_dev):
    services = {o["metadata"]["name"]: o for o in objects_of(k8s_events_dev, "Service") if o["apiVersion"] == "serving.knative.dev/v1"}
    demo = services["knative-eventing-demo"]
    container = one(demo["spec"]["template"]["spec"]["containers"])
    assert not container["image"].endswith(":latest") and ":" in container["image"]
    assert demo["spec"]["template"]["spec"]["serviceAccountName"] == "knative-eventing-demo"
    assert demo["spec"]["template"]["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "5"
    assert "dead-letter" in services


def test_every_object_lives_in_the_dedicated_namespace(k8s_events_dev):
    from eventing_platform.engine.artefacts import manifests

    for obj in manifests(k8s_events_dev):
        if obj["kind"] in ("Namespace", "KnativeServing", "KnativeEventing"):  # cluster-scoped, or the Knative install's own
            continue
        expected = WATCHED if obj["kind"] in ("Role", "RoleBinding") else NS  # the source's grants live where it watches
        assert obj["metadata"]["namespace"] == expected, obj["metadata"]["name"]


def test_the_default_layout_watches_a_namespace_the_stack_creates_and_has_no_loop(k8s_events_dev):
    namespaces = {o["metadata"]["name"]: o for o in objects_of(k8s_events_dev, "Namespace")}
    assert namespaces[WATCHED]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    assert find_loops(extract_graph(k8s_events_dev)) == []


@pytest.mark.parametrize(("config", "certain"), [
    ({"watched_namespaces": f'["{NS}"]'}, True),
    ({"watched_namespaces": '["*"]'}, True),
    ({"watched_namespaces": f'["{NS}"]', "mode": "Resource"}, True),
    ({"watched_namespaces": f'["{NS}"]', "min_scale": "1"}, False),
])
def test_a_subscriber_in_a_watched_namespace_is_reported_as_a_loop(config, certain):
    (loop,) = find_loops(extract_graph(plan("k8s-events", config=config)))
    assert loop.kind == "cluster" and loop.certain is certain
    assert "ApiServerSource k8sevents watches Event" in loop.message and "knative-eventing-demo" in loop.message
    assert "fix: watch namespaces the subscriber does not run in" in loop.message


def test_the_seed_layout_watching_default_in_resource_mode_creates_no_namespace_there():
    record = plan("k8s-events", config={"watched_namespaces": '["default"]', "mode": "Resource"})
    assert "default" not in {o["metadata"]["name"] for o in objects_of(record, "Namespace")}
    src = one(objects_of(record, "ApiServerSource"))
    assert src["spec"]["mode"] == "Resource"
    assert one(objects_of(record, "Role"))["metadata"]["namespace"] == "default"
    assert find_loops(extract_graph(record)) == []


def test_watching_every_namespace_grants_a_cluster_role_and_creates_no_namespace():
    record = plan("k8s-events", config={"watched_namespaces": '["*"]'})
    assert one(objects_of(record, "ApiServerSource"))["spec"]["namespaceSelector"] == {}
    assert one(objects_of(record, "ClusterRoleBinding"))["subjects"] == [{"kind": "ServiceAccount", "name": "events-sa", "namespace": NS}]
    assert not objects_of(record, "Role")
    assert {o["metadata"]["name"] for o in objects_of(record, "Namespace")} == {NS, "knative-serving", "knative-eventing"}


def test_create_namespace_false_renders_no_namespace_of_the_stack():
    record = plan("k8s-events", config={"create_namespace": "false", "create_watched_namespaces": "false"})
    assert {o["metadata"]["name"] for o in objects_of(record, "Namespace")} == {"knative-serving", "knative-eventing"}


@pytest.mark.parametrize(("stage", "template_kind"), [("dev", "InMemoryChannel"), ("prod", "KafkaChannel")])
def test_stage_picks_the_channel_implementation(stage, template_kind, k8s_events_dev, k8s_events_prod):
    record = k8s_events_dev if stage == "dev" else k8s_events_prod
    assert one(objects_of(record, "Channel"))["spec"]["channelTemplate"]["kind"] == template_kind


def test_children_have_parents_in_the_plan(k8s_events_dev):
    components = {r.urn for r in k8s_events_dev.resources if not r.custom}
    custom = [r for r in k8s_events_dev.resources if r.custom]
    assert custom and all(r.parent in components for r in custom)


def test_kubeconfig_creates_an_explicit_secret_provider():
    record = plan("k8s-events", secrets={"kubeconfig": "apiVersion: v1\nkind: Config\n"})
    provider = one(record.by_type("pulumi:providers:kubernetes"))
    assert provider.masked_inputs()["kubeconfig"] == "[secret]"
    assert all(r.provider and r.provider.startswith(provider.urn) for r in record.resources if r.custom and r.type.startswith("kubernetes:") and r.type != "pulumi:providers:kubernetes")


def test_dead_letter_uri_replaces_the_dead_letter_service():
    record = plan("k8s-events", config={"dead_letter_uri": "https://dlq.example.com/events"})
    names = [o["metadata"]["name"] for o in objects_of(record, "Service") if o["apiVersion"] == "serving.knative.dev/v1"]
    assert names == ["knative-eventing-demo"]
    assert one(objects_of(record, "Channel"))["spec"]["delivery"]["deadLetterSink"] == {"uri": "https://dlq.example.com/events"}


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"namespace": "Not_A_Valid_Name!"}, "namespace: must be an RFC 1123 label"),
        ({"channel": "nats"}, "channel: Input should be 'in-memory' or 'kafka'"),
        ({"stage": "prod", "channel": "in-memory"}, "dev only"),
        ({"image": "docker.io/gswk/knative-eventing-demo:latest"}, "image: uses ':latest'"),
        ({"min_scale": "9", "max_scale": "3"}, "min_scale (9) is above max_scale (3)"),
        ({"delivery_retry": "0"}, "delivery_retry: Input should be greater than or equal to 1"),
        ({"delivery_backoff_delay": "soon"}, "ISO-8601"),
        ({"namspace": "x"}, "namspace: is not a config key of this stack"),
        ({"namespace": "kube-system"}, "namespace: is a system namespace"),
        ({"namespace": "knative-eventing"}, "namespace: is a system namespace"),
        ({"namespace": "default"}, "namespace: is a system namespace"),
        ({"watched_namespaces": '["*", "a"]'}, "'*' watches every namespace; list it alone"),
        ({"watched_namespaces": '["Bad!"]'}, "must be an RFC 1123 label"),
        ({"mode": "Full"}, "mode: Input should be 'Reference' or 'Resource'"),
    ],
)
def test_bad_config_is_reported_per_key(values, fragment):
    with pytest.raises(ArgsError) as info:
        parse_config(Config, values)
    assert fragment in str(info.value)


def test_a_cross_key_problem_names_the_keys_it_is_about():
    with pytest.raises(ArgsError) as info:
        parse_config(Config, {"min_scale": "9", "max_scale": "3"})
    assert [p.field for p in info.value.problems] == ["min_scale, max_scale"]
