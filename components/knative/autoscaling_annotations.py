"""Knative's admission rules for ``autoscaling.knative.dev/*`` annotations, mirrored.

Mirrors knative/serving ``pkg/apis/autoscaling/annotation_validation.go``
(``ValidateAnnotations`` and the ``validate*`` functions it calls) with the keys, legacy
aliases and limits of ``pkg/apis/autoscaling/register.go``. :func:`autoscaling_annotation_problems`
takes a revision template's annotations and returns what the webhook would refuse, each with a
fix; the single-value checkers (:func:`scale_down_delay_problem`, ...) serve typed fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventing_platform.kinds.formats.go_durations import (
    HOUR,
    SECOND,
    GoDurationError,
    parse_go_duration,
)

from .serving_config import HPA_CLASS, KPA_CLASS, ServingClusterConfig

GROUP = "autoscaling.knative.dev"
CLASS = (f"{GROUP}/class",)
MIN_SCALE = (f"{GROUP}/min-scale", f"{GROUP}/minScale")
MAX_SCALE = (f"{GROUP}/max-scale", f"{GROUP}/maxScale")
INITIAL_SCALE = (f"{GROUP}/initial-scale", f"{GROUP}/initialScale")
ACTIVATION_SCALE = (f"{GROUP}/activation-scale",)
SCALE_DOWN_DELAY = (f"{GROUP}/scale-down-delay", f"{GROUP}/scaleDownDelay")
RETENTION_PERIOD = (f"{GROUP}/scale-to-zero-pod-retention-period", f"{GROUP}/scaleToZeroPodRetentionPeriod")
WINDOW = (f"{GROUP}/window",)
METRIC = (f"{GROUP}/metric",)
ALGORITHM = (f"{GROUP}/metric-aggregation-algorithm", f"{GROUP}/metricAggregationAlgorithm")
TARGET = (f"{GROUP}/target",)
TARGET_UTILIZATION = (f"{GROUP}/target-utilization-percentage", f"{GROUP}/targetUtilizationPercentage")
TARGET_BURST_CAPACITY = (f"{GROUP}/target-burst-capacity", f"{GROUP}/targetBurstCapacity")
PANIC_WINDOW = (f"{GROUP}/panic-window-percentage", f"{GROUP}/panicWindowPercentage")
PANIC_THRESHOLD = (f"{GROUP}/panic-threshold-percentage", f"{GROUP}/panicThresholdPercentage")

TARGET_MIN = 0.01
"""register.go ``TargetMin``."""
WINDOW_MIN, WINDOW_MAX = 6 * SECOND, 1 * HOUR
"""register.go ``WindowMin``/``WindowMax``; ``WindowMax`` also bounds scale-down-delay and retention."""
ALGORITHMS = ("linear", "weighted-exponential", "weightedExponential")
_INT32_MAX = 2**31 - 1
_GO_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_GO_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.ASCII | re.IGNORECASE
)


@dataclass(frozen=True)
class AnnotationProblem:
    """One annotation the webhook refuses: its key, its value and what to do."""

    key: str
    value: str
    message: str


def lookup(annotations: Mapping[str, str], keys: Sequence[str]) -> tuple[str, str] | None:
    """``(key, value)`` of the first of ``keys`` present (knative/pkg ``kmap.KeyPriority.Get``)."""
    for key in keys:
        if key in annotations:
            return key, annotations[key]
    return None


def _go_int(text: str, bits: int = 32) -> int | None:
    """``strconv.ParseInt(text, 10, bits)``; None when it is not an integer or out of range."""
    if not _GO_INT.fullmatch(text):
        return None
    value = int(text)
    return value if -(2 ** (bits - 1)) <= value < 2 ** (bits - 1) else None


def parse_go_float(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)`` for decimal text, ``Inf`` and ``NaN``; None otherwise."""
    if not _GO_FLOAT.fullmatch(text):
        return None
    return float(text)


def _duration(text: str) -> int | None:
    try:
        return parse_go_duration(text)
    except GoDurationError:
        return None


def duration_within_window_problem(value: str, what: str, *, at_least: int = 0, whole_seconds: bool = True) -> str | None:
    """Why a duration annotation is refused: not a Go duration, outside ``at_least``..1h, or
    finer than a second. Mirrors ``validateScaleDownDelay``, ``validateWindow`` and
    ``validateLastPodRetention``."""
    d = _duration(value)
    low = f"{at_least // SECOND}s"
    if d is None:
        return f"{what} {value!r} is not a duration; write it as Go does, e.g. '30s', '5m' or '1h'"
    if d < at_least or d > WINDOW_MAX:
        return f"{what} {value!r} is outside {low}..1h, the range Knative admits; use a value from {low} to '1h'"
    if whole_seconds and d % SECOND:
        return f"{what} {value!r} is finer than a second, which Knative refuses; round it to whole seconds, e.g. '30s'"
    return None


