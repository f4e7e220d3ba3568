"""Plan records built by hand, for checks that read what the engine records (types, inputs,
outputs, dependencies, providers) without running a program."""

from __future__ import annotations

from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource

STACK = "test"


def urn(type_: str, name: str) -> str:
    """A top-level resource's URN in the test stack."""
    return f"urn:pulumi:{STACK}::eventing-platform::{type_}::{name}"


def resource(type_: str, name: str, inputs: dict[str, Any] | None = None, *, outputs: dict[str, Any] | None = None,
             dependencies: tuple[str, ...] = (), provider: str | None = None, custom: bool = True, id_: str | None = None) -> RecordedResource:
    """One recorded registration (``provider`` is a provider URN; the reference gets an id)."""
    return RecordedResource(
        urn=urn(type_, name), type=type_, name=name, parent=None, dependencies=dependencies, property_dependencies={},
        provider=f"{provider}::{name}-provider-id" if provider else None, custom=custom, inputs=inputs or {},
        outputs=outputs or {}, id=id_ or f"{name}-id",
    )


def k8s(type_: str, name: str, namespace: str | None, body: dict[str, Any] | None = None, **kwargs: Any) -> RecordedResource:
    """A Kubernetes object: ``metadata`` from ``name``/``namespace``, the rest from ``body``."""
    kind = type_.rsplit(":", 1)[-1]
    meta = {"name": name, **({"namespace": namespace} if namespace else {}), **(body or {}).pop("metadata", {})}
    return resource(type_, f"{name}-{kind.lower()}", {"metadata": meta, **(body or {})}, **kwargs)


def plan_of(*resources: RecordedResource) -> PlanRecord:
    """A record of ``resources`` (in URN order, as the engine keeps them)."""
    return PlanRecord("eventing-platform", STACK, sorted(resources, key=lambda r: r.urn), {})
