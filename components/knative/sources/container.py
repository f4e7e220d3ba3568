"""``ContainerSource`` (``sources.knative.dev/v1``): a container of yours that sends events to ``$K_SINK``.

Admission follows knative/eventing ``pkg/apis/sources/v1/container_validation.go``
``ContainerSourceSpec.Validate``: the sink (knative/pkg ``apis/duck/v1/destination.go``
``ValidateDestination``), at least one container, each with a name and an image
(``isValidContainer``; the one rendered container always has both, the image checked by
:class:`ContainerFields`), and ``ceOverrides`` extension names (knative/pkg
``apis/duck/v1/source_types.go`` ``CloudEventOverrides.Validate``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import pulumi
from pydantic import Field, field_validator

from ...args import Input, StrInput
from ...kubernetes.container import ContainerFields
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, DnsSubdomain, LabelKey, LabelValue, object_meta
from ..destination import Destination
from .apiserver import SOURCES_V1
from .ce_overrides import CeExtensions, render_ce_overrides

INJECTED_ENV = frozenset({"K_SINK", "K_CE_OVERRIDES", "K_CA_CERTS"})
"""Variables Knative sets in a ContainerSource's containers (the sink's address, its CA certificates and the overrides)."""


class ContainerSourceArgs(ContainerFields):
    """Arguments of :class:`ContainerSource`: the hardened container (image, command, env,
    resources, security context of :class:`ContainerFields`) plus the source's settings.

    Knative runs the pod template as a Deployment and gives the container ``K_SINK`` (where to
    POST CloudEvents) and ``K_CE_OVERRIDES``. Pods run as ``service_account_name`` with no API
    token mounted unless asked for, a RuntimeDefault seccomp profile and a restricted container
    security context.
    """

    sink: Destination
    """Where the container's events go (its ``K_SINK``). Required."""
    service_account_name: Input[DnsSubdomain]
    """Dedicated ServiceAccount the pods run as (see ``ServiceAccountWithRole``). Required."""
    # Wider than ContainerFields.port (an int), hence the ignore: a source may listen on no port;
    # render_template removes the ports entry render_container writes for None.
    port: Annotated[int, Field(ge=1, le=65535)] | None = None  # type: ignore[assignment]
    """Port the container listens on (e.g. for probes). Default none: a source only sends."""
    automount_service_account_token: bool = False
    """Mount a Kubernetes API token in the pods. Default False (the source does not call the API)."""
    ce_extensions: CeExtensions = Field(default_factory=dict)
    """CloudEvent extension attributes Knative passes in ``K_CE_OVERRIDES`` (``ceOverrides.extensions``). Default none."""
    labels: Mapping[LabelKey, Input[LabelValue]] = Field(default_factory=dict)
    """Extra labels on the object and its pods. Default none."""
    pod_annotations: dict[str, str] = Field(default_factory=dict)
    """Annotations on the pod template. Default none."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name`` (and the container's name). Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""

    @field_validator("env", "env_from_secret")
    @classmethod
    def _not_injected(cls, value: Mapping[str, object]) -> Mapping[str, object]:
        clash = sorted(set(value) & INJECTED_ENV)
        if clash:
            raise ValueError(f"environment variables {clash} are set by Knative from sink and ce_extensions; remove them")
        return value

    def render_template(self, container_name: StrInput) -> dict[str, Any]:
        """The pod template (``spec.template``)."""
        container = self.render_container(container_name)
        if self.port is None:
            del container["ports"]
        template: dict[str, Any] = {
            "spec": {
                "serviceAccountName": self.service_account_name,
                "automountServiceAccountToken": self.automount_service_account_token,
                "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
                "containers": [container],
            },
        }
        meta: dict[str, Any] = {}
        if self.labels:
            meta["labels"] = dict(self.labels)
        if self.pod_annotations:
            meta["annotations"] = dict(self.pod_annotations)
        if meta:
            template["metadata"] = meta
        return template

    def render_spec(self, container_name: StrInput) -> dict[str, Any]:
        """The ContainerSource ``spec``."""
        spec: dict[str, Any] = {"template": self.render_template(container_name), "sink": self.sink.render()}
        if self.ce_extensions:
            spec["ceOverrides"] = render_ce_overrides(self.ce_extensions)
        return spec


class ContainerSource(ObjectComponent[ContainerSourceArgs]):
    """A ContainerSource. Attributes: ``source`` (the object), ``source_name``."""

    TYPE = "eventing-platform:knative:ContainerSource"
    ARGS = ContainerSourceArgs

    def __init__(self, name: str, args: ContainerSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        spec = args.render_spec(self.source_name)
        super().__init__(name, args, opts)
        self.source = self.create_object(
            "source", SOURCES_V1, "ContainerSource", object_meta(self.source_name, args.namespace, dict(args.labels)), spec
        )
        self.register_outputs({"source_name": self.source_name})
