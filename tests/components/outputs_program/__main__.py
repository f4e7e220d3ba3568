"""A consumer's program: every kind of field that refers to another object or takes a value users
compute gets a Pulumi ``Output`` (config ``inputs: outputs``) or the same value plain
(``inputs: plain``); both must plan to the same resources.

The namespace comes from a raw ``pulumi_kubernetes`` Namespace's ``metadata.name`` output, as in
a consumer repository; ``--config namespace=Bad_NS!`` makes the components refuse it once it
resolves. Type-checked with ``mypy --strict``: the values are ``pulumi.Input[...]``.
"""

from __future__ import annotations

from typing import TypeVar

import pulumi
import pulumi_kubernetes as k8s

from eventing_platform.alicloud import (
    AliKafka,
    AliKafkaArgs,
    AskCluster,
    AskClusterArgs,
    Column,
    EventBus,
    EventBusArgs,
    EventPattern,
    EventRule,
    EventRuleArgs,
    KafkaTopic,
    MnsQueue,
    MnsQueueArgs,
    OssAccess,
    OssBucket,
    OssBucketArgs,
    OssWorkloadIdentity,
    OssWorkloadIdentityArgs,
    RocketMQ,
    RocketMQArgs,
    RocketMQTopic,
    RrsaTrust,
    RuleTarget,
    Tablestore,
    TablestoreArgs,
    TablestoreTable,
)
from eventing_platform.alicloud.rocketmq_events import RocketMQEventSource, RocketMQEventSourceArgs
from eventing_platform.gcp import (
    BucketNotification,
    BucketNotificationArgs,
    EventarcGkeTrigger,
    EventarcGkeTriggerArgs,
    GcsBucket,
    GcsBucketArgs,
    GkeAutopilotCluster,
    GkeAutopilotClusterArgs,
    ProjectServices,
    ProjectServicesArgs,
    PubSubSubscription,
    PubSubSubscriptionArgs,
    PubSubTopic,
    PubSubTopicArgs,
    WorkloadIdentity,
    WorkloadIdentityArgs,
)
from eventing_platform.knative import (
    ApiServerSource,
    ApiServerSourceArgs,
    BindingSubject,
    Broker,
    BrokerArgs,
    BrokerConfig,
    Channel,
    ChannelArgs,
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    ContainerSource,
    ContainerSourceArgs,
    DeliveryPolicy,
    Destination,
    EciWorkload,
    KafkaSasl,
    KafkaSource,
    KafkaSourceArgs,
    KnativeService,
    KnativeServiceArgs,
    KReference,
    Parallel,
    ParallelArgs,
    ParallelBranch,
    PingSource,
    PingSourceArgs,
    RocketMQSource,
    RocketMQSourceArgs,
    ScalingPolicy,
    Sequence,
    SequenceArgs,
    SequenceStep,
    SinkBinding,
    SinkBindingArgs,
    Subscription,
    SubscriptionArgs,
    TrafficTarget,
    Trigger,
    TriggerArgs,
)
from eventing_platform.kubernetes import (
    AccessNeed,
    ContainerWorkload,
    ContainerWorkloadArgs,
    KubernetesSecret,
    KubernetesSecretArgs,
    Namespace,
    NamespaceArgs,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)

T = TypeVar("T")
config = pulumi.Config()
AS_OUTPUTS = config.get("inputs", "outputs") == "outputs"
IMAGE = "registry.example.com/demo/app:1.0.0"


def given(value: T) -> pulumi.Input[T]:
    """``value`` as another resource's output would carry it, or plain."""
    return pulumi.Output.from_input(value) if AS_OUTPUTS else value


raw_namespace = k8s.core.v1.Namespace("raw-namespace", metadata={"name": config.get("namespace") or "demo"})
ns: pulumi.Input[str] = raw_namespace.metadata.name if AS_OUTPUTS else (config.get("namespace") or "demo")
labels: dict[str, pulumi.Input[str]] = {"team": given("events")}
sa: pulumi.Input[str] = given("events-sa")

# Kubernetes: namespaces, service accounts, secrets and their refs, workloads, label values, replicas.
Namespace("apps-namespace", NamespaceArgs(namespace_name=given("demo-apps"), labels=labels))
ServiceAccountWithRole("events-sa", ServiceAccountWithRoleArgs(
    namespace=ns, service_account_name=sa, role_name=given("events-reader"),
    needs=[AccessNeed(resources=["secrets"], verbs=["get"], resource_names=[given("creds")])],
    annotations={"example.com/owner": given("team-a")},
))
KubernetesSecret("creds", KubernetesSecretArgs(
    namespace=ns, secret_name=given("creds"), string_data={"token": given("t0ken")}, labels=labels,
))
creds = SecretKeyRef(name=given("creds"), key=given("token"))
ContainerWorkload("worker", ContainerWorkloadArgs(
    image=given(IMAGE), namespace=ns, service_account_name=sa, workload_name=given("worker"),
    replicas=given(3), labels=labels, env={"MODE": given("batch")}, env_from_secret={"TOKEN": creds},
))

