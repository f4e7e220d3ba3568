"""Knative Serving ``Service`` (``serving.knative.dev/v1``) with scaling, traffic and a hardened container."""

from __future__ import annotations

from typing import Annotated, Literal

import pulumi
from pydantic import Field, field_validator, model_validator

from eventing_platform.kinds.addresses import CLUSTER_LOCAL, VISIBILITY_LABEL, service_url

from ..args import Args
from ..kubernetes.container import ContainerFields
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, DnsSubdomain, object_meta
from .destination import SERVING_V1, Destination
from .side_effects import SideEffects, check_annotations_free_of_side_effects
from .workload_class import (
    SERVICE_LEVEL_KEYS,
    TEMPLATE_LEVEL_KEYS,
    EciWorkload,
    FunctionComputeWorkload,
    WorkloadClass,
    coerce_workload,
)

AUTOSCALING = "autoscaling.knative.dev/"


class ScalingPolicy(Args):
    """Knative Pod Autoscaler settings, rendered as annotations on the revision template.

    Knative's admission webhook rejects ``min_scale > max_scale``; so does this model.
    """

    min_scale: Annotated[int, Field(ge=0)] = 0
    """Replicas kept even without traffic. Default 0 (scale to zero)."""
    max_scale: Annotated[int, Field(ge=1)] = 10
    """Upper bound on replicas. Default 10 (always bounded, to cap cost)."""
    initial_scale: Annotated[int, Field(ge=0)] | None = None
    """Replicas when a revision is created. Default: Knative's (1)."""
    target: Annotated[float, Field(gt=0)] | None = None
    """Per-replica target of ``metric``. Default: Knative's (100 concurrent requests)."""
    metric: Literal["concurrency", "rps", "cpu", "memory"] | None = None
    """Scaling metric. Default: Knative's (``concurrency``); ``cpu``/``memory`` need the HPA class."""
    scale_down_delay: str | None = None
    """How long to wait before scaling down, e.g. ``30s``. Default none."""

    @model_validator(mode="after")
    def _bounds(self) -> ScalingPolicy:
        if self.min_scale > self.max_scale:
            raise ValueError(
                f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); Knative "
                "rejects this: lower min_scale or raise max_scale"
            )
        if self.initial_scale is not None and self.initial_scale > self.max_scale:
            raise ValueError(
                f"initial_scale ({self.initial_scale}) is above max_scale ({self.max_scale}); "
                "lower initial_scale or raise max_scale"
            )
        return self

    def annotations(self) -> dict[str, str]:
        """Autoscaling annotations (string values, as Kubernetes requires)."""
        out = {
            AUTOSCALING + "min-scale": str(self.min_scale),
            AUTOSCALING + "max-scale": str(self.max_scale),
        }
        if self.initial_scale is not None:
            out[AUTOSCALING + "initial-scale"] = str(self.initial_scale)
        if self.target is not None:
            out[AUTOSCALING + "target"] = f"{self.target:g}"
        if self.metric is not None:
            out[AUTOSCALING + "metric"] = self.metric
            if self.metric in ("cpu", "memory"):
                out[AUTOSCALING + "class"] = "hpa.autoscaling.knative.dev"
        if self.scale_down_delay is not None:
            out[AUTOSCALING + "scale-down-delay"] = self.scale_down_delay
        return out


class TrafficTarget(Args):
    """One entry of ``spec.traffic``."""

    percent: Annotated[int, Field(ge=0, le=100)]
    """Share of traffic for this target."""
    revision_name: str | None = None
    """A fixed revision. Exclusive with ``latest_revision=True``."""
    latest_revision: bool = False
    """Follow the latest ready revision. Default False."""
    tag: DnsLabel | None = None
    """Tag that gets its own URL (``<tag>-<service>.<domain>``). Default none."""

    @model_validator(mode="after")
    def _one_target(self) -> TrafficTarget:
        if bool(self.revision_name) == self.latest_revision:
            raise ValueError("set exactly one of revision_name or latest_revision=True")
        return self

    def render(self) -> dict:
        """The traffic entry."""
        out: dict = {"percent": self.percent, "latestRevision": self.latest_revision}
        if self.revision_name:
            out["revisionName"] = self.revision_name
        if self.tag:
            out["tag"] = self.tag
        return out


