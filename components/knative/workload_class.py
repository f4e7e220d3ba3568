"""Where an Alibaba Cloud Knative Service runs: ECI (Elastic Container Instance) or Function Compute.

On ACK/ASK, Knative Services run as pods on ECI by default; the annotation
``workload.serving.knative.aliyun.com/class: fc`` on the Service makes Alibaba Cloud Knative run
each revision on Function Compute instead, configured by ``fc.revision.serving.knative.aliyun.com/*``
annotations on the revision template. Both are typed here; ``KnativeServiceArgs.workload``
takes one (or the strings ``"eci"`` / ``"fc"``).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator

from ..args import Args, Input, StrInput, is_plain

WORKLOAD_CLASS_ANNOTATION = "workload.serving.knative.aliyun.com/class"
"""On the Service metadata: ``fc`` runs the Service on Function Compute."""
FC_PREFIX = "fc.revision.serving.knative.aliyun.com/"
FC_CODE_SPACE = FC_PREFIX + "code-space"
FC_ROLE = FC_PREFIX + "role-arm"
"""Spelled ``role-arm`` (sic) by Alibaba Cloud Knative."""
FC_DOMAIN = FC_PREFIX + "domain"
ECI_IMAGE_SNAPSHOT = "k8s.aliyun.com/eci-image-snapshot-id"
ECI_USE_SPECS = "k8s.aliyun.com/eci-use-specs"

SERVICE_LEVEL_KEYS = frozenset({WORKLOAD_CLASS_ANNOTATION})
"""Workload annotations that belong on the Service metadata."""
TEMPLATE_LEVEL_KEYS = frozenset({FC_CODE_SPACE, FC_ROLE, FC_DOMAIN, ECI_IMAGE_SNAPSHOT, ECI_USE_SPECS})
"""Workload annotations that belong on the revision template."""
WORKLOAD_CLASSES = ("eci", "fc")

_SNAPSHOT = re.compile(r"^imc-[a-z0-9]{6,}$")
_ECI_SPEC = re.compile(r"^(ecs\.[a-z0-9-]+\.[a-z0-9]+|\d+(\.\d+)?-\d+(\.\d+)?Gi)$")
_ROLE_ARN = re.compile(r"^acs:ram::\d+:role/[A-Za-z0-9._-]{1,64}$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _check_spec(value: str) -> str:
    if not _ECI_SPEC.fullmatch(value):
        raise ValueError(
            f"ECI spec {value!r} is neither an ECS instance type ('ecs.c6.large') nor a "
            "'<vCPU>-<memory>Gi' size ('2-4Gi')"
        )
    return value


EciSpec = Annotated[str, AfterValidator(_check_spec)]
"""An ECI instance spec: an ECS instance type (``ecs.c6.large``) or ``<vCPU>-<memory>Gi`` (``2-4Gi``)."""


def _check_snapshot(value: str) -> str:
    if not _SNAPSHOT.fullmatch(value):
        raise ValueError(f"image snapshot id {value!r} is not an ECI image cache id; it looks like 'imc-uf636kjjx8xr4e75npex'")
    return value


ImageSnapshotId = Annotated[str, AfterValidator(_check_snapshot)]
"""An ECI image cache ID (``imc-...``)."""


class EciWorkload(Args):
    """Run on Elastic Container Instance (the default on ASK). Renders template annotations only
    for what is set; with nothing set it renders nothing."""

    kind: Literal["eci"] = "eci"
    """Discriminator. Always ``eci``."""
    image_snapshot_id: Input[ImageSnapshotId] | None = None
    """ECI image cache (``imc-...``, e.g. an ``eci.ImageCache``'s ID output) to start pods from,
    cutting cold starts (``k8s.aliyun.com/eci-image-snapshot-id``). Default none."""
    use_specs: list[EciSpec] = Field(default_factory=list)
    """Instance specs to try in order (``k8s.aliyun.com/eci-use-specs``). Default none (ECI sizes
    the pod from its resource requests)."""

    @field_validator("use_specs")
    @classmethod
    def _unique_specs(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError(f"use_specs {value} repeat; list each spec once")
        return value

    def service_annotations(self) -> dict[str, str]:
        """Annotations for the Service metadata (none for ECI, the default class)."""
        return {}

    def template_annotations(self) -> dict[str, StrInput]:
        """Annotations for the revision template."""
        out: dict[str, StrInput] = {}
        if self.image_snapshot_id is not None:
            out[ECI_IMAGE_SNAPSHOT] = self.image_snapshot_id
        if self.use_specs:
            out[ECI_USE_SPECS] = ",".join(self.use_specs)
        return out


class FcDomain(Args):
    """A custom domain Function Compute serves the Service on."""

    domain: str
    """Host name, e.g. ``barrage.demo.knative.top``. Required."""
    path: str = "/*"
    """Path pattern routed to the function. Default ``/*``."""

    @field_validator("domain")
    @classmethod
    def _hostname(cls, value: str) -> str:
        if not _HOSTNAME.fullmatch(value):
            raise ValueError(f"domain {value!r} is not a lowercase DNS host name like 'barrage.example.com'")
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError(f"path {value!r} must start with '/', e.g. '/*'")
        return value

    def render(self) -> str:
        """The annotation value: compact JSON ``{"domain": ..., "path": ...}``."""
        return json.dumps({"domain": self.domain, "path": self.path}, separators=(",", ":"))


class FunctionComputeWorkload(Args):
    """Run on Function Compute (``workload.serving.knative.aliyun.com/class: fc``)."""

    kind: Literal["fc"] = "fc"
    """Discriminator. Always ``fc``."""
    code_space: Literal["image"] = "image"
    """How the code is supplied: ``image`` (the container image). Default ``image``."""
    role_arn: StrInput | None = None
    """RAM role the function assumes (``acs:ram::<account>:role/<name>``), rendered as the
    ``role-arm`` annotation. Default none (the function gets no cloud permissions)."""
    domain: FcDomain | None = None
    """Custom domain. Default none (Function Compute's generated domain)."""

    @field_validator("role_arn")
    @classmethod
    def _role(cls, value: StrInput | None) -> StrInput | None:
        if value is not None and is_plain(value) and not _ROLE_ARN.fullmatch(value):
            raise ValueError(f"role_arn {value!r} is not a RAM role ARN like 'acs:ram::1234567890123456:role/knative-fc'")
        return value

    def service_annotations(self) -> dict[str, str]:
        """Annotations for the Service metadata: the workload class."""
        return {WORKLOAD_CLASS_ANNOTATION: "fc"}

    def template_annotations(self) -> dict[str, StrInput]:
        """Annotations for the revision template: code space, role and domain."""
        out: dict[str, StrInput] = {FC_CODE_SPACE: self.code_space}
        if self.role_arn is not None:
            out[FC_ROLE] = self.role_arn
        if self.domain is not None:
            out[FC_DOMAIN] = self.domain.render()
        return out


WorkloadClass = Annotated[EciWorkload | FunctionComputeWorkload, Field(discriminator="kind")]
"""ECI or Function Compute, told apart by ``kind``."""


def coerce_workload(value: object) -> object:
    """Accept ``"eci"``/``"fc"`` for the default of each class; refuse any other name clearly."""
    if isinstance(value, str):
        if value == "eci":
            return EciWorkload()
        if value == "fc":
            return FunctionComputeWorkload()
        raise ValueError(
            f"unknown workload class {value!r}; use 'eci' (Elastic Container Instance, the default) "
            "or 'fc' (Function Compute)"
        )
    if isinstance(value, dict) and "kind" not in value:
        return {**value, "kind": "eci"}
    if isinstance(value, dict) and value.get("kind") not in WORKLOAD_CLASSES:
        raise ValueError(
            f"unknown workload class {value.get('kind')!r}; use 'eci' (Elastic Container Instance, "
            "the default) or 'fc' (Function Compute)"
        )
    return value
