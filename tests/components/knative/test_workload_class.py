"""Knative Service workload classes on Alibaba Cloud: ECI (default) and Function Compute."""

from __future__ import annotations

import json

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    EciWorkload,
    FcDomain,
    FunctionComputeWorkload,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
)
from eventing_platform.knative.workload_class import (
    ECI_IMAGE_SNAPSHOT,
    ECI_USE_SPECS,
    FC_CODE_SPACE,
    FC_DOMAIN,
    FC_ROLE,
    WORKLOAD_CLASS_ANNOTATION,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

IMAGE = "registry.example.com/team/app:1.2.3"
ROLE = "acs:ram::1234567890123456:role/knative-fc"


def render(**kwargs) -> dict:
    args = KnativeServiceArgs(image=IMAGE, namespace="apps", **kwargs)
    return one(objects_of(run_components(lambda: KnativeService("app", args)), "Service"))


def test_eci_is_the_default_and_renders_nothing_unless_configured():
    svc = render()
    assert "annotations" not in svc["metadata"]
    assert set(svc["spec"]["template"]["metadata"]["annotations"]) == {"autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/max-scale"}
    assert KnativeServiceArgs(image=IMAGE).workload == EciWorkload()


def test_eci_image_snapshot_and_specs_go_on_the_revision_template():
    svc = render(workload=EciWorkload(image_snapshot_id="imc-uf636kjjx8xr4e75npex", use_specs=["ecs.c6.large", "2-4Gi"]))
    template = svc["spec"]["template"]["metadata"]["annotations"]
    assert template[ECI_IMAGE_SNAPSHOT] == "imc-uf636kjjx8xr4e75npex"
    assert template[ECI_USE_SPECS] == "ecs.c6.large,2-4Gi"
    assert ECI_IMAGE_SNAPSHOT not in (svc["metadata"].get("annotations") or {})


def test_function_compute_sets_the_class_on_the_service_and_fc_annotations_on_the_template():
    svc = render(workload=FunctionComputeWorkload(role_arn=ROLE, domain=FcDomain(domain="barrage.demo.knative.top")))
    assert svc["metadata"]["annotations"] == {WORKLOAD_CLASS_ANNOTATION: "fc"}
    template = svc["spec"]["template"]["metadata"]["annotations"]
    assert template[FC_CODE_SPACE] == "image"
    assert template[FC_ROLE] == ROLE
    assert FC_ROLE.endswith("/role-arm")
    assert template[FC_DOMAIN] == '{"domain":"barrage.demo.knative.top","path":"/*"}'
    assert json.loads(template[FC_DOMAIN]) == {"domain": "barrage.demo.knative.top", "path": "/*"}


def test_function_compute_minimal_has_only_code_space():
    svc = render(workload="fc")
    assert svc["spec"]["template"]["metadata"]["annotations"][FC_CODE_SPACE] == "image"
    assert FC_ROLE not in svc["spec"]["template"]["metadata"]["annotations"]


@pytest.mark.parametrize(("value", "expected"), [("eci", EciWorkload()), ("fc", FunctionComputeWorkload()), ({"image_snapshot_id": "imc-abcdef123"}, EciWorkload(image_snapshot_id="imc-abcdef123"))])
def test_workload_accepts_class_names_and_dicts(value, expected):
    assert KnativeServiceArgs(image=IMAGE, workload=value).workload == expected


def test_template_labels_are_rendered_on_the_revision_template():
    svc = render(template_labels={"danmu.role": "manager"})
    assert svc["spec"]["template"]["metadata"]["labels"] == {"danmu.role": "manager"}


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"workload": "gpu"}, "workload", "unknown workload class 'gpu'; use 'eci'"),
        ({"workload": {"kind": "knative"}}, "workload", "unknown workload class 'knative'"),
        ({"workload": {"kind": "eci", "image_snapshot_id": "snap-1"}}, "workload", "not an ECI image cache id"),
        ({"annotations": {WORKLOAD_CLASS_ANNOTATION: "fc"}}, "", "set by the workload class"),
        ({"template_annotations": {ECI_IMAGE_SNAPSHOT: "imc-abcdef123"}}, "", "set by the workload class"),
        ({"template_annotations": {FC_ROLE: ROLE}}, "", "set by the workload class"),
        ({"workload": "fc", "template_annotations": {"k8s.aliyun.com/eci-spot-strategy": "SpotAsPriceGo"}}, "", "a Function Compute workload does not have"),
        ({"scaling": ScalingPolicy.model_construct(min_scale=5, max_scale=2)}, "scaling", "min_scale (5) is above max_scale (2)"),
        ({"container_concurrency": -1}, "container_concurrency", "greater than or equal to 0"),
    ],
    ids=["unknown-class", "unknown-kind", "bad-snapshot", "class-by-hand", "eci-by-hand", "fc-by-hand", "eci-on-fc", "min-above-max", "negative-concurrency"],
)
def test_bad_service_args_are_rejected_at_construction(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        KnativeServiceArgs(image=IMAGE, **kwargs)
    message = str(info.value)
    assert f"KnativeServiceArgs.{field}".rstrip(".") in message
    assert fragment in message


def test_min_scale_above_max_scale_fails_when_the_policy_is_built():
    with pytest.raises(ArgsError, match=r"ScalingPolicy: min_scale \(3\) is above max_scale \(1\)"):
        ScalingPolicy(min_scale=3, max_scale=1)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: EciWorkload(image_snapshot_id="imc-UPPER"), "not an ECI image cache id"),
        (lambda: EciWorkload(image_snapshot_id="imc-abcdef123\n"), "not an ECI image cache id"),
        (lambda: EciWorkload(use_specs=["huge"]), "neither an ECS instance type"),
        (lambda: EciWorkload(use_specs=["2-4Gi", "2-4Gi"]), "repeat"),
        (lambda: FunctionComputeWorkload(role_arn="acs:ram::xxxx:role/knative-fc"), "not a RAM role ARN"),
        (lambda: FunctionComputeWorkload(code_space="oss"), "'image'"),
        (lambda: FcDomain(domain="Not A Host"), "not a lowercase DNS host name"),
        (lambda: FcDomain(domain="a.example.com", path="*"), "must start with '/'"),
    ],
)
def test_bad_workload_values_are_rejected(build, fragment):
    with pytest.raises(ArgsError) as info:
        build()
    assert fragment in str(info.value)


@requires_crds
@pytest.mark.parametrize(
    "workload",
    [EciWorkload(image_snapshot_id="imc-uf636kjjx8xr4e75npex", use_specs=["2-4Gi"]),
     FunctionComputeWorkload(role_arn=ROLE, domain=FcDomain(domain="a.example.com"))],
    ids=["eci", "fc"],
)
def test_services_of_both_classes_pass_the_strict_crd_check(workload):
    validate_object(render(workload=workload, template_labels={"app": "x"}, container_concurrency=2))
