"""ApiServerSource: watched resources and namespaces, mode and the read access it needs."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    ApiServerResource,
    ApiServerSource,
    ApiServerSourceArgs,
    Destination,
)
from eventing_platform.knative.sources.apiserver import resource_plural
from tests.support.offline import objects_of, one, run_components


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
