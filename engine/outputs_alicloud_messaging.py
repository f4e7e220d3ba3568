"""Realistic offline outputs for Alibaba Cloud messaging and storage: RocketMQ 5.x, alikafka, Tablestore,
and the generated passwords (``random.RandomPassword``) their users get.

What the real providers report after creation and other resources read: a RocketMQ instance's
VPC TCP endpoint, an alikafka instance's endpoints (the VPC SASL one feeds a KafkaSource), a
generated password's ``result``. Values derive from the resource name deterministically, so
plans are stable; they are placeholders, never real credentials.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pulumi.runtime import MockResourceArgs

from .outputs import register_outputs

OFFLINE_REGION = "cn-shanghai"
"""Region used in offline endpoint host names (the real one is the provider's)."""


def _short_hash(text: str, length: int = 12) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


@register_outputs("alicloud:rocketmq/rocketMQInstance:RocketMQInstance")
def _rocketmq_instance(args: MockResourceArgs) -> dict[str, Any]:
    host = f"rmq-cn-{_short_hash(args.name)}"
    network = dict(args.inputs.get("networkInfo") or {})
    network["endpoints"] = [
        {"endpointType": "TCP_VPC", "endpointUrl": f"{host}-vpc.{OFFLINE_REGION}.rmq.aliyuncs.com:8080", "ipWhiteLists": []},
    ]
    return {"networkInfo": network, "status": "RUNNING", "regionId": OFFLINE_REGION, "createTime": "2025-01-01 00:00:00"}


@register_outputs("alicloud:alikafka/instance:Instance")
def _alikafka_instance(args: MockResourceArgs) -> dict[str, Any]:
    host = f"alikafka-post-cn-{_short_hash(args.name)}"

    def servers(port: int, suffix: str = "-vpc") -> str:
        return ",".join(f"{host}-{i}{suffix}.alikafka.aliyuncs.com:{port}" for i in (1, 2, 3))

    out: dict[str, Any] = {
        "endPoint": servers(9092),
        "domainEndpoint": servers(9092),
        "saslDomainEndpoint": servers(9094),
        "status": 5,
        "topicNumOfBuy": 50,
        "isPartitionBuy": 1,
    }
    if args.inputs.get("deployType") == 4:  # Internet and VPC: the SSL endpoint answers on the Internet
        out["sslDomainEndpoint"] = servers(9093, "")
    elif '"enable.vpc_sasl_ssl": "true"' in str(args.inputs.get("config") or ""):
        out["sslDomainEndpoint"] = servers(9095)
    return out


@register_outputs("alicloud:ots/instance:Instance")
def _ots_instance(args: MockResourceArgs) -> dict[str, Any]:
    return {"name": args.inputs.get("name") or args.name, "instanceType": args.inputs.get("instanceType") or "HighPerformance"}


@register_outputs("alicloud:ots/instanceAttachment:InstanceAttachment")
def _ots_attachment(args: MockResourceArgs) -> dict[str, Any]:
    return {"vpcId": f"vpc-{_short_hash(str(args.inputs.get('vswitchId')), 20)}"}


@register_outputs("random:index/randomPassword:RandomPassword")
def _random_password(args: MockResourceArgs) -> dict[str, Any]:
    length = int(args.inputs.get("length") or 16)
    seed = "offlinepw" + hashlib.sha256(args.name.encode()).hexdigest()
    result = (seed * (length // len(seed) + 1))[:length]
    return {"result": result, "bcryptHash": "$2a$10$offline.placeholder.hash"}
