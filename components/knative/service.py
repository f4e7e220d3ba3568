"""Knative Serving ``Service`` (``serving.knative.dev/v1``) with scaling, traffic and a hardened container."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, Literal

import pulumi
from pydantic import Field, field_validator, model_validator

from eventing_platform.kinds.addresses import CLUSTER_LOCAL, VISIBILITY_LABEL, service_url

from ..args import Args, Input, StrInput, computed, is_plain
from ..errors import ArgsError, Problem
from ..kubernetes.container import ContainerFields
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.image import check_knative_image
from ..kubernetes.names import (
    Dns1035Label,
    DnsLabel,
    DnsSubdomain,
    LabelKey,
    check_dns1035_label,
    default_object_name,
    object_meta,
)
from .autoscaling_annotations import autoscaling_annotation_problems, scale_down_delay_problem
from .destination import SERVING_V1, Destination
from .serving_annotations import service_annotation_problems, template_annotation_problems
from .serving_config import HPA_CLASS, ServingClusterConfig
from .side_effects import SideEffects, check_annotations_free_of_side_effects
from .workload_class import (
    SERVICE_LEVEL_KEYS,
    TEMPLATE_LEVEL_KEYS,
    EciWorkload,
    FunctionComputeWorkload,
    WorkloadClass,
    coerce_workload,
)

if TYPE_CHECKING:
    from pulumi_kubernetes.meta.v1 import ObjectMetaArgsDict

AUTOSCALING = "autoscaling.knative.dev/"

RESERVED_PORTS = frozenset({8012, 8013, 8022, 9090, 9091, 8008})
"""Ports Knative's queue-proxy and profiler use (knative/serving ``pkg/apis/serving/k8s_validation.go``
``reservedPorts``: BackendHTTPPort 8012, BackendHTTP2Port 8013, QueueAdminPort 8022,
AutoscalingQueueMetricsPort 9090, UserQueueMetricsPort 9091, knative/pkg ProfilingDefaultPort 8008)."""


class ScalingPolicy(Args):
    """Knative Pod Autoscaler settings, rendered as annotations on the revision template.

    Knative's admission webhook rejects ``min_scale > max_scale``; so does this model, with the
    webhook's other rules for these annotations (knative/serving ``pkg/apis/autoscaling/annotation_validation.go``;
    the rules that depend on the cluster's ConfigMaps are checked by :class:`KnativeServiceArgs`).
    """

    min_scale: Input[Annotated[int, Field(ge=0)]] = 0
    """Replicas kept even without traffic. Default 0 (scale to zero)."""
    max_scale: Input[Annotated[int, Field(ge=1)]] = 10
    """Upper bound on replicas. Default 10 (always bounded, to cap cost)."""
    initial_scale: Input[Annotated[int, Field(ge=0)]] | None = None
    """Replicas when a revision is created. Default: Knative's (1)."""
    target: Input[Annotated[float, Field(ge=0.01, allow_inf_nan=False)]] | None = None
    """Per-replica target of ``metric``, at least 0.01 (``validateFloats``, ``TargetMin``).
    Default: Knative's (100 concurrent requests)."""
    metric: Literal["concurrency", "rps", "cpu", "memory"] | None = None
    """Scaling metric. Default: Knative's (``concurrency``); ``cpu``/``memory`` need the HPA class."""
    scale_down_delay: str | None = None
    """How long to wait before scaling down: a Go duration of whole seconds up to ``1h``, e.g.
    ``30s`` (``validateScaleDownDelay``). Default none."""

    @field_validator("scale_down_delay")
    @classmethod
    def _scale_down_delay(cls, value: str | None) -> str | None:
        # knative/serving annotation_validation.go validateScaleDownDelay: 0 <= d <= WindowMax (1h), whole seconds.
        problem = scale_down_delay_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _bounds(self) -> ScalingPolicy:
        if not (is_plain(self.min_scale) and is_plain(self.max_scale) and is_plain(self.initial_scale)):
            return self  # checked once the Outputs resolve
        if self.min_scale > self.max_scale:
            raise ValueError(
                f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); Knative "
                "rejects this: lower min_scale or raise max_scale"
            )
        # Not a webhook rule (Knative clamps initial scale to max-scale); refused here as a likely mistake.
        if self.initial_scale is not None and self.initial_scale > self.max_scale:
            raise ValueError(
                f"initial_scale ({self.initial_scale}) is above max_scale ({self.max_scale}); "
                "lower initial_scale or raise max_scale"
            )
        return self

    def annotations(self) -> dict[str, StrInput]:
        """Autoscaling annotations (string values, as Kubernetes requires; an ``Output`` for a
        number given as one)."""
        out: dict[str, StrInput] = {
            AUTOSCALING + "min-scale": computed(str, self.min_scale),
            AUTOSCALING + "max-scale": computed(str, self.max_scale),
        }
        if self.initial_scale is not None:
            out[AUTOSCALING + "initial-scale"] = computed(str, self.initial_scale)
        if self.target is not None:
            out[AUTOSCALING + "target"] = computed(lambda target: f"{target:g}", self.target)
        if self.metric is not None:
            out[AUTOSCALING + "metric"] = self.metric
            if self.metric in ("cpu", "memory"):
                out[AUTOSCALING + "class"] = HPA_CLASS
        if self.scale_down_delay is not None:
            out[AUTOSCALING + "scale-down-delay"] = self.scale_down_delay
        return out


