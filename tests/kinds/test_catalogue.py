"""The catalogue of kinds: one entry per kind, and what each says about pod templates, scope,
flow nodes, sources and apply order."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eventing_platform.kinds import (
    CLUSTER_SCOPED_KINDS,
    KINDS,
    POD_TEMPLATE_KINDS,
    SOURCE_KINDS,
    apply_rank,
    kind_of,
    kind_of_token,
    kinds_where,
    known_kind,
)


def test_every_kind_has_one_entry_and_at_least_one_version():
    keys = [k.group_kind for k in KINDS]
    assert len(keys) == len(set(keys))
    assert all(k.versions and k.kind for k in KINDS)


def test_pod_template_kinds_are_the_knative_and_kubernetes_workloads():
    assert {
        ("serving.knative.dev", "Service"), ("serving.knative.dev", "Configuration"),
        ("sources.knative.dev", "ContainerSource"),
        ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("apps", "ReplicaSet"),
        ("batch", "Job"), ("batch", "CronJob"), ("", "Pod"), ("", "ReplicationController"),
    } == POD_TEMPLATE_KINDS


@pytest.mark.parametrize(("token", "obj", "spec"), [
    ("kubernetes:apps/v1:Deployment", {"spec": {"template": {"spec": {"containers": ["d"]}}}}, {"containers": ["d"]}),
    ("kubernetes:batch/v1:CronJob", {"spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": ["c"]}}}}}}, {"containers": ["c"]}),
    ("kubernetes:core/v1:Pod", {"spec": {"containers": ["p"]}}, {"containers": ["p"]}),
    ("kubernetes:serving.knative.dev/v1:Configuration", {"spec": {"template": {"spec": {"containers": ["k"]}}}}, {"containers": ["k"]}),
    ("kubernetes:core/v1:ConfigMap", {"spec": {"template": {"spec": {}}}}, None),
    ("kubernetes:apps/v1:Deployment", {"spec": "odd"}, None),
])
def test_pod_spec_is_read_where_the_kind_keeps_it(token, obj, spec):
    kind = kind_of_token(token)
    assert kind is not None
    assert kind.pod_spec_of(obj) == spec


@pytest.mark.parametrize(("group", "kind", "template"), [
    ("", "Pod", ()), ("apps", "Deployment", ("spec", "template")),
    ("batch", "CronJob", ("spec", "jobTemplate", "spec", "template")), ("", "ConfigMap", None),
])
def test_pod_template_path_is_the_pod_spec_path_less_its_last_step(group, kind, template):
    assert known_kind(group, kind).pod_template == template


@pytest.mark.parametrize(("group", "kind", "builtin"), [
    ("", "Pod", True), ("apps", "Deployment", True), ("rbac.authorization.k8s.io", "Role", True),
    ("serving.knative.dev", "Service", False), ("events.cloud.google.com", "CloudPubSubSource", False),
])
def test_builtin_tells_kubernetes_kinds_from_custom_resources(group, kind, builtin):
    assert known_kind(group, kind).builtin is builtin


def test_cluster_scoped_kinds_include_namespace_and_rbac_cluster_kinds_only():
    assert {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"} <= CLUSTER_SCOPED_KINDS
    assert not {"Role", "RoleBinding", "Service", "Broker", "Deployment"} & CLUSTER_SCOPED_KINDS


def test_sources_say_what_they_emit():
    assert {k.group_kind for k in KINDS if k.emits is not None} == SOURCE_KINDS
    ping = known_kind("sources.knative.dev", "PingSource")
    assert ping.emits is not None
    assert ping.emits.types == ("dev.knative.sources.ping",)
    assert ping.emits.source_of(namespace="ns", name="p") == "/apis/v1/namespaces/ns/pingsources/p"
    apiserver = known_kind("sources.knative.dev", "ApiServerSource").emits
    assert apiserver is not None and "dev.knative.apiserver.ref.add" in apiserver.types


@pytest.mark.parametrize(("group", "kind", "node"), [
    ("serving.knative.dev", "Service", "knative-service"), ("", "Service", "kubernetes-service"),
    ("eventing.knative.dev", "Broker", "broker"), ("messaging.knative.dev", "KafkaChannel", "channel"),
    ("flows.knative.dev", "Parallel", "parallel"), ("apps", "Deployment", "workload"),
    ("sources.eventing.knative.dev", "RocketMQSource", "rocketmq-source"), ("", "ConfigMap", None),
])
def test_each_kind_names_its_flow_node(group, kind, node):
    assert known_kind(group, kind).node_kind == node


def test_apply_order_puts_namespaces_first_and_unranked_kinds_last():
    order = ["Namespace", "CustomResourceDefinition", "ServiceAccount", "Secret", "ConfigMap",
             "ClusterRole", "Role", "ClusterRoleBinding", "RoleBinding"]
    assert [apply_rank(k) for k in order] == list(range(len(order)))
    assert apply_rank("Service") == apply_rank("Trigger") == len(order)


def test_lookups_answer_none_for_unknown_kinds_and_known_kind_raises():
    assert kind_of("example.com", "Widget") is None
    assert kind_of(None, "Pod") is None
    assert kind_of_token("kubernetes:yaml:ConfigFile") is None
    with pytest.raises(KeyError):
        known_kind("example.com", "Widget")


def test_kinds_where_selects_by_what_is_set():
    assert {k.kind for k in kinds_where(delivery_parent=True)} == {"Trigger", "Subscription"}
    assert all(not k.builtin for k in kinds_where(address=True, builtin=False))


def test_the_catalogue_imports_no_pulumi_and_no_cloud_sdk():
    code = (
        "import sys; import eventing_platform.kinds\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pulumi', 'pulumi_kubernetes', 'pulumi_alicloud', 'pulumi_gcp', 'pydantic'))\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
