"""A consumer's program: Knative, Alibaba Cloud and Google Cloud resources made directly with the
provider SDKs, wired to one eventing-platform component (the ``orders`` Knative Service)."""

import pulumi
import pulumi_alicloud as alicloud
import pulumi_gcp as gcp
import pulumi_kubernetes as k8s

from eventing_platform.knative import KnativeService, KnativeServiceArgs

config = pulumi.Config()
ns = config.require("namespace")
k8s.core.v1.Namespace("shop", metadata={"name": ns})
KnativeService("orders", KnativeServiceArgs(image="registry.example.com/orders:1.0.0", namespace=ns))
KnativeService("dead-letters", KnativeServiceArgs(image="registry.example.com/dead-letters:1.0.0", namespace=ns))

delivery = {
    "deadLetterSink": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dead-letters"}},
    "retry": 3, "backoffPolicy": "exponential", "backoffDelay": "PT1S",
}
k8s.apiextensions.CustomResource(
    "raw-broker", api_version="eventing.knative.dev/v1", kind="Broker",
    metadata={"name": "raw-broker", "namespace": ns, "annotations": {"eventing.knative.dev/broker.class": "MTChannelBasedBroker"}},
    spec={"delivery": delivery},
)
k8s.apiextensions.CustomResource(
    "raw-tick", api_version="sources.knative.dev/v1", kind="PingSource",
    metadata={"name": "tick", "namespace": ns},
    spec={"schedule": "*/5 * * * *", "sink": {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "raw-broker"}}},
)
k8s.apiextensions.CustomResource(
    "raw-trigger", api_version="eventing.knative.dev/v1", kind="Trigger",
    metadata={"name": "raw-trigger", "namespace": ns},
    spec={"broker": "raw-broker", "filter": {"attributes": {"type": "dev.knative.sources.ping"}}, "delivery": delivery,
          "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "orders"}}},
)

bucket = alicloud.oss.Bucket(
    "raw-bucket", bucket="raw-shop-uploads", acl="public-read" if config.get_bool("public_bucket") else "private",
    server_side_encryption_rule={"sse_algorithm": "KMS"}, versioning={"status": "Enabled"},
)
alicloud.oss.BucketPublicAccessBlock("raw-bucket-block", bucket=bucket.bucket, block_public_access=True)

topic = gcp.pubsub.Topic("raw-topic", name="raw-orders")
dead_topic = gcp.pubsub.Topic("raw-dead", name="raw-orders-dead")
gcp.pubsub.Subscription(
    "raw-sub", topic=topic.name, retry_policy={"minimum_backoff": "10s", "maximum_backoff": "600s"},
    dead_letter_policy={"dead_letter_topic": "projects/demo/topics/raw-orders-dead", "max_delivery_attempts": 5},
)
gcp.pubsub.Subscription("raw-dead-sub", topic=dead_topic.name)
