"""``SinkBinding`` (``sources.knative.dev/v1``): gives existing workloads ``K_SINK`` (and
``K_CE_OVERRIDES``), so any Deployment, Job, StatefulSet or Knative Service can send events.

Admission follows knative/eventing ``pkg/apis/sources/v1/sinkbinding_validation.go``:
``SinkBinding.Validate`` refuses a ``subject.namespace`` other than the binding's own, and
``SinkBindingSpec.Validate`` checks the subject with knative/pkg ``tracker/interface.go``
``Reference.Validate`` (apiVersion a qualified name, kind a C identifier, namespace a DNS-1123
label, exactly one of name (a DNS-1123 label) and selector), the sink and ``ceOverrides``.
``sinkbinding_defaults.go`` ``SinkBinding.SetDefaults`` sets a missing ``subject.namespace`` to the
binding's before validation, so leaving it out is admitted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pulumi
from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import APPS, BATCH

from ...args import Args, Input, is_plain
from ...errors import ArgsError, Problem
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, LabelKey, LabelValue, object_meta
from ..destination import Destination
from .apiserver import SOURCES_V1
from .ce_overrides import CeExtensions, render_ce_overrides

_API_VERSION = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?v[0-9]+((alpha|beta)[0-9]+)?$", re.ASCII)
_KIND = re.compile(r"^[A-Z][A-Za-z0-9]{0,62}$", re.ASCII)


def _check_api_version(value: str) -> str:
    if not _API_VERSION.fullmatch(value):
        raise ValueError("is not an apiVersion; use 'v1' for the core group or '<group>/<version>', e.g. 'apps/v1' or 'batch/v1'")
    return value


def _check_kind(value: str) -> str:
    if not _KIND.fullmatch(value):
        raise ValueError("is not a kind; use the CamelCase kind name, e.g. 'Deployment', 'Job' or 'Service'")
    return value


ApiVersion = Annotated[str, AfterValidator(_check_api_version), WithJsonSchema({"type": "string", "pattern": _API_VERSION.pattern})]
"""``v1`` or ``<group>/<version>``."""
Kind = Annotated[str, AfterValidator(_check_kind), WithJsonSchema({"type": "string", "pattern": _KIND.pattern})]
"""A CamelCase kind name."""


class LabelSelectorRequirement(Args):
    """One ``matchExpressions`` entry: ``key`` ``operator`` ``values``."""

    key: LabelKey
    """The label key. Required."""
    operator: Literal["In", "NotIn", "Exists", "DoesNotExist"]
    """``In``/``NotIn`` (need ``values``) or ``Exists``/``DoesNotExist`` (take none). Required."""
    values: list[LabelValue] = Field(default_factory=list)
    """The values for ``In`` and ``NotIn``. Default none."""

    @model_validator(mode="after")
    def _values_fit_operator(self) -> LabelSelectorRequirement:
        if self.operator in ("In", "NotIn") and not self.values:
            raise ValueError(f"operator {self.operator} needs values; list at least one, or use Exists")
        if self.operator in ("Exists", "DoesNotExist") and self.values:
            raise ValueError(f"operator {self.operator} takes no values; remove them, or use In")
        return self

    def render(self) -> dict[str, Any]:
        """The ``matchExpressions[]`` entry."""
        out: dict[str, Any] = {"key": self.key, "operator": self.operator}
        if self.values:
            out["values"] = list(self.values)
        return out


class BindingSubject(Args):
    """The workloads a SinkBinding injects into: one object by ``name``, or all objects of the
    kind whose labels match ``match_labels`` / ``match_expressions`` (a selector).

    Build with ``BindingSubject.deployment("emitter")``, ``BindingSubject.job("nightly")`` or
    ``BindingSubject.selecting("apps/v1", "Deployment", match_labels={"sends": "events"})``.
    """

    api_version: ApiVersion
    """API version of the subject, e.g. ``apps/v1``. Required."""
    kind: Kind
    """Kind of the subject (one with a pod template), e.g. ``Deployment``. Required."""
    name: Input[DnsLabel] | None = None
    """The subject's name. Exclusive with a selector. Default none."""
    match_labels: Mapping[LabelKey, Input[LabelValue]] = Field(default_factory=dict)
    """Select subjects with these labels. Default none."""
    match_expressions: list[LabelSelectorRequirement] = Field(default_factory=list)
    """Select subjects matching these expressions. Default none."""
    namespace: Input[DnsLabel] | None = None
    """The subject's namespace: must be the SinkBinding's own. Default: the SinkBinding's."""

    @model_validator(mode="after")
    def _name_or_selector(self) -> BindingSubject:
        selector = bool(self.match_labels or self.match_expressions)
        if self.name is None and not selector:
            raise ValueError("the subject needs a name or a selector; set name, or match_labels / match_expressions")
        if self.name is not None and selector:
            raise ValueError("the subject has both a name and a selector; set name to bind one object, or a selector to bind many, not both")
        return self

    @classmethod
    def deployment(cls, name: Input[str], namespace: Input[str] | None = None) -> BindingSubject:
        """An ``apps/v1`` Deployment by name."""
        return cls(api_version=known_kind(APPS, "Deployment").api_version, kind="Deployment", name=name, namespace=namespace)

    @classmethod
    def job(cls, name: Input[str], namespace: Input[str] | None = None) -> BindingSubject:
        """A ``batch/v1`` Job by name."""
        return cls(api_version=known_kind(BATCH, "Job").api_version, kind="Job", name=name, namespace=namespace)

    @classmethod
    def selecting(cls, api_version: str, kind: str, match_labels: dict[str, Input[str]] | None = None,
                  match_expressions: list[LabelSelectorRequirement] | None = None) -> BindingSubject:
        """Every object of ``kind`` whose labels match."""
        return cls(api_version=api_version, kind=kind, match_labels=match_labels or {}, match_expressions=match_expressions or [])

    def render(self) -> dict[str, Any]:
        """The ``subject`` block."""
        out: dict[str, Any] = {"apiVersion": self.api_version, "kind": self.kind}
        if self.namespace is not None:
            out["namespace"] = self.namespace
        if self.name is not None:
            out["name"] = self.name
        else:
            selector: dict[str, Any] = {}
            if self.match_labels:
                selector["matchLabels"] = dict(self.match_labels)
            if self.match_expressions:
                selector["matchExpressions"] = [e.render() for e in self.match_expressions]
            out["selector"] = selector
        return out