def scale_down_delay_problem(value: str) -> str | None:
    """``validateScaleDownDelay``: a Go duration of whole seconds from 0 to 1h."""
    return duration_within_window_problem(value, "scale-down-delay")


def window_problem(value: str) -> str | None:
    """``validateWindow``: a Go duration of whole seconds from 6s to 1h."""
    return duration_within_window_problem(value, "window", at_least=WINDOW_MIN)


def retention_period_problem(value: str) -> str | None:
    """``validateLastPodRetention``: a Go duration from 0 to 1h (any precision)."""
    return duration_within_window_problem(value, "scale-to-zero-pod-retention-period", whole_seconds=False)


def target_problem(value: str) -> str | None:
    """``validateFloats`` for ``target``: a number of at least 0.01."""
    f = parse_go_float(value)
    if f is None:
        return f"target {value!r} is not a number; use e.g. '100'"
    if f < TARGET_MIN:
        return f"target {value!r} is below {TARGET_MIN}, the least Knative admits; raise it"
    return None


def _float_range(value: str, what: str, low: float, high: float) -> str | None:
    f = parse_go_float(value)
    if f is None:
        return f"{what} {value!r} is not a number; use a value from {low:g} to {high:g}"
    if f < low or f > high:
        return f"{what} {value!r} is outside {low:g}..{high:g}, the range Knative admits; use a value in it"
    return None


def _problem(found: tuple[str, str], message: str | None) -> list[AnnotationProblem]:
    return [] if message is None else [AnnotationProblem(found[0], found[1], message)]


def _class_problems(a: Mapping[str, str]) -> list[AnnotationProblem]:
    """``validateClass``: a ``*.knative.dev`` class must be the KPA or the HPA."""
    found = lookup(a, CLASS)
    if found and found[1].endswith(".knative.dev") and found[1] not in (KPA_CLASS, HPA_CLASS):
        return _problem(found, f"class {found[1]!r} is not a Knative autoscaler; use {KPA_CLASS!r} or {HPA_CLASS!r}")
    return []


def _scale_int(a: Mapping[str, str], keys: Sequence[str], problems: list[AnnotationProblem]) -> int:
    """``getIntGE0``: the value as an int32 of at least 0 (0 when absent or bad)."""
    found = lookup(a, keys)
    if found is None:
        return 0
    value = _go_int(found[1])
    name = keys[0].split("/", 1)[1]
    if value is None and _GO_INT.fullmatch(found[1]) is None:
        problems.append(AnnotationProblem(*found, f"{name} {found[1]!r} is not a whole number; use e.g. '1'"))
        return 0
    if value is None or value < 0:
        problems.append(AnnotationProblem(*found, f"{name} {found[1]!r} is outside 0..{_INT32_MAX}; use a value in it"))
        return 0
    return value


def _min_max_problems(a: Mapping[str, str], config: ServingClusterConfig | None) -> list[AnnotationProblem]:
    """``validateMinMaxScale`` and ``validateMaxScaleWithinLimit``."""
    problems: list[AnnotationProblem] = []
    low = _scale_int(a, MIN_SCALE, problems)
    high = _scale_int(a, MAX_SCALE, problems)
    max_found = lookup(a, MAX_SCALE)
    if high != 0 and high < low:
        assert max_found is not None
        problems.append(AnnotationProblem(
            *max_found, f"max-scale={high} is less than min-scale={low}, which Knative refuses; raise max-scale or lower min-scale"))
    if max_found is not None and config is not None and config.max_scale_limit:
        limit = config.max_scale_limit
        if high > limit:
            problems.append(AnnotationProblem(*max_found, f"max-scale={high} is above the cluster's max-scale-limit {limit}; use at most {limit}"))
        if high == 0:
            problems.append(AnnotationProblem(*max_found, f"max-scale=0 (unlimited) is refused under the cluster's max-scale-limit {limit}; set 1..{limit}"))
    activation = lookup(a, ACTIVATION_SCALE)
    if activation is not None:
        nz = _go_int(activation[1])
        if nz is None:
            problems.append(AnnotationProblem(*activation, f"activation-scale {activation[1]!r} is not a whole number; use e.g. '2'"))
        elif low > nz:
            problems.append(AnnotationProblem(*activation, f"min-scale={low} is greater than activation-scale={nz}; raise activation-scale"))
        elif high < nz and high != 0:
            problems.append(AnnotationProblem(*activation, f"max-scale={high} is less than activation-scale={nz}; lower activation-scale"))
        elif nz < 2:
            problems.append(AnnotationProblem(*activation, f"activation-scale={nz} must be greater than 1; use 2 or more, or leave it unset"))
    return problems


