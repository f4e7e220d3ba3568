"""A Kubernetes custom resource whose ``status`` is readable as an output."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
from pulumi_kubernetes import _utilities as _k8s_utilities


class CustomObject(pulumi.CustomResource):
    """An instance of a CRD (Knative Service, Broker, Trigger, sources, ...).

    Same type token and provider as ``pulumi_kubernetes.apiextensions.CustomResource``
    (``kubernetes:<apiVersion>:<Kind>``), plus a ``status`` output: the Knative components read
    addresses (``status.url``, ``status.address.url``) from it.
    """

    if TYPE_CHECKING:
        # Declared for type checkers only: as class annotations the SDK would re-evaluate them
        # (typing.get_type_hints) on every registration; the SDK sets these attributes from the
        # registered properties either way.
        kind: pulumi.Output[str]
        metadata: pulumi.Output[Any]
        spec: pulumi.Output[Any]
        status: pulumi.Output[Any]

    def __init__(
        self,
        resource_name: str,
        api_version: str,
        kind: str,
        metadata: pulumi.Input[Any],
        spec: pulumi.Input[Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(version=_k8s_utilities.get_version())
        )
        props = {
            "apiVersion": api_version,
            "kind": kind,
            "metadata": metadata,
            "spec": spec,
            "status": None,
        }
        super().__init__(f"kubernetes:{api_version}:{kind}", resource_name, props, opts)

    @property
    def api_version(self) -> pulumi.Output[str]:
        """The ``apiVersion`` output (the SDK keeps it under the engine's name, ``apiVersion``)."""
        value: pulumi.Output[str] = self.__dict__["apiVersion"]
        return value
