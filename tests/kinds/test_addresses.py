"""Address conventions of the addressable kinds."""

from __future__ import annotations

import pytest

from eventing_platform.kinds import addresses, known_kind


@pytest.mark.parametrize(("group", "kind", "url"), [
    ("eventing.knative.dev", "Broker", "http://broker-ingress.knative-eventing.svc.cluster.local/ns/b"),
    ("messaging.knative.dev", "Channel", "http://b-kn-channel.ns.svc.cluster.local"),
    ("messaging.knative.dev", "InMemoryChannel", "http://b-kn-channel.ns.svc.cluster.local"),
    ("messaging.knative.dev", "KafkaChannel", "http://b-kn-channel.ns.svc.cluster.local"),
    ("flows.knative.dev", "Sequence", "http://b-kn-sequence-0-kn-channel.ns.svc.cluster.local"),
    ("flows.knative.dev", "Parallel", "http://b-kn-parallel-kn-channel.ns.svc.cluster.local"),
    ("serving.knative.dev", "Service", "http://b.ns.svc.cluster.local"),
    ("", "Service", "http://b.ns.svc.cluster.local"),
])
def test_each_addressable_kind_has_its_convention(group, kind, url):
    address = known_kind(group, kind).address
    assert address is not None
    assert address("b", "ns") == url


@pytest.mark.parametrize(("cluster_local", "url"), [
    (False, "http://svc.ns.example.com"), (True, "http://svc.ns.svc.cluster.local"),
])
def test_knative_service_url_is_public_unless_cluster_local(cluster_local, url):
    assert addresses.knative_service_url("svc", "ns", cluster_local=cluster_local) == url


def test_a_service_answers_to_its_short_names_too():
    assert addresses.service_host_aliases("a", "ns") == ("a.ns.svc.cluster.local", "a.ns.svc", "a.ns")


@pytest.mark.parametrize(("group", "kind"), [("eventing.knative.dev", "Trigger"), ("", "ConfigMap"), ("apps", "Deployment")])
def test_kinds_without_an_address_convention(group, kind):
    assert known_kind(group, kind).address is None
