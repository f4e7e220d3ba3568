"""ContainerSource: a hardened container (ContainerFields) in a pod template, sink, overrides."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import ContainerSource, ContainerSourceArgs, Destination
from eventing_platform.kubernetes import Resources, SecretKeyRef
from tests.support.crds import requires_crds, validate_object
from tests.support.hardening import workload_problems
from tests.support.offline import objects_of, one, run_components

IMAGE = "registry.example.com/team/heartbeats:v1.4.2"
SINK = Destination.broker("default", "beats")
BASE = {"image": IMAGE, "service_account_name": "heartbeats", "sink": SINK}
HARDENED_SECURITY_CONTEXT = {
    "allowPrivilegeEscalation": False, "privileged": False, "readOnlyRootFilesystem": True,
    "runAsNonRoot": True, "runAsUser": 65532, "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}


def render(**kwargs) -> dict:
    args = ContainerSourceArgs(**{**BASE, "namespace": "beats", **kwargs})
    return one(objects_of(run_components(lambda: ContainerSource("heartbeats", args)), "ContainerSource"))


def test_minimal_source_runs_one_hardened_container_without_a_port_or_api_token():
    src = render()
    assert (src["apiVersion"], src["kind"]) == ("sources.knative.dev/v1", "ContainerSource")
    assert src["metadata"]["name"] == "heartbeats" and src["metadata"]["namespace"] == "beats"
    assert src["spec"] == {
        "sink": {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default", "namespace": "beats"}},
        "template": {"spec": {
            "serviceAccountName": "heartbeats",
            "automountServiceAccountToken": False,
            "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [{
                "name": "heartbeats",
                "image": IMAGE,
                "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
                "securityContext": HARDENED_SECURITY_CONTEXT,
            }],
        }},
    }
    assert workload_problems([src]) == []


def test_every_option_is_rendered():
    src = render(
        port=9090, command=["/ko-app/heartbeats"], args=["--period", "5"],
        env={"POD_NAME": "heartbeats"}, env_from_secret={"API_TOKEN": SecretKeyRef(name="beats-token", key="token")},
        resources=Resources.fixed("250m", "64Mi"), read_only_root_filesystem=False, run_as_user=10001,
        automount_service_account_token=True, ce_extensions={"team": "ops"},
        labels={"app.kubernetes.io/component": "heartbeats"}, pod_annotations={"k8s.aliyun.com/eci-use-specs": "0.5-1Gi"},
        source_name="beats",
    )
    assert src["metadata"]["name"] == "beats"
    assert src["metadata"]["labels"]["app.kubernetes.io/component"] == "heartbeats"
    spec = src["spec"]
    assert spec["ceOverrides"] == {"extensions": {"team": "ops"}}
    template = spec["template"]
    assert template["metadata"] == {"labels": {"app.kubernetes.io/component": "heartbeats"},
                                    "annotations": {"k8s.aliyun.com/eci-use-specs": "0.5-1Gi"}}
    assert template["spec"]["automountServiceAccountToken"] is True
    (container,) = template["spec"]["containers"]
    assert container == {
        "name": "beats",
        "image": IMAGE,
        "ports": [{"containerPort": 9090}],
        "command": ["/ko-app/heartbeats"],
        "args": ["--period", "5"],
        "env": [
            {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "beats-token", "key": "token"}}},
            {"name": "POD_NAME", "value": "heartbeats"},
        ],
        "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}, "limits": {"cpu": "250m", "memory": "64Mi"}},
        "securityContext": {**HARDENED_SECURITY_CONTEXT, "readOnlyRootFilesystem": False, "runAsUser": 10001},
    }


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"image": "registry.example.com/team/heartbeats:latest"}, "image", "uses ':latest'"),
        ({"image": "registry.example.com/team/heartbeats"}, "image", "has no tag"),
        ({"image": "Not An Image"}, "image", "not a valid image reference"),
        ({"env": {"K_SINK": "http://elsewhere"}}, "env", "set by Knative from sink and ce_extensions"),
        ({"env_from_secret": {"K_CE_OVERRIDES": SecretKeyRef(name="s", key="k")}}, "env_from_secret", "set by Knative"),
        ({"env": {"1BAD": "x"}}, "env", "not valid"),
        ({"resources": {"cpu_request": "2", "cpu_limit": "1"}}, "resources", "exceeds cpu_limit"),
        ({"port": 0}, "port", "greater than or equal to 1"),
        ({"run_as_user": 0}, "run_as_user", "greater than or equal to 1"),
        ({"service_account_name": "Bad_SA"}, "service_account_name", "RFC 1123 subdomain"),
        ({"labels": {"bad key!": "x"}}, "labels", "label key 'bad key!' is not valid"),
        ({"labels": {"app": "-x"}}, "labels", "label value '-x' is not valid"),
        ({"ce_extensions": {"id": "x"}}, "ce_extensions", "context attribute"),
        ({"sink": None}, "sink", "valid dictionary or instance of Destination"),
    ],
)
def test_bad_args_are_rejected_with_field_value_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        ContainerSourceArgs(**{**BASE, **kwargs})
    assert f"ContainerSourceArgs.{field}" in str(info.value) and fragment in str(info.value)


def test_image_sink_and_service_account_are_required():
    with pytest.raises(ArgsError) as info:
        ContainerSourceArgs()
    for field in ("image", "sink", "service_account_name"):
        assert f"ContainerSourceArgs.{field}: is required" in str(info.value)


@requires_crds
def test_sources_pass_the_strict_crd_check_and_their_pod_template_the_kubernetes_schema():
    for src in (render(), render(port=8080, env={"A": "b"}, env_from_secret={"T": SecretKeyRef(name="s", key="k")},
                                 labels={"a": "b"}, pod_annotations={"c": "d"}, ce_extensions={"team": "x"}, command=["/app"], args=["-v"])):
        validate_object(src)
        # The CRD keeps the template as an opaque object: check it as the core PodTemplate it is.
        validate_object({"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "t", "namespace": "beats"},
                         "template": src["spec"]["template"]})