class SinkBindingArgs(Args):
    """Arguments of :class:`SinkBinding`."""

    subject: BindingSubject
    """The workloads that get ``K_SINK``. Required."""
    sink: Destination
    """Where the subjects send their events. Required."""
    ce_extensions: CeExtensions = Field(default_factory=dict)
    """CloudEvent extension attributes passed in ``K_CE_OVERRIDES`` (``ceOverrides.extensions``). Default none."""
    binding_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace (the subjects'). Default: the provider's."""

    @model_validator(mode="after")
    def _same_namespace(self) -> SinkBindingArgs:
        ns = self.subject.namespace
        if ns is not None and is_plain(ns) and is_plain(self.namespace) and ns != self.namespace:
            # sinkbinding_validation.go SinkBinding.Validate: ErrInvalidValue(spec.subject.namespace).
            own = repr(self.namespace) if self.namespace is not None else "the provider's (namespace is unset)"
            raise ArgsError([Problem(
                f"{type(self).__name__}.subject.namespace",
                f"differs from the SinkBinding's namespace {own}: a SinkBinding binds only subjects in its own namespace; "
                f"set namespace={ns!r} or leave subject.namespace unset",
                ns,
            )])
        return self

    def render_spec(self) -> dict[str, Any]:
        """The SinkBinding ``spec``."""
        spec: dict[str, Any] = {"subject": self.subject.render(), "sink": self.sink.render()}
        if self.ce_extensions:
            spec["ceOverrides"] = render_ce_overrides(self.ce_extensions)
        return spec


class SinkBinding(ObjectComponent[SinkBindingArgs]):
    """A SinkBinding. Attributes: ``binding`` (the object), ``binding_name``.

    Knative's webhook injects into every namespace not labelled ``bindings.knative.dev/exclude:
    "true"`` (its default ``exclusion`` mode); a cluster switched to ``inclusion`` mode injects only
    into namespaces labelled ``bindings.knative.dev/include: "true"``.
    """

    TYPE = "eventing-platform:knative:SinkBinding"
    ARGS = SinkBindingArgs

    def __init__(self, name: str, args: SinkBindingArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.binding_name = self.object_name(name, args.binding_name, "binding_name")
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.binding = self.create_object("binding", SOURCES_V1, "SinkBinding", object_meta(self.binding_name, args.namespace), spec)
        self.register_outputs({"binding_name": self.binding_name})
