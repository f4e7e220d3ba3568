"""The Component base: children inherit the component's dependencies."""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s

from eventing_platform.knative import KnativeService, KnativeServiceArgs
from tests.support.offline import one, run_components


def test_children_wait_for_what_the_component_depends_on():
    def build():
        ns = k8s.core.v1.Namespace("ns", metadata={"name": "apps"})
        KnativeService("app", KnativeServiceArgs(image="app:v1", namespace="apps"), pulumi.ResourceOptions(depends_on=[ns]))

    record = run_components(build)
    ns = one(record.by_type("kubernetes:core/v1:Namespace"))
    child = one(record.by_type("kubernetes:serving.knative.dev/v1:Service"))
    assert ns.urn in child.dependencies


def test_a_resource_name_with_a_trailing_newline_is_refused():
    import pytest

    from eventing_platform.errors import ArgsError

    with pytest.raises(ArgsError, match="KnativeService.name"):
        KnativeService("app\n", KnativeServiceArgs(image="app:v1", service_name="app"))


def test_a_component_keeps_the_outputs_it_registered():
    built = []

    def build():
        built.append(KnativeService("app", KnativeServiceArgs(image="app:v1", namespace="apps")))

    run_components(build)
    (service,) = built
    assert list(service.registered_outputs) == ["url", "service_name"]
    assert service.registered_outputs["url"] is service.url
    assert service.registered_outputs["service_name"] == "app"
