"""The container part of a workload: image, port, env, resources and a hardened security context.

Shared by :class:`~eventing_platform.knative.KnativeService` and
:class:`~eventing_platform.kubernetes.ContainerWorkload` so both render the same container.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, Field, field_validator, model_validator

from ..args import Args, Input, StrInput, is_plain
from ..redaction import check_no_credentials
from .image import check_pinned_image
from .names import DnsSubdomain
from .quantity import ResourceQuantity, parse_quantity

_ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
# Variables Knative Serving sets itself; the webhook rejects them in a Service.
_RESERVED_ENV = frozenset({"PORT", "K_SERVICE", "K_CONFIGURATION", "K_REVISION"})


def _check_env_value(value: str) -> str:
    return check_no_credentials(
        value, "put the credential in a Kubernetes Secret and pass it with env_from_secret", url=False
    )


EnvValue = Annotated[str, AfterValidator(_check_env_value)]
"""A plain environment variable's value: no URL with user info or a token query parameter in it
(the value is written in plaintext to the workload's spec)."""


class Resources(Args):
    """CPU and memory requests and limits of one container. Every container gets all four."""

    cpu_request: ResourceQuantity = "100m"
    """CPU the scheduler reserves. Default ``100m``."""
    memory_request: ResourceQuantity = "128Mi"
    """Memory the scheduler reserves. Default ``128Mi``."""
    cpu_limit: ResourceQuantity = "500m"
    """CPU ceiling. Default ``500m``."""
    memory_limit: ResourceQuantity = "256Mi"
    """Memory ceiling (the container is OOM-killed above it). Default ``256Mi``."""

    @model_validator(mode="after")
    def _requests_within_limits(self) -> Resources:
        for kind in ("cpu", "memory"):
            req, lim = getattr(self, f"{kind}_request"), getattr(self, f"{kind}_limit")
            if parse_quantity(req) > parse_quantity(lim):
                raise ValueError(
                    f"{kind}_request {req!r} exceeds {kind}_limit {lim!r}; Kubernetes rejects a "
                    f"request above its limit: lower {kind}_request or raise {kind}_limit"
                )
        return self

    @classmethod
    def fixed(cls, cpu: str, memory: str) -> Resources:
        """Requests equal to limits (Guaranteed QoS), as ECI sizes pods by them."""
        return cls(cpu_request=cpu, cpu_limit=cpu, memory_request=memory, memory_limit=memory)

    def render(self) -> dict[str, dict[str, str]]:
        """The container's ``resources`` block."""
        return {
            "requests": {"cpu": self.cpu_request, "memory": self.memory_request},
            "limits": {"cpu": self.cpu_limit, "memory": self.memory_limit},
        }


class SecretKeyRef(Args):
    """A key of a Kubernetes Secret, used as an environment variable's value."""

    name: Input[DnsSubdomain]
    """Name of the Secret (same namespace as the workload)."""
    key: Input[Annotated[str, Field(min_length=1, max_length=253, pattern=r"^[-._a-zA-Z0-9]+$")]]
    """Key inside the Secret's data."""

    def render(self) -> dict[str, dict[str, Input[str]]]:
        """The ``valueFrom`` block."""
        return {"secretKeyRef": {"name": self.name, "key": self.key}}


class ContainerFields(Args):
    """The fields that describe one hardened application container."""

    image: StrInput
    """Container image, pinned to an explicit tag (not ``latest``) or a ``sha256`` digest. Required."""
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    """Port the application listens on. Default 8080."""
    command: list[str] | None = None
    """Entrypoint override. Default: the image's."""
    args: list[str] | None = None
    """Arguments override. Default: the image's."""
    env: Mapping[str, Input[EnvValue]] = Field(default_factory=dict)
    """Plain environment variables. Never put credentials here: use ``env_from_secret`` (a URL with
    user info or a token query parameter is refused). Default none."""
    env_from_secret: dict[str, SecretKeyRef] = Field(default_factory=dict)
    """Environment variables read from Secret keys (``valueFrom.secretKeyRef``). Default none."""
    resources: Resources = Field(default_factory=Resources)
    """Requests and limits. Default 100m/128Mi requested, 500m/256Mi limit."""
    read_only_root_filesystem: bool = True
    """Mount the root filesystem read-only. Default True; set False for apps that write to disk."""
    run_as_user: Annotated[int, Field(ge=1, le=2**31 - 1)] = 65532
    """Non-root UID the container runs as. Default 65532 (the distroless ``nonroot`` user)."""

    @field_validator("image")
    @classmethod
    def _image_pinned(cls, value: StrInput) -> StrInput:
        return check_pinned_image(value) if is_plain(value) else value

    @field_validator("env", "env_from_secret")
    @classmethod
    def _env_names(cls, value: Mapping[str, object]) -> Mapping[str, object]:
        for name in value:
            if not _ENV_NAME.fullmatch(name):
                raise ValueError(
                    f"environment variable name {name!r} is not valid: use letters, digits, "
                    "'_', '-' or '.', not starting with a digit"
                )
            if name in _RESERVED_ENV:
                raise ValueError(
                    f"environment variable {name!r} is reserved by Knative Serving; rename it"
                )
        return value

    @model_validator(mode="after")
    def _env_disjoint(self) -> ContainerFields:
        both = sorted(set(self.env) & set(self.env_from_secret))
        if both:
            raise ValueError(
                f"environment variables {both} are set both in env and env_from_secret; keep one"
            )
        return self

    def render_env(self) -> list[dict[str, Any]]:
        """The container's ``env`` list, sorted by name for stable output."""
        items: list[dict[str, Any]] = [{"name": k, "value": v} for k, v in self.env.items()]
        items += [{"name": k, "valueFrom": ref.render()} for k, ref in self.env_from_secret.items()]
        return sorted(items, key=lambda e: e["name"])

    def render_security_context(self) -> dict[str, Any]:
        """A restricted-profile security context, expressible at container level in Knative too."""
        return {
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "readOnlyRootFilesystem": self.read_only_root_filesystem,
            "runAsNonRoot": True,
            "runAsUser": self.run_as_user,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        }

    def render_container(self, name: StrInput, port_name: str | None = None) -> dict[str, Any]:
        """The full container object."""
        port: dict[str, int | str] = {"containerPort": self.port}
        if port_name:
            port["name"] = port_name
        container: dict[str, Any] = {
            "name": name,
            "image": self.image,
            "ports": [port],
            "resources": self.resources.render(),
            "securityContext": self.render_security_context(),
        }
        if self.command:
            container["command"] = list(self.command)
        if self.args:
            container["args"] = list(self.args)
        env = self.render_env()
        if env:
            container["env"] = env
        return container
