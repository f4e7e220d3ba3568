"""Knative Serving admission, re-expressed from knative/serving's own validation tests.

Each case names the upstream test file, test function and table entry; how inputs are
re-expressed is in ``admission_cases.py``. The autoscaling table is
``pkg/apis/autoscaling/annotation_validation_test.go`` ``TestValidateAnnotations`` in full, run
through :func:`autoscaling_annotation_problems` (the function :class:`KnativeServiceArgs` applies
to its rendered revision-template annotations) and through the component itself. Which upstream
cases are run and which do not apply is listed in ``tests/components/knative/admission_catalogue.py``.
"""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    TrafficTarget,
)
from eventing_platform.knative.autoscaling_annotations import autoscaling_annotation_problems
from eventing_platform.knative.serving_config import ServingClusterConfig
from tests.components.knative.admission_cases import ADMITTED, OURS, REFUSED, Case, judge, params
from tests.support.offline import run_components

IMAGE = "registry.example.com/team/app:1.2.3"
SCALING_KEYS = {
    "autoscaling.knative.dev/min-scale": "min_scale",
    "autoscaling.knative.dev/max-scale": "max_scale",
    "autoscaling.knative.dev/initial-scale": "initial_scale",
}

# annotation_validation_test.go TestValidateAnnotations: (name, annotations, config, verdict).
AUTOSCALING_CASES = [
    ('nil annotations', {}, {}, ADMITTED),
    ('empty annotations', {}, {}, ADMITTED),
    ('invalid class', {'autoscaling.knative.dev/class': 'unsupported.knative.dev'}, {}, REFUSED),
    ('non-knative.dev domain class', {'autoscaling.knative.dev/class': 'some.other.domain'}, {}, ADMITTED),
    ('minScale is 0', {'autoscaling.knative.dev/min-scale': '0'}, {}, ADMITTED),
    ('maxScale is 0', {'autoscaling.knative.dev/max-scale': '0'}, {}, ADMITTED),
    ('minScale is -1', {'autoscaling.knative.dev/min-scale': '-1'}, {}, REFUSED),
    ('maxScale is huuuuuuuge', {'autoscaling.knative.dev/max-scale': '2147483648'}, {}, REFUSED),
    ('maxScale is -1', {'autoscaling.knative.dev/max-scale': '-1'}, {}, REFUSED),
    ('minScale is foo', {'autoscaling.knative.dev/min-scale': 'foo'}, {}, REFUSED),
    ('maxScale is bar', {'autoscaling.knative.dev/max-scale': 'bar'}, {}, REFUSED),
    ('max/minScale is bar', {'autoscaling.knative.dev/max-scale': 'bar', 'autoscaling.knative.dev/min-scale': 'bar'}, {}, REFUSED),
    ('minScale is 5', {'autoscaling.knative.dev/min-scale': '5'}, {}, ADMITTED),
    ('maxScale is 2', {'autoscaling.knative.dev/max-scale': '2'}, {}, ADMITTED),
    ('minScale is 2, maxScale is 5', {'autoscaling.knative.dev/min-scale': '2', 'autoscaling.knative.dev/max-scale': '5'}, {}, ADMITTED),
    ('minScale is 5, maxScale is 2', {'autoscaling.knative.dev/min-scale': '5', 'autoscaling.knative.dev/max-scale': '2'}, {}, REFUSED),
    ('minScale is 0, maxScale is 0', {'autoscaling.knative.dev/min-scale': '0', 'autoscaling.knative.dev/max-scale': '0'}, {}, ADMITTED),
    ('maxScale is greater than MaxScaleLimit when in create', {'autoscaling.knative.dev/max-scale': '11'}, {'max_scale_limit': 10}, REFUSED),
    ('maxScale is greater than MaxScaleLimit when in create and default MaxScale is set', {'autoscaling.knative.dev/max-scale': '20'}, {'max_scale_limit': 10}, REFUSED),
    ('maxScale is explicitly set to 0 when MaxScaleLimit and default MaxScale are set', {'autoscaling.knative.dev/max-scale': '0'}, {'max_scale_limit': 10}, REFUSED),
    ('maxScale is not set when both MaxScaleLimit and default MaxScale are set', {}, {'max_scale_limit': 10}, ADMITTED),
    ('maxScale is less than MaxScaleLimit', {'autoscaling.knative.dev/max-scale': '9'}, {'max_scale_limit': 10}, ADMITTED),
    ('min-scale, activation-scale, max-scale all set appropriately', {'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/activation-scale': '2', 'autoscaling.knative.dev/max-scale': '3'}, {}, ADMITTED),
    ('min-scale is greater than activation-scale', {'autoscaling.knative.dev/min-scale': '3', 'autoscaling.knative.dev/activation-scale': '2'}, {}, REFUSED),
    ('max-scale is less than activation-scale', {'autoscaling.knative.dev/max-scale': '1', 'autoscaling.knative.dev/activation-scale': '2'}, {}, REFUSED),
    ('valid algorithm on KPA', {'autoscaling.knative.dev/metric-aggregation-algorithm': 'linear', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, ADMITTED),
    ('empty algorithm', {'autoscaling.knative.dev/metric-aggregation-algorithm': '', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, ADMITTED),
    ('random algorithm on KPA', {'autoscaling.knative.dev/metric-aggregation-algorithm': 'random-selection', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, REFUSED),
    ('random algorithm on non KPA', {'autoscaling.knative.dev/metric-aggregation-algorithm': 'random-selection', 'autoscaling.knative.dev/class': 'of-keys'}, {}, ADMITTED),
    ('panic window percentage bad', {'autoscaling.knative.dev/panic-window-percentage': '-1'}, {}, REFUSED),
    ('panic window percentage bad2', {'autoscaling.knative.dev/panic-window-percentage': '202'}, {}, REFUSED),
    ('panic window percentage bad3', {'autoscaling.knative.dev/panic-window-percentage': 'fifty'}, {}, REFUSED),
    ('panic window percentage good', {'autoscaling.knative.dev/panic-threshold-percentage': '210'}, {}, ADMITTED),
    ('panic threshold percentage bad2', {'autoscaling.knative.dev/panic-threshold-percentage': '109'}, {}, REFUSED),
    ('panic threshold percentage bad2.5', {'autoscaling.knative.dev/panic-threshold-percentage': '10009'}, {}, REFUSED),
    ('panic threshold percentage bad3', {'autoscaling.knative.dev/panic-threshold-percentage': 'fifty'}, {}, REFUSED),
    ('target negative', {'autoscaling.knative.dev/target': '-11'}, {}, REFUSED),
    ('target 0', {'autoscaling.knative.dev/target': '0'}, {}, REFUSED),
    ('invalid target', {'autoscaling.knative.dev/target': '100}'}, {}, REFUSED),
    ('target okay', {'autoscaling.knative.dev/target': '11'}, {}, ADMITTED),
    ('TBC negative', {'autoscaling.knative.dev/target-burst-capacity': '-11'}, {}, REFUSED),
    ('TBC 0', {'autoscaling.knative.dev/target-burst-capacity': '0'}, {}, ADMITTED),
    ('TBC 19880709', {'autoscaling.knative.dev/target-burst-capacity': '19870709'}, {}, ADMITTED),
    ('TBC -1', {'autoscaling.knative.dev/target-burst-capacity': '-1'}, {}, ADMITTED),
    ('TBC invalid', {'autoscaling.knative.dev/target-burst-capacity': 'qarashen'}, {}, REFUSED),
    ('TU too small', {'autoscaling.knative.dev/target-utilization-percentage': '0'}, {}, REFUSED),
    ('TU too big', {'autoscaling.knative.dev/target-utilization-percentage': '101'}, {}, REFUSED),
    ('TU invalid', {'autoscaling.knative.dev/target-utilization-percentage': 'dghyak'}, {}, REFUSED),
    ('window invalid', {'autoscaling.knative.dev/window': 'jerry-was-a-racecar-driver'}, {}, REFUSED),
    ('window too short', {'autoscaling.knative.dev/window': '1s'}, {}, REFUSED),
    ('window too long', {'autoscaling.knative.dev/window': '365h'}, {}, REFUSED),
    ('window too precise', {'autoscaling.knative.dev/window': '1m9s82ms'}, {}, REFUSED),
    ('annotation /window is valid for class KPA', {'autoscaling.knative.dev/window': '7s', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, ADMITTED),
    ('annotation /window is valid for other than HPA and KPA class', {'autoscaling.knative.dev/window': '7s', 'autoscaling.knative.dev/class': 'test'}, {}, ADMITTED),
    ('value too long and valid class for /window annotation', {'autoscaling.knative.dev/window': '365h', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, REFUSED),
    ('invalid format and valid class for /window annotation', {'autoscaling.knative.dev/window': 'jerry-was-a-racecar-driver', 'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev'}, {}, REFUSED),
    ('valid 0 last pod scaledown timeout', {'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '0'}, {}, ADMITTED),
    ('valid positive last pod scaledown timeout', {'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '21m31s'}, {}, ADMITTED),
    ('invalid positive last pod scaledown timeout', {'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '311m'}, {}, REFUSED),
    ('invalid negative last pod scaledown timeout', {'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '-42s'}, {}, REFUSED),
    ('invalid last pod scaledown timeout', {'autoscaling.knative.dev/scale-to-zero-pod-retention-period': 'twenty-two-minutes-and-five-seconds'}, {}, REFUSED),
    ('valid 0 scale down delay', {'autoscaling.knative.dev/scale-down-delay': '0'}, {}, ADMITTED),
    ('valid positive scale down delay', {'autoscaling.knative.dev/scale-down-delay': '21m31s'}, {}, ADMITTED),
    ('invalid positive scale down delay', {'autoscaling.knative.dev/scale-down-delay': '311m'}, {}, REFUSED),
    ('invalid positive scale down delay - too precise', {'autoscaling.knative.dev/scale-down-delay': '42.5s'}, {}, REFUSED),
    ('invalid negative scale down delay', {'autoscaling.knative.dev/scale-down-delay': '-42s'}, {}, REFUSED),
    ('invalid scale down delay', {'autoscaling.knative.dev/scale-down-delay': 'twenty-two-minutes-and-five-seconds'}, {}, REFUSED),
    ('all together now fail', {'autoscaling.knative.dev/panic-threshold-percentage': 'fifty', 'autoscaling.knative.dev/panic-window-percentage': '-11', 'autoscaling.knative.dev/min-scale': '-4', 'autoscaling.knative.dev/max-scale': 'never'}, {}, REFUSED),
    ('all together now, succeed', {'autoscaling.knative.dev/panic-threshold-percentage': '125', 'autoscaling.knative.dev/panic-window-percentage': '75', 'autoscaling.knative.dev/min-scale': '5', 'autoscaling.knative.dev/max-scale': '8', 'autoscaling.knative.dev/window': '1984s'}, {}, ADMITTED),
    ('invalid metric for default class(KPA)', {'autoscaling.knative.dev/metric': 'cpu'}, {}, REFUSED),
    ('invalid metric for HPA class', {'autoscaling.knative.dev/metric': '', 'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev'}, {}, REFUSED),
    ('valid class KPA with metric RPS', {'autoscaling.knative.dev/metric': 'rps'}, {}, ADMITTED),
    ('valid class KPA with metric Concurrency', {'autoscaling.knative.dev/metric': 'concurrency'}, {}, ADMITTED),
    ('valid class HPA with metric CPU', {'autoscaling.knative.dev/class': 'hpa.autoscaling.knative.dev', 'autoscaling.knative.dev/metric': 'cpu'}, {}, ADMITTED),
    ('other than HPA and KPA class', {'autoscaling.knative.dev/class': 'other', 'autoscaling.knative.dev/metric': 'rps'}, {}, ADMITTED),
    ("initial scale is zero but cluster doesn't allow", {'autoscaling.knative.dev/initial-scale': '0'}, {}, REFUSED),
    ('valid global class HPA with metric CPU', {'autoscaling.knative.dev/metric': 'cpu'}, {'pod_autoscaler_class': 'hpa.autoscaling.knative.dev'}, ADMITTED),
    ('initial scale is zero and cluster allows', {'autoscaling.knative.dev/initial-scale': '0'}, {'allow_zero_initial_scale': True}, ADMITTED),
    ('initial scale is greater than 0', {'autoscaling.knative.dev/initial-scale': '2'}, {}, ADMITTED),
    ('initial scale is less than 0', {'autoscaling.knative.dev/initial-scale': '-1'}, {}, REFUSED),
    ('initial scale non-parseable', {'autoscaling.knative.dev/initial-scale': 'invalid'}, {}, REFUSED),]

AUTOSCALING = "annotation_validation_test.go TestValidateAnnotations/"
"""Prefix of the ids of the autoscaling cases (the table entry's name follows)."""

# Autoscaling cases the component judges differently, with the NOT_FOLLOWED entry that says why.
AUTOSCALING_DIFFERS = {"maxScale is 0": "bounded max-scale", "minScale is 0, maxScale is 0": "bounded max-scale"}


@pytest.mark.parametrize(("name", "annotations", "config", "verdict"), AUTOSCALING_CASES, ids=[c[0] for c in AUTOSCALING_CASES])
def test_autoscaling_annotations_are_judged_as_the_webhook_judges_them(name, annotations, config, verdict):
    problems = autoscaling_annotation_problems(annotations, ServingClusterConfig(**config))
    assert (not problems) is verdict, problems


def _service_args(annotations: dict[str, str], config: dict) -> KnativeServiceArgs:
    scaling = {field: annotations[key] for key, field in SCALING_KEYS.items() if key in annotations}
    rest = {k: v for k, v in annotations.items() if k not in SCALING_KEYS}
    if "max_scale" not in scaling and "min_scale" in scaling and str(scaling["min_scale"]).lstrip("-").isdigit():
        scaling["max_scale"] = max(10, int(scaling["min_scale"]))
    return KnativeServiceArgs(image=IMAGE, scaling=scaling, template_annotations=rest, cluster=ServingClusterConfig(**config))


def _autoscaling_case(name: str, annotations: dict[str, str], config: dict, verdict: bool) -> Case:
    # A refusal names the field the annotations went to: scaling, template_annotations, or both.
    typed = {key in SCALING_KEYS for key in annotations}
    field = "KnativeServiceArgs" + {frozenset({True}): ".scaling", frozenset({False}): ".template_annotations"}.get(frozenset(typed), "")
    return Case(AUTOSCALING + name, lambda: _service_args(annotations, config), verdict, field, differs=AUTOSCALING_DIFFERS.get(name))


@pytest.mark.parametrize("case", params([_autoscaling_case(*c) for c in AUTOSCALING_CASES]))
def test_the_service_admits_the_autoscaling_annotations_the_webhook_admits(case: Case) -> None:
    judge(case)


def service(**kwargs: object) -> KnativeServiceArgs:
    """The Service's args: a pinned image plus ``kwargs``."""
    return KnativeServiceArgs(**{"image": IMAGE, **kwargs})


def _svc(case_id: str, kwargs: dict, upstream: bool, field: str | None = None, fragment: str | None = None, differs: str | None = None) -> Case:
    return Case(case_id, lambda: service(**kwargs), upstream, field, fragment, differs)


def _target(case_id: str, kwargs: dict, upstream: bool, field: str | None = None, differs: str | None = None) -> Case:
    return Case(case_id, lambda: TrafficTarget(**kwargs), upstream, field, differs=differs)


KS = "KnativeServiceArgs"
K8 = "k8s_validation_test.go "
CC = K8 + "getCommonContainerValidationTestCases/"
ME = "metadata_validation_test.go "
RV = "revision_validation_test.go "
RT = "route_validation_test.go "
TT = RT + "TestTrafficTargetValidation/"
SV = "service_validation_test.go TestServiceValidation/"
QUEUE = "queue.sidecar.serving.knative.dev/"
ROLLOUT = "serving.knative.dev/rollout-duration"
PROGRESS = "serving.knative.dev/progress-deadline"
ALLOW_ZERO = {"allow_zero_initial_scale": True}

SERVICE_CASES = [
    # k8s_validation_test.go: the pod spec and the user container.
    _svc(K8 + "TestPodSpecValidation/valid", {}, ADMITTED),
    _svc(K8 + "TestPodSpecValidation/bad service account name", {"service_account_name": "foo@bar.baz"}, REFUSED, f"{KS}.service_account_name", "RFC 1123 subdomain"),
    _svc(K8 + "TestUserContainerValidation/has valid user port http1", {"port": 8080}, ADMITTED),
    _svc(K8 + "TestUserContainerValidation/reserved env var name for serving container", {"env": {"PORT": "Foo"}, "port": 8888}, REFUSED, f"{KS}.env",
         "reserved by Knative"),
    _svc(CC + "empty container", {"image": ""}, REFUSED, f"{KS}.image"),
    _svc(CC + "valid container", {"image": "foo"}, ADMITTED, f"{KS}.image", differs="pinned images"),
    _svc(CC + "invalid container image", {"image": "foo:bar:baz"}, REFUSED, f"{KS}.image", "not a valid image reference"),
    _svc(CC + "has resources", {"resources": {"cpu_request": "25m", "memory_limit": "250M"}}, ADMITTED),
    _svc(CC + "has container port value too large", {"port": 65536}, REFUSED, f"{KS}.port", "less than or equal to 65535"),
    _svc(CC + "port conflicts with profiling port", {"port": 8008}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "port conflicts with queue proxy", {"port": 8013}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "port conflicts with queue proxy (2)", {"port": 8012}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "port conflicts with queue proxy metrics", {"port": 9090}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "port conflicts with user queue proxy metrics for user", {"port": 9091}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "port conflicts with queue proxy admin", {"port": 8022}, REFUSED, f"{KS}.port", "reserved by Knative"),
    _svc(CC + "too large uid", {"run_as_user": 2**31}, REFUSED, f"{KS}.run_as_user"),
    _svc(CC + "negative uid", {"run_as_user": -10}, REFUSED, f"{KS}.run_as_user"),
    _svc(CC + "empty env var name", {"env": {"": "Foo"}}, REFUSED, f"{KS}.env"),
    _svc(OURS + "the container runs as root", {"run_as_user": 0}, ADMITTED, f"{KS}.run_as_user", differs="non-root user"),
    # metadata_validation_test.go: the Service's metadata, container concurrency, rollout duration.
    _svc(ME + "TestValidateObjectMetadata/invalid name - dots", {"service_name": "do.not.use.dots"}, REFUSED, f"{KS}.service_name", "RFC 1035"),
    _svc(ME + "TestValidateObjectMetadata/invalid name - too long", {"service_name": "a" * 64}, REFUSED, f"{KS}.service_name", "RFC 1035"),
    _svc(ME + "TestValidateObjectMetadata/invalid name - trailing dash", {"service_name": "some-name-"}, REFUSED, f"{KS}.service_name", "RFC 1035"),
    _svc(ME + "TestValidateObjectMetadata/valid creator annotation label", {"annotations": {"serving.knative.dev/creator": "svc-creator"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/valid lastModifier annotation label", {"annotations": {"serving.knative.dev/lastModifier": "svc-modifier"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/valid lastPinned annotation label", {"annotations": {"serving.knative.dev/lastPinned": "pinned-val"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/valid preserve annotation label", {"annotations": {"serving.knative.dev/lastPinned": "true"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/valid knative prefix annotation", {"annotations": {"serving.knative.dev/testAnnotation": "value"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/valid non-knative prefix annotation label", {"annotations": {"testAnnotation": "testValue"}}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/revision initial scale not parseable", {"scaling": {"initial_scale": "invalid"}, "cluster": ALLOW_ZERO}, REFUSED,
         f"{KS}.scaling.initial_scale"),
    _svc(ME + "TestValidateObjectMetadata/negative revision initial scale", {"scaling": {"initial_scale": -2}, "cluster": ALLOW_ZERO}, REFUSED,
         f"{KS}.scaling.initial_scale"),
    _svc(ME + "TestValidateObjectMetadata/cluster allows zero revision initial scale", {"scaling": {"initial_scale": 0}, "cluster": ALLOW_ZERO}, ADMITTED),
    _svc(ME + "TestValidateObjectMetadata/cluster does not allow zero revision initial scale", {"scaling": {"initial_scale": 0}}, REFUSED, f"{KS}.scaling",
         "allow-zero-initial-scale"),
    _svc(ME + "TestValidateObjectMetadata/autoscaling annotations on a resource that doesn't allow them",
         {"annotations": {"autoscaling.knative.dev/initial-scale": "0"}}, REFUSED, f"{KS}.annotations", "belongs on the revision template"),
    _svc(ME + "TestValidateHasNoAutoscalingAnnotation/empty", {"annotations": {}}, ADMITTED),
    _svc(ME + "TestValidateHasNoAutoscalingAnnotation/no offender", {"annotations": {"foo": "bar"}}, ADMITTED),
    _svc(ME + "TestValidateHasNoAutoscalingAnnotation/only offender", {"annotations": {"autoscaling.knative.dev/foo": "bar"}}, REFUSED, f"{KS}.annotations"),
    _svc(ME + "TestValidateHasNoAutoscalingAnnotation/offender and non-offender", {"annotations": {"autoscaling.knative.dev/foo": "bar", "foo": "bar"}},
         REFUSED, f"{KS}.annotations"),
    _svc(ME + "TestValidateContainerConcurrency/empty containerConcurrency", {"container_concurrency": None}, ADMITTED),
    _svc(ME + "TestValidateContainerConcurrency/invalid containerConcurrency value", {"container_concurrency": 2000}, REFUSED, f"{KS}.container_concurrency",
         "outside 0..1000"),
    _svc(ME + "TestValidateContainerConcurrency/invalid containerConcurrency value, non def config",
         {"container_concurrency": 2000, "cluster": {"container_concurrency_max_limit": 1950}}, REFUSED, f"{KS}.container_concurrency", "outside 0..1950"),
    _svc(ME + "TestValidateContainerConcurrency/invalid containerConcurrency value, zero but allow-container-concurrency-zero is false",
         {"container_concurrency": 0, "cluster": {"allow_container_concurrency_zero": False}}, REFUSED, f"{KS}.container_concurrency", "outside 1..1000"),
    _svc(ME + "TestValidateContainerConcurrency/valid containerConcurrency value", {"container_concurrency": 10}, ADMITTED),
    _svc(ME + "TestValidateContainerConcurrency/valid containerConcurrency value zero", {"container_concurrency": 0}, ADMITTED),
    _svc(ME + "TestValidateContainerConcurrency/valid containerConcurrency value huge",
         {"container_concurrency": 2019, "cluster": {"container_concurrency_max_limit": 2021}}, ADMITTED),
    _svc(ME + "TestValidateRolloutDurationAnnotation/empty", {"annotations": {ROLLOUT: ""}}, ADMITTED),
    _svc(ME + "TestValidateRolloutDurationAnnotation/valid", {"annotations": {ROLLOUT: "120s"}}, ADMITTED),
    _svc(ME + "TestValidateRolloutDurationAnnotation/fancy valid", {"annotations": {ROLLOUT: "3h15m21s"}}, ADMITTED),
    _svc(ME + "TestValidateRolloutDurationAnnotation/in ns", {"annotations": {ROLLOUT: "120000000000"}}, REFUSED, f"{KS}.annotations", "not a duration"),
    _svc(ME + "TestValidateRolloutDurationAnnotation/not a valid duration", {"annotations": {ROLLOUT: "five minutes and 6 seconds"}}, REFUSED,
         f"{KS}.annotations", "not a duration"),
    _svc(ME + "TestValidateRolloutDurationAnnotation/negative", {"annotations": {ROLLOUT: "-211s"}}, REFUSED, f"{KS}.annotations", "negative"),
    _svc(ME + "TestValidateRolloutDurationAnnotation/too precise", {"annotations": {ROLLOUT: "211s44ms"}}, REFUSED, f"{KS}.annotations", "second precision"),
    # revision_validation_test.go: the revision template.
    _svc(RV + "TestContainerConcurrencyValidation/single", {"container_concurrency": 1}, ADMITTED),
    _svc(RV + "TestContainerConcurrencyValidation/unlimited", {"container_concurrency": 0}, ADMITTED),
    _svc(RV + "TestContainerConcurrencyValidation/ten", {"container_concurrency": 10}, ADMITTED),
    _svc(RV + "TestContainerConcurrencyValidation/invalid container concurrency (too small)", {"container_concurrency": -1}, REFUSED,
         f"{KS}.container_concurrency", "greater than or equal to 0"),
    _svc(RV + "TestContainerConcurrencyValidation/invalid container concurrency (too large)", {"container_concurrency": 1001}, REFUSED,
         f"{KS}.container_concurrency", "outside 0..1000"),
    _svc(RV + "TestRevisionSpecValidation/exceed max timeout", {"timeout_seconds": 6000}, REFUSED, f"{KS}.timeout_seconds", "max-revision-timeout-seconds (600)"),
    _svc(RV + "TestRevisionSpecValidation/exceed custom max timeout", {"timeout_seconds": 100, "cluster": {"max_revision_timeout_seconds": 50}}, REFUSED,
         f"{KS}.timeout_seconds", "(50)"),
    _svc(RV + "TestRevisionSpecValidation/negative timeout", {"timeout_seconds": -30}, REFUSED, f"{KS}.timeout_seconds", "greater than or equal to 0"),
    _svc(RV + "TestRevisionTemplateSpecValidation/invalid metadata.annotations for scale", {"scaling": {"min_scale": 5, "max_scale": "covid-19"}}, REFUSED,
         f"{KS}.scaling.max_scale"),
    _svc(RV + "TestRevisionTemplateSpecValidation/Queue sidecar resource percentage annotation more than 100",
         {"template_annotations": {QUEUE + "resource-percentage": "200"}}, REFUSED, f"{KS}.template_annotations", "0.1 to 100"),
    _svc(RV + "TestRevisionTemplateSpecValidation/Invalid queue sidecar resource percentage annotation",
         {"template_annotations": {QUEUE + "resource-percentage": "50mx"}}, REFUSED, f"{KS}.template_annotations", "0.1 to 100"),
    _svc(RV + "TestRevisionTemplateSpecValidation/Invalid queue sidecar resource annotations", {"template_annotations": {
        QUEUE + "cpu-resource-limit": "100mx", QUEUE + "cpu-resource-request": "50mx", QUEUE + "memory-resource-limit": "1Gi",
        QUEUE + "memory-resource-request": "100Mi", QUEUE + "ephemeral-storage-resource-limit": "5Gi", QUEUE + "ephemeral-storage-resource-request": "2Gi",
    }}, REFUSED, f"{KS}.template_annotations", "not a Kubernetes quantity"),
    _svc(RV + "TestRevisionTemplateSpecValidation/Invalid initial scale when cluster doesn't allow zero", {"scaling": {"initial_scale": 0}}, REFUSED,
         f"{KS}.scaling", "allow-zero-initial-scale"),
    _svc(RV + "TestRevisionTemplateSpecValidation/Valid initial scale when cluster allows zero", {"scaling": {"initial_scale": 0}, "cluster": ALLOW_ZERO}, ADMITTED),
    _svc(RV + "TestRevisionTemplateSpecValidation/Valid progress-deadline", {"template_annotations": {PROGRESS: "1m3s"}}, ADMITTED),
    _svc(RV + "TestRevisionTemplateSpecValidation/progress-deadline too precise", {"template_annotations": {PROGRESS: "1m3s34ms"}}, REFUSED,
         f"{KS}.template_annotations", "second precision"),
    _svc(RV + "TestRevisionTemplateSpecValidation/invalid progress-deadline duration", {"template_annotations": {PROGRESS: "not-a-duration"}}, REFUSED,
         f"{KS}.template_annotations", "not a duration"),
    _svc(RV + "TestRevisionTemplateSpecValidation/negative progress-deadline", {"template_annotations": {PROGRESS: "-1m3s"}}, REFUSED,
         f"{KS}.template_annotations", "negative"),
    _svc(RV + "TestRevisionTemplateSpecValidation/invalid networking.knative.dev/visibility annotation",
         {"template_annotations": {"networking.knative.dev/visibility": "cluster-local"}}, REFUSED, f"{KS}.template_annotations", "not one Knative admits"),
    _svc(RV + "TestRevisionTemplateSpecValidation/invalid unknown networking.knative.dev annotation",
         {"template_annotations": {"networking.knative.dev/foo": "bar"}}, REFUSED, f"{KS}.template_annotations", "not one Knative admits"),
    _svc(RV + "TestRevisionTemplateSpecValidation/valid networking.knative.dev/ingress.class annotation",
         {"template_annotations": {"networking.knative.dev/ingress.class": "istio.ingress.networking.knative.dev"}}, ADMITTED),
    _svc(RV + "TestValidateQueueSidecarAnnotation/too small", {"template_annotations": {QUEUE + "resource-percentage": "0.01982"}}, REFUSED,
         f"{KS}.template_annotations", "0.1 to 100"),
    _svc(RV + "TestValidateQueueSidecarAnnotation/too big for Queue sidecar resource percentage annotation",
         {"template_annotations": {QUEUE + "resource-percentage": "100.0001"}}, REFUSED, f"{KS}.template_annotations", "0.1 to 100"),
    _svc(RV + "TestValidateQueueSidecarAnnotation/Invalid queue sidecar resource percentage annotation",
         {"template_annotations": {QUEUE + "resource-percentage": ""}}, REFUSED, f"{KS}.template_annotations", "0.1 to 100"),
    _svc(RV + "TestValidateQueueSidecarAnnotation/empty annotation", {"template_annotations": {}}, ADMITTED),
    _svc(RV + "TestValidateQueueSidecarAnnotation/different annotation other than QueueSidecarResourcePercentageAnnotation",
         {"template_annotations": {"serving.knative.dev/creator": "umph"}}, ADMITTED),
    _svc(RV + "TestValidateQueueSidecarAnnotation/valid value for Queue sidecar resource percentage annotation",
         {"template_annotations": {QUEUE + "resource-percentage": "0.1"}}, ADMITTED),
    _svc(RV + "TestValidateQueueSidecarAnnotation/valid value for Queue sidecar resource percentage annotation (2)",
         {"template_annotations": {QUEUE + "resource-percentage": "100"}}, ADMITTED),
    _svc(RV + "TestValidateTimeoutSecond/valid timeout value", {"timeout_seconds": 100}, ADMITTED),
    # route_validation_test.go: traffic targets one by one, then the traffic of a Service.
    _target(TT + "valid with revisionName", {"revision_name": "bar", "percent": 12}, ADMITTED),
    _target(TT + "valid with revisionName and name (spec)", {"tag": "foo", "revision_name": "bar", "percent": 12}, ADMITTED),
    _target(TT + "invalid with bad revisionName", {"revision_name": "b ar", "percent": 12}, REFUSED, "TrafficTarget.revision_name"),
    _target(TT + "valid with revisionName and latestRevision", {"revision_name": "bar", "latest_revision": False, "percent": 12}, ADMITTED),
    _target(TT + "invalid with revisionName and latestRevision (spec)", {"revision_name": "bar", "latest_revision": True, "percent": 12}, REFUSED,
            "TrafficTarget.latest_revision"),
    _target(TT + "valid with only default configurationName", {"percent": 37}, ADMITTED, "TrafficTarget.revision_name", differs="explicit traffic targets"),
    _target(TT + "valid with default configurationName and latestRevision", {"latest_revision": True, "percent": 37}, ADMITTED),
    _target(TT + "invalid with default configurationName and latestRevision", {"latest_revision": False, "percent": 37}, REFUSED, "TrafficTarget.revision_name"),
    _target(TT + "valid with revisionName and default configurationName", {"revision_name": "bar", "percent": 12}, ADMITTED),
    _target(TT + "invalid with neither", {"percent": 100}, REFUSED, "TrafficTarget.revision_name"),
    _target(TT + "invalid percent too low", {"revision_name": "foo", "percent": -5}, REFUSED, "TrafficTarget.percent"),
    _target(TT + "invalid percent too high", {"revision_name": "foo", "percent": 101}, REFUSED, "TrafficTarget.percent"),
    _svc(RT + "TestRouteValidation/valid", {"traffic": [{"tag": "bar", "revision_name": "foo", "percent": 100}]}, ADMITTED),
    _svc(RT + "TestRouteValidation/valid split without tags",
         {"traffic": [{"revision_name": "foo", "percent": 90}, {"revision_name": "bar", "percent": 10}]}, ADMITTED),
    _svc(RT + "TestRouteValidation/invalid traffic entry (missing oneof)", {"traffic": [{"tag": "foo", "percent": 100}]}, REFUSED,
         f"{KS}.traffic.0.revision_name"),
    _svc(RT + "TestRouteValidation/invalid traffic entry (multiple names)",
         {"traffic": [{"tag": "foo", "revision_name": "bar", "percent": 50}, {"tag": "foo", "revision_name": "bar", "percent": 50}]}, REFUSED,
         f"{KS}.traffic", "tags repeat"),
    _svc(RT + "TestRouteValidation/invalid name - dots and spec percent is not 100",
         {"service_name": "do.not.use.dots", "traffic": [{"revision_name": "foo", "percent": 90}]}, REFUSED, f"{KS}.service_name", "RFC 1035"),
    _svc(RT + "TestRouteValidation/invalid tag name", {"traffic": [{"tag": "foo@", "revision_name": "bar", "percent": 100}]}, REFUSED,
         f"{KS}.traffic.0.tag", "RFC 1035"),
    # service_validation_test.go TestServiceValidation.
    _svc(SV + "valid run latest", {"traffic": [{"latest_revision": True, "percent": 100}]}, ADMITTED),
    _svc(SV + "valid visibility label", {"cluster_local": True}, ADMITTED),
    _svc(SV + "valid non knative label", {"labels": {"serving.name": "some-name"}}, ADMITTED),
    _svc(SV + "valid release", {"traffic": [
        {"tag": "current", "latest_revision": False, "revision_name": "valid-00001", "percent": 98},
        {"tag": "candidate", "latest_revision": False, "revision_name": "valid-00002", "percent": 2},
        {"tag": "latest", "latest_revision": True},
    ]}, ADMITTED, f"{KS}.traffic.2.percent", differs="explicit traffic targets"),
    _svc(SV + "invalid container concurrency", {"container_concurrency": -10}, REFUSED, f"{KS}.container_concurrency"),
    _svc(SV + "invalid rollout duration", {"annotations": {ROLLOUT: "CLXXXIIIs"}}, REFUSED, f"{KS}.annotations", "not a duration"),
    _svc(SV + "invalid autoscaling.knative.dev annotation", {"annotations": {"autoscaling.knative.dev/foo": "bar"}}, REFUSED, f"{KS}.annotations"),
    _svc(SV + "allow unknown uses of knative.dev/serving prefix for labels", {"labels": {"serving.knative.dev/testlabel": "value"}}, ADMITTED),
    _svc(SV + "allow unknown uses of serving.knative.dev prefix for annotations", {"annotations": {"serving.knative.dev/foo": "bar"}}, ADMITTED),
    _svc(SV + "invalid name", {"service_name": ""}, REFUSED, f"{KS}.service_name"),
    # Our own: the issue's samples, typed fields and limits that no upstream table entry states.
    _svc(OURS + "issue 16: timeout 601 on a stock cluster", {"timeout_seconds": 601}, REFUSED, f"{KS}.timeout_seconds", "max-revision-timeout-seconds"),
    _svc(OURS + "revision_validation.go validateTimeoutSeconds: the limit itself", {"timeout_seconds": 600}, ADMITTED),
    _svc(OURS + "revision_validation.go validateTimeoutSeconds: 0 means the default", {"timeout_seconds": 0}, ADMITTED),
    _svc(OURS + "revision_validation.go validateTimeoutSeconds: a raised max-revision-timeout-seconds",
         {"timeout_seconds": 900, "cluster": {"max_revision_timeout_seconds": 3600}}, ADMITTED),
    _svc(OURS + "issue 16: scale_down_delay above one hour", {"scaling": {"scale_down_delay": "61m"}}, REFUSED, f"{KS}.scaling.scale_down_delay",
         "outside 0s..1h"),
    _svc(OURS + "typed field: a scale_down_delay of 30s", {"scaling": {"scale_down_delay": "30s"}}, ADMITTED),
    _svc(OURS + "typed field: target 0", {"scaling": {"target": 0}}, REFUSED, f"{KS}.scaling.target", "greater than or equal to 0.01"),
    _svc(OURS + "typed field: max_scale above max-scale-limit", {"scaling": {"max_scale": 11}, "cluster": {"max_scale_limit": 10}}, REFUSED, f"{KS}.scaling",
         "max-scale-limit 10"),
    _svc(OURS + "initial_scale above max_scale", {"scaling": {"initial_scale": 20, "max_scale": 10}}, ADMITTED, f"{KS}.scaling",
         differs="initial scale above max scale"),
    _svc(OURS + "knative/networking metadata_validation.go ValidateAnnotations: an allowed networking annotation",
         {"template_annotations": {"networking.knative.dev/disable-auto-tls": "true"}}, ADMITTED),
    _svc(OURS + "knative/pkg metadata_validation.go ValidateObjectMetadata: a name starting with a digit", {"service_name": "1app"}, REFUSED,
         f"{KS}.service_name", "RFC 1035"),
]


@pytest.mark.parametrize("case", params(SERVICE_CASES))
def test_the_service_is_admitted_or_refused_as_the_webhook_would(case: Case) -> None:
    judge(case)


def test_a_component_name_that_is_no_dns_1035_label_is_refused_for_a_service():
    def build():
        with pytest.raises(ArgsError, match="KnativeService.name: must be an RFC 1035 label"):
            KnativeService("9lives", KnativeServiceArgs(image=IMAGE))

    assert run_components(build).resources == []


def test_errors_name_the_field_the_bad_value_and_the_fix():
    with pytest.raises(ArgsError) as info:
        KnativeServiceArgs(image=IMAGE, timeout_seconds=3600, scaling=ScalingPolicy(max_scale=5), traffic=[TrafficTarget(percent=100, latest_revision=True)])
    assert str(info.value) == (
        "KnativeServiceArgs.timeout_seconds: is above the cluster's max-revision-timeout-seconds (600); lower it, or raise "
        "max-revision-timeout-seconds in config-defaults and set cluster=ServingClusterConfig(max_revision_timeout_seconds=...) (got 3600)"
    )
