"""A hardened container workload: a ``Deployment`` and the ``Service`` in front of it."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field, field_validator, model_validator

from eventing_platform.kinds.addresses import service_url

from ..args import Input, computed
from ..component import Component
from ..knative.side_effects import SideEffects, check_annotations_free_of_side_effects
from .container import ContainerFields
from .names import DnsLabel, DnsSubdomain, default_object_name, object_meta
from .sdk_types import as_sdk_input

NAME_LABEL = "app.kubernetes.io/name"
"""The label that selects a workload's pods."""
_PATH = re.compile(r"^/[A-Za-z0-9._/-]*$")


class ContainerWorkloadArgs(ContainerFields):
    """Arguments of :class:`ContainerWorkload`: the container plus Deployment and Service settings.

    Pods run with a dedicated service account, no service-account token unless asked for,
    a RuntimeDefault seccomp profile and the container's restricted security context.
    """

    namespace: Input[DnsLabel]
    """Namespace of the Deployment and Service (never rely on ``default``). Required."""
    service_account_name: Input[DnsSubdomain]
    """Dedicated ServiceAccount the pods run as (see ``ServiceAccountWithRole``). Required."""
    workload_name: Input[DnsLabel] | None = None
    """``metadata.name`` of the Deployment and Service. Default: the component name."""
    replicas: Input[Annotated[int, Field(ge=0, le=1000)]] = 2
    """Pod replicas. Default 2 (one can restart while the other serves)."""
    service_type: Literal["ClusterIP", "LoadBalancer"] = "ClusterIP"
    """``ClusterIP`` (in-cluster only, default) or ``LoadBalancer`` (see ``service_annotations``)."""
    service_port: Annotated[int, Field(ge=1, le=65535)] = 80
    """Port the Service listens on (it forwards to the container port). Default 80."""
    service_annotations: dict[str, str] = Field(default_factory=dict)
    """Service annotations, e.g. a cloud load balancer's address type. Default none."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels on the Deployment, its pods and the Service. Default none."""
    annotations: dict[str, str] = Field(default_factory=dict)
    """Extra annotations on the Deployment. Default none."""
    pod_annotations: dict[str, str] = Field(default_factory=dict)
    """Annotations on the pod template. Default none."""
    writable_paths: list[str] = Field(default_factory=list)
    """Directories given an ``emptyDir`` volume, so a read-only root filesystem still has scratch
    space (e.g. ``/tmp``). Default none."""
    health_path: str | None = None
    """HTTP path for readiness and liveness probes on the container port. Default: no probes."""
    automount_service_account_token: bool = False
    """Mount a Kubernetes API token in the pods. Default False (the workload does not call the API)."""
    side_effects: SideEffects | None = None
    """What the workload writes, replies or publishes besides answering, rendered as the
    ``eventing-platform.dev/side-effects`` annotation on the Deployment so the event-flow graph
    and its loop check see it. Default none declared."""

    @field_validator("writable_paths")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        normalised = []
        for path in value:
            if not _PATH.fullmatch(path) or posixpath.normpath(path) != path or path == "/":
                raise ValueError(f"writable path {path!r} must be an absolute, normalised directory other than '/', e.g. '/tmp'")
            normalised.append(path)
        if len(set(normalised)) != len(normalised):
            raise ValueError(f"writable paths repeat: {normalised}")
        volumes = [_volume_name(p) for p in normalised]
        if len(set(volumes)) != len(volumes):
            raise ValueError(f"writable paths {normalised} give clashing volume names {volumes}; rename a directory")
        return normalised

    @field_validator("health_path")
    @classmethod
    def _health(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("/") or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value)):
            raise ValueError("must start with '/' and hold no spaces or control characters, e.g. '/healthz'")
        return value

    @model_validator(mode="after")
    def _labels(self) -> ContainerWorkloadArgs:
        if NAME_LABEL in self.labels:
            raise ValueError(f"label {NAME_LABEL!r} is set by the component (it selects the pods); remove it")
        check_annotations_free_of_side_effects(self.annotations)
        check_annotations_free_of_side_effects(self.pod_annotations)
        return self


