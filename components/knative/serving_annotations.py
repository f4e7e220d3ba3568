"""Knative Serving's admission rules for the non-autoscaling annotations of a Service and its revision template.

Mirrors knative/serving ``pkg/apis/serving/metadata_validation.go``
(``ValidateRolloutDurationAnnotation``, ``ValidateHasNoAutoscalingAnnotation``),
``pkg/apis/serving/v1/revision_validation.go`` (``validateQueueSidecarResourceAnnotations``,
``validateProgressDeadlineAnnotation``) and knative/networking
``pkg/apis/networking/metadata_validation.go`` (``ValidateAnnotations``), with the keys of
``pkg/apis/serving/register.go`` and networking ``register.go``.
"""

from __future__ import annotations

from collections.abc import Mapping

from eventing_platform.kinds.formats.go_durations import SECOND, GoDurationError, parse_go_duration
from eventing_platform.kinds.formats.quantities import parse_quantity

from .autoscaling_annotations import GROUP as AUTOSCALING_GROUP
from .autoscaling_annotations import AnnotationProblem, lookup, parse_go_float

SERVING = "serving.knative.dev"
ROLLOUT_DURATION = (f"{SERVING}/rollout-duration", f"{SERVING}/rolloutDuration")
PROGRESS_DEADLINE = (f"{SERVING}/progress-deadline",)
QUEUE = f"queue.sidecar.{SERVING}"
QUEUE_RESOURCE_PERCENTAGE = (f"{QUEUE}/resource-percentage", f"{QUEUE}/resourcePercentage")
QUEUE_RESOURCE_KEYS = tuple(
    f"{QUEUE}/{r}-resource-{kind}" for r in ("cpu", "memory", "ephemeral-storage") for kind in ("request", "limit")
)
NETWORKING = "networking.knative.dev"
NETWORKING_ALLOWED = frozenset(f"{NETWORKING}/{k}" for k in (
    "ingress.class", "ingress-class", "certificate.class", "certificate-class", "disableAutoTLS",
    "disable-auto-tls", "disable-external-domain-tls", "httpOption", "http-protocol",
))
"""networking ``allowedAnnotations``: the only ``networking.knative.dev`` keys a revision template may carry."""


def _positive_whole_seconds(found: tuple[str, str], what: str) -> list[AnnotationProblem]:
    """A Go duration, at second precision, not negative (rollout-duration, progress-deadline)."""
    key, value = found
    try:
        d = parse_go_duration(value)
    except GoDurationError:
        return [AnnotationProblem(key, value, f"{what} {value!r} is not a duration; write it as Go does, e.g. '120s' or '5m'")]
    if d % SECOND:
        return [AnnotationProblem(key, value, f"{what} {value!r} is not at second precision; round it to whole seconds")]
    if d < 0:
        return [AnnotationProblem(key, value, f"{what} {value!r} is negative; use a positive duration, e.g. '120s'")]
    return []


def service_annotation_problems(annotations: Mapping[str, str]) -> list[AnnotationProblem]:
    """What the webhook refuses in a Service's own ``metadata.annotations``: autoscaling keys
    (``ValidateHasNoAutoscalingAnnotation``) and a bad rollout duration."""
    problems = [
        AnnotationProblem(key, value, f"annotation {key!r} belongs on the revision template, where Knative reads it; "
                          "use scaling=ScalingPolicy(...) or template_annotations")
        for key, value in sorted(annotations.items()) if key.startswith(AUTOSCALING_GROUP)
    ]
    found = lookup(annotations, ROLLOUT_DURATION)
    if found and found[1] != "":
        problems += _positive_whole_seconds(found, "rollout-duration")
    return problems


def template_annotation_problems(annotations: Mapping[str, str]) -> list[AnnotationProblem]:
    """What the webhook refuses in a revision template's annotations besides the autoscaling ones."""
    problems = [
        AnnotationProblem(key, value, f"annotation {key!r} is not one Knative admits on a revision; use one of "
                          f"{', '.join(sorted(NETWORKING_ALLOWED))} or remove it")
        for key, value in sorted(annotations.items()) if key.startswith(NETWORKING) and key not in NETWORKING_ALLOWED
    ]
    found = lookup(annotations, QUEUE_RESOURCE_PERCENTAGE)
    if found:
        percentage = parse_go_float(found[1])
        if percentage is None or not 0.1 <= percentage <= 100:
            problems.append(AnnotationProblem(*found, f"resource-percentage {found[1]!r} is not a number from 0.1 to 100; "
                                              "set the queue-proxy's resources with the *-resource-request/limit annotations instead"))
    for key in QUEUE_RESOURCE_KEYS:
        if key in annotations:
            try:
                parse_quantity(annotations[key])
            except ValueError:
                problems.append(AnnotationProblem(key, annotations[key], f"{key} {annotations[key]!r} is not a Kubernetes quantity; use e.g. '100m' or '128Mi'"))
    found = lookup(annotations, PROGRESS_DEADLINE)
    if found and found[1] != "":
        problems += _positive_whole_seconds(found, "progress-deadline")
    return problems
