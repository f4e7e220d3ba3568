"""The consumer's shop: resources it makes directly with pulumi-kubernetes, pulumi-alicloud and
pulumi-gcp, wired into eventing-platform components.

Fields that name another object (namespaces, service accounts, brokers, buckets, regions), label
and tag values and scaling numbers get the other resource's ``Output`` (config ``inputs:
outputs``, the default) or the same value as plain text (``inputs: plain``).
"""

from __future__ import annotations

from typing import TypeVar

import pulumi
import pulumi_alicloud as alicloud
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from eventing_platform.alicloud import (
    MnsQueue,
    MnsQueueArgs,
    OssAccess,
    OssWorkloadIdentity,
    OssWorkloadIdentityArgs,
    RrsaTrust,
)
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    Trigger,
    TriggerArgs,
)

T = TypeVar("T")
IMAGE = "registry.example.com/shop/orders:1.4.2"
BUCKET = "shop-uploads-example"
REGION = "cn-hangzhou"


def build() -> None:
    """The shop: one Namespace, a Broker fed by a PingSource, the orders service behind a Trigger,
    a bucket it reads through RRSA, a dead-letter queue and a Pub/Sub topic."""
    config = pulumi.Config()
    as_outputs = config.get("inputs") == "outputs"

    def given(value: T, output: pulumi.Output[T]) -> pulumi.Input[T]:
        return output if as_outputs else value

    name = config.require("namespace")
    namespace = k8s.core.v1.Namespace("shop", metadata={"name": name})
    ns: pulumi.Input[str] = given(name, namespace.metadata.name)
    account = k8s.core.v1.ServiceAccount("orders", metadata={"name": "orders", "namespace": ns})
    sa: pulumi.Input[str] = given("orders", account.metadata.name)
    team: pulumi.Input[str] = given("shop", pulumi.Output.from_input("shop"))
    max_scale: pulumi.Input[int] = given(config.require_int("max_scale"), pulumi.Output.from_input(config.require_int("max_scale")))

    dead_letters = KnativeService("dead-letters", KnativeServiceArgs(image=IMAGE, namespace=ns, service_account_name=sa))
    delivery = DeliveryPolicy(dead_letter_sink=Destination.service("dead-letters", ns), retry=5)
    broker = Broker("orders-broker", BrokerArgs(namespace=ns, broker_name="orders", labels={"team": team}, delivery=delivery))
    KnativeService("orders", KnativeServiceArgs(
        image=IMAGE, namespace=ns, service_account_name=sa, labels={"team": team},
        scaling=ScalingPolicy(min_scale=0, max_scale=max_scale),
    ))
    Trigger("orders-tick", TriggerArgs(
        broker=given("orders", broker.broker.metadata["name"]), namespace=ns, attributes={"type": "dev.knative.sources.ping"},
        subscriber=Destination.service("orders", ns), delivery=delivery,
    ))
    k8s.apiextensions.CustomResource(
        "heartbeat", api_version="sources.knative.dev/v1", kind="PingSource",
        metadata={"name": "heartbeat", "namespace": ns},
        spec={"schedule": "*/10 * * * *", "sink": {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "orders"}}},
        opts=pulumi.ResourceOptions(depends_on=[dead_letters]),
    )

    bucket = alicloud.oss.Bucket(
        "uploads", bucket=BUCKET, acl="private", versioning={"status": "Enabled"},
        server_side_encryption_rule={"sse_algorithm": "KMS"}, tags={"team": "shop"},
    )
    alicloud.oss.BucketPublicAccessBlock("uploads-block", bucket=bucket.bucket, block_public_access=True)
    OssWorkloadIdentity("orders-reader", OssWorkloadIdentityArgs(
        access=OssAccess(bucket=given(BUCKET, bucket.bucket), read_prefixes=["incoming/"]), namespace=ns, service_account=sa,
        trust=RrsaTrust(oidc_provider_arn="acs:ram::1234567890:oidc-provider/ack-rrsa-shop", oidc_issuer_url="https://oidc-ack.cn-hangzhou.aliyuncs.com/shop"),
    ))
    MnsQueue("orders-dead-letters", MnsQueueArgs(region=given(REGION, pulumi.Output.from_input(REGION)), tags={"team": team}))

    topic = gcp.pubsub.Topic("audit", name="shop-audit")
    gcp.pubsub.Subscription("audit-archive", topic=topic.name)
    pulumi.export("bucket", bucket.bucket)
