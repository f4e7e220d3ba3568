"""A GKE Autopilot cluster and a Kubernetes provider that authenticates with gcloud, not a token."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pulumi
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s
from pydantic import Field, field_validator

from ..args import Args, Input, StrInput, computed
from ..component import Component
from .bucket import check_labels
from .names import Cidr, ClusterName, ProjectId, Region, workload_pool

AUTH_PLUGIN = "gke-gcloud-auth-plugin"


def gke_kubeconfig(context: str, endpoint: str, ca_certificate: str) -> str:
    """A kubeconfig for a GKE cluster whose user runs ``gke-gcloud-auth-plugin``.

    No token or client key is written: the plugin gets a short-lived token from the caller's
    gcloud credentials each time. ``ca_certificate`` is the base64 PEM GKE reports.
    """
    return f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: {ca_certificate}
    server: https://{endpoint}
  name: {context}
contexts:
- context:
    cluster: {context}
    user: {context}
  name: {context}
current-context: {context}
preferences: {{}}
users:
- name: {context}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: {AUTH_PLUGIN}
      installHint: Install {AUTH_PLUGIN} (gcloud components install {AUTH_PLUGIN}); see
        https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl
      provideClusterInfo: true
      interactiveMode: Never
"""


class GkeAutopilotClusterArgs(Args):
    """Arguments of :class:`GkeAutopilotCluster`."""

    project: Input[ProjectId]
    """Project ID. Required."""
    region: Input[Region]
    """Region of the (regional) Autopilot cluster, e.g. ``us-central1``. Required."""
    cluster_name: Input[ClusterName]
    """Cluster name. Required."""
    release_channel: Literal["RAPID", "REGULAR", "STABLE"] = "REGULAR"
    """GKE release channel (Autopilot clusters always have one). Default ``REGULAR``."""
    deletion_protection: bool = True
    """Refuse to delete the cluster (provider-side). Default True; set False for throwaway clusters."""
    network: StrInput | None = None
    """VPC network (name or self link). Default: the project's ``default`` network."""
    subnetwork: StrInput | None = None
    """Subnetwork. Default: the network's subnet in the region."""
    master_authorized_networks: list[Cidr] = Field(default_factory=list)
    """CIDR blocks allowed to reach the control plane. Default: none configured (any address,
    still authenticated through IAM); list your admin and CI ranges to restrict it."""
    private_nodes: bool = False
    """Nodes without external IPs (pulling images from outside Google then needs Cloud NAT). Default False."""
    resource_labels: Mapping[str, StrInput] = Field(default_factory=dict)
    """Labels on the cluster. Default none."""

    @field_validator("resource_labels")
    @classmethod
    def _labels(cls, value: dict[str, StrInput]) -> dict[str, StrInput]:
        return check_labels(value)


class GkeAutopilotCluster(Component[GkeAutopilotClusterArgs]):
    """A regional GKE Autopilot cluster (Workload Identity on) and a Kubernetes provider for it.

    The provider's kubeconfig is built from the cluster's endpoint and CA and authenticates with
    ``gke-gcloud-auth-plugin`` (the machine running Pulumi needs it and gcloud credentials);
    it holds no static token. Attributes: ``cluster``, ``endpoint``, ``ca_certificate``,
    ``workload_pool``, ``kubeconfig`` (secret output), ``provider``.
    """

    TYPE = "eventing-platform:gcp:GkeAutopilotCluster"
    ARGS = GkeAutopilotClusterArgs

    def __init__(self, name: str, args: GkeAutopilotClusterArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        extra: dict[str, Any] = {}
        if args.master_authorized_networks:
            extra["master_authorized_networks_config"] = {
                "cidr_blocks": [{"cidr_block": c, "display_name": f"allowed-{i}"} for i, c in enumerate(args.master_authorized_networks)],
                "gcp_public_cidrs_access_enabled": False,
            }
        if args.private_nodes:
            extra["private_cluster_config"] = {"enable_private_nodes": True, "enable_private_endpoint": False}
        n, o = self.child("cluster")
        self.cluster = gcp.container.Cluster(
            n,
            name=args.cluster_name,
            project=args.project,
            location=args.region,
            enable_autopilot=True,
            release_channel={"channel": args.release_channel},
            workload_identity_config={"workload_pool": computed(workload_pool, args.project)},
            deletion_protection=args.deletion_protection,
            network=args.network,
            subnetwork=args.subnetwork,
            resource_labels=dict(args.resource_labels) or None,
            opts=o,
            **extra,
        )
        self.endpoint: pulumi.Output[str] = self.cluster.endpoint
        self.ca_certificate: pulumi.Output[str] = self.cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate)
        self.workload_pool: pulumi.Output[str] = self.cluster.workload_identity_config.apply(
            lambda wi: (wi.workload_pool if wi else None) or computed(workload_pool, args.project)
        )
        context = computed(lambda p, r, c: f"gke_{p}_{r}_{c}", args.project, args.region, args.cluster_name)
        self.kubeconfig: pulumi.Output[str] = pulumi.Output.secret(
            pulumi.Output.all(self.endpoint, self.ca_certificate, context).apply(
                lambda parts: gke_kubeconfig(parts[2], parts[0], parts[1])
            )
        )
        n, o = self.child("k8s")
        self.provider = k8s.Provider(n, kubeconfig=self.kubeconfig, opts=o)
        self.register_outputs({
            "endpoint": self.endpoint,
            "workload_pool": self.workload_pool,
            "kubeconfig": self.kubeconfig,
        })
