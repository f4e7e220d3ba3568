"""A Kubernetes ``Secret`` whose values are Pulumi secrets, read by workloads through ``secretKeyRef``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, ClassVar

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field, field_validator

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from ..errors import ArgsError, Problem
from .container import SecretKeyRef
from .names import DnsLabel, DnsSubdomain, default_object_name, object_meta

_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


class KubernetesSecretArgs(Args):
    """Arguments of :class:`KubernetesSecret`. Values are wrapped as Pulumi secrets, so they are
    encrypted in state and masked in previews and plan artefacts."""

    secret_fields: ClassVar[frozenset[str]] = frozenset({"string_data"})

    namespace: Input[DnsLabel]
    """Namespace of the Secret (the workload's). Required."""
    string_data: Annotated[Mapping[str, StrInput], Field(min_length=1)]
    """Key -> value. Pass config secrets or secret outputs (plain strings are wrapped too). Required."""
    secret_name: Input[DnsSubdomain] | None = None
    """``metadata.name``. Default: the component name."""
    secret_type: Annotated[str, Field(min_length=1, max_length=253)] = "Opaque"
    """``type``. Default ``Opaque``."""
    immutable: bool = False
    """Refuse in-place updates (rotate by replacing). Default False."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""

    @field_validator("string_data")
    @classmethod
    def _keys(cls, value: Mapping[str, StrInput]) -> Mapping[str, StrInput]:
        for key in value:
            if len(key) > 253 or not _KEY.fullmatch(key):
                raise ValueError(f"key {key!r} is not a valid Secret key: use letters, digits, '-', '_' or '.'")
        return value


class KubernetesSecret(Component[KubernetesSecretArgs]):
    """A ``v1`` Secret fed from Pulumi secrets.

    Attributes: ``secret`` (``core.v1.Secret``), ``secret_name``, ``keys``; :meth:`key_ref`
    returns the :class:`SecretKeyRef` a container's ``env_from_secret`` takes.
    """

    TYPE = "eventing-platform:kubernetes:KubernetesSecret"
    ARGS = KubernetesSecretArgs

    def __init__(self, name: str, args: KubernetesSecretArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.secret_name = args.secret_name or default_object_name(name, "KubernetesSecret", "secret_name")
        super().__init__(name, args, opts)
        self.keys = sorted(args.string_data)
        data = {k: pulumi.Output.secret(v) for k, v in sorted(args.string_data.items())}
        n, o = self.child("secret")
        self.secret = k8s.core.v1.Secret(
            n,
            metadata=object_meta(self.secret_name, args.namespace, args.labels),
            type=args.secret_type,
            string_data=data,
            immutable=args.immutable or None,
            opts=o,
        )
        self.register_outputs({"secret_name": self.secret_name})

    def key_ref(self, key: str) -> SecretKeyRef:
        """``secretKeyRef`` to one of this Secret's keys (a clear error for an unknown key)."""
        if key not in self.keys:
            secret = f"Secret {self.secret_name!r}" if is_plain(self.secret_name) else "the Secret"
            raise ArgsError([Problem("KubernetesSecret.key_ref", f"is not a key of {secret}; keys: {self.keys}", key)])
        return SecretKeyRef(name=self.secret_name, key=key)
