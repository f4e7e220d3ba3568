"""Where each workload of a planned program runs, and which networks it can reach from there.

- Pods of a cluster (every Kubernetes object: workloads, Knative Services on ECI, the adapters of
  sources): inside the cluster, in its VPC, and on the Internet when the cluster has egress (an
  ASK cluster with a NAT gateway; GKE). A cluster the program does not create (a kubeconfig from
  config, the ambient one) is not known: only what is inside it is.
- A Knative Service with workload class ``fc`` runs on Function Compute, outside the cluster,
  on the Internet only: Alibaba Cloud documents no VPC setting for Knative-on-FC revisions (the
  ``fc.revision.serving.knative.aliyun.com/*`` annotations are code space, role and domain).
- An EventBridge rule's HTTP target: on the Internet, or in the VPC of its ``PrivateNetwork``.
- An EventBridge event source reading RocketMQ: in the VPC of its ``PrivateNetwork``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.kinds import parse_type_token

from .endpoints import provider_urn
from .model import INTERNET, Placement, cluster_network, vpc_network

ACK_CLUSTERS = frozenset({
    "alicloud:cs/serverlessKubernetes:ServerlessKubernetes",
    "alicloud:cs/managedKubernetes:ManagedKubernetes",
    "alicloud:cs/kubernetes:Kubernetes",
})
GKE_CLUSTER = "gcp:container/cluster:Cluster"
FC_CLASS_ANNOTATION = "workload.serving.knative.aliyun.com/class"
"""On a Knative Service: ``fc`` runs it on Function Compute (Alibaba Cloud Knative)."""


@dataclass(frozen=True)
class Cluster:
    """What the pods of one Kubernetes provider's cluster can reach."""

    networks: frozenset[str]
    """Networks its pods reach (inside it, its VPC, the Internet)."""
    complete: bool
    """False when the cluster is not one the program creates."""
    vpc: str | None = None
    """Its VPC id, when known."""
    name: str = ""
    """How messages name it."""


@dataclass
class Placements:
    """Every workload placement, by URN, and the clusters behind them."""

    by_urn: dict[str, Placement] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    """Provider URN -> its cluster."""


def _cluster_of(provider: str, record: PlanRecord) -> Cluster:
    """The cluster a Kubernetes provider deploys to, from what the provider depends on."""
    by_urn = record.by_urn()
    inside = cluster_network(provider)
    resource = by_urn.get(provider)
    for dep in resource.dependencies if resource is not None else ():
        cluster = by_urn.get(dep)
        if cluster is None:
            continue
        if cluster.type in ACK_CLUSTERS:
            vpc = cluster.inputs.get("vpcId")
            nat = cluster.inputs.get("newNatGateway", True) is not False
            networks = {inside, *([vpc_network(str(vpc))] if vpc else []), *([INTERNET] if nat else [])}
            return Cluster(frozenset(networks), bool(vpc), str(vpc) if vpc else None, f"ACK cluster {cluster.inputs.get('name') or cluster.name}")
        if cluster.type == GKE_CLUSTER:
            network = str(cluster.inputs.get("network") or "default")
            return Cluster(frozenset({inside, vpc_network(network), INTERNET}), True, network, f"GKE cluster {cluster.inputs.get('name') or cluster.name}")
    return Cluster(frozenset({inside}), False, None, "the target cluster")


def _kubernetes_placement(r: RecordedResource, cluster: Cluster) -> Placement:
    gvk = parse_type_token(r.type)
    meta: Mapping[str, Any] = r.inputs.get("metadata") or {}
    label = f"{gvk.kind if gvk else r.type} {meta.get('namespace') or 'default'}/{meta.get('name') or r.name}"
    found = meta.get("annotations")
    annotations: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    if gvk is not None and gvk.group_kind == ("serving.knative.dev", "Service") and annotations.get(FC_CLASS_ANNOTATION) == "fc":
        return Placement(r.urn, f"Knative {label} on Function Compute (no VPC access)", frozenset({INTERNET}),
                         fix="run it on ECI in the cluster's VPC (workload class eci), or give it endpoints reachable from the Internet")
    return Placement(r.urn, f"{label} in {cluster.name}", cluster.networks, cluster.complete,
                     fix="give it an endpoint reachable from the cluster, or run it where the endpoint is reachable")


def _params(target: Mapping[str, Any]) -> dict[str, Any]:
    params = target.get("paramLists") or []
    return {str(p.get("resourceKey")): p.get("value") for p in params if isinstance(p, Mapping)} if isinstance(params, list) else {}


def eventbridge_target_placement(rule: RecordedResource, target: Mapping[str, Any]) -> Placement:
    """Where an EventBridge rule's target is called from: the Internet, or a VPC."""
    params = _params(target)
    name = rule.inputs.get("ruleName") or rule.name
    if params.get("Network") == "PrivateNetwork" and params.get("VpcId"):
        return Placement(rule.urn, f"EventBridge rule {name} (target {target.get('targetId')}, private network)",
                         frozenset({vpc_network(str(params["VpcId"]))}),
                         fix="deliver through the Internet (PublicNetwork) to a public address, or to an address in that VPC")
    return Placement(rule.urn, f"EventBridge rule {name} (target {target.get('targetId')}, public network)", frozenset({INTERNET}),
                     fix="deliver inside the VPC (PrivateNetwork with the cluster's VPC), or to a public address")


def event_source_placement(source: RecordedResource, params: Mapping[str, Any]) -> Placement:
    """Where an EventBridge event source reads its instance from."""
    name = source.inputs.get("eventSourceName") or source.name
    if params.get("instanceNetwork") == "PrivateNetwork" and params.get("instanceVpcId"):
        return Placement(source.urn, f"EventBridge event source {name} (private network)",
                         frozenset({vpc_network(str(params["instanceVpcId"]))}),
                         fix="read the instance through the VPC its endpoint is in (instance_vpc_id)")
    return Placement(source.urn, f"EventBridge event source {name} (public network)", frozenset({INTERNET}))


def find_placements(record: PlanRecord) -> Placements:
    """Every Kubernetes object's placement (by URN), and the clusters of their providers."""
    out = Placements()
    for r in record.resources:
        if not is_kubernetes_object(r):
            continue
        provider = provider_urn(r)
        if provider not in out.clusters:
            out.clusters[provider] = _cluster_of(provider, record)
        out.by_urn[r.urn] = _kubernetes_placement(r, out.clusters[provider])
    return out
