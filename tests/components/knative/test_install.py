"""KnativeInstall (the Knative Operator's chart + KnativeServing/KnativeEventing), KnativeKafkaInstall
and KnativeGcpInstall (pinned release manifests)."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative.gcp_install import KnativeGcpInstall, KnativeGcpInstallArgs
from eventing_platform.knative.install import KnativeInstall, KnativeInstallArgs
from eventing_platform.knative.kafka_install import KnativeKafkaInstall, KnativeKafkaInstallArgs
from tests.support.offline import objects_of, one, run_components

RELEASE = "kubernetes:helm.sh/v3:Release"
CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup"


@pytest.fixture(scope="module")
def knative():
    return run_components(lambda: KnativeInstall("knative", KnativeInstallArgs()))


def test_the_operator_comes_from_its_pinned_helm_chart(knative):
    release = one(knative.by_type(RELEASE)).inputs
    assert (release["chart"], release["version"], release["repositoryOpts"]) == (
        "knative-operator", "v1.23.0", {"repo": "https://knative.github.io/operator"})
    assert release["namespace"] == "knative-operator" and release["createNamespace"] is True


def test_serving_with_kourier_and_eventing_in_inclusion_mode_are_pinned_and_awaited(knative):
    serving = one(objects_of(knative, "KnativeServing"))
    assert serving["apiVersion"] == "operator.knative.dev/v1beta1"
    assert serving["metadata"]["namespace"] == "knative-serving"
    assert serving["spec"] == {"version": "1.23.0", "ingress": {"kourier": {"enabled": True}},
                               "config": {"network": {"ingress-class": "kourier.ingress.networking.knative.dev"}}}
    eventing = one(objects_of(knative, "KnativeEventing"))
    assert eventing["spec"] == {"version": "1.23.0", "sinkBindingSelectionMode": "inclusion"}
    for obj in (serving, eventing):
        assert obj["metadata"]["annotations"] == {"pulumi.com/waitFor": "condition=Ready"}
    assert {o["metadata"]["name"] for o in objects_of(knative, "Namespace")} == {"knative-serving", "knative-eventing"}


def test_each_knative_resource_waits_for_the_operator_and_its_namespace(knative):
    by_urn = knative.by_urn()
    for token in ("kubernetes:operator.knative.dev/v1beta1:KnativeServing", "kubernetes:operator.knative.dev/v1beta1:KnativeEventing"):
        deps = {by_urn[u].type for u in one(knative.by_type(token)).dependencies}
        assert deps == {RELEASE, "kubernetes:core/v1:Namespace"}


@pytest.mark.parametrize(("args", "kinds", "provides"), [
    (KnativeInstallArgs(eventing=False), ["KnativeServing"], ("knative-operator", "knative-serving")),
    (KnativeInstallArgs(serving=False), ["KnativeEventing"], ("knative-operator", "knative-eventing")),
])
def test_serving_or_eventing_alone(args, kinds, provides):
    record = run_components(lambda: KnativeInstall("k", args))
    assert sorted(o["kind"] for o in objects_of(record, "KnativeServing") + objects_of(record, "KnativeEventing")) == kinds
    assert args.provides == provides


@pytest.mark.parametrize(("values", "field"), [
    ({"serving": False, "eventing": False}, "serving"),
    ({"version": "latest"}, "version"),
    ({"chart_repository": "ftp://x"}, "chart_repository"),
    ({"ingress": "nginx"}, "ingress"),
])
def test_bad_install_args_name_the_field(values, field):
    with pytest.raises(ArgsError) as info:
        KnativeInstallArgs(**values)
    assert field in str(info.value)


@pytest.mark.parametrize(("parts", "files", "provides"), [
    ({"source": True}, ["eventing-kafka-controller.yaml", "eventing-kafka-source.yaml"], ("eventing-kafka-source",)),
    ({"channel": True, "broker": True}, ["eventing-kafka-controller.yaml", "eventing-kafka-channel.yaml", "eventing-kafka-broker.yaml"],
     ("eventing-kafka-channel", "eventing-kafka-broker")),
])
def test_kafka_installs_the_control_plane_then_each_data_plane_of_one_release(parts, files, provides):
    args = KnativeKafkaInstallArgs(**parts)
    record = run_components(lambda: KnativeKafkaInstall("kafka", args))
    urls = one(record.by_type(CONFIG_GROUP)).inputs["files"]
    assert [u.rsplit("/", 1)[-1] for u in urls] == files
    assert all(u.startswith("https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.23.0/") for u in urls)
    assert args.provides == provides


def test_kafka_manifests_come_from_a_mirror_when_asked():
    args = KnativeKafkaInstallArgs(source=True, release_url="https://mirror.example.com/kafka", version="1.22.3")
    assert args.files[0] == "https://mirror.example.com/kafka/knative-v1.22.3/eventing-kafka-controller.yaml"


@pytest.mark.parametrize("values", [{}, {"source": True, "release_url": "https://mirror.example.com/"}, {"source": True, "version": "1.23"}])
def test_bad_kafka_install_args_are_refused(values):
    with pytest.raises(ArgsError):
        KnativeKafkaInstallArgs(**values)


def test_knative_gcp_is_its_last_release_manifest():
    record = run_components(lambda: KnativeGcpInstall("gcp", KnativeGcpInstallArgs()))
    assert one(record.by_type(CONFIG_GROUP)).inputs["files"] == [
        "https://github.com/google/knative-gcp/releases/download/v0.23.0/cloud-run-events.yaml"]
