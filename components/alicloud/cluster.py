"""An ACK Serverless (ASK) cluster with RRSA, and the Kubernetes provider that deploys into it.

:class:`AskCluster` creates a VPC, a vSwitch and a ``cs.ServerlessKubernetes`` cluster (RRSA on,
API server private, optional Knative add-on), reads the kubeconfig with
``cs.get_cluster_credential`` and builds a ``pulumi_kubernetes.Provider`` from it.
:class:`ExistingCluster` offers the same attributes for a cluster you already have, from a
kubeconfig (a secret) and, for RRSA, the cluster's OIDC provider.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
import pulumi_kubernetes as k8s
from pydantic import Field, model_validator

from ..args import Args, Input, StrInput, computed, is_plain
from ..component import Component
from ..errors import ArgsError, Problem
from .identity import RrsaTrust
from .names import ClusterName, Ipv4Cidr, check_cluster_name

KNATIVE_ADDON = "knative"
"""ACK add-on name of ACK Knative (Serving; Eventing is enabled from the console or add-on config)."""
POD_IDENTITY_ADDON = "ack-pod-identity-webhook"
"""ACK add-on that injects RRSA credentials into pods of labelled namespaces."""


class ClusterAddon(Args):
    """An ACK add-on installed when the cluster is created."""

    name: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[a-z0-9][a-z0-9-]*$")]
    """Add-on name as ``DescribeAddons`` lists it (e.g. ``knative``). Required."""
    config: str | None = None
    """Add-on configuration (a JSON string). Default none."""
    version: str | None = None
    """Add-on version. Default: the latest."""

    def render(self) -> dict[str, str]:
        """The ``addons`` item."""
        out = {"name": self.name}
        if self.config is not None:
            out["config"] = self.config
        if self.version is not None:
            out["version"] = self.version
        return out


class AskClusterArgs(Args):
    """Arguments of :class:`AskCluster`. Defaults: RRSA on, private API server, NAT for egress."""

    cluster_name: Input[ClusterName] | None = None
    """Cluster name (also names its VPC and vSwitch). Default: the component name."""
    zone_id: StrInput | None = None
    """Zone of the vSwitch (e.g. ``cn-hangzhou-j``). Default: the first zone that offers vSwitches."""
    vpc_cidr: Ipv4Cidr = "192.168.0.0/16"
    """CIDR of the new VPC. Default ``192.168.0.0/16``."""
    vswitch_cidr: Ipv4Cidr = "192.168.0.0/20"
    """CIDR of the vSwitch, inside ``vpc_cidr`` (pods get their IPs here). Default ``192.168.0.0/20``."""
    service_cidr: Ipv4Cidr = "172.21.0.0/20"
    """Kubernetes Service CIDR; must not overlap the VPC. Default ``172.21.0.0/20``."""
    cluster_spec: Literal["ack.standard", "ack.pro.small"] = "ack.pro.small"
    """Cluster edition. Default ``ack.pro.small`` (SLA-backed control plane)."""
    kubernetes_version: str | None = None
    """Kubernetes version. Default: the latest the service offers."""
    enable_rrsa: bool = True
    """RAM Roles for Service Accounts (per-pod cloud identity). Default True; cannot be turned off later."""
    pod_identity_webhook: bool = True
    """Install ``ack-pod-identity-webhook`` so RRSA credentials are injected (needs RRSA). Default True."""
    knative: bool = False
    """Install the ACK Knative add-on. Default False."""
    addons: list[ClusterAddon] = Field(default_factory=list)
    """More add-ons. Default none."""
    public_api_endpoint: bool = False
    """Expose the API server on an EIP. Default False. ``kubeconfig`` and ``provider`` come from
    ``cs.get_cluster_credential``, which always asks for the Internet credential
    (``DescribeClusterUserKubeconfig`` with ``PrivateIpAddress=false``; the SDK has no option for
    the intranet one): to deploy Kubernetes objects through ``provider``, set True. Without it,
    deploy with :class:`ExistingCluster` and the intranet kubeconfig from inside the VPC."""
    new_nat_gateway: bool = True
    """Create a NAT gateway so pods can pull public images and reach public endpoints. Default True."""
    deletion_protection: bool = False
    """Refuse cluster deletion in the console and API. Default False (set True in production)."""
    credential_minutes: Annotated[int, Field(ge=15, le=4320)] | None = None
    """Lifetime of the kubeconfig read for the provider, in minutes. Default: the service's (long-lived)."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags on the VPC, vSwitch and cluster. Default none."""

    @model_validator(mode="after")
    def _network(self) -> AskClusterArgs:
        vpc = ipaddress.IPv4Network(self.vpc_cidr)
        vsw = ipaddress.IPv4Network(self.vswitch_cidr)
        svc = ipaddress.IPv4Network(self.service_cidr)
        if not vsw.subnet_of(vpc):
            raise ValueError(f"vswitch_cidr {self.vswitch_cidr} is not inside vpc_cidr {self.vpc_cidr}; pick a subnet of the VPC")
        if not 16 <= vsw.prefixlen <= 29:
            raise ValueError(f"vswitch_cidr {self.vswitch_cidr} must have a /16 to /29 mask")
        if svc.overlaps(vpc):
            raise ValueError(f"service_cidr {self.service_cidr} overlaps vpc_cidr {self.vpc_cidr}; choose a range outside the VPC (e.g. 172.21.0.0/20)")
        if self.pod_identity_webhook and not self.enable_rrsa:
            raise ValueError("pod_identity_webhook needs enable_rrsa=True; enable RRSA or set pod_identity_webhook=False")
        names = [a.name for a in self.addons]
        builtin = {KNATIVE_ADDON, POD_IDENTITY_ADDON} & set(names)
        if builtin:
            raise ValueError(f"add-ons {sorted(builtin)} are set with knative=True / pod_identity_webhook=True, not addons")
        if len(names) != len(set(names)):
            raise ValueError(f"add-ons repeat: {names}")
        return self

    def all_addons(self) -> list[dict[str, str]]:
        """Every add-on to install."""
        out = []
        if self.enable_rrsa and self.pod_identity_webhook:
            out.append({"name": POD_IDENTITY_ADDON})
        if self.knative:
            out.append({"name": KNATIVE_ADDON})
        return out + [a.render() for a in self.addons]


