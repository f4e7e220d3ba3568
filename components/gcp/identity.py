"""A Google service account used by a Kubernetes service account through GKE Workload Identity.

No key is ever created: pods running as the Kubernetes service account get short-lived tokens
for the Google service account from the GKE metadata server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import ClassVar, Literal

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s
from pydantic import Field, model_validator

from ..args import Args, Input, StrInput, computed, is_plain
from ..component import Component
from ..errors import CHILD_NAME_REASON
from ..kubernetes.names import DnsLabel, DnsSubdomain, object_meta
from .names import (
    ProjectInput,
    Role,
    ServiceAccountId,
    check_bucket_name,
    check_subscription_id,
    check_topic_id,
)

WORKLOAD_IDENTITY_USER = "roles/iam.workloadIdentityUser"
GKE_SA_ANNOTATION = "iam.gke.io/gcp-service-account"

GrantScope = Literal["project", "bucket", "topic", "subscription"]
_RESOURCE_CHECKS = {"bucket": check_bucket_name, "topic": check_topic_id, "subscription": check_subscription_id}


class IamGrant(Args):
    """One role for the service account, on the narrowest resource that works.

    Build with ``IamGrant.bucket(name, role)``, ``IamGrant.topic(id, role)``,
    ``IamGrant.subscription(id, role)`` or ``IamGrant.project(role)`` (only when the resources
    are not known in advance, e.g. subscriptions a controller creates).
    """

    plain_reasons: ClassVar[Mapping[str, str]] = {"role": CHILD_NAME_REASON}

    scope: GrantScope
    """What the role is granted on."""
    role: Role
    """IAM role, e.g. ``roles/storage.objectViewer``; basic roles are refused."""
    resource: StrInput | None = None
    """Bucket name, topic ID or subscription ID; none for ``project``."""

    @model_validator(mode="after")
    def _resource_matches_scope(self) -> IamGrant:
        if self.scope == "project":
            if self.resource is not None:
                raise ValueError("a project grant takes no resource; drop resource or use a narrower scope")
        elif self.resource is None:
            raise ValueError(f"a {self.scope} grant needs the {self.scope} as resource")
        elif isinstance(self.resource, str):  # plain (`is_plain`)
            try:
                _RESOURCE_CHECKS[self.scope](self.resource)
            except ValueError as err:
                raise ValueError(f"resource {self.resource!r} {err}") from None
        return self

    @classmethod
    def project(cls, role: str) -> IamGrant:
        """``role`` on the whole project."""
        return cls(scope="project", role=role)

    @classmethod
    def bucket(cls, bucket: StrInput, role: str) -> IamGrant:
        """``role`` on one Cloud Storage bucket."""
        return cls(scope="bucket", role=role, resource=bucket)

    @classmethod
    def topic(cls, topic: StrInput, role: str) -> IamGrant:
        """``role`` on one Pub/Sub topic (ID in the identity's project)."""
        return cls(scope="topic", role=role, resource=topic)

    @classmethod
    def subscription(cls, subscription: StrInput, role: str) -> IamGrant:
        """``role`` on one Pub/Sub subscription (ID in the identity's project)."""
        return cls(scope="subscription", role=role, resource=subscription)

    def role_slug(self) -> str:
        """Short form of the role for resource names: ``roles/pubsub.subscriber`` -> ``pubsub-subscriber``."""
        return re.sub(r"[^a-z0-9]+", "-", self.role.rsplit("/", 1)[-1].lower()).strip("-")


class WorkloadIdentityArgs(Args):
    """Arguments of :class:`WorkloadIdentity`."""

    project: ProjectInput
    """Project ID of the Google service account and of the grants. Required."""
    account_id: Input[ServiceAccountId]
    """Google service account ID (before ``@``). Required."""
    namespace: Input[DnsLabel]
    """Namespace of the Kubernetes service account. Required."""
    kubernetes_service_account: Input[DnsSubdomain]
    """Name of the Kubernetes service account the workload runs as. Required."""
    grants: list[IamGrant] = Field(default_factory=list)
    """Roles of the Google service account. Default none."""
    display_name: str | None = None
    """Display name of the Google service account. Default: the Kubernetes identity."""
    workload_pool: StrInput | None = None
    """Workload Identity pool of the cluster. Default ``<project>.svc.id.goog``; pass the
    cluster's pool output so the binding is created after the cluster."""
    create_kubernetes_service_account: bool = True
    """Also create the Kubernetes service account, annotated with the Google one. Default True;
    False when another tool owns it (then annotate it with :attr:`WorkloadIdentity.annotations`)."""

    @model_validator(mode="after")
    def _unique_grants(self) -> WorkloadIdentityArgs:
        seen = set()
        for g in self.grants:
            key = (g.scope, g.role, g.resource if is_plain(g.resource) else id(g.resource))
            if key in seen:
                resource = (g.resource or "") if is_plain(g.resource) else "(an Output)"
                raise ValueError(f"grant {g.role} on {g.scope} {resource} is listed twice; list it once")
            seen.add(key)
        return self


class WorkloadIdentity(Component[WorkloadIdentityArgs]):
    """A Google service account bound to one Kubernetes service account, with its grants.

    Creates the account, the ``roles/iam.workloadIdentityUser`` binding for
    ``serviceAccount:<pool>[<namespace>/<ksa>]``, one IAM member per grant and (by default) the
    Kubernetes service account annotated ``iam.gke.io/gcp-service-account: <email>``. Never a key.
    Pass the Kubernetes provider in ``opts.providers``.

    Attributes: ``account``, ``email``, ``member``, ``binding``, ``grants``,
    ``kubernetes_service_account`` (or None), ``kubernetes_service_account_name``, ``annotations``.
    """

    TYPE = "eventing-platform:gcp:WorkloadIdentity"
    ARGS = WorkloadIdentityArgs

    def __init__(self, name: str, args: WorkloadIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        ns, ksa = args.namespace, args.kubernetes_service_account
        n, o = self.child("gsa")
        self.account = gcp.serviceaccount.Account(
            n,
            account_id=args.account_id,
            project=args.project,
            display_name=args.display_name or computed(lambda n, k: f"Workload Identity of {n}/{k}", ns, ksa),
            description=computed(
                lambda n, k: f"Used by Kubernetes service account {n}/{k} through GKE Workload Identity (no keys).", ns, ksa
            ),
            opts=o,
        )
        self.email: pulumi.Output[str] = self.account.email
        self.member: pulumi.Output[str] = self.account.member
        pool = args.workload_pool if args.workload_pool is not None else pulumi.Output.concat(args.project, ".svc.id.goog")
        n, o = self.child("workload-identity-user")
        self.binding = gcp.serviceaccount.IAMMember(
            n,
            service_account_id=self.account.name,
            role=WORKLOAD_IDENTITY_USER,
            member=pulumi.Output.concat("serviceAccount:", pool, "[", ns, "/", ksa, "]"),
            opts=o,
        )
        self.grants: list[pulumi.CustomResource] = [self._grant(g, i, args) for i, g in enumerate(args.grants)]
        self.annotations: dict[str, pulumi.Output[str]] = {GKE_SA_ANNOTATION: self.email}
        self.kubernetes_service_account_name = ksa
        self.kubernetes_service_account: k8s.core.v1.ServiceAccount | None = None
        if args.create_kubernetes_service_account:
            n, o = self.child("ksa", depends_on=[self.binding])
            self.kubernetes_service_account = k8s.core.v1.ServiceAccount(
                n, metadata=object_meta(ksa, ns, annotations={**self.annotations}), opts=o
            )
        self.register_outputs({"email": self.email, "kubernetes_service_account_name": ksa})

    def _grant(self, grant: IamGrant, index: int, args: WorkloadIdentityArgs) -> pulumi.CustomResource:
        same = [g for g in args.grants if (g.scope, g.role) == (grant.scope, grant.role)]
        suffix = f"-{index}" if len(same) > 1 else ""
        n, o = self.child(f"{grant.scope}-{grant.role_slug()}{suffix}")
        common = {"role": grant.role, "member": self.member, "opts": o}
        member: pulumi.CustomResource
        if grant.scope == "project":
            member = gcp.projects.IAMMember(n, project=args.project, **common)
        elif grant.scope == "bucket":
            member = gcp.storage.BucketIAMMember(n, bucket=grant.resource, **common)
        elif grant.scope == "topic":
            member = gcp.pubsub.TopicIAMMember(n, project=args.project, topic=grant.resource, **common)
        else:
            member = gcp.pubsub.SubscriptionIAMMember(n, project=args.project, subscription=grant.resource, **common)
        return member