def _float_problems(a: Mapping[str, str]) -> list[AnnotationProblem]:
    """``validateFloats``."""
    problems: list[AnnotationProblem] = []
    for keys, what, low, high in (
        (PANIC_WINDOW, "panic-window-percentage", 1.0, 100.0),
        (PANIC_THRESHOLD, "panic-threshold-percentage", 110.0, 1000.0),
        (TARGET_UTILIZATION, "target-utilization-percentage", 1.0, 100.0),
    ):
        found = lookup(a, keys)
        if found:
            problems += _problem(found, _float_range(found[1], what, low, high))
    found = lookup(a, TARGET)
    if found:
        problems += _problem(found, target_problem(found[1]))
    found = lookup(a, TARGET_BURST_CAPACITY)
    if found:
        f = parse_go_float(found[1])
        if f is None or (f < 0 and f != -1):
            problems.append(AnnotationProblem(*found, f"target-burst-capacity {found[1]!r} is neither a number >= 0 nor -1 (unlimited); use e.g. '200'"))
    return problems


def _duration_problems(a: Mapping[str, str]) -> list[AnnotationProblem]:
    """``validateWindow``, ``validateLastPodRetention`` and ``validateScaleDownDelay``."""
    problems: list[AnnotationProblem] = []
    for keys, check in ((WINDOW, window_problem), (RETENTION_PERIOD, retention_period_problem), (SCALE_DOWN_DELAY, scale_down_delay_problem)):
        found = lookup(a, keys)
        if found:
            problems += _problem(found, check(found[1]))
    return problems


def metric_problem(metric: str, autoscaler_class: str) -> str | None:
    """``validateMetric``: the KPA takes ``concurrency`` or ``rps``; the HPA any non-empty metric;
    other classes are left alone."""
    if autoscaler_class == KPA_CLASS and metric not in ("concurrency", "rps"):
        return f"metric {metric!r} is not one the KPA scales on; use 'concurrency' or 'rps', or the HPA class for 'cpu'/'memory'"
    if autoscaler_class == HPA_CLASS and metric == "":
        return "metric is empty; name one the HPA scales on, e.g. 'cpu'"
    return None


def _metric_problems(a: Mapping[str, str], config: ServingClusterConfig | None) -> list[AnnotationProblem]:
    found = lookup(a, METRIC)
    if found is None:
        return []
    cls = lookup(a, CLASS)
    default_class = config.pod_autoscaler_class if config is not None else KPA_CLASS
    return _problem(found, metric_problem(found[1], cls[1] if cls else default_class))


def _algorithm_problems(a: Mapping[str, str]) -> list[AnnotationProblem]:
    """``validateAlgorithm``: only checked when the class annotation names the KPA."""
    cls = lookup(a, CLASS)
    found = lookup(a, ALGORITHM)
    if cls is None or cls[1] != KPA_CLASS or found is None or found[1] == "" or found[1] in ALGORITHMS:
        return []
    return _problem(found, f"metric-aggregation-algorithm {found[1]!r} is unknown; use one of {', '.join(ALGORITHMS)}")


def initial_scale_problem(value: str, allow_zero: bool) -> str | None:
    """``validateInitialScale``: a whole number of at least 0, and not 0 unless the cluster allows it."""
    parsed = _go_int(value, bits=64)
    if parsed is None:
        return f"initial-scale {value!r} is not a whole number; use e.g. '1'"
    if parsed < 0:
        return f"initial-scale {value!r} is negative; use 1 or more"
    if parsed == 0 and not allow_zero:
        return ("initial-scale=0 is refused unless the cluster sets allow-zero-initial-scale in config-autoscaler; "
                "use 1 or more, or set ServingClusterConfig(allow_zero_initial_scale=True) for such a cluster")
    return None


def _initial_scale_problems(a: Mapping[str, str], config: ServingClusterConfig | None) -> list[AnnotationProblem]:
    found = lookup(a, INITIAL_SCALE)
    if found is None:
        return []
    allow_zero = config.allow_zero_initial_scale if config is not None else True
    return _problem(found, initial_scale_problem(found[1], allow_zero))


def autoscaling_annotation_problems(annotations: Mapping[str, str], config: ServingClusterConfig | None) -> list[AnnotationProblem]:
    """What knative/serving ``autoscaling.ValidateAnnotations`` refuses in a revision template's
    annotations. With ``config`` None the rules that depend on the cluster's ConfigMaps
    (max-scale-limit, allow-zero-initial-scale, the default class) are skipped."""
    return (
        _class_problems(annotations)
        + _min_max_problems(annotations, config)
        + _float_problems(annotations)
        + _duration_problems(annotations)
        + _metric_problems(annotations, config)
        + _algorithm_problems(annotations)
        + _initial_scale_problems(annotations, config)
    )

