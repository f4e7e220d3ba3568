"""Kubernetes API versions and Pulumi type tokens: the one parser of both.

A Kubernetes object is named three ways: its ``apiVersion`` and ``kind`` (``apps/v1``
``Deployment``; ``v1`` ``Pod`` for the core group), its Pulumi type token
(``kubernetes:apps/v1:Deployment``; ``kubernetes:core/v1:Pod``) and its group/version/kind. The
core group is ``""`` everywhere in this package, as in Kubernetes itself; only the type token
spells it ``core``.
"""

from __future__ import annotations

from typing import NamedTuple

CORE_GROUP = ""
"""The core API group (``v1`` objects: Pod, Service, ConfigMap, ...), as Kubernetes names it."""

TOKEN_PREFIX = "kubernetes:"
"""The package part of every Kubernetes type token."""

_CORE_IN_TOKENS = "core"
"""How type tokens spell the core group (``kubernetes:core/v1:Pod``)."""

_NOT_OBJECTS = frozenset({"helm.sh", "yaml", "kustomize"})
"""Token groups of Pulumi's own Kubernetes components (Chart, ConfigFile, Directory, ...), not API objects."""


class GroupVersionKind(NamedTuple):
    """An object's API group, version and kind; the core group is ``""``."""

    group: str
    """API group, ``""`` for the core group (e.g. ``apps``, ``serving.knative.dev``)."""
    version: str
    """API version within the group (e.g. ``v1``, ``v1beta1``)."""
    kind: str
    """Kind (e.g. ``Deployment``)."""

    @property
    def api_version(self) -> str:
        """The ``apiVersion`` field: ``<group>/<version>``, or ``<version>`` for the core group."""
        return api_version_of(self.group, self.version)

    @property
    def type_token(self) -> str:
        """The Pulumi type token, e.g. ``kubernetes:core/v1:Pod``."""
        return f"{TOKEN_PREFIX}{self.group or _CORE_IN_TOKENS}/{self.version}:{self.kind}"

    @property
    def group_kind(self) -> tuple[str, str]:
        """``(group, kind)``: how the catalogue keys a kind (any version)."""
        return self.group, self.kind


def is_builtin_group(group: str) -> bool:
    """True for Kubernetes' own API groups (core, ``apps``, ``batch``, ``policy``, ``*.k8s.io``);
    False for custom resources' groups (Knative, cloud event sources, ...)."""
    return group == CORE_GROUP or "." not in group or group.endswith(".k8s.io")


def api_version_of(group: str, version: str) -> str:
    """``apiVersion`` for ``group`` and ``version``: ``apps/v1``; ``v1`` for the core group."""
    return f"{group}/{version}" if group else version


def parse_api_version(api_version: object) -> tuple[str, str] | None:
    """``(group, version)`` of an ``apiVersion`` (``("", "v1")`` for ``v1``); None when it is
    not a non-empty string of that form."""
    if not isinstance(api_version, str) or not api_version or api_version.count("/") > 1:
        return None
    group, _, version = api_version.rpartition("/")
    if not version or (not group and "/" in api_version):
        return None
    return group, version


def group_of_api_version(api_version: object) -> str | None:
    """The API group of an ``apiVersion`` (``""`` for ``v1``); None when it is not one."""
    parsed = parse_api_version(api_version)
    return parsed[0] if parsed else None


def parse_type_token(type_token: object) -> GroupVersionKind | None:
    """The group/version/kind of a ``kubernetes:<group>/<version>:<Kind>`` token.

    ``kubernetes:core/v1:Pod`` gives ``("", "v1", "Pod")``. Tokens of other providers, the
    Kubernetes provider itself and Pulumi's Kubernetes components (``kubernetes:yaml:ConfigFile``,
    ``kubernetes:helm.sh/v3:Chart``) give None.
    """
    if not isinstance(type_token, str) or not type_token.startswith(TOKEN_PREFIX):
        return None
    parts = type_token.split(":")
    if len(parts) != 3 or "/" not in parts[1]:
        return None
    group, _, version = parts[1].partition("/")
    if not group or not version or not parts[2] or group in _NOT_OBJECTS:
        return None
    return GroupVersionKind(CORE_GROUP if group == _CORE_IN_TOKENS else group, version, parts[2])


def type_token_of(api_version: str, kind: str) -> str:
    """The Pulumi type token of an object: ``v1`` ``Pod`` gives ``kubernetes:core/v1:Pod``."""
    parsed = parse_api_version(api_version)
    if parsed is None:
        raise ValueError(f"{api_version!r} is not an apiVersion; use '<group>/<version>' or 'v1'")
    return GroupVersionKind(parsed[0], parsed[1], kind).type_token
