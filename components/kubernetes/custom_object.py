"""A Kubernetes custom resource whose ``status`` is readable as an output, and the base of the
components that wrap one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import pulumi
from pulumi_kubernetes import _utilities as _k8s_utilities

from eventing_platform.kinds import type_token_of

from ..args import Args, Input
from ..component import Component
from .names import default_object_name

A = TypeVar("A", bound=Args)


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
            opts, pulumi.ResourceOptions(version=_k8s_utilities.get_version())  # type: ignore[no-untyped-call]  # unannotated in the SDK
        )
        props = {
            "apiVersion": api_version,
            "kind": kind,
            "metadata": metadata,
            "spec": spec,
            "status": None,
        }
        super().__init__(type_token_of(api_version, kind), resource_name, props, opts)

    @property
    def api_version(self) -> pulumi.Output[str]:
        """The ``apiVersion`` output (the SDK keeps it under the engine's name, ``apiVersion``)."""
        value: pulumi.Output[str] = self.__dict__["apiVersion"]
        return value


class ObjectComponent(Component[A]):
    """A component that wraps one custom object (a Knative Service, Channel, Broker, source, ...).

    Subclasses take the object's ``metadata.name`` from :meth:`object_name` before
    ``super().__init__`` (so a bad name fails before anything is registered), then create the
    object with :meth:`create_object` and read addresses with :meth:`status_url`.
    """

    @classmethod
    def object_name(cls, name: str, given: Input[str] | None, field: str) -> Input[str]:
        """``given`` (the args' name field, e.g. ``source_name``), or else the component name,
        which must then be an RFC 1123 label (an :class:`ArgsError` naming ``field`` otherwise)."""
        return given or default_object_name(name, cls.__name__, field)

    def create_object(self, role: str, api_version: str, kind: str, metadata: pulumi.Input[Any], spec: pulumi.Input[Any]) -> CustomObject:
        """The one child object, named ``f"{name}-{role}"`` and parented to this component."""
        child_name, child_opts = self.child(role)
        return CustomObject(child_name, api_version=api_version, kind=kind, metadata=metadata, spec=spec, opts=child_opts)

    @staticmethod
    def status_url(obj: CustomObject, fallback: Input[str], *path: str) -> pulumi.Output[str]:
        """``status.<path>`` of ``obj`` (e.g. ``"address", "url"``), or ``fallback`` while that is
        unknown or empty."""

        def pick(status: Any) -> Input[str]:
            value = status
            for key in path:
                value = (value or {}).get(key)
            return value or fallback

        return obj.status.apply(pick)
