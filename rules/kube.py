"""Kubernetes helpers for rules: type tokens, pod specs, containers, metadata, references.

What each kind is (its group, pod template, scope) comes from :mod:`eventing_platform.kinds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from eventing_platform.kinds import (
    POD_TEMPLATE_KINDS,
    ObjectRef,
    kind_of_token,
    parse_type_token,
)

from .model import Resource
from .props import UNKNOWN, as_dict, as_list, as_str, get, is_unknown

WORKLOAD_KINDS = POD_TEMPLATE_KINDS
"""(group, kind) of the workload types whose pod templates the container rules check: every
kind of the catalogue with a pod template (Knative Service, Configuration and ContainerSource
included). The core group is ``""``."""


def group_kind(type_token: Any) -> tuple[str, str] | None:
    """``(group, kind)`` of a Kubernetes type token (``None`` for other tokens)."""
    parsed = parse_type_token(type_token)
    return parsed.group_kind if parsed else None


def is_kind(type_token: Any, group: str, kind: str) -> bool:
    """True when the token is ``kind`` of API ``group`` (any version)."""
    return group_kind(type_token) == (group, kind)


def kind_matcher(*pairs: tuple[str, str]) -> Callable[[Any], bool]:
    """A type matcher for (group, kind) pairs, any version."""
    wanted = frozenset(pairs)
    return lambda t: group_kind(t) in wanted


def is_workload(type_token: Any) -> bool:
    """True for the workload types (pod templates)."""
    return group_kind(type_token) in WORKLOAD_KINDS


def pod_spec(type_token: Any, props: Any) -> Any:
    """The pod spec of a workload: a dict, :data:`UNKNOWN`, or ``None`` when absent (or the type
    has no pod template). Where it is comes from the catalogue (a CronJob's ``jobTemplate``, a
    Pod's own ``spec``)."""
    kind = kind_of_token(type_token)
    spec = kind.pod_spec_of(props, get) if kind is not None else None
    if is_unknown(spec):
        return UNKNOWN
    return spec if isinstance(spec, dict) else None


def containers(spec: Any) -> Iterator[tuple[str, Any]]:
    """``(label, container)`` for every container, init and ephemeral container of a pod spec.

    A container may be any value (rules decide what a non-dict or unknown one means); an
    unknown container list yields one ``(label, UNKNOWN)``.
    """
    for key in ("containers", "initContainers", "ephemeralContainers"):
        items = get(spec, key)
        if is_unknown(items):
            yield f"{key}[?]", UNKNOWN
            continue
        for i, item in enumerate(as_list(items)):
            name = as_str(get(item, "name"))
            yield (f"{key}[{i}]" + (f" ({name})" if name else "")), item


def metadata_name(props: Any) -> str | None:
    """``metadata.name`` when known."""
    return as_str(get(props, "metadata", "name"))


def namespace_of(props: Any) -> str:
    """``metadata.namespace``, ``default`` when absent or unknown."""
    return as_str(get(props, "metadata", "namespace")) or "default"


def annotations_at(props: Any, *path: str) -> dict[str, Any]:
    """The annotations at ``<path>.metadata.annotations`` (top level by default)."""
    return as_dict(get(props, *path, "metadata", "annotations"))


def find_object(resources: Sequence[Resource], group: str, kinds: Sequence[str], name: Any, namespace: str) -> Resource | None:
    """The resource in the stack that is the named Kubernetes object (any version of ``kinds``;
    the core group is ``""``)."""
    if not isinstance(name, str):
        return None
    for r in resources:
        gk = group_kind(r.type)
        if gk and gk[0] == group and gk[1] in kinds and metadata_name(r.props) == name and namespace_of(r.props) == namespace:
            return r
    return None


def find_ref(resources: Sequence[Resource], ref: ObjectRef) -> Resource | None:
    """The resource in the stack that ``ref`` names."""
    return find_object(resources, ref.group, (ref.kind,), ref.name, ref.namespace)
