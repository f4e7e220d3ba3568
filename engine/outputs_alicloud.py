"""Realistic offline outputs for Alibaba Cloud resources and invokes.

What the real provider reports after creation and the wiring depends on: an ASK cluster's RRSA
metadata and security group, its kubeconfig (``cs.get_cluster_credential``), the caller's
account ID (MNS ARNs), zones, a RAM role's ARN and an AccessKey's secret (a placeholder).
"""

from __future__ import annotations

import hashlib
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs

from .outputs import FAKE_KUBECONFIG, register_call, register_outputs

OFFLINE_ACCOUNT_ID = "1234567890123456"
"""The account ID offline plans use (a placeholder)."""
OFFLINE_ACCESS_KEY_SECRET = "offline-placeholder-access-key-secret"
"""What an AccessKey's secret is offline (not a credential)."""


def _hex(*parts: str, n: int = 17) -> str:
    return hashlib.sha256("::".join(parts).encode()).hexdigest()[:n]


@register_outputs("alicloud:cs/serverlessKubernetes:ServerlessKubernetes")
def _ask_cluster(args: MockResourceArgs) -> dict[str, Any]:
    name = str(args.inputs.get("name") or args.name)
    cluster_id = "c" + _hex("cluster", name, n=32)
    out: dict[str, Any] = {
        "securityGroupId": args.inputs.get("securityGroupId") or f"sg-{_hex('sg', name, n=20)}",
        "rrsaMetadata": {"enabled": False},
    }
    if args.inputs.get("enableRrsa"):
        provider = f"ack-rrsa-{cluster_id}"
        out["rrsaMetadata"] = {
            "enabled": True,
            "ramOidcProviderName": provider,
            "ramOidcProviderArn": f"acs:ram::{OFFLINE_ACCOUNT_ID}:oidc-provider/{provider}",
            "rrsaOidcIssuerUrl": f"https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/{cluster_id}",
        }
    return out


@register_call("alicloud:cs/getClusterCredential:getClusterCredential")
def _cluster_credential(args: MockCallArgs) -> dict[str, Any]:
    cluster_id = str(args.args.get("clusterId") or "offline-cluster")
    endpoint = f"{cluster_id[:12]}.offline.cs.aliyuncs.com"
    minutes = args.args.get("temporaryDurationMinutes")
    return {
        "id": cluster_id,
        "clusterId": cluster_id,
        "clusterName": cluster_id,
        "kubeConfig": FAKE_KUBECONFIG.format(endpoint=endpoint, name=cluster_id),
        "certificateAuthorities": [{"clusterCert": "b2ZmbGluZQ==", "clientCert": "b2ZmbGluZQ==", "clientKey": "b2ZmbGluZQ=="}],
        "expiration": "2099-01-01T00:00:00Z",
        **({"temporaryDurationMinutes": minutes} if minutes else {}),
    }


@register_call("alicloud:index/getAccount:getAccount")
def _account(args: MockCallArgs) -> dict[str, Any]:
    return {"id": OFFLINE_ACCOUNT_ID}


@register_call("alicloud:index/getZones:getZones")
def _zones(args: MockCallArgs) -> dict[str, Any]:
    zone = {
        "id": "offline-zone-a",
        "localName": "offline zone A",
        "availableDiskCategories": [],
        "availableInstanceTypes": [],
        "availableResourceCreations": ["VSwitch", "Instance"],
        "multiZoneIds": [],
        "slbSlaveZoneIds": [],
    }
    return {"id": "offline-zones", "ids": [zone["id"]], "zones": [zone]}


@register_outputs("alicloud:ram/role:Role")
def _ram_role(args: MockResourceArgs) -> dict[str, Any]:
    role = str(args.inputs.get("roleName") or args.name)
    return {"arn": f"acs:ram::{OFFLINE_ACCOUNT_ID}:role/{role.lower()}", "roleId": _hex("role", role, n=18)}


@register_outputs("alicloud:ram/accessKey:AccessKey")
def _access_key(args: MockResourceArgs) -> dict[str, Any]:
    return {"secret": OFFLINE_ACCESS_KEY_SECRET, "status": args.inputs.get("status") or "Active"}
