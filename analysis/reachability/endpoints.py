"""The endpoints of a planned program and the networks each answers on.

- ApsaraMQ for Kafka (``alikafka.Instance``): the default and SASL endpoints (9092, 9094, the
  VPC SASL_SSL 9095) answer in the instance's VPC only; the SSL endpoint (9093, SASL_SSL) on the
  Internet, and only on an instance deployed with ``deploy_type`` 4 (Internet and VPC)
  (help.aliyun.com/en/apsaramq-for-kafka, "Comparison among endpoints"; pulumi-alicloud
  ``alikafka.InstanceAllowedIpAttachment``: 9093 "for access from the Internet").
- Tablestore (``ots.Instance``): ``<instance>.<region>.vpc.tablestore.aliyuncs.com`` answers in
  the VPCs bound to it (``ots.InstanceAttachment``); the public ``.ots.aliyuncs.com`` and dual-stack
  ``.tablestore.aliyuncs.com`` endpoints on the Internet when the instance accepts it
  (``accessed_by`` ``Any`` and ``INTERNET`` in ``network_type_acls``)
  (alibabacloud.com/help/en/tablestore/latest/endpoint).
- RocketMQ 5.x (``rocketmq.RocketMQInstance``): each ``network_info.endpoints`` entry (``TCP_VPC``
  in the instance's VPC, ``TCP_INTERNET`` on the Internet).
- Kubernetes objects: the address of every addressable kind of the catalogue (a Service's DNS
  names, a Broker's or channel's ingress, a cluster-local Knative Service) answers inside the
  cluster only; a LoadBalancer Service's ingress answers in the cluster's VPC (Alibaba Cloud
  ``intranet`` load balancer) or on the Internet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.kinds import CORE_GROUP, addresses, kind_of_token

from .model import INTERNET, Endpoint, cluster_network, vpc_network
from .values import hosts_in

KAFKA_INSTANCE = "alikafka/instance:Instance"
OTS_INSTANCE = "ots/instance:Instance"
OTS_ATTACHMENT = "ots/instanceAttachment:InstanceAttachment"
VSWITCH = "vpc/switch:Switch"
ROCKETMQ_INSTANCE = "rocketmq/rocketMQInstance:RocketMQInstance"
INTERNET_KAFKA_DEPLOY_TYPE = 4
"""``deploy_type`` of an alikafka instance with an Internet endpoint."""
LB_ADDRESS_TYPE = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"
"""Alibaba Cloud CCM annotation: ``intranet`` (a VPC-only load balancer) or ``internet``."""

_KAFKA_VPC_OUTPUTS = ("endPoint", "domainEndpoint", "saslDomainEndpoint", "vpcSaslDomainEndpoint")
_KAFKA_SSL_OUTPUTS = ("sslDomainEndpoint", "sslEndpoint")


def _exact(hosts: set[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(h) for h in sorted(hosts)) or r"(?!)")


def _alicloud(r: RecordedResource, suffix: str) -> bool:
    return r.type == f"alicloud:{suffix}"


def _kafka(r: RecordedResource) -> list[Endpoint]:
    state = {**r.plain_inputs(), **(r.outputs or {})}
    name = state.get("name") or r.name
    vpc = {vpc_network(str(state["vpcId"]))} if state.get("vpcId") else set()
    public = state.get("deployType") == INTERNET_KAFKA_DEPLOY_TYPE
    vpc_hosts = {h for key in _KAFKA_VPC_OUTPUTS for h in hosts_in(state.get(key))}
    ssl_hosts = {h for key in _KAFKA_SSL_OUTPUTS for h in hosts_in(state.get(key))} - vpc_hosts
    found = [Endpoint(_exact(vpc_hosts), f"a VPC endpoint of alikafka instance {name}", frozenset(vpc), r.urn,
                      fix="use its Internet SSL endpoint (SASL_SSL on 9093: an instance with deploy_type 4, "
                          "AliKafkaArgs.public_endpoint) or run the client in the instance's VPC")]
    if ssl_hosts:
        found.append(Endpoint(_exact(ssl_hosts), f"the SSL endpoint of alikafka instance {name}",
                              frozenset({INTERNET} if public else vpc), r.urn))
    return found


def _vswitch_vpcs(record: PlanRecord) -> dict[str, str]:
    """vSwitch id -> its VPC id, for the vSwitches the program creates."""
    return {str(r.id): str(r.inputs.get("vpcId")) for r in record.resources if _alicloud(r, VSWITCH) and r.id and r.inputs.get("vpcId")}


def _tablestore(r: RecordedResource, record: PlanRecord) -> list[Endpoint]:
    inputs = r.plain_inputs()
    name = str(inputs.get("name") or r.name).lower()
    vswitches = _vswitch_vpcs(record)
    vpcs = set()
    for a in record.resources:
        if _alicloud(a, OTS_ATTACHMENT) and str(a.inputs.get("instanceName") or "").lower() == name:
            vpc = vswitches.get(str(a.inputs.get("vswitchId"))) or (a.outputs or {}).get("vpcId")
            if vpc:
                vpcs.add(vpc_network(str(vpc)))
    acls = inputs.get("networkTypeAcls")
    public = inputs.get("accessedBy", "Any") == "Any" and (acls is None or "INTERNET" in acls)
    label = re.escape(name) + r"\.[a-z0-9-]+\."
    return [
        Endpoint(re.compile(label + r"vpc\.tablestore\.aliyuncs\.com"), f"the VPC endpoint of Tablestore instance {name}",
                 frozenset(vpcs), r.urn,
                 fix="use its public endpoint (https://<instance>.<region>.ots.aliyuncs.com) with the instance open to the "
                     "Internet (TablestoreArgs.internet_access) or run the client in a VPC bound to the instance"),
        Endpoint(re.compile(label + r"(ots|tablestore)\.aliyuncs\.com"), f"the public endpoint of Tablestore instance {name}",
                 frozenset({INTERNET} if public else set()), r.urn,
                 fix="open the instance to the Internet (accessed_by Any, INTERNET in network_type_acls) or use its VPC endpoint"),
    ]


def _rocketmq(r: RecordedResource) -> list[Endpoint]:
    state = {**r.plain_inputs(), **(r.outputs or {})}
    info = state.get("networkInfo") or {}
    vpc_id = (info.get("vpcInfo") or {}).get("vpcId") if isinstance(info, Mapping) else None
    found = []
    for e in (info.get("endpoints") or []) if isinstance(info, Mapping) else []:
        kind, url = str(e.get("endpointType") or ""), e.get("endpointUrl")
        networks = {INTERNET} if "INTERNET" in kind else ({vpc_network(str(vpc_id))} if vpc_id else set())
        found.append(Endpoint(_exact(set(hosts_in(url))), f"the {kind} endpoint of RocketMQ instance {state.get('instanceName') or r.name}",
                              frozenset(networks), r.urn, fix="enable its Internet endpoint or run the client in the instance's VPC"))
    return found


def provider_urn(r: RecordedResource) -> str:
    """The URN of the provider a resource is deployed with (``<urn>::<id>`` reference)."""
    return (r.provider or "default").rpartition("::")[0] or "default"


def _kubernetes(r: RecordedResource, cluster_vpc: str | None) -> list[Endpoint]:
    kind = kind_of_token(r.type)
    meta: Mapping[str, Any] = r.inputs.get("metadata") or {}
    name, ns = str(meta.get("name") or r.name), str(meta.get("namespace") or "default")
    inside = frozenset({cluster_network(provider_urn(r))})
    hosts: set[str] = set()
    if kind is not None and kind.address is not None:
        hosts |= set(hosts_in(kind.address(name, ns)))
    if kind is not None and kind.group_kind == (CORE_GROUP, "Service"):
        hosts |= set(addresses.service_host_aliases(name, ns))
    outputs = r.outputs or {}
    status = outputs.get("status") if isinstance(outputs.get("status"), Mapping) else {}
    url = (status or {}).get("url")
    if url and hosts_in(url) and hosts_in(url)[0].endswith(addresses.CLUSTER_DOMAIN):
        hosts |= set(hosts_in(url))
    found = []
    if hosts:
        found.append(Endpoint(_exact(hosts), f"the in-cluster address of {kind.kind if kind else r.type} {ns}/{name}", inside, r.urn,
                              fix="expose it outside the cluster (an intranet load balancer, the Knative ingress) or run the client in the cluster"))
    ingress = ((status or {}).get("loadBalancer") or {}).get("ingress") or []
    lb_hosts = {h for i in ingress if isinstance(i, Mapping) for h in hosts_in(i.get("ip") or i.get("hostname"))}
    if lb_hosts:
        intranet = (meta.get("annotations") or {}).get(LB_ADDRESS_TYPE) == "intranet"
        networks = ({vpc_network(cluster_vpc)} if cluster_vpc else set()) if intranet else {INTERNET}
        found.append(Endpoint(_exact(lb_hosts), f"the {'intranet' if intranet else 'Internet'} load balancer of Service {ns}/{name}",
                              frozenset(networks), r.urn, fix="deliver inside the cluster's VPC, or give the Service an internet load balancer"))
    return found


def find_endpoints(record: PlanRecord, cluster_vpcs: Mapping[str, str] | None = None) -> list[Endpoint]:
    """Every endpoint the program creates. ``cluster_vpcs`` maps a Kubernetes provider URN to its
    cluster's VPC id, where known (for intranet load balancers)."""
    cluster_vpcs = cluster_vpcs or {}
    found: list[Endpoint] = []
    for r in record.resources:
        if _alicloud(r, KAFKA_INSTANCE):
            found += _kafka(r)
        elif _alicloud(r, OTS_INSTANCE):
            found += _tablestore(r, record)
        elif _alicloud(r, ROCKETMQ_INSTANCE):
            found += _rocketmq(r)
        elif is_kubernetes_object(r):
            found += _kubernetes(r, cluster_vpcs.get(provider_urn(r)))
    return found
