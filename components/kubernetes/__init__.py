"""Plain Kubernetes components: namespaces, RBAC from declared needs, hardened containers."""

from .container import ContainerFields, Resources, SecretKeyRef
from .custom_object import CustomObject
from .namespace import Namespace, NamespaceArgs
from .rbac import AccessNeed, ServiceAccountWithRole, ServiceAccountWithRoleArgs

__all__ = [
    "AccessNeed",
    "ContainerFields",
    "CustomObject",
    "Namespace",
    "NamespaceArgs",
    "Resources",
    "SecretKeyRef",
    "ServiceAccountWithRole",
    "ServiceAccountWithRoleArgs",
]
