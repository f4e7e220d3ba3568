"""Plain Kubernetes components: namespaces, RBAC from declared needs, hardened containers."""

from .container import ContainerFields, Resources, SecretKeyRef
from .custom_object import CustomObject, ObjectComponent
from .namespace import Namespace, NamespaceArgs
from .rbac import AccessNeed, ServiceAccountWithRole, ServiceAccountWithRoleArgs
from .secret import KubernetesSecret, KubernetesSecretArgs
from .workload import ContainerWorkload, ContainerWorkloadArgs

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