class KnativeServiceArgs(ContainerFields):
    """Arguments of :class:`KnativeService`: the container plus serving settings."""

    service_name: DnsLabel | None = None
    """``metadata.name``. Default: the component name."""
    namespace: DnsLabel | None = None
    """Namespace. Default: the provider's namespace (usually ``default``; set one)."""
    scaling: ScalingPolicy = Field(default_factory=ScalingPolicy)
    """Autoscaling. Default 0 to 10 replicas."""
    container_concurrency: Annotated[int, Field(ge=0, le=1000)] | None = None
    """Hard limit of concurrent requests per replica (0 = unlimited). Default: Knative's (0)."""
    timeout_seconds: Annotated[int, Field(ge=1, le=3600)] | None = None
    """Request timeout. Default: Knative's (300 s); above 600 s needs ``max-revision-timeout-seconds``."""
    service_account_name: DnsSubdomain | None = None
    """ServiceAccount the pods run as. Default: the namespace's ``default`` (set a dedicated one)."""
    cluster_local: bool = False
    """Only reachable inside the cluster (``networking.knative.dev/visibility: cluster-local``). Default False."""
    labels: dict[str, str] = Field(default_factory=dict)
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
    template_labels: dict[str, str] = Field(default_factory=dict)
    """Extra labels on the revision template (and so on its pods). Default none."""
    workload: WorkloadClass = Field(default_factory=EciWorkload)
    """Where it runs on Alibaba Cloud Knative: :class:`EciWorkload` (default; renders nothing
    unless an image snapshot or specs are set) or :class:`FunctionComputeWorkload`; the strings
    ``"eci"`` and ``"fc"`` are accepted too. Default ECI."""

    @field_validator("workload", mode="before")
    @classmethod
    def _workload_class(cls, value: object) -> object:
        return coerce_workload(value)

    @model_validator(mode="after")
    def _serving_rules(self) -> KnativeServiceArgs:
        if self.traffic and sum(t.percent for t in self.traffic) != 100:
            raise ValueError(
                f"traffic percentages add up to {sum(t.percent for t in self.traffic)}, not 100; "
                "fix the percent values"
            )
        tags = [t.tag for t in self.traffic if t.tag]
        if len(tags) != len(set(tags)):
            raise ValueError(f"traffic tags {tags} repeat; each tag must be unique")
        misplaced = sorted(k for k in self.annotations if k.startswith(AUTOSCALING))
        if misplaced:
            raise ValueError(
                f"annotations {misplaced} belong on the revision template, where Knative reads "
                "them: use scaling=ScalingPolicy(...) or template_annotations"
            )
        check_annotations_free_of_side_effects(self.annotations)
        clash = sorted(k for k in self.template_annotations if k in self.scaling.annotations())
        if clash:
            raise ValueError(f"template_annotations {clash} clash with scaling; set them through scaling only")
        self._check_workload_annotations()
        return self

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

    def __init__(self, name: str, args: KnativeServiceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.service_name = self.object_name(name, args.service_name, "service_name")
        super().__init__(name, args, opts)
        self.service = self.create_object("service", SERVING_V1, "Service", self._metadata(), self._spec())
        fallback = service_url(self.service_name, args.namespace or 'default')
        self.url: pulumi.Output[str] = self.status_url(self.service, fallback, "url")
        self.destination = Destination.service(self.service_name, args.namespace)
        self.register_outputs({"url": self.url, "service_name": self.service_name})

    def _metadata(self) -> dict:
        a = self.args
        labels = dict(a.labels)
        if a.cluster_local:
            labels[VISIBILITY_LABEL] = CLUSTER_LOCAL
        side_effects = a.side_effects.annotations() if a.side_effects else {}
        return object_meta(self.service_name, a.namespace, labels, {**a.annotations, **a.workload.service_annotations(), **side_effects})

    def _spec(self) -> dict:
        a = self.args
        pod: dict = {"containers": [a.render_container("user-container", port_name="http1")]}
        if a.service_account_name:
            pod["serviceAccountName"] = a.service_account_name
        if a.container_concurrency is not None:
            pod["containerConcurrency"] = a.container_concurrency
        if a.timeout_seconds is not None:
            pod["timeoutSeconds"] = a.timeout_seconds
        template_meta: dict = {
            "annotations": {**a.scaling.annotations(), **a.template_annotations, **a.workload.template_annotations()},
        }
        if a.template_labels:
            template_meta["labels"] = dict(a.template_labels)
        template = {"metadata": template_meta, "spec": pod}
        spec: dict = {"template": template}
        if a.traffic:
            spec["traffic"] = [t.render() for t in a.traffic]
        return spec

