"""RAM identities generated from declared OSS access: a custom policy, an RRSA role, or (opt-in) a
RAM user with an AccessKey.

- :class:`OssAccess` declares what a workload does (read these prefixes, write those) and renders
  the only RAM policy document this project attaches: every statement names the bucket and prefix.
- :class:`OssAccessPolicy` registers it as a custom ``ram.Policy``.
- :class:`RrsaRole` is a RAM role that exactly one Kubernetes service account may assume through
  the cluster's OIDC provider (RAM Roles for Service Accounts).
- :class:`AccessKeyUser` is the opt-in static-key mode: ``ram.User`` + ``ram.AccessKey`` (never
  ``secret_file``); the secret is only ever a Pulumi secret.
- :class:`OssWorkloadIdentity` ties them together for one workload.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import AfterValidator, Field, model_validator

from ..args import Args, Input, StrInput, computed, is_plain
from ..component import Component
from ..errors import ArgsError, Problem
from ..kubernetes.names import DnsLabel, DnsSubdomain
from ..redaction import check_no_credentials
from .names import (
    BucketName,
    ObjectPrefix,
    RamPolicyName,
    RamRoleName,
    RamUserName,
    check_derived_names,
    check_ram_policy_name,
    check_ram_role_name,
    check_ram_user_name,
    oss_bucket_arn,
    oss_object_arn,
)

POLICY_VERSION = "1"
READ_ACTIONS = ("oss:GetObject",)
"""Granted on read prefixes (``GetObject`` also authorises ``HeadObject``/``GetObjectMeta``)."""
WRITE_ACTIONS = ("oss:PutObject", "oss:AbortMultipartUpload")
"""Granted on write prefixes (``PutObject`` covers multipart parts; aborting cleans them up)."""
LIST_ACTIONS = ("oss:ListObjects",)
"""Granted on the bucket, restricted by an ``oss:Prefix`` condition to the list prefixes."""
STS_AUDIENCE = "sts.aliyuncs.com"
"""Audience of the projected service-account token RRSA exchanges for STS credentials."""
POD_IDENTITY_ROLE_ANNOTATION = "pod-identity.alibabacloud.com/role-name"
"""ServiceAccount annotation read by ACK's ``ack-pod-identity-webhook`` to inject RRSA credentials."""
POD_IDENTITY_NAMESPACE_LABEL = "pod-identity.alibabacloud.com/injection"
"""Namespace label (value ``on``) that enables the webhook's injection in a namespace."""