def _field(obj: Any, snake: str, camel: str) -> Any:
    if obj is None:
        return None
    if type(obj) is dict:  # SDK output types are dict subclasses with snake_case getters
        return obj.get(snake, obj.get(camel))
    return getattr(obj, snake, None)


class AskCluster(Component[AskClusterArgs]):
    """A new ASK cluster in its own VPC.

    Attributes: ``vpc``, ``vswitch``, ``cluster`` (``cs.ServerlessKubernetes``), ``cluster_id``,
    ``vpc_id``, ``vswitch_ids``, ``security_group_id``, ``oidc_provider_arn`` and
    ``oidc_issuer_url`` (RRSA), ``rrsa_trust`` (:class:`RrsaTrust`, None without RRSA),
    ``kubeconfig`` (a Pulumi secret), ``provider`` (``pulumi_kubernetes.Provider``). ``kubeconfig``
    is the Internet credential, so ``provider`` reaches the cluster only with
    ``public_api_endpoint=True``.
    """

    TYPE = "eventing-platform:alicloud:AskCluster"
    ARGS = AskClusterArgs

    def __init__(self, name: str, args: AskClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        cluster_name = args.cluster_name or name
        try:
            if is_plain(cluster_name):
                check_cluster_name(cluster_name)
        except ValueError as err:
            raise ArgsError([Problem("AskCluster.name", f"{err}; or set cluster_name", cluster_name)]) from None
        super().__init__(name, args, opts)
        self.cluster_name = cluster_name
        tags = args.tags or None
        n, o = self.child("vpc")
        self.vpc = alicloud.vpc.Network(n, vpc_name=computed(lambda c: f"{c}-vpc", cluster_name), cidr_block=args.vpc_cidr, tags=tags, opts=o)
        zone: StrInput
        if args.zone_id is not None:
            zone = args.zone_id
        else:
            zones = alicloud.get_zones_output(
                available_resource_creation="VSwitch", opts=pulumi.InvokeOptions(parent=self)
            )
            zone = zones.zones.apply(lambda zs: zs[0].id)
        n, o = self.child("vswitch")
        self.vswitch = alicloud.vpc.Switch(
            n, vswitch_name=computed(lambda c: f"{c}-vsw", cluster_name), vpc_id=self.vpc.id, cidr_block=args.vswitch_cidr,
            zone_id=zone, tags=tags, opts=o,
        )
        n, o = self.child("cluster", protect=args.deletion_protection or None)
        self.cluster = alicloud.cs.ServerlessKubernetes(
            n,
            name=cluster_name,
            cluster_spec=args.cluster_spec,
            version=args.kubernetes_version,
            vpc_id=self.vpc.id,
            vswitch_ids=[self.vswitch.id],
            service_cidr=args.service_cidr,
            enable_rrsa=args.enable_rrsa,
            endpoint_public_access_enabled=args.public_api_endpoint,
            new_nat_gateway=args.new_nat_gateway,
            deletion_protection=args.deletion_protection,
            addons=args.all_addons() or None,
            tags=tags,
            opts=o,
        )
        self.cluster_id: pulumi.Output[str] = self.cluster.id
        self.vpc_id: pulumi.Output[str] = self.vpc.id
        self.vswitch_ids: list[pulumi.Output[str]] = [self.vswitch.id]
        self.security_group_id: pulumi.Output[str] = self.cluster.security_group_id
        meta = self.cluster.rrsa_metadata
        self.oidc_provider_arn: pulumi.Output[str] = meta.apply(lambda m: _field(m, "ram_oidc_provider_arn", "ramOidcProviderArn") or "")
        self.oidc_issuer_url: pulumi.Output[str] = meta.apply(lambda m: _field(m, "rrsa_oidc_issuer_url", "rrsaOidcIssuerUrl") or "")
        self.rrsa_trust = (
            RrsaTrust(oidc_provider_arn=self.oidc_provider_arn, oidc_issuer_url=self.oidc_issuer_url)
            if args.enable_rrsa else None
        )
        credential = alicloud.cs.get_cluster_credential_output(
            cluster_id=self.cluster.id,
            temporary_duration_minutes=args.credential_minutes,
            opts=pulumi.InvokeOptions(parent=self),
        )
        self.kubeconfig: pulumi.Output[str] = pulumi.Output.secret(credential.kube_config)
        n, o = self.child("k8s")
        self.provider = k8s.Provider(n, kubeconfig=self.kubeconfig, opts=o)
        self.register_outputs({"cluster_id": self.cluster_id, "kubeconfig": self.kubeconfig})


class ExistingClusterArgs(Args):
    """Arguments of :class:`ExistingCluster`: how to reach a cluster this stack does not own."""

    kubeconfig: StrInput
    """Kubeconfig of the cluster (pass a secret; it is wrapped as one anyway). Required."""
    rrsa: RrsaTrust | None = None
    """The cluster's OIDC provider, for RRSA identities. Default none (no RRSA)."""
    vpc_id: StrInput | None = None
    """The cluster's VPC, for private-network event targets. Default unknown."""
    vswitch_ids: Sequence[StrInput] = Field(default_factory=list)
    """vSwitches in that VPC. Default none."""
    security_group_id: StrInput | None = None
    """Security group admitting EventBridge's traffic. Default none."""


class ExistingCluster(Component[ExistingClusterArgs]):
    """A Kubernetes provider for an existing cluster, with the same attributes as :class:`AskCluster`
    where they are known (``kubeconfig``, ``provider``, ``rrsa_trust``, ``oidc_provider_arn``,
    ``oidc_issuer_url``, ``vpc_id``, ``vswitch_ids``, ``security_group_id``)."""

    TYPE = "eventing-platform:alicloud:ExistingCluster"
    ARGS = ExistingClusterArgs

    def __init__(self, name: str, args: ExistingClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.kubeconfig: pulumi.Output[str] = pulumi.Output.secret(args.kubeconfig)
        n, o = self.child("k8s")
        self.provider = k8s.Provider(n, kubeconfig=self.kubeconfig, opts=o)
        self.rrsa_trust = args.rrsa
        self.oidc_provider_arn = args.rrsa.oidc_provider_arn if args.rrsa else None
        self.oidc_issuer_url = args.rrsa.oidc_issuer_url if args.rrsa else None
        self.vpc_id = args.vpc_id
        self.vswitch_ids = list(args.vswitch_ids)
        self.security_group_id = args.security_group_id
        self.register_outputs({"kubeconfig": self.kubeconfig})
