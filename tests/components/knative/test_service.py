"""KnativeService: rendering, scaling rules, container hardening, validation at construction."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    TrafficTarget,
)
from eventing_platform.kubernetes import Resources, SecretKeyRef
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

IMAGE = "registry.example.com/team/app:1.2.3"


def render(**kwargs) -> dict:
    record = run_components(lambda: KnativeService("app", KnativeServiceArgs(image=IMAGE, namespace="apps", **kwargs)))
    return one(objects_of(record, "Service"))


def test_defaults_render_a_bounded_hardened_service():
    svc = render()
    template = svc["spec"]["template"]
    assert svc["apiVersion"] == "serving.knative.dev/v1"
    assert svc["metadata"]["name"] == "app" and svc["metadata"]["namespace"] == "apps"
    assert template["metadata"]["annotations"] == {
        "autoscaling.knative.dev/min-scale": "0",
        "autoscaling.knative.dev/max-scale": "10",
    }
    container = one(template["spec"]["containers"])
    assert container["image"] == IMAGE
    assert container["ports"] == [{"containerPort": 8080, "name": "http1"}]
    assert container["resources"] == {
        "requests": {"cpu": "100m", "memory": "128Mi"},
        "limits": {"cpu": "500m", "memory": "256Mi"},
    }
    sc = container["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False and sc["privileged"] is False
    assert sc["runAsNonRoot"] is True and sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"] == {"type": "RuntimeDefault"}


def test_scaling_annotations_go_on_the_revision_template_not_the_service():
    svc = render(scaling=ScalingPolicy(min_scale=1, max_scale=100, initial_scale=2, target=2, metric="rps", scale_down_delay="30s"))
    annotations = svc["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {
        "autoscaling.knative.dev/min-scale": "1",
        "autoscaling.knative.dev/max-scale": "100",
        "autoscaling.knative.dev/initial-scale": "2",
        "autoscaling.knative.dev/target": "2",
        "autoscaling.knative.dev/metric": "rps",
        "autoscaling.knative.dev/scale-down-delay": "30s",
    }
    assert "annotations" not in svc["metadata"]


def test_cpu_metric_selects_the_hpa_class():
    annotations = ScalingPolicy(metric="cpu", target=70).annotations()
    assert annotations["autoscaling.knative.dev/class"] == "hpa.autoscaling.knative.dev"


def test_serving_settings_render_into_the_pod_spec():
    svc = render(
        container_concurrency=2, timeout_seconds=120, service_account_name="app-sa", port=8000,
        env={"LOG_LEVEL": "debug"}, env_from_secret={"DB_PASSWORD": SecretKeyRef(name="db", key="password")},
        resources=Resources.fixed("500m", "128Mi"), cluster_local=True, command=["/app"], args=["--serve"],
    )
    pod = svc["spec"]["template"]["spec"]
    assert pod["containerConcurrency"] == 2 and pod["timeoutSeconds"] == 120
    assert pod["serviceAccountName"] == "app-sa"
    container = one(pod["containers"])
    assert container["env"] == [
        {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"key": "password", "name": "db"}}},
        {"name": "LOG_LEVEL", "value": "debug"},
    ]
    assert container["resources"]["requests"] == container["resources"]["limits"] == {"cpu": "500m", "memory": "128Mi"}
    assert container["command"] == ["/app"] and container["args"] == ["--serve"]
    assert svc["metadata"]["labels"]["networking.knative.dev/visibility"] == "cluster-local"


def test_traffic_split_with_tags():
    svc = render(traffic=[
        TrafficTarget(percent=90, latest_revision=True),
        TrafficTarget(percent=10, revision_name="app-00001", tag="previous"),
    ])
    assert svc["spec"]["traffic"] == [
        {"percent": 90, "latestRevision": True},
        {"percent": 10, "latestRevision": False, "revisionName": "app-00001", "tag": "previous"},
    ]


def test_url_output_comes_from_status_url():
    record = run_components(lambda: {"url": KnativeService("app", KnativeServiceArgs(image=IMAGE, namespace="apps")).url})
    assert record.outputs["url"] == "http://app.apps.example.com"


def test_children_are_parented_and_named_after_the_component():
    record = run_components(lambda: KnativeService("app", KnativeServiceArgs(image=IMAGE)))
    component = one(record.by_type("eventing-platform:knative:KnativeService"))
    child = one(record.by_type("kubernetes:serving.knative.dev/v1:Service"))
    assert child.parent == component.urn and child.name == "app-service"


@requires_crds
def test_rendered_service_is_valid_under_the_strict_crd_schema():
    validate_object(render(traffic=[TrafficTarget(percent=100, latest_revision=True, tag="current")], container_concurrency=5))


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"image": "nginx:latest"}, "image", ":latest"),
        ({"image": "nginx"}, "image", "no tag"),
        ({"image": "Not A Ref"}, "image", "not a valid image reference"),
        ({"scaling": {"min_scale": 5, "max_scale": 2}}, "scaling", "min_scale (5) is above max_scale (2)"),
        ({"scaling": {"initial_scale": 20, "max_scale": 10}}, "scaling", "initial_scale"),
        ({"container_concurrency": -1}, "container_concurrency", "greater than or equal to 0"),
        ({"timeout_seconds": -1}, "timeout_seconds", "greater than or equal to 0"),
        ({"timeout_seconds": 601}, "timeout_seconds", "max-revision-timeout-seconds (600)"),
        ({"port": 8012}, "port", "reserved by Knative"),
        ({"scaling": {"scale_down_delay": "2h"}}, "scaling.scale_down_delay", "outside 0s..1h"),
        ({"port": 70000}, "port", "less than or equal to 65535"),
        ({"namespace": "Bad_NS"}, "namespace", "RFC 1123 label"),
        ({"env": {"PORT": "9"}}, "env", "reserved by Knative"),
        ({"env": {"1BAD": "x"}}, "env", "not valid"),
        ({"env": {"A": "x"}, "env_from_secret": {"A": {"name": "s", "key": "k"}}}, "KnativeServiceArgs", "both in env and env_from_secret"),
        ({"resources": {"cpu_request": "2", "cpu_limit": "1"}}, "resources", "exceeds cpu_limit"),
        ({"resources": {"memory_limit": "lots"}}, "resources.memory_limit", "not a Kubernetes quantity"),
        ({"annotations": {"autoscaling.knative.dev/max-scale": "3"}}, "annotations", "belongs on the revision template"),
        ({"traffic": [{"percent": 50, "latest_revision": True}]}, "KnativeServiceArgs", "add up to 50"),
        ({"traffic": [{"percent": 100}]}, "traffic.0", "exactly one of revision_name"),
        ({"unknown_field": 1}, "unknown_field", "is not a known field here; remove it"),
    ],
)
def test_bad_args_are_rejected_at_construction_with_field_value_and_fix(kwargs, field, fragment):
    args = {"image": IMAGE, **kwargs}
    with pytest.raises(ArgsError) as info:
        KnativeServiceArgs(**args)
    message = str(info.value)
    assert f"KnativeServiceArgs.{field}" in message or field in message
    assert fragment in message
    if field != "KnativeServiceArgs":  # cross-field rules name the values in the message itself
        assert "(got " in message


def test_invalid_component_name_without_service_name_is_rejected_before_registration():
    record_holder = {}

    def build():
        with pytest.raises(ArgsError, match="KnativeService.name.*set service_name"):
            KnativeService("Bad_Name", KnativeServiceArgs(image=IMAGE))

    record_holder["r"] = run_components(build)
    assert record_holder["r"].resources == []