# Knative: brokers, channels, triggers, services with scaling numbers, sources, flows.
delivery = DeliveryPolicy(dead_letter_sink=Destination.service(given("dead-letters"), ns))
broker = Broker("orders", BrokerArgs(
    namespace=ns, broker_name=given("orders"), labels=labels, delivery=delivery,
    config=BrokerConfig(name=given("config-br-default-channel"), namespace=given("knative-eventing")),
))
service = KnativeService("handler", KnativeServiceArgs(
    image=given(IMAGE), namespace=ns, service_name=given("handler"), service_account_name=sa,
    scaling=ScalingPolicy(min_scale=given(1), max_scale=given(20), initial_scale=given(2), target=given(50.0)),
    labels=labels, template_labels=labels, env_from_secret={"TOKEN": creds},
    workload=EciWorkload(image_snapshot_id=given("imc-demo123456")),
    traffic=[TrafficTarget(percent=90, latest_revision=True), TrafficTarget(percent=10, revision_name=given("handler-00001"))],
))
subscriber = Destination.service(given("handler"), ns)
Trigger("on-order", TriggerArgs(
    broker=given("orders"), namespace=ns, trigger_name=given("on-order"), subscriber=subscriber,
    attributes={"type": "order.created"}, labels=labels,
))
channel = Channel("orders-channel", ChannelArgs(namespace=ns, channel_name=given("orders-channel"), delivery=delivery))
Subscription("orders-sub", SubscriptionArgs(
    namespace=ns, subscription_name=given("orders-sub"), subscriber=subscriber,
    channel=KReference(api_version="messaging.knative.dev/v1", kind="Channel", name=given("orders-channel")),
))
PingSource("tick", PingSourceArgs(
    schedule="*/5 * * * *", sink=Destination.broker(given("orders"), ns), namespace=ns, source_name=given("tick"),
))
ApiServerSource("k8s-events", ApiServerSourceArgs(
    sink=Destination.channel(given("orders-channel"), ns), service_account_name=sa, namespace=ns,
    source_name=given("k8s-events"),
))
KafkaSource("kafka-in", KafkaSourceArgs(
    bootstrap_servers=given("kafka-1.example.com:9092"), topics=[given("orders")], sink=subscriber, namespace=ns,
    source_name=given("kafka-in"), consumer_group=given("orders-group"), consumers=given(2), labels=labels,
    sasl=KafkaSasl.from_secret("kafka-auth"), delivery=delivery,
))
RocketMQSource("rocketmq-in", RocketMQSourceArgs(
    topic=given("orders"), group_name=given("GID_orders"), instance_id=given("rmq-123"), service_account_name=sa,
    access_token=SecretKeyRef(name=given("rocketmq-token"), key="token"), sink=Destination.broker(given("orders"), ns),
    namespace=ns, source_name=given("rocketmq-in"), labels=labels,
))
SinkBinding("bind", SinkBindingArgs(
    subject=BindingSubject.deployment(given("worker"), ns), sink=Destination.broker(given("orders"), ns),
    namespace=ns, binding_name=given("bind"),
))
ContainerSource("heartbeat", ContainerSourceArgs(
    image=given(IMAGE), sink=Destination.broker(given("orders"), ns), service_account_name=sa, namespace=ns,
    source_name=given("heartbeat"), labels={"team": given("events")},
))
Sequence("pipeline", SequenceArgs(steps=[SequenceStep(destination=subscriber)], namespace=ns, sequence_name=given("pipeline")))
Parallel("fanout", ParallelArgs(branches=[ParallelBranch(subscriber=subscriber)], namespace=ns, parallel_name=given("fanout")))
CloudPubSubSource("pubsub-in", CloudPubSubSourceArgs(
    topic=given("uploads"), project=given("demo-project"), sink=subscriber, service_account_name=sa, namespace=ns,
    source_name=given("pubsub-in"),
))