class TrafficTarget(Args):
    """One entry of ``spec.traffic``."""

    percent: Annotated[int, Field(ge=0, le=100)]
    """Share of traffic for this target."""
    revision_name: Input[LabelKey] | None = None
    """A fixed revision (a qualified name, route_validation.go ``IsQualifiedName``). Exclusive with
    ``latest_revision=True``."""
    latest_revision: bool = False
    """Follow the latest ready revision. Default False."""
    tag: Dns1035Label | None = None
    """Tag that gets its own URL (``<tag>-<service>.<domain>``): an RFC 1035 label
    (route_validation.go ``validateTrafficList``). Default none."""

    @model_validator(mode="after")
    def _one_target(self) -> TrafficTarget:
        # route_validation.go TrafficTarget.validateLatestRevision / validateRevisionAndConfiguration.
        if bool(self.revision_name) == self.latest_revision:
            field, value = ("latest_revision", True) if self.latest_revision else ("revision_name", self.revision_name)
            raise ArgsError([Problem(f"{type(self).__name__}.{field}", "set exactly one of revision_name or latest_revision=True", value)])
        return self

    def render(self) -> dict[str, Any]:
        """The traffic entry."""
        out: dict[str, Any] = {"percent": self.percent, "latestRevision": self.latest_revision}
        if self.revision_name:
            out["revisionName"] = self.revision_name
        if self.tag:
            out["tag"] = self.tag
        return out


