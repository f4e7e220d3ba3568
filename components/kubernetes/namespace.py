"""A dedicated namespace with Pod Security Admission labels (never a system namespace)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field

from ..args import Args, Input
from ..component import Component
from .names import AppNamespace, check_app_namespace, default_object_name, object_meta


class NamespaceArgs(Args):
    """Arguments of :class:`Namespace`."""

    namespace_name: Input[AppNamespace] | None = None
    """``metadata.name``; never a system namespace (``kube-*``, ``knative-*``, ``default``, ...).
    Default: the component name."""
    pod_security: Literal["restricted", "baseline", "privileged"] = "restricted"
    """Pod Security Admission level enforced in the namespace. Default ``restricted``."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""


class Namespace(Component[NamespaceArgs]):
    """A namespace that enforces a Pod Security level. Attributes: ``namespace``, ``namespace_name``."""

    TYPE = "eventing-platform:kubernetes:Namespace"
    ARGS = NamespaceArgs

    def __init__(self, name: str, args: NamespaceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.namespace_name: Input[str] = args.namespace_name or default_object_name(name, "Namespace", "namespace_name", check_app_namespace)
        super().__init__(name, args, opts)
        labels = {
            "pod-security.kubernetes.io/enforce": args.pod_security,
            "pod-security.kubernetes.io/warn": args.pod_security,
            **args.labels,
        }
        n, o = self.child("namespace")
        self.namespace = k8s.core.v1.Namespace(n, metadata=object_meta(self.namespace_name, labels=labels), opts=o)
        self.register_outputs({"namespace_name": self.namespace_name})
