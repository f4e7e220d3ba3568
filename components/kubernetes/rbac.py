"""RBAC generated from declared needs: a ServiceAccount, a Role with exactly those rules, a RoleBinding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field, field_validator, model_validator

from ..args import Args, Input, computed
from ..component import Component
from ..errors import CHILD_NAME_REASON
from .names import DnsLabel, DnsSubdomain, default_object_name, object_meta
from .sdk_types import as_sdk_input

Verb = Literal["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
READ_VERBS: tuple[Verb, ...] = ("get", "list", "watch")


class AccessNeed(Args):
    """One thing a workload must be allowed to do: verbs on resources of one API group."""

    api_group: str = ""
    """API group (``""`` for the core group, e.g. ``apps``). Default core."""
    resources: Annotated[list[str], Field(min_length=1)]
    """Resource plurals, e.g. ``["events"]``. Wildcards are refused."""
    verbs: Annotated[list[Verb], Field(min_length=1)]
    """Allowed verbs, e.g. ``["get", "list", "watch"]``."""
    resource_names: Sequence[Input[str]] = Field(default_factory=list)
    """Only these objects (``resourceNames``), e.g. one Secret. Default: every object of the
    resources. ``create`` and ``deletecollection`` cannot be narrowed by name."""

    @field_validator("resources")
    @classmethod
    def _no_wildcards(cls, value: list[str]) -> list[str]:
        for r in value:
            if "*" in r or not r:
                raise ValueError(f"resource {r!r} is a wildcard or empty; name each resource plural")
        return value

    @model_validator(mode="after")
    def _names_narrow_only_named_verbs(self) -> AccessNeed:
        unnamed = sorted({"create", "deletecollection"} & set(self.verbs))
        if self.resource_names and unnamed:
            raise ValueError(
                f"verbs {unnamed} cannot be restricted by resource_names in Kubernetes RBAC, so the rule would not grant "
                "them at all: declare them in a separate AccessNeed without resource_names"
            )
        return self

    def render(self) -> dict[str, Input[Sequence[str]]]:
        """The Role rule."""
        rule: dict[str, Input[Sequence[str]]] = {"apiGroups": [self.api_group], "resources": sorted(self.resources), "verbs": list(dict.fromkeys(self.verbs))}
        if self.resource_names:
            rule["resourceNames"] = computed(lambda *names: sorted(set(names)), *self.resource_names)
        return rule


class ServiceAccountWithRoleArgs(Args):
    """Arguments of :class:`ServiceAccountWithRole`."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"role_namespaces": CHILD_NAME_REASON}

    namespace: Input[DnsLabel]
    """Namespace of all three objects. Required."""
    needs: list[AccessNeed] = Field(default_factory=list)
    """What the account may do; the Role grants exactly this. Default nothing: no Role or
    RoleBinding is created, only the ServiceAccount (for workloads that need no API access)."""
    service_account_name: Input[DnsSubdomain] | None = None
    """ServiceAccount name. Default: the component name."""
    role_name: Input[DnsSubdomain] | None = None
    """Role name. Default: ``<service account>-role``."""
    role_binding_name: Input[DnsSubdomain] | None = None
    """RoleBinding name. Default: ``<service account>-<role>``."""
    annotations: Mapping[str, Input[str]] = Field(default_factory=dict)
    """ServiceAccount annotations (e.g. a cloud workload-identity binding). Default none."""
    role_namespaces: list[DnsLabel] = Field(default_factory=list)
    """Namespaces the Role and RoleBinding are created in, granting ``needs`` there (an
    ApiServerSource watching other namespaces). The first keeps the children's plain names, the
    others are named ``-<namespace>``. Default: the account's own namespace."""
    cluster_wide: bool = False
    """Grant ``needs`` in every namespace: a ClusterRole and ClusterRoleBinding instead of the
    Role and RoleBinding (an ApiServerSource watching every namespace). Default False."""


class ServiceAccountWithRole(Component[ServiceAccountWithRoleArgs]):
    """A dedicated ServiceAccount bound to a Role generated from declared needs.

    With no needs only the ServiceAccount is created (``role`` and ``role_binding`` are None);
    with ``role_namespaces`` a Role and RoleBinding per namespace (``role``/``role_binding`` are
    the first's); with ``cluster_wide`` a ClusterRole and ClusterRoleBinding instead.
    Attributes: ``service_account``, ``role``, ``role_binding``, ``service_account_name``.
    """

    TYPE = "eventing-platform:kubernetes:ServiceAccountWithRole"
    ARGS = ServiceAccountWithRoleArgs

    def __init__(self, name: str, args: ServiceAccountWithRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.service_account_name = args.service_account_name or default_object_name(
            name, "ServiceAccountWithRole", "service_account_name"
        )
        super().__init__(name, args, opts)
        n, o = self.child("service-account")
        self.service_account = k8s.core.v1.ServiceAccount(
            n, metadata=object_meta(self.service_account_name, args.namespace, annotations=args.annotations),
            automount_service_account_token=bool(args.needs), opts=o,
        )
        self.role: k8s.rbac.v1.Role | None = None
        self.role_binding: k8s.rbac.v1.RoleBinding | None = None
        if args.needs:
            self._bind(args)
        self.register_outputs({"service_account_name": self.service_account_name})

    def _bind(self, args: ServiceAccountWithRoleArgs) -> None:
        role_name = args.role_name or computed(lambda account: f"{account}-role", self.service_account_name)
        binding_name = args.role_binding_name or computed(
            lambda account, role: f"{account}-{role}", self.service_account_name, role_name
        )
        subjects: list[k8s.rbac.v1.SubjectArgsDict] = [
            {"kind": "ServiceAccount", "name": self.service_account_name, "namespace": args.namespace}
        ]
        rules = [as_sdk_input(need.render(), k8s.rbac.v1.PolicyRuleArgsDict) for need in args.needs]
        if args.cluster_wide:
            n, o = self.child("cluster-role")
            cluster_role = k8s.rbac.v1.ClusterRole(n, metadata=object_meta(role_name), rules=rules, opts=o)
            n, o = self.child("cluster-role-binding", depends_on=[self.service_account, cluster_role])
            k8s.rbac.v1.ClusterRoleBinding(
                n, metadata=object_meta(binding_name),
                role_ref=_role_ref("ClusterRole", role_name),
                subjects=subjects, opts=o,
            )
            return
        for i, ns in enumerate(args.role_namespaces or [args.namespace]):
            suffix = "" if i == 0 else f"-{ns}"
            n, o = self.child(f"role{suffix}")
            role = k8s.rbac.v1.Role(n, metadata=object_meta(role_name, ns), rules=rules, opts=o)
            n, o = self.child(f"role-binding{suffix}", depends_on=[self.service_account, role])
            binding = k8s.rbac.v1.RoleBinding(
                n,
                metadata=object_meta(binding_name, ns),
                role_ref=_role_ref("Role", role_name),
                subjects=subjects,
                opts=o,
            )
            if i == 0:
                self.role, self.role_binding = role, binding


def _role_ref(kind: Literal["Role", "ClusterRole"], name: Input[str]) -> k8s.rbac.v1.RoleRefArgsDict:
    """A binding's ``roleRef`` to the ``kind`` named ``name``."""
    return as_sdk_input({"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name}, k8s.rbac.v1.RoleRefArgsDict)