class KnativeServiceArgs(ContainerFields):
    """Arguments of :class:`KnativeService`: the container plus serving settings."""

    service_name: Input[Dns1035Label] | None = None
    """``metadata.name``: an RFC 1035 label (knative/pkg ``apis.ValidateObjectMetadata``).
    Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's namespace (usually ``default``; set one)."""
    scaling: ScalingPolicy = Field(default_factory=ScalingPolicy)
    """Autoscaling. Default 0 to 10 replicas."""
    container_concurrency: Annotated[int, Field(ge=0)] | None = None
    """Hard limit of concurrent requests per replica (0 = unlimited), at most
    ``cluster.container_concurrency_max_limit`` (1000 on a stock cluster). Default: Knative's (0)."""
    timeout_seconds: Annotated[int, Field(ge=0)] | None = None
    """Request timeout in seconds, at most ``cluster.max_revision_timeout_seconds`` (600 on a stock
    cluster); 0 means Knative's default. Default: Knative's (300 s)."""
    cluster: ServingClusterConfig = Field(default_factory=ServingClusterConfig)
    """The cluster's Knative Serving settings admission checks against (``config-defaults``,
    ``config-autoscaler``). Default: a stock installation's."""
    service_account_name: Input[DnsSubdomain] | None = None
    """ServiceAccount the pods run as. Default: the namespace's ``default`` (set a dedicated one)."""
    cluster_local: bool = False
    """Only reachable inside the cluster (``networking.knative.dev/visibility: cluster-local``). Default False."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels on the Service. Default none."""
    annotations: dict[str, str] = Field(default_factory=dict)
    """Extra annotations on the Service object. Default none."""
    template_annotations: dict[str, str] = Field(default_factory=dict)
    """Extra annotations on the revision template (where autoscaling and ECI/FC ones belong). Default none."""
    traffic: list[TrafficTarget] = Field(default_factory=list)
    """Traffic split. Default: 100% to the latest revision."""
    side_effects: SideEffects | None = None
    """What the workload writes, replies or publishes besides answering, rendered as the
    ``eventing-platform.dev/side-effects`` annotation so the event-flow graph and its loop
    check see it. Default none declared."""
    template_labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels on the revision template (and so on its pods). Default none."""
    workload: WorkloadClass = Field(default_factory=EciWorkload)
    """Where it runs on Alibaba Cloud Knative: :class:`EciWorkload` (default; renders nothing
    unless an image snapshot or specs are set) or :class:`FunctionComputeWorkload`; the strings
    ``"eci"`` and ``"fc"`` are accepted too. Default ECI."""

    @field_validator("workload", mode="before")
    @classmethod
    def _workload_class(cls, value: object) -> object:
        return coerce_workload(value)

    @field_validator("image")
    @classmethod
    def _knative_parses_image(cls, value: StrInput) -> StrInput:
        # k8s_validation.go validate(): name.ParseReference(image, name.WeakValidation).
        return check_knative_image(value) if is_plain(value) else value

    @field_validator("port")
    @classmethod
    def _port_not_reserved(cls, value: int) -> int:
        # k8s_validation.go validateContainerPortBasic: reservedPorts.
        if value in RESERVED_PORTS:
            raise ValueError(
                f"port {value} is reserved by Knative (queue-proxy and profiling use "
                f"{', '.join(str(p) for p in sorted(RESERVED_PORTS))}); listen on another port, e.g. 8080"
            )
        return value

    @model_validator(mode="after")
    def _serving_rules(self) -> KnativeServiceArgs:
        check_annotations_free_of_side_effects(self.annotations)
        clash = sorted(k for k in self.template_annotations if k in self.scaling.annotations())
        if clash:
            raise ValueError(f"template_annotations {clash} clash with scaling; set them through scaling only")
        self._check_workload_annotations()
        problems = self.admission_problems()
        if problems:
            raise ArgsError(problems)
        return self

    def admission_problems(self) -> list[Problem]:
        """What Knative Serving's webhook would refuse in the rendered Service, given ``cluster``
        (one :class:`Problem` per rule, with the fix; empty when it admits it)."""
        c = self.cluster
        owner = type(self).__name__
        out: list[Problem] = []
        # route_validation.go RouteSpec.Validate: percentages sum to 100, tags unique.
        total = sum(t.percent for t in self.traffic)
        if self.traffic and total != 100:
            out.append(Problem(f"{owner}.traffic", f"percentages add up to {total}, not 100; fix the percent values",
                               [t.percent for t in self.traffic]))
        tags = [t.tag for t in self.traffic if t.tag]
        if len(tags) != len(set(tags)):
            out.append(Problem(f"{owner}.traffic", "tags repeat; give each target its own tag", tags))
        # revision_validation.go validateTimeoutSeconds: 0 < t <= max-revision-timeout-seconds (0 = default).
        if self.timeout_seconds and self.timeout_seconds > c.max_revision_timeout_seconds:
            out.append(Problem(
                f"{owner}.timeout_seconds",
                f"is above the cluster's max-revision-timeout-seconds ({c.max_revision_timeout_seconds}); lower it, or "
                "raise max-revision-timeout-seconds in config-defaults and set cluster=ServingClusterConfig(max_revision_timeout_seconds=...)",
                self.timeout_seconds,
            ))
        # metadata_validation.go ValidateContainerConcurrency.
        cc = self.container_concurrency
        low = 0 if c.allow_container_concurrency_zero else 1
        if cc is not None and not low <= cc <= c.container_concurrency_max_limit:
            out.append(Problem(
                f"{owner}.container_concurrency",
                f"is outside {low}..{c.container_concurrency_max_limit}, what the cluster's config-defaults admits; use a value in that range",
                cc,
            ))
        # metadata_validation.go ValidateHasNoAutoscalingAnnotation and ValidateRolloutDurationAnnotation.
        out += [Problem(f"{owner}.annotations", p.message, p.value) for p in service_annotation_problems(self.annotations)]
        # revision_validation.go RevisionTemplateSpec.Validate: autoscaling, networking, queue-proxy, progress-deadline.
        scaling = self.scaling.annotations()
        plain = {k: v for k, v in {**scaling, **self.template_annotations}.items() if isinstance(v, str)}
        for p in autoscaling_annotation_problems(plain, c) + template_annotation_problems(plain):
            field = "scaling" if p.key in scaling else "template_annotations"
            out.append(Problem(f"{owner}.{field}", p.message, p.value))
        return out

    def _check_workload_annotations(self) -> None:
        typed = sorted((SERVICE_LEVEL_KEYS | TEMPLATE_LEVEL_KEYS) & (set(self.annotations) | set(self.template_annotations)))
        if typed:
            raise ValueError(
                f"annotations {typed} are set by the workload class (and belong on "
                f"{'the Service' if typed[0] in SERVICE_LEVEL_KEYS else 'the revision template'}); "
                "use workload=EciWorkload(...) or workload=FunctionComputeWorkload(...) instead"
            )
        if isinstance(self.workload, FunctionComputeWorkload):
            eci = sorted(k for k in self.template_annotations if k.startswith("k8s.aliyun.com/eci-"))
            if eci:
                raise ValueError(
                    f"template_annotations {eci} configure ECI pods, which a Function Compute "
                    "workload does not have; remove them or use workload='eci'"
                )


class KnativeService(ObjectComponent[KnativeServiceArgs]):
    """A Knative Service: one ``serving.knative.dev/v1`` ``Service`` object.

    Attributes: ``service`` (the object), ``service_name``, ``url`` (``status.url``, falling
    back to the cluster-local address while the status is not yet known), ``destination``
    (a :class:`Destination` for sinks and subscribers).
    """

    TYPE = "eventing-platform:knative:KnativeService"
    ARGS = KnativeServiceArgs

    @classmethod
    def object_name(cls, name: str, given: Input[str] | None, field: str) -> Input[str]:
        """``given`` or the component name, which must be an RFC 1035 label: knative/pkg
        ``apis.ValidateObjectMetadata`` (``NameIsDNS1035Label``) refuses other Service names."""
        return given or default_object_name(name, cls.__name__, field, check_dns1035_label)

    def __init__(self, name: str, args: KnativeServiceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.service_name = self.object_name(name, args.service_name, "service_name")
        super().__init__(name, args, opts)
        self.service = self.create_object("service", SERVING_V1, "Service", self._metadata(), self._spec())
        fallback = computed(service_url, self.service_name, args.namespace or "default")
        self.url: pulumi.Output[str] = self.status_url(self.service, fallback, "url")
        self.destination = Destination.service(self.service_name, args.namespace)
        self.register_outputs({"url": self.url, "service_name": self.service_name})

    def _metadata(self) -> ObjectMetaArgsDict:
        a = self.args
        labels = dict(a.labels)
        if a.cluster_local:
            labels[VISIBILITY_LABEL] = CLUSTER_LOCAL
        side_effects = a.side_effects.annotations() if a.side_effects else {}
        return object_meta(self.service_name, a.namespace, labels, {**a.annotations, **a.workload.service_annotations(), **side_effects})

    def _spec(self) -> dict[str, Any]:
        a = self.args
        pod: dict[str, Any] = {"containers": [a.render_container("user-container", port_name="http1")]}
        if a.service_account_name:
            pod["serviceAccountName"] = a.service_account_name
        if a.container_concurrency is not None:
            pod["containerConcurrency"] = a.container_concurrency
        if a.timeout_seconds is not None:
            pod["timeoutSeconds"] = a.timeout_seconds
        template_meta: dict[str, Any] = {
            "annotations": {**a.scaling.annotations(), **a.template_annotations, **a.workload.template_annotations()},
        }
        if a.template_labels:
            template_meta["labels"] = dict(a.template_labels)
        template = {"metadata": template_meta, "spec": pod}
        spec: dict[str, Any] = {"template": template}
        if a.traffic:
            spec["traffic"] = [t.render() for t in a.traffic]
        return spec