# Alibaba Cloud: buckets, queues, regions, tag values, names, identities.
tags: dict[str, pulumi.Input[str]] = {"team": given("events")}
bucket = OssBucket("uploads", OssBucketArgs(bucket_name=given("demo-uploads"), tags=tags))
OssWorkloadIdentity("reader", OssWorkloadIdentityArgs(
    access=OssAccess(bucket=given("demo-uploads"), read_prefixes=["zip/"]), namespace=ns, service_account=sa,
    trust=RrsaTrust(oidc_provider_arn=given("acs:ram::123:oidc-provider/ack"), oidc_issuer_url=given("https://oidc.example.com")),
))
queue = MnsQueue("dead-letters", MnsQueueArgs(
    region=given("cn-hangzhou"), queue_name=given("dead-letters"), account_id=given("1234567890"), tags=tags,
))
bus = EventBus("completed", EventBusArgs(event_bus_name=given("completed")))
EventRule("on-upload", EventRuleArgs(
    pattern=EventPattern.of(source=["acs.oss"]), event_bus_name=given("default"), rule_name=given("on-upload"),
    targets=[RuleTarget.http(given("https://handler.example.com/"), path="/orders", https=True, dead_letter_arn=queue.arn)],
))
cluster = AskCluster("ask", AskClusterArgs(cluster_name=given("ask"), zone_id=given("cn-hangzhou-j"), tags=tags))
AliKafka("kafka", AliKafkaArgs(
    instance_name=given("demo-kafka"), vpc_id=cluster.vpc_id, vswitch_ids=cluster.vswitch_ids,
    topics=[KafkaTopic(name="orders")], tags=tags,
))
RocketMQ("rocketmq", RocketMQArgs(
    instance_name=given("demo-rocketmq"), vpc_id=cluster.vpc_id, vswitch_ids=cluster.vswitch_ids,
    topics=[RocketMQTopic(name="orders")], tags=tags,
))
RocketMQEventSource("rocketmq-events", RocketMQEventSourceArgs(
    event_source_name=given("orders-rocketmq"), event_bus_name=bus.name_output, region=given("cn-hangzhou"),
    instance_id=given("rmq-cn-123"), endpoint=given("rmq-cn-123-vpc.cn-hangzhou.rmq.aliyuncs.com:8080"), topic="orders",
    group_id=given("GID_orders"), username=given("reader"), password=pulumi.Output.secret("r3ader-pass"),
    vpc_id=cluster.vpc_id, vswitch_ids=cluster.vswitch_ids, security_group_id=given("sg-123"),
))
Tablestore("ots", TablestoreArgs(
    instance_name=given("demo-ots"), region=given("cn-hangzhou"), vswitch_id=cluster.vswitch_ids[0],
    tables=[TablestoreTable(name="events", primary_keys=[Column(name="id", type="String")])], tags=tags,
))

# Google Cloud: projects, regions, buckets, topics, label values, identities.
project: pulumi.Input[str] = given("demo-project")
gcp_labels: dict[str, pulumi.Input[str]] = {"team": given("events")}
ProjectServices("apis", ProjectServicesArgs(project=project, services=["pubsub.googleapis.com"]))
GcsBucket("images", GcsBucketArgs(bucket_name=given("demo-images"), project=project, location=given("us-central1"), labels=gcp_labels))
topic = PubSubTopic("uploads-topic", PubSubTopicArgs(
    topic_name=given("uploads"), project=project, labels=gcp_labels, allowed_persistence_regions=[given("us-central1")],
))
PubSubSubscription("uploads-sub", PubSubSubscriptionArgs(
    subscription_name=given("uploads-sub"), topic=given("uploads"), project=project, labels=gcp_labels,
))
BucketNotification("images-notify", BucketNotificationArgs(bucket=given("demo-images"), project=project, topic=given("uploads")))
GkeAutopilotCluster("gke", GkeAutopilotClusterArgs(
    project=project, region=given("us-central1"), cluster_name=given("demo-gke"), network=given("default"),
    resource_labels=gcp_labels,
))
WorkloadIdentity("vision", WorkloadIdentityArgs(
    project=project, account_id=given("vision-sa"), namespace=ns, kubernetes_service_account=given("vision"),
))
EventarcGkeTrigger("uploads-to-broker", EventarcGkeTriggerArgs(
    project=project, location=given("us-central1"), topic=given("uploads"), cluster=given("demo-gke"),
    cluster_location=given("us-central1"), namespace=ns, service=given("broker-ingress"), trigger_name=given("uploads-to-broker"),
    service_account_id=given("uploads-trigger"),
))

pulumi.export("handler_url", service.url)
pulumi.export("bucket_arn", bucket.arn)
