"""Knative Serving admission, re-expressed from knative/serving's own validation tests.

Each case names the upstream test (file, then the table entry's ``name``). The autoscaling
table is ``pkg/apis/autoscaling/annotation_validation_test.go`` ``TestValidateAnnotations`` in
full, run through :func:`autoscaling_annotation_problems` (the function
:class:`KnativeServiceArgs` applies to its rendered revision-template annotations) and, where the
annotation reaches the component, through the component itself. Which upstream cases were taken
and which do not apply is listed in ``tests/components/knative/admission_catalogue.py``.
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
from tests.support.offline import run_components

ADMITTED, REFUSED = True, False
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

# Cases the component deliberately refuses although the webhook admits them: max-scale 0 means
# "unlimited", and every Service here is bounded (ScalingPolicy.max_scale >= 1, to cap cost).
COMPONENT_STRICTER = {"maxScale is 0", "minScale is 0, maxScale is 0"}


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


@pytest.mark.parametrize(("name", "annotations", "config", "verdict"), AUTOSCALING_CASES, ids=[c[0] for c in AUTOSCALING_CASES])
def test_the_service_admits_the_autoscaling_annotations_the_webhook_admits(name, annotations, config, verdict):
    expected = REFUSED if name in COMPONENT_STRICTER else verdict
    try:
        _service_args(annotations, config)
        admitted = True
    except ArgsError:
        admitted = False
    assert admitted is expected


# (upstream case, KnativeServiceArgs kwargs, verdict, fragment of the message when refused)
SERVICE_CASES = [
    # revision_validation_test.go TestRevisionSpecValidation
    ("revision_validation_test.go exceed max timeout", {"timeout_seconds": 6000}, REFUSED, "max-revision-timeout-seconds (600)"),
    ("revision_validation_test.go exceed custom max timeout", {"timeout_seconds": 100, "cluster": {"max_revision_timeout_seconds": 50}}, REFUSED, "(50)"),
    ("revision_validation_test.go negative timeout", {"timeout_seconds": -30}, REFUSED, "greater than or equal to 0"),
    ("revision_validation_test.go valid (timeout at the limit)", {"timeout_seconds": 600}, ADMITTED, None),
    ("revision_validation_test.go good (max revision timeout change)", {"timeout_seconds": 900, "cluster": {"max_revision_timeout_seconds": 3600}}, ADMITTED, None),
    ("issue 16: timeout 601 on a stock cluster", {"timeout_seconds": 601}, REFUSED, "max-revision-timeout-seconds"),
    ("revision_validation_test.go timeout 0 means the default", {"timeout_seconds": 0}, ADMITTED, None),
    # revision_validation_test.go TestContainerConcurrencyValidation
    ("revision_validation_test.go single", {"container_concurrency": 1}, ADMITTED, None),
    ("revision_validation_test.go unlimited", {"container_concurrency": 0}, ADMITTED, None),
    ("revision_validation_test.go ten", {"container_concurrency": 10}, ADMITTED, None),
    ("revision_validation_test.go invalid container concurrency (too small)", {"container_concurrency": -1}, REFUSED, "greater than or equal to 0"),
    ("revision_validation_test.go invalid container concurrency (too large)", {"container_concurrency": 1001}, REFUSED, "outside 0..1000"),
    ("metadata_validation_test.go TestValidateContainerConcurrency: zero not allowed by the cluster",
     {"container_concurrency": 0, "cluster": {"allow_container_concurrency_zero": False}}, REFUSED, "outside 1..1000"),
    # k8s_validation_test.go TestContainerValidation
    ("k8s_validation_test.go port conflicts with profiling port", {"port": 8008}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go port conflicts with queue proxy (8012)", {"port": 8012}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go port conflicts with queue proxy (8013)", {"port": 8013}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go port conflicts with queue proxy metrics", {"port": 9090}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go port conflicts with user queue proxy metrics for user", {"port": 9091}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go port conflicts with queue proxy admin", {"port": 8022}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go has container port value too large", {"port": 65536}, REFUSED, "less than or equal to 65535"),
    ("k8s_validation_test.go has valid user port http1", {"port": 8080}, ADMITTED, None),
    ("k8s_validation_test.go reserved env var name for serving container", {"env": {"K_SERVICE": "x"}}, REFUSED, "reserved by Knative"),
    ("k8s_validation_test.go invalid container image", {"image": "foo:bar:baz"}, REFUSED, "not a valid image reference"),
    ("k8s_validation_test.go bad service account name", {"service_account_name": "foo@bar"}, REFUSED, "RFC 1123 subdomain"),
    # metadata_validation_test.go
    ("metadata_validation_test.go TestValidateObjectMetadata: autoscaling annotation on the Service",
     {"annotations": {"autoscaling.knative.dev/min-scale": "1"}}, REFUSED, "belongs on the revision template"),
    ("metadata_validation_test.go TestValidateRolloutDurationAnnotation: invalid duration",
     {"annotations": {"serving.knative.dev/rollout-duration": "twenty"}}, REFUSED, "not a duration"),
    ("metadata_validation_test.go TestValidateRolloutDurationAnnotation: not second precision",
     {"annotations": {"serving.knative.dev/rollout-duration": "211ms"}}, REFUSED, "second precision"),
    ("metadata_validation_test.go TestValidateRolloutDurationAnnotation: negative",
     {"annotations": {"serving.knative.dev/rollout-duration": "-211s"}}, REFUSED, "negative"),
    ("metadata_validation_test.go TestValidateRolloutDurationAnnotation: valid",
     {"annotations": {"serving.knative.dev/rollout-duration": "2m"}}, ADMITTED, None),
    # revision_validation_test.go TestRevisionTemplateSpecValidation (annotations)
    ("revision_validation_test.go invalid queue sidecar resource percentage",
     {"template_annotations": {"queue.sidecar.serving.knative.dev/resource-percentage": "0.01"}}, REFUSED, "0.1 to 100"),
    ("revision_validation_test.go invalid queue sidecar cpu request",
     {"template_annotations": {"queue.sidecar.serving.knative.dev/cpu-resource-request": "100mx"}}, REFUSED, "not a Kubernetes quantity"),
    ("revision_validation_test.go valid queue sidecar resources",
     {"template_annotations": {"queue.sidecar.serving.knative.dev/memory-resource-limit": "1Gi"}}, ADMITTED, None),
    ("revision_validation_test.go invalid progress deadline",
     {"template_annotations": {"serving.knative.dev/progress-deadline": "1.5s"}}, REFUSED, "second precision"),
    ("revision_validation_test.go valid progress deadline",
     {"template_annotations": {"serving.knative.dev/progress-deadline": "120s"}}, ADMITTED, None),
    ("networking metadata_validation_test.go TestValidateAnnotations: unknown networking annotation",
     {"template_annotations": {"networking.knative.dev/foo": "bar"}}, REFUSED, "not one Knative admits"),
    ("networking metadata_validation_test.go TestValidateAnnotations: allowed networking annotation",
     {"template_annotations": {"networking.knative.dev/disable-auto-tls": "true"}}, ADMITTED, None),
    # issue 16 samples through the typed field
    ("issue 16: scale_down_delay above one hour", {"scaling": {"scale_down_delay": "61m"}}, REFUSED, "outside 0s..1h"),
    ("annotation_validation_test.go valid positive scale down delay", {"scaling": {"scale_down_delay": "30s"}}, ADMITTED, None),
    ("annotation_validation_test.go target 0 (typed field)", {"scaling": {"target": 0}}, REFUSED, "greater than or equal to 0.01"),
    ("annotation_validation_test.go initial scale is zero but cluster doesn't allow (typed field)", {"scaling": {"initial_scale": 0}}, REFUSED, "allow-zero-initial-scale"),
    ("annotation_validation_test.go initial scale is zero and cluster allows (typed field)",
     {"scaling": {"initial_scale": 0}, "cluster": {"allow_zero_initial_scale": True}}, ADMITTED, None),
    ("annotation_validation_test.go maxScale is greater than MaxScaleLimit (typed field)",
     {"scaling": {"max_scale": 11}, "cluster": {"max_scale_limit": 10}}, REFUSED, "max-scale-limit 10"),
    # route_validation_test.go TestTrafficTargetValidation / TestRouteSpecValidation
    ("route_validation_test.go invalid with bad revisionName",
     {"traffic": [{"percent": 100, "revision_name": "b@r"}]}, REFUSED, "label key"),
    ("route_validation_test.go invalid with revisionName and latestRevision (spec)",
     {"traffic": [{"percent": 100, "revision_name": "bar", "latest_revision": True}]}, REFUSED, "exactly one of revision_name"),
    ("route_validation_test.go invalid percent too high", {"traffic": [{"percent": 101, "latest_revision": True}]}, REFUSED, "less than or equal to 100"),
    ("route_validation_test.go invalid name - dots and spec percent is not 100",
     {"traffic": [{"percent": 50, "latest_revision": True, "tag": "foo.bar"}]}, REFUSED, "RFC 1035"),
    ("route_validation_test.go tag not a DNS 1035 label (starts with a digit)",
     {"traffic": [{"percent": 100, "latest_revision": True, "tag": "1st"}]}, REFUSED, "RFC 1035"),
    ("route_validation_test.go valid split without tags",
     {"traffic": [{"percent": 50, "latest_revision": True}, {"percent": 50, "revision_name": "app-00001"}]}, ADMITTED, None),
    ("knative/pkg metadata_validation.go ValidateObjectMetadata: name not a DNS 1035 label", {"service_name": "1app"}, REFUSED, "RFC 1035"),
]


@pytest.mark.parametrize(("case", "kwargs", "verdict", "fragment"), SERVICE_CASES, ids=[c[0] for c in SERVICE_CASES])
def test_the_service_is_admitted_or_refused_as_the_webhook_would(case, kwargs, verdict, fragment):
    kwargs = {"image": IMAGE, **kwargs}
    if verdict is ADMITTED:
        KnativeServiceArgs(**kwargs)
        return
    with pytest.raises(ArgsError) as info:
        KnativeServiceArgs(**kwargs)
    message = str(info.value)
    assert fragment in message and len(message.splitlines()) >= 1
    assert all(line.startswith("KnativeServiceArgs") for line in message.splitlines())


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