def _volume_name(path: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return f"scratch-{slug}"[:63].rstrip("-")


def _get(obj: Any, snake: str, camel: str) -> Any:
    if obj is None:
        return None
    if type(obj) is dict:  # SDK output types are dict subclasses with snake_case getters
        return obj.get(camel, obj.get(snake))
    return getattr(obj, snake, None)


def _ingress_host(status: Any) -> str | None:
    """First ingress IP or hostname of a Service status (plain dict or SDK output object)."""
    ingress = _get(_get(status, "load_balancer", "loadBalancer"), "ingress", "ingress") or []
    for item in ingress:
        host: str | None = _get(item, "ip", "ip") or _get(item, "hostname", "hostname")
        if host:
            return host
    return None


class ContainerWorkload(Component[ContainerWorkloadArgs]):
    """A ``Deployment`` of one hardened container and a ``Service`` selecting its pods.

    Attributes: ``deployment``, ``service``, ``workload_name``, ``namespace``,
    ``cluster_url`` (``http://<name>.<ns>.svc.cluster.local[:port]``, an ``Output`` when the name
    or namespace is one) and ``url``: the load
    balancer's address for a ``LoadBalancer`` Service, else ``cluster_url``.
    """

    TYPE = "eventing-platform:kubernetes:ContainerWorkload"
    ARGS = ContainerWorkloadArgs

    def __init__(self, name: str, args: ContainerWorkloadArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.workload_name = args.workload_name or default_object_name(name, "ContainerWorkload", "workload_name")
        super().__init__(name, args, opts)
        self.namespace = args.namespace
        selector = {NAME_LABEL: self.workload_name}
        labels = {**args.labels, **selector}
        n, o = self.child("deployment")
        deployment_meta = object_meta(
            self.workload_name, args.namespace, labels,
            {**args.annotations, **(args.side_effects.annotations() if args.side_effects else {})},
        )
        # The specs are built as plain dicts first and typed as the SDK's at the call: inferred
        # in the call against the SDK's unions of typed dicts at every level, the nested literal
        # takes mypy past 18 GB.
        deployment_spec: dict[str, Any] = {
            "replicas": args.replicas,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": labels, **({"annotations": dict(args.pod_annotations)} if args.pod_annotations else {})},
                "spec": self._pod_spec(),
            },
        }
        self.deployment = k8s.apps.v1.Deployment(
            n, metadata=deployment_meta, spec=as_sdk_input(deployment_spec, k8s.apps.v1.DeploymentSpecArgsDict), opts=o,
        )
        n, o = self.child("service")
        service_spec: dict[str, Any] = {
            "type": args.service_type,
            "selector": selector,
            "ports": [{"name": "http", "port": args.service_port, "targetPort": "http", "protocol": "TCP"}],
        }
        self.service = k8s.core.v1.Service(
            n,
            metadata=object_meta(self.workload_name, args.namespace, labels, args.service_annotations or None),
            spec=as_sdk_input(service_spec, k8s.core.v1.ServiceSpecArgsDict),
            opts=o,
        )
        port = "" if args.service_port == 80 else f":{args.service_port}"
        self.cluster_url = computed(lambda name, ns: f"{service_url(name, ns)}{port}", self.workload_name, args.namespace)
        if args.service_type == "LoadBalancer":
            self.url: pulumi.Output[str] = self.service.status.apply(
                lambda s: f"http://{_ingress_host(s)}{port}" if _ingress_host(s) else self.cluster_url
            )
        else:
            self.url = pulumi.Output.from_input(self.cluster_url)
        self.register_outputs({"url": self.url, "workload_name": self.workload_name})

    def _pod_spec(self) -> dict[str, Any]:
        a = self.args
        container = a.render_container(self.workload_name, port_name="http")
        if a.writable_paths:
            container["volumeMounts"] = [{"name": _volume_name(p), "mountPath": p} for p in a.writable_paths]
        if a.health_path:
            probe = {"httpGet": {"path": a.health_path, "port": "http"}, "periodSeconds": 10, "timeoutSeconds": 2}
            container["readinessProbe"] = {**probe, "failureThreshold": 3}
            container["livenessProbe"] = {**probe, "failureThreshold": 6, "initialDelaySeconds": 10}
        spec: dict[str, Any] = {
            "serviceAccountName": a.service_account_name,
            "automountServiceAccountToken": a.automount_service_account_token,
            "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
            "containers": [container],
        }
        if a.writable_paths:
            spec["volumes"] = [{"name": _volume_name(p), "emptyDir": {}} for p in a.writable_paths]
        return spec