class OssAccess(Args):
    """What one workload may do in one bucket; the RAM policy grants exactly this.

    Prefixes are literal (``zip/``); ``""`` means the whole bucket.
    """

    bucket: Input[BucketName]
    """The bucket. Required."""
    read_prefixes: list[ObjectPrefix] = Field(default_factory=list)
    """Object prefixes the workload reads (``oss:GetObject``). Default none."""
    write_prefixes: list[ObjectPrefix] = Field(default_factory=list)
    """Object prefixes the workload writes (``oss:PutObject``, ``oss:AbortMultipartUpload``). Default none."""
    list_prefixes: list[ObjectPrefix] = Field(default_factory=list)
    """Prefixes the workload lists (``oss:ListObjects`` with an ``oss:Prefix`` condition). Default none."""

    @model_validator(mode="after")
    def _some_access(self) -> OssAccess:
        if not (self.read_prefixes or self.write_prefixes or self.list_prefixes):
            raise ValueError("declare at least one of read_prefixes, write_prefixes or list_prefixes")
        for kind in ("read_prefixes", "write_prefixes", "list_prefixes"):
            values = getattr(self, kind)
            if len(values) != len(set(values)):
                raise ValueError(f"{kind} repeat: {values}")
        return self

    def statements(self) -> list[dict[str, Any]]:
        """The policy statements, one per kind of access, each naming the bucket and prefixes
        (its ARNs are Outputs when the bucket is one)."""
        return self._statements(self.bucket)

    def _statements(self, bucket: Input[str]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.read_prefixes:
            out.append({"Effect": "Allow", "Action": list(READ_ACTIONS),
                        "Resource": [computed(oss_object_arn, bucket, p) for p in self.read_prefixes]})
        if self.write_prefixes:
            out.append({"Effect": "Allow", "Action": list(WRITE_ACTIONS),
                        "Resource": [computed(oss_object_arn, bucket, p) for p in self.write_prefixes]})
        if self.list_prefixes:
            out.append({"Effect": "Allow", "Action": list(LIST_ACTIONS), "Resource": [computed(oss_bucket_arn, bucket)],
                        "Condition": {"StringLike": {"oss:Prefix": [f"{p}*" for p in self.list_prefixes]}}})
        return out

    def policy_document(self) -> dict[str, Any]:
        """The RAM policy document (``Version`` "1")."""
        return {"Version": POLICY_VERSION, "Statement": self.statements()}

    def policy_json(self) -> StrInput:
        """:meth:`policy_document` as the JSON string ``ram.Policy`` takes (an ``Output`` when
        the bucket is one)."""
        return computed(
            lambda bucket: json.dumps({"Version": POLICY_VERSION, "Statement": self._statements(bucket)}, sort_keys=False),
            self.bucket,
        )


class OssAccessPolicyArgs(Args):
    """Arguments of :class:`OssAccessPolicy`."""

    access: OssAccess
    """The declared access. Required."""
    policy_name: Input[RamPolicyName] | None = None
    """RAM policy name (account-wide unique). Default: the component name."""
    description: Annotated[str, Field(max_length=1024)] | None = None
    """Description. Default: a summary of the access."""


class OssAccessPolicy(Component[OssAccessPolicyArgs]):
    """A custom RAM policy generated from :class:`OssAccess`.

    Attributes: ``policy`` (``ram.Policy``), ``policy_name`` (str), ``document`` (dict).
    """

    TYPE = "eventing-platform:alicloud:OssAccessPolicy"
    ARGS = OssAccessPolicyArgs

    def __init__(self, name: str, args: OssAccessPolicyArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        policy_name = args.policy_name or name
        try:
            if is_plain(policy_name):
                check_ram_policy_name(policy_name)
        except ValueError as err:
            raise ArgsError([Problem("OssAccessPolicy.name", f"{err}; or set policy_name", policy_name)]) from None
        super().__init__(name, args, opts)
        a = args.access
        self.policy_name = policy_name
        self.document = a.policy_document()
        n, o = self.child("policy")
        self.policy = alicloud.ram.Policy(
            n,
            policy_name=policy_name,
            policy_document=a.policy_json(),
            description=args.description or computed(
                lambda bucket: f"OSS access to {bucket}: read {a.read_prefixes}, write {a.write_prefixes}", a.bucket
            ),
            force=True,
            opts=o,
        )
        self.register_outputs({"policy_name": self.policy.policy_name})


def _check_issuer_url(value: str) -> str:
    return check_no_credentials(value, "use the issuer URL the cluster reports (AskCluster.oidc_issuer_url), which needs none")


IssuerUrl = Annotated[str, AfterValidator(_check_issuer_url)]
"""An OIDC issuer URL, without user info or a token query parameter (it is written to the trust policy)."""


class RrsaTrust(Args):
    """The cluster side of RRSA: its OIDC provider in RAM and the issuer URL of its tokens.

    Take both from the cluster (``AskCluster.oidc_provider_arn`` / ``oidc_issuer_url``).
    """

    oidc_provider_arn: StrInput
    """``acs:ram::<account>:oidc-provider/<name>`` of the cluster. Required."""
    oidc_issuer_url: Input[IssuerUrl]
    """Issuer URL of the cluster's service-account tokens (no credential in it). Required."""


def rrsa_trust_policy(provider_arn: str, issuer_url: str, namespace: str, service_account: str) -> str:
    """The trust policy letting only ``system:serviceaccount:<namespace>:<service_account>`` assume a role."""
    return json.dumps({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Principal": {"Federated": [provider_arn]},
            "Condition": {"StringEquals": {
                "oidc:aud": STS_AUDIENCE,
                "oidc:iss": issuer_url,
                "oidc:sub": f"system:serviceaccount:{namespace}:{service_account}",
            }},
        }],
    })


class RrsaRoleArgs(Args):
    """Arguments of :class:`RrsaRole`."""

    trust: RrsaTrust
    """The cluster's OIDC provider. Required."""
    namespace: Input[DnsLabel]
    """Namespace of the only service account that may assume the role. Required."""
    service_account: Input[DnsSubdomain]
    """Name of that service account. Required."""
    policy_names: Sequence[StrInput] = Field(default_factory=list)
    """Custom RAM policies attached to the role (``policy_type`` Custom). Default none."""
    role_name: Input[RamRoleName] | None = None
    """RAM role name. Default: the component name."""
    max_session_duration: Annotated[int, Field(ge=3600, le=43200)] = 3600
    """Longest STS session, in seconds. Default 3600 (the minimum)."""
    description: Annotated[str, Field(max_length=1024)] | None = None
    """Description. Default: which service account may assume it."""


