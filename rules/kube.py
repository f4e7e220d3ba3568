"""Kubernetes helpers for rules: type tokens, pod specs, containers, metadata, references."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from .model import Resource
from .props import UNKNOWN, as_dict, as_list, as_str, get, is_unknown

WORKLOAD_KINDS = frozenset({
    ("serving.knative.dev", "Service"),
    ("sources.knative.dev", "ContainerSource"),
    ("apps", "Deployment"),
    ("batch", "Job"),
    ("core", "Pod"),
    # Same pod template, beyond the list in policies.md:
    ("apps", "StatefulSet"),
    ("apps", "DaemonSet"),
    ("apps", "ReplicaSet"),
    ("batch", "CronJob"),
})
"""(group, kind) of the workload types whose pod templates the container rules check."""

CLUSTER_SCOPED_KINDS = frozenset({
    "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding",
    "CustomResourceDefinition", "StorageClass", "PriorityClass", "RuntimeClass", "CSIDriver",
    "CSINode", "VolumeAttachment", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "APIService", "IngressClass",
    "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration", "PodSecurityPolicy",
    "ComponentStatus", "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview",
    "SelfSubjectRulesReview", "ClusterDomainClaim", "ClusterIssuer",
})
"""Kinds without a namespace."""


def parse_type(type_token: Any) -> tuple[str, str, str] | None:
    """``(group, version, kind)`` of a ``kubernetes:<group>/<version>:<Kind>`` token.

    The core group is ``core``. Tokens of other providers, and Kubernetes component tokens
    such as ``kubernetes:yaml:ConfigFile`` or ``kubernetes:helm.sh/v3:Chart``, give ``None``.
    """
    if not isinstance(type_token, str) or not type_token.startswith("kubernetes:"):
        return None
    parts = type_token.split(":")
    if len(parts) != 3 or "/" not in parts[1]:
        return None
    group, _, version = parts[1].partition("/")
    if not group or not version or not parts[2] or group in ("helm.sh", "yaml", "kustomize"):
        return None
    return group, version, parts[2]


def group_kind(type_token: Any) -> tuple[str, str] | None:
    """``(group, kind)`` of a Kubernetes type token (``None`` for other tokens)."""
    parsed = parse_type(type_token)
    return (parsed[0], parsed[2]) if parsed else None


def is_kind(type_token: Any, group: str, kind: str) -> bool:
    """True when the token is ``kind`` of API ``group`` (any version)."""
    return group_kind(type_token) == (group, kind)


def kind_matcher(*pairs: tuple[str, str]):
    """A type matcher for (group, kind) pairs, any version."""
    wanted = frozenset(pairs)
    return lambda t: group_kind(t) in wanted


def is_workload(type_token: Any) -> bool:
    """True for the workload types (pod templates)."""
    return group_kind(type_token) in WORKLOAD_KINDS


def pod_spec(type_token: Any, props: Any) -> Any:
    """The pod spec of a workload: a dict, :data:`UNKNOWN`, or ``None`` when absent."""
    gk = group_kind(type_token)
    if gk == ("core", "Pod"):
        spec = get(props, "spec")
    elif gk == ("batch", "CronJob"):
        spec = get(props, "spec", "jobTemplate", "spec", "template", "spec")
    else:
        spec = get(props, "spec", "template", "spec")
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


def annotations(props: Any, *path: str) -> dict:
    """The annotations at ``<path>.metadata.annotations`` (top level by default)."""
    return as_dict(get(props, *path, "metadata", "annotations"))


def find_object(resources: Sequence[Resource], group: str, kinds: Sequence[str], name: Any, namespace: str) -> Resource | None:
    """The resource in the stack that is the named Kubernetes object (any version of ``kinds``)."""
    if not isinstance(name, str):
        return None
    for r in resources:
        gk = group_kind(r.type)
        if gk and gk[0] == group and gk[1] in kinds and metadata_name(r.props) == name and namespace_of(r.props) == namespace:
            return r
    return None


def group_of_api_version(api_version: Any) -> str | None:
    """The API group of an ``apiVersion`` (``core`` for ``v1``)."""
    if not isinstance(api_version, str):
        return None
    return api_version.split("/", 1)[0] if "/" in api_version else "core"
