"""The prerequisite installs: which install provides which kind, how a planned program shows an
install, what an object needs beyond its kind, and the ``provided_kinds`` declaration format."""

from __future__ import annotations

import pytest

from eventing_platform.kinds import KINDS, kinds_where
from eventing_platform.kinds.installs import (
    INSTALLS,
    STATUSES,
    install_of,
    installs_by_addon,
    installs_by_chart,
    installs_by_manifest,
    installs_by_operator_resource,
    object_requirements,
    parse_provided,
    parse_provided_entry,
)


def test_every_install_has_a_unique_id_a_known_status_and_a_fix():
    ids = [i.id for i in INSTALLS]
    assert len(ids) == len(set(ids))
    assert all(i.status in STATUSES and i.how and i.title for i in INSTALLS)


def test_every_provided_by_names_a_known_install():
    assert [k.group_kind for k in KINDS if k.provided_by and install_of(k.provided_by) is None] == []


def test_every_custom_kind_with_a_component_says_which_install_provides_it():
    custom = [k.group_kind for k in KINDS if not k.builtin and not k.cluster_scoped]
    assert [gk for gk in custom if not next(k for k in KINDS if k.group_kind == gk).provided_by] == []


def test_builtin_kinds_need_no_install():
    assert [k.group_kind for k in kinds_where(builtin=True) if k.provided_by] == []


@pytest.mark.parametrize(("chart", "expected"), [
    ("knative-operator", ["knative-operator"]),
    ("knative-operator/knative-operator", ["knative-operator"]),
    ("https://github.com/knative/operator/releases/download/knative-v1.23.0/knative-operator-v1.23.0.tgz", ["knative-operator"]),
    ("oci://registry.example.com/charts/knative-operator:v1.23.0", ["knative-operator"]),
    ("cert-manager", ["cert-manager"]),
    ("nginx", []),
])
def test_helm_charts_are_recognised_by_name_repo_url_or_oci_reference(chart, expected):
    assert [i.id for i in installs_by_chart(chart)] == expected


@pytest.mark.parametrize(("path", "expected"), [
    ("https://github.com/knative/serving/releases/download/knative-v1.23.0/serving-core.yaml", ["knative-serving"]),
    ("manifests/eventing-crds.yaml", ["knative-eventing"]),
    ("https://github.com/knative-extensions/eventing-kafka-broker/releases/download/knative-v1.23.0/eventing-kafka-source.yaml",
     ["eventing-kafka-source"]),
    ("eventing-kafka.yaml", ["eventing-kafka-source", "eventing-kafka-channel", "eventing-kafka-broker"]),
    ("eventing-kafka-controller.yaml", []),
    ("app.yaml", []),
])
def test_release_manifests_are_recognised_by_file_name(path, expected):
    assert [i.id for i in installs_by_manifest(path)] == expected


def test_the_ack_knative_addon_installs_serving_and_eventing():
    assert [i.id for i in installs_by_addon("knative")] == ["knative-serving", "knative-eventing"]
    assert installs_by_addon("metrics-server") == ()


@pytest.mark.parametrize(("kind", "spec", "expected"), [
    ("KnativeServing", {}, ["knative-serving"]),
    ("KnativeEventing", {}, ["knative-eventing"]),
    ("KnativeEventing", {"source": {"kafka": {"enabled": True}}}, ["knative-eventing", "eventing-kafka-source"]),
    ("KnativeEventing", {"source": {"kafka": {"enabled": False}}}, ["knative-eventing"]),
])
def test_operator_resources_install_serving_eventing_and_switched_sources(kind, spec, expected):
    assert [i.id for i in installs_by_operator_resource(kind, {"spec": spec})] == expected


@pytest.mark.parametrize(("group", "kind", "obj", "expected"), [
    ("eventing.knative.dev", "Broker", {"metadata": {"annotations": {"eventing.knative.dev/broker.class": "Kafka"}}}, ("eventing-kafka-broker",)),
    ("eventing.knative.dev", "Broker", {"metadata": {"annotations": {"eventing.knative.dev/broker.class": "MTChannelBasedBroker"}}}, ()),
    ("messaging.knative.dev", "Channel", {"spec": {"channelTemplate": {"apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel"}}},
     ("eventing-kafka-channel",)),
    ("messaging.knative.dev", "Channel", {"spec": {"channelTemplate": {"kind": "InMemoryChannel"}}}, ()),
    ("serving.knative.dev", "Service", {}, ()),
])
def test_objects_need_the_install_of_their_implementation(group, kind, obj, expected):
    assert object_requirements(group, kind, obj) == expected


def test_declarations_take_install_ids_and_group_kinds():
    declared = parse_provided(["knative-serving", "sources.knative.dev/KafkaSource", "events.cloud.google.com/*"])
    assert declared.installs == {"knative-serving"}
    assert declared.provides_kind("sources.knative.dev", "KafkaSource")
    assert declared.provides_kind("events.cloud.google.com", "CloudPubSubSource")
    assert not declared.provides_kind("sources.knative.dev", "PingSource")


@pytest.mark.parametrize("entry", ["knative", "KafkaSource", "sources/KafkaSource", "sources.knative.dev/kafkasource", "v1/Pod", ""])
def test_a_bad_declaration_entry_names_itself_and_the_allowed_forms(entry):
    with pytest.raises(ValueError, match="install id .*'<group>/<Kind>'"):
        parse_provided_entry(entry)
