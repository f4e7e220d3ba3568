"""Plain Kubernetes components: namespaces, RBAC from declared needs, hardened containers.

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so the naming rules
(:mod:`.names`) and image references (:mod:`.image`) load without ``pulumi_kubernetes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_exports import lazy_exports

if TYPE_CHECKING:
    from .container import ContainerFields, Resources, SecretKeyRef
    from .custom_object import CustomObject, ObjectComponent
    from .namespace import Namespace, NamespaceArgs
    from .rbac import AccessNeed, ServiceAccountWithRole, ServiceAccountWithRoleArgs
    from .secret import KubernetesSecret, KubernetesSecretArgs
    from .workload import ContainerWorkload, ContainerWorkloadArgs

_EXPORTS = {
    "AccessNeed": "rbac",
    "ContainerFields": "container",
    "ContainerWorkload": "workload",
    "ContainerWorkloadArgs": "workload",
    "CustomObject": "custom_object",
    "KubernetesSecret": "secret",
    "KubernetesSecretArgs": "secret",
    "Namespace": "namespace",
    "NamespaceArgs": "namespace",
    "ObjectComponent": "custom_object",
    "Resources": "container",
    "SecretKeyRef": "container",
    "ServiceAccountWithRole": "rbac",
    "ServiceAccountWithRoleArgs": "rbac",
}
"""Public name -> the submodule that defines (or re-exports) it."""

__all__ = [
    "AccessNeed",
    "ContainerFields",
    "ContainerWorkload",
    "ContainerWorkloadArgs",
    "CustomObject",
    "ObjectComponent",
    "KubernetesSecret",
    "KubernetesSecretArgs",
    "Namespace",
    "NamespaceArgs",
    "Resources",
    "SecretKeyRef",
    "ServiceAccountWithRole",
    "ServiceAccountWithRoleArgs",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