class RrsaRole(Component[RrsaRoleArgs]):
    """A RAM role trusted by a cluster's OIDC provider for exactly one Kubernetes service account.

    Attributes: ``role`` (``ram.Role``), ``role_name`` (str), ``role_arn`` (Output),
    ``attachments`` (``ram.RolePolicyAttachment`` list), ``service_account_annotations``
    (the ``ack-pod-identity-webhook`` annotation naming the role).
    """

    TYPE = "eventing-platform:alicloud:RrsaRole"
    ARGS = RrsaRoleArgs

    def __init__(self, name: str, args: RrsaRoleArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        role_name = args.role_name or name
        try:
            if is_plain(role_name):
                check_ram_role_name(role_name)
        except ValueError as err:
            raise ArgsError([Problem("RrsaRole.name", f"{err}; or set role_name", role_name)]) from None
        super().__init__(name, args, opts)
        self.role_name = role_name
        trust = pulumi.Output.all(
            args.trust.oidc_provider_arn, args.trust.oidc_issuer_url, args.namespace, args.service_account
        ).apply(lambda v: rrsa_trust_policy(*v))
        n, o = self.child("role")
        self.role = alicloud.ram.Role(
            n,
            role_name=role_name,
            assume_role_policy_document=trust,
            description=args.description or computed(
                lambda ns, account: f"RRSA role for system:serviceaccount:{ns}:{account}", args.namespace, args.service_account
            ),
            max_session_duration=args.max_session_duration,
            force=True,
            opts=o,
        )
        self.role_arn: pulumi.Output[str] = self.role.arn
        self.attachments = []
        for i, policy_name in enumerate(args.policy_names):
            n, o = self.child(f"policy-{i}" if len(args.policy_names) > 1 else "policy-attachment")
            self.attachments.append(alicloud.ram.RolePolicyAttachment(
                n, policy_name=policy_name, policy_type="Custom", role_name=self.role.role_name, opts=o
            ))
        self.service_account_annotations = {POD_IDENTITY_ROLE_ANNOTATION: role_name}
        self.register_outputs({"role_arn": self.role_arn, "role_name": role_name})


class AccessKeyUserArgs(Args):
    """Arguments of :class:`AccessKeyUser` (opt-in static credentials)."""

    policy_names: Sequence[StrInput] = Field(min_length=1)
    """Custom RAM policies attached to the user (``policy_type`` Custom). Required."""
    user_name: Input[RamUserName] | None = None
    """RAM user name. Default: the component name."""
    display_name: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    """Display name. Default: the user name."""
    comments: Annotated[str, Field(max_length=128)] | None = None
    """Comment. Default: says the user exists for a workload's AccessKey."""


class AccessKeyUser(Component[AccessKeyUserArgs]):
    """A RAM user with programmatic access only, its policies and one AccessKey.

    The key is created without ``secret_file`` and without PGP, so its secret lives only in
    Pulumi state as a secret output. Attributes: ``user``, ``attachments``, ``access_key``,
    ``access_key_id`` and ``access_key_secret`` (both Pulumi secrets).
    """

    TYPE = "eventing-platform:alicloud:AccessKeyUser"
    ARGS = AccessKeyUserArgs

    def __init__(self, name: str, args: AccessKeyUserArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        user_name = args.user_name or name
        try:
            if is_plain(user_name):
                check_ram_user_name(user_name)
        except ValueError as err:
            raise ArgsError([Problem("AccessKeyUser.name", f"{err}; or set user_name", user_name)]) from None
        super().__init__(name, args, opts)
        self.user_name = user_name
        n, o = self.child("user")
        self.user = alicloud.ram.User(
            n, name=user_name, display_name=args.display_name or user_name,
            comments=args.comments or "Programmatic access for one workload (static AccessKey mode)",
            force=True, opts=o,
        )
        self.attachments = []
        for i, policy_name in enumerate(args.policy_names):
            n, o = self.child(f"policy-{i}" if len(args.policy_names) > 1 else "policy-attachment")
            self.attachments.append(alicloud.ram.UserPolicyAttachment(
                n, policy_name=policy_name, policy_type="Custom", user_name=self.user.name, opts=o
            ))
        n, o = self.child("access-key", depends_on=self.attachments)
        self.access_key = alicloud.ram.AccessKey(n, user_name=self.user.name, status="Active", opts=o)
        self.access_key_id: pulumi.Output[str] = pulumi.Output.secret(self.access_key.id)
        self.access_key_secret: pulumi.Output[str] = pulumi.Output.secret(self.access_key.secret)
        self.register_outputs({"user_name": user_name, "access_key_id": self.access_key_id})


CredentialMode = Literal["rrsa", "access-key"]


class OssWorkloadIdentityArgs(Args):
    """Arguments of :class:`OssWorkloadIdentity`."""

    access: OssAccess
    """What the workload may do in OSS. Required."""
    namespace: Input[DnsLabel]
    """Namespace of the workload's service account. Required."""
    service_account: Input[DnsSubdomain]
    """The workload's service account. Required."""
    mode: CredentialMode = "rrsa"
    """``rrsa`` (default): a role only that service account can assume, no long-lived key.
    ``access-key``: a RAM user and AccessKey, for images that only read static keys."""
    trust: RrsaTrust | None = None
    """The cluster's OIDC provider; required with ``mode="rrsa"``."""
    name_prefix: RamPolicyName | None = None
    """Prefix of the RAM policy, role and user names. Default: the component name."""

    @model_validator(mode="after")
    def _mode_inputs(self) -> OssWorkloadIdentityArgs:
        if self.mode == "rrsa" and self.trust is None:
            raise ValueError("mode 'rrsa' needs trust=RrsaTrust(oidc_provider_arn=..., oidc_issuer_url=...) from the cluster; or set mode='access-key'")
        if self.mode == "access-key" and self.trust is not None:
            raise ValueError("trust is only used with mode='rrsa'; drop it or set mode='rrsa'")
        if self.name_prefix is not None:
            check_derived_names(self.name_prefix)
        return self

    def service_account_annotations(self, component_name: str) -> dict[str, str]:
        """Annotations the workload's ServiceAccount needs (known before anything is registered):
        the RRSA role name for ``ack-pod-identity-webhook`` in ``rrsa`` mode, else none."""
        prefix = self.name_prefix or component_name
        return {POD_IDENTITY_ROLE_ANNOTATION: f"{prefix}-rrsa"} if self.mode == "rrsa" else {}

    def namespace_labels(self) -> dict[str, str]:
        """Labels the workload's namespace needs: the webhook's injection switch in ``rrsa`` mode."""
        return {POD_IDENTITY_NAMESPACE_LABEL: "on"} if self.mode == "rrsa" else {}


class OssWorkloadIdentity(Component[OssWorkloadIdentityArgs]):
    """The OSS identity of one Kubernetes workload: a generated policy plus an RRSA role (default)
    or a RAM user with an AccessKey (opt-in).

    Attributes: ``policy`` (:class:`OssAccessPolicy`), ``role`` (:class:`RrsaRole` or None),
    ``user`` (:class:`AccessKeyUser` or None), ``service_account_annotations`` (dict; the RRSA
    role annotation in ``rrsa`` mode), ``namespace_labels`` (the webhook's injection label in
    ``rrsa`` mode), ``credentials`` (``{"access-key-id": ..., "access-key-secret": ...}`` Pulumi
    secrets in ``access-key`` mode, else empty).
    """

    TYPE = "eventing-platform:alicloud:OssWorkloadIdentity"
    ARGS = OssWorkloadIdentityArgs

    def __init__(self, name: str, args: OssWorkloadIdentityArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        prefix = args.name_prefix or name
        if args.name_prefix is None:
            try:
                check_derived_names(prefix)
            except ValueError as err:
                raise ArgsError([Problem("OssWorkloadIdentity.name", f"{err} (or set name_prefix)", name)]) from None
        policy_args = OssAccessPolicyArgs(access=args.access, policy_name=f"{prefix}-oss")
        role_args = None
        user_args = None
        if args.mode == "rrsa":
            assert args.trust is not None
            role_args = RrsaRoleArgs(
                trust=args.trust, namespace=args.namespace, service_account=args.service_account,
                role_name=f"{prefix}-rrsa", policy_names=[policy_args.policy_name or ""],
            )
        else:
            user_args = AccessKeyUserArgs(user_name=f"{prefix}-user", policy_names=[policy_args.policy_name or ""])
        super().__init__(name, args, opts)
        n, o = self.child("policy")
        self.policy = OssAccessPolicy(n, policy_args, o)
        self.role: RrsaRole | None = None
        self.user: AccessKeyUser | None = None
        self.service_account_annotations: dict[str, str] = {}
        self.namespace_labels: dict[str, str] = {}
        self.credentials: dict[str, pulumi.Output[str]] = {}
        if role_args is not None:
            role_args = role_args.model_copy(update={"policy_names": [self.policy.policy.policy_name]})
            n, o = self.child("role")
            self.role = RrsaRole(n, role_args, o)
            self.service_account_annotations = args.service_account_annotations(name)
            self.namespace_labels = args.namespace_labels()
        else:
            assert user_args is not None
            user_args = user_args.model_copy(update={"policy_names": [self.policy.policy.policy_name]})
            n, o = self.child("user")
            self.user = AccessKeyUser(n, user_args, o)
            self.credentials = {"access-key-id": self.user.access_key_id, "access-key-secret": self.user.access_key_secret}
        self.register_outputs({
            "mode": args.mode,
            "role_arn": self.role.role_arn if self.role else None,
        })
