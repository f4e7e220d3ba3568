"""``ApiServerSource`` (``sources.knative.dev/v1``): Kubernetes API events as CloudEvents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pulumi
from pydantic import Field, field_validator

from eventing_platform.kinds import group_of_api_version, known_kind
from eventing_platform.kinds.catalogue import SOURCES

from ...args import Args, Input
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import ALL_NAMESPACES, DnsLabel, DnsSubdomain, object_meta
from ...kubernetes.rbac import READ_VERBS, AccessNeed
from ..destination import Destination

SOURCES_V1 = known_kind(SOURCES, "ApiServerSource").api_version
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
"""The label Kubernetes sets on every namespace to its name (selects namespaces by name)."""

_IRREGULAR_PLURALS = {"Endpoints": "endpoints", "Ingress": "ingresses"}


def resource_plural(kind: str) -> str:
    """The REST resource plural of a kind (``Event`` -> ``events``, ``Policy`` -> ``policies``)."""
    if kind in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[kind]
    lower = kind.lower()
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return lower[:-1] + "ies"
    if lower.endswith(("s", "x", "ch", "sh")):
        return lower + "es"
    return lower + "s"


class ApiServerResource(Args):
    """One kind of Kubernetes object to watch."""

    api_version: str = "v1"
    """API version, e.g. ``v1`` or ``apps/v1``. Default ``v1``."""
    kind: str = "Event"
    """Kind, e.g. ``Event`` or ``Pod``. Default ``Event``."""
    match_labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Only objects with these labels. Default: all."""

    @field_validator("api_version")
    @classmethod
    def _group_version(cls, value: str) -> str:
        # eventing sources/v1 apiserver_validation.go: schema.ParseGroupVersion refuses more than one '/'.
        # An empty apiVersion, which ParseGroupVersion lets through, is refused here too.
        if value.count("/") > 1 or not value.strip("/"):
            raise ValueError(f"api_version {value!r} is not 'version' or 'group/version'; use e.g. 'v1' or 'apps/v1'")
        return value

    @field_validator("kind")
    @classmethod
    def _kind_not_blank(cls, value: str) -> str:
        # apiserver_validation.go: strings.TrimSpace(kind) == "" is a missing field.
        if not value.strip():
            raise ValueError("kind is blank; name the kind to watch, e.g. 'Event' or 'Pod'")
        return value

    @property
    def api_group(self) -> str:
        """The API group (``""`` for core)."""
        return group_of_api_version(self.api_version) or ""

    def render(self) -> dict[str, Any]:
        """The ``resources[]`` entry."""
        out: dict[str, Any] = {"apiVersion": self.api_version, "kind": self.kind}
        if self.match_labels:
            out["selector"] = {"matchLabels": dict(self.match_labels)}
        return out


class ApiServerSourceArgs(Args):
    """Arguments of :class:`ApiServerSource`."""

    sink: Destination
    """Where events go (a Channel, Broker or Service). Required."""
    service_account_name: Input[DnsSubdomain]
    """ServiceAccount the source's adapter runs as; it needs :meth:`access_needs`. Required."""
    resources: Annotated[list[ApiServerResource], Field(min_length=1)] = Field(
        default_factory=lambda: [ApiServerResource()]
    )
    """What to watch. Default: core ``v1`` ``Event`` objects."""
    mode: Literal["Reference", "Resource"] = "Reference"
    """``Reference`` sends a reference to the object, ``Resource`` the whole object. Default ``Reference``."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace of the source. Default: the provider's."""
    watched_namespaces: list[DnsLabel | Literal["*"]] | None = None
    """Namespaces watched, rendered as ``namespaceSelector`` (Knative Eventing 1.9+):
    ``["*"]`` every namespace (an empty selector), a list of names those namespaces (a
    ``kubernetes.io/metadata.name In [...]`` expression). The ServiceAccount needs the access of
    :meth:`access_needs` in each. Default None: only the source's own namespace (no selector)."""

    @field_validator("watched_namespaces")
    @classmethod
    def _watched(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (not value or (ALL_NAMESPACES in value and len(value) > 1) or len(set(value)) != len(value)):
            raise ValueError(f"watched_namespaces {value} must be ['*'] (every namespace) or distinct namespace names; "
                             "leave it unset to watch the source's own namespace")
        return value

    def namespace_selector(self) -> dict[str, Any] | None:
        """``spec.namespaceSelector`` (None when only the own namespace is watched)."""
        if self.watched_namespaces is None:
            return None
        if self.watched_namespaces == [ALL_NAMESPACES]:
            return {}
        return {"matchExpressions": [{"key": NAMESPACE_NAME_LABEL, "operator": "In", "values": sorted(self.watched_namespaces)}]}

    def access_needs(self) -> list[AccessNeed]:
        """Exactly the RBAC the source's ServiceAccount needs: get, list and watch on each resource."""
        by_group: dict[str, list[str]] = {}
        for r in self.resources:
            by_group.setdefault(r.api_group, []).append(resource_plural(r.kind))
        return [
            AccessNeed(api_group=group, resources=sorted(set(plurals)), verbs=list(READ_VERBS))
            for group, plurals in sorted(by_group.items())
        ]


class ApiServerSource(ObjectComponent[ApiServerSourceArgs]):
    """An ApiServerSource. Attributes: ``source`` (the object), ``source_name``."""

    TYPE = "eventing-platform:knative:ApiServerSource"
    ARGS = ApiServerSourceArgs

    def __init__(self, name: str, args: ApiServerSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        super().__init__(name, args, opts)
        spec = {
            "mode": args.mode,
            "resources": [r.render() for r in args.resources],
            "serviceAccountName": args.service_account_name,
            "sink": args.sink.render(),
        }
        selector = args.namespace_selector()
        if selector is not None:
            spec["namespaceSelector"] = selector
        self.source = self.create_object("source", SOURCES_V1, "ApiServerSource", object_meta(self.source_name, args.namespace), spec)
        self.register_outputs({"source_name": self.source_name})
