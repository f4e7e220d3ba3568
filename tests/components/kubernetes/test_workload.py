"""ContainerWorkload: a hardened Deployment and its Service; every option; bad input."""

from __future__ import annotations

import json

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative.side_effects import (
    SIDE_EFFECTS_ANNOTATION,
    ObjectWrites,
    SideEffects,
)
from eventing_platform.kubernetes import ContainerWorkload, ContainerWorkloadArgs, SecretKeyRef
from eventing_platform.kubernetes.container import Resources
from tests.support.crds import validate_object
from tests.support.offline import objects_of, one, run_components

BASE = {"image": "registry.example.com/app:v1", "namespace": "apps", "service_account_name": "app-sa"}


def plan_workload(name="app", **kwargs):
    made = {}

    def build():
        made["w"] = w = ContainerWorkload(name, ContainerWorkloadArgs(**{**BASE, **kwargs}))
        return {"url": w.url}

    record = run_components(build)
    return record, made["w"], one(objects_of(record, "Deployment")), one(objects_of(record, "Service"))


def test_defaults_render_a_hardened_deployment_and_a_cluster_ip_service():
    record, w, deployment, service = plan_workload()
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    assert deployment["metadata"]["name"] == "app" and deployment["metadata"]["namespace"] == "apps"
    assert spec["replicas"] == 2 and spec["selector"] == {"matchLabels": {"app.kubernetes.io/name": "app"}}
    assert spec["template"]["metadata"]["labels"]["app.kubernetes.io/name"] == "app"
    assert pod["serviceAccountName"] == "app-sa" and pod["automountServiceAccountToken"] is False
    assert pod["securityContext"] == {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    (container,) = pod["containers"]
    assert container["ports"] == [{"containerPort": 8080, "name": "http"}]
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert set(container["resources"]) == {"requests", "limits"}
    assert "volumes" not in pod and "readinessProbe" not in container
    assert service["spec"] == {"type": "ClusterIP", "selector": {"app.kubernetes.io/name": "app"},
                               "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}
    assert record.outputs["url"] == "http://app.apps.svc.cluster.local" == w.cluster_url
    validate_object(deployment)
    validate_object(service)


def test_every_option():
    effects = SideEffects(writes=[ObjectWrites(bucket="eb-ask", prefix="unzip/")])
    record, w, deployment, service = plan_workload(
        name="unzip", workload_name="eb-ask-demo", replicas=3, port=9000,
        env={"MODE": "fast"}, env_from_secret={"TOKEN": SecretKeyRef(name="creds", key="token")},
        resources=Resources.fixed("500m", "128Mi"), service_type="LoadBalancer", service_port=8443,
        service_annotations={"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet"},
        labels={"tier": "backend"}, annotations={"owner": "team"}, pod_annotations={"prometheus.io/scrape": "true"},
        writable_paths=["/tmp", "/var/cache/app"], health_path="/ping/", automount_service_account_token=True,
        side_effects=effects,
    )
    meta = deployment["metadata"]
    assert meta["name"] == "eb-ask-demo" and meta["labels"]["tier"] == "backend"
    assert meta["annotations"]["owner"] == "team"
    assert SideEffects.from_json(meta["annotations"][SIDE_EFFECTS_ANNOTATION]) == effects
    template = deployment["spec"]["template"]
    assert template["metadata"]["annotations"] == {"prometheus.io/scrape": "true"}
    pod = template["spec"]
    (c,) = pod["containers"]
    assert deployment["spec"]["replicas"] == 3 and pod["automountServiceAccountToken"] is True
    assert c["env"] == [{"name": "MODE", "value": "fast"}, {"name": "TOKEN", "valueFrom": {"secretKeyRef": {"name": "creds", "key": "token"}}}]
    assert c["resources"] == {"requests": {"cpu": "500m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}}
    assert c["volumeMounts"] == [{"name": "scratch-tmp", "mountPath": "/tmp"}, {"name": "scratch-var-cache-app", "mountPath": "/var/cache/app"}]
    assert pod["volumes"] == [{"name": "scratch-tmp", "emptyDir": {}}, {"name": "scratch-var-cache-app", "emptyDir": {}}]
    assert c["readinessProbe"]["httpGet"] == {"path": "/ping/", "port": "http"} == c["livenessProbe"]["httpGet"]
    assert service["spec"]["type"] == "LoadBalancer" and service["spec"]["ports"][0]["port"] == 8443
    assert service["metadata"]["annotations"] == {"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet"}
    assert record.outputs["url"] == "http://203.0.113.10:8443"  # the load balancer's ingress
    assert w.cluster_url == "http://eb-ask-demo.apps.svc.cluster.local:8443"
    validate_object(deployment)
    validate_object(service)


def test_the_deployment_carries_no_side_effects_annotation_unless_declared():
    _, _, deployment, _ = plan_workload()
    assert SIDE_EFFECTS_ANNOTATION not in (deployment["metadata"].get("annotations") or {})


def test_a_load_balancer_without_an_address_yet_falls_back_to_the_cluster_url():
    from eventing_platform.kubernetes.workload import _ingress_host

    assert _ingress_host(None) is None
    assert _ingress_host({"loadBalancer": {}}) is None
    assert _ingress_host({"loadBalancer": {"ingress": [{"hostname": "lb.example"}]}}) == "lb.example"


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"namespace": None}, "ContainerWorkloadArgs.namespace", "valid string"),
        ({"service_account_name": "Bad_SA"}, "ContainerWorkloadArgs.service_account_name", "RFC 1123 subdomain"),
        ({"image": "app:latest"}, "ContainerWorkloadArgs.image", ":latest"),
        ({"replicas": -1}, "ContainerWorkloadArgs.replicas", "greater than or equal to 0"),
        ({"service_type": "NodePort"}, "ContainerWorkloadArgs.service_type", "ClusterIP"),
        ({"writable_paths": ["tmp"]}, "ContainerWorkloadArgs.writable_paths", "absolute, normalised"),
        ({"writable_paths": ["/"]}, "ContainerWorkloadArgs.writable_paths", "other than '/'"),
        ({"writable_paths": ["/tmp/../etc"]}, "ContainerWorkloadArgs.writable_paths", "normalised"),
        ({"writable_paths": ["/tmp", "/tmp"]}, "ContainerWorkloadArgs.writable_paths", "repeat"),
        ({"writable_paths": ["/tmp\n"]}, "ContainerWorkloadArgs.writable_paths", "absolute, normalised"),
        ({"writable_paths": ["/a-b", "/a/b"]}, "ContainerWorkloadArgs.writable_paths", "clashing volume names"),
        ({"health_path": "ping"}, "ContainerWorkloadArgs.health_path", "must start with '/'"),
        ({"health_path": "/ping\n"}, "ContainerWorkloadArgs.health_path", "no spaces or control characters"),
        ({"labels": {"app.kubernetes.io/name": "x"}}, "ContainerWorkloadArgs", "selects the pods"),
        ({"annotations": {SIDE_EFFECTS_ANNOTATION: "{}"}}, "ContainerWorkloadArgs", "declare side_effects"),
        ({"env": {"PORT": "1"}}, "ContainerWorkloadArgs.env", "reserved"),
    ],
)
def test_bad_args_name_the_field(kwargs, field, fragment):
    with pytest.raises(ArgsError, match=fragment) as err:
        ContainerWorkloadArgs(**{**BASE, **kwargs})
    assert err.value.problems[0].field == field


def test_a_component_name_that_is_not_a_label_needs_workload_name():
    with pytest.raises(ArgsError, match="or set workload_name"):
        run_components(lambda: ContainerWorkload("Bad_Name", ContainerWorkloadArgs(**BASE)))


def test_the_side_effects_annotation_is_valid_json():
    effects = SideEffects(writes=[ObjectWrites(bucket="eb-ask", prefix="unzip/")])
    _, _, deployment, _ = plan_workload(side_effects=effects)
    assert json.loads(deployment["metadata"]["annotations"][SIDE_EFFECTS_ANNOTATION])["writes"][0]["prefix"] == "unzip/"
