"""Scenario rocketmq-orders (seed 001): RocketMQ orders -> RocketMQSource -> Broker -> Trigger -> order-service.

Food-delivery orders are sent to an ApsaraMQ for RocketMQ 5.x topic; a RocketMQSource turns each
message into a CloudEvent and sends it to a Broker; a Trigger filtered on the order event type
delivers it to the ``order-service`` Knative Service, which scales with load (min/max scale and
container concurrency from config).

What changes from the seed: the seed's ``v1alpha1`` Broker/Trigger/Service become ``v1``; the
RocketMQ instance, topic, group and an ACL account (granted ``Sub`` on that topic and group only)
are created here instead of by hand; the source's access token lives in a Secret built from Pulumi
secrets (the account password is secret config or generated once), and its ServiceAccount may
``get`` that one Secret instead of holding the controller's ClusterRole; the Broker gets a
dead-letter sink; the Tablestore credentials the order service reads come from a Secret too.

Cluster: any cluster with Knative Eventing and the RocketMQ source (``kubeconfig`` secret config,
else the ambient kubeconfig). The RocketMQ instance is reachable from its VPC only: set
``vpc_id``/``vswitch_ids`` to the cluster's VPC; without them the stack creates a VPC.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, SecretStr, model_validator

from eventing_platform.alicloud.rocketmq import (
    RocketMQ,
    RocketMQAccess,
    RocketMQArgs,
    RocketMQConsumerGroup,
    RocketMQGroupId,
    RocketMQTopic,
    RocketMQTopicName,
)
from eventing_platform.knative import (
    Broker,
    BrokerArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    RocketMQSource,
    RocketMQSourceArgs,
    ScalingPolicy,
    Trigger,
    TriggerArgs,
    access_token_json,
)
from eventing_platform.knative.delivery import IsoDuration
from eventing_platform.knative.sources.rocketmq import ROCKETMQ_EVENT_TYPE
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import DnsLabel
from eventing_platform.kubernetes.secret import KubernetesSecret, KubernetesSecretArgs

from .config import HttpUrl, StackConfig, secret_output
from .generated_secrets import stack_password
from .images import EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options

ORDER_SERVICE_IMAGE = "registry.cn-hangzhou.aliyuncs.com/knative-sample/order-service:master_054ed6cb-20200324202206"
SOURCE_SA = "alirocketmqsource-sa"
ACCESS_TOKEN_SECRET = "alirocketmqsource-secret"
ACCESS_TOKEN_KEY = "alirocketmqsource"
WORKLOAD_SA = "order-service"
OTS_SECRET = "order-service-ots"
PENDING = "pending"
PENDING_PASSWORD = "pending-password"
"""Stand-ins for outputs while args are checked before anything is registered."""
VPC_CIDR = "10.20.0.0/16"
VSWITCH_CIDR = "10.20.1.0/24"


class Config(StackConfig):
    """Config of the rocketmq-orders stack (keys under ``eventing-platform:``)."""

    namespace: DnsLabel = Field("rocketmq-orders", description="Namespace created for every Kubernetes object of the stack. Default 'rocketmq-orders'.")
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of the target cluster (secret: set with `pulumi config set --secret`). Default: the ambient kubeconfig.")
    vpc_id: Annotated[str, Field(pattern=r"^vpc-[a-z0-9]+$")] | None = Field(None, description="VPC of the cluster; the RocketMQ instance is reachable from it only. Default: a new VPC (10.20.0.0/16) with one vSwitch.")
    vswitch_ids: list[Annotated[str, Field(pattern=r"^vsw-[a-z0-9]+$")]] = Field(default_factory=list, description="vSwitches of vpc_id for the instance's endpoints (required with vpc_id). Default: the new VPC's vSwitch.")
    zone_id: Annotated[str, Field(pattern=r"^[a-z]{2}-[a-z0-9-]+-[a-z0-9]+$")] = Field("cn-hangzhou-j", description="Zone of the vSwitch the stack creates when vpc_id is unset. Default 'cn-hangzhou-j'.")
    rocketmq_instance_name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")] = Field("rocketmq-orders", description="RocketMQ 5.x instance name. Default 'rocketmq-orders'.")
    rocketmq_series: Literal["standard", "professional", "ultimate"] = Field("standard", description="RocketMQ edition. Default 'standard'.")
    rocketmq_msg_process_spec: Annotated[str, Field(pattern=r"^rmq\.[spu]2\.[0-9]*x?large$")] = Field("rmq.s2.2xlarge", description="Send/receive capacity, matching the series (rmq.s2.* standard, rmq.p2.* professional, rmq.u2.* ultimate). Default 'rmq.s2.2xlarge'.")
    topic: RocketMQTopicName = Field("topic-knative", description="Topic orders are sent to. Default the seed's 'topic-knative'.")
    group_name: RocketMQGroupId = Field("GID_Knative", description="Consumer group of the RocketMQSource. Default the seed's 'GID_Knative'.")
    rocketmq_username: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field("knative-rocketmq-source", description="ACL account the source consumes as (Sub on the topic and group only). Default 'knative-rocketmq-source'.")
    rocketmq_password: SecretStr | None = Field(None, description="Password of that account (secret, 8-64 characters). Default: generated once by the stack (random.RandomPassword) and kept in state.")
    broker_name: DnsLabel = Field("order", description="Broker the source sends to. Default the seed's 'order'.")
    broker_class: Literal["MTChannelBasedBroker", "Kafka"] | None = Field(None, description="Broker implementation. Default: 'MTChannelBasedBroker' in dev, 'Kafka' (durable) in prod.")
    order_event_type: Annotated[str, Field(min_length=1, max_length=256)] = Field(ROCKETMQ_EVENT_TYPE, description="CloudEvent type the Trigger lets through to order-service. Default 'RocketMQEventType' (what the RocketMQ source sets).")
    image: PinnedImage = Field(ORDER_SERVICE_IMAGE, description="order-service image, pinned. Default the seed's image.")
    min_scale: Annotated[int, Field(ge=0, le=1000)] = Field(1, description="Minimum order-service replicas. Default the seed's 1.")
    max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(20, description="Maximum order-service replicas. Default the seed's 20.")
    container_concurrency: Annotated[int, Field(ge=0, le=1000)] = Field(10, description="Concurrent requests per order-service replica (0 = unlimited). Default the seed's 10.")
    order_table_name: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")] = Field("orderinfo", description="Tablestore table the order service writes (TABLE_NAME). Default the seed's 'orderinfo'.")
    ots_endpoint: HttpUrl | None = Field(None, description="Tablestore endpoint (OTS_TEST_ENDPOINT). Default unset.")
    ots_instance_name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]$")] | None = Field(None, description="Tablestore instance (OTS_TEST_INSTANCENAME). Default unset.")
    ots_access_key_id: SecretStr | None = Field(None, description="AccessKey ID for Tablestore (secret; OTS_TEST_KEYID from a Secret). Default unset.")
    ots_access_key_secret: SecretStr | None = Field(None, description="AccessKey secret for Tablestore (secret; OTS_TEST_SECRET from a Secret). Default unset.")
    delivery_retry: Annotated[int, Field(ge=1, le=100)] = Field(5, description="Retries per event before it goes to the dead-letter sink. Default 5.")
    delivery_backoff_policy: Literal["linear", "exponential"] = Field("exponential", description="Backoff between retries. Default 'exponential'.")
    delivery_backoff_delay: IsoDuration = Field("PT0.5S", description="Base backoff delay (ISO-8601). Default 'PT0.5S'.")
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL. Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")

    @model_validator(mode="after")
    def _rules(self) -> Config:
        if self.min_scale > self.max_scale:
            raise ValueError(f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); lower min_scale or raise max_scale")
        prefix = {"standard": "rmq.s2.", "professional": "rmq.p2.", "ultimate": "rmq.u2."}[self.rocketmq_series]
        if not self.rocketmq_msg_process_spec.startswith(prefix):
            raise ValueError(
                f"rocketmq_msg_process_spec '{self.rocketmq_msg_process_spec}' does not belong to rocketmq_series "
                f"'{self.rocketmq_series}'; use a {prefix}* spec or change rocketmq_series"
            )
        if (self.vpc_id is None) != (not self.vswitch_ids):
            raise ValueError("set vpc_id and vswitch_ids together (the cluster's VPC and its vSwitches), or neither")
        if self.rocketmq_password is not None and not 8 <= len(self.rocketmq_password.get_secret_value()) <= 64:
            raise ValueError("rocketmq_password must be 8-64 characters (value hidden); or unset it to have one generated")
        if (self.ots_access_key_id is None) != (self.ots_access_key_secret is None):
            raise ValueError("set ots_access_key_id and ots_access_key_secret together, or neither")
        if self.stage == "prod" and self.broker_class == "MTChannelBasedBroker":
            raise ValueError("broker_class 'MTChannelBasedBroker' is backed by InMemoryChannel and loses events; use 'Kafka' in prod")
        return self

    @property
    def effective_broker_class(self) -> Literal["MTChannelBasedBroker", "Kafka"]:
        """The Broker class after applying the stage default."""
        return self.broker_class or ("Kafka" if self.stage == "prod" else "MTChannelBasedBroker")


def build(config: Config) -> dict[str, Any]:
    """Build the rocketmq-orders stack; every args object is validated before anything is registered."""
    ns = config.namespace
    dead_letter = Destination.url(config.dead_letter_uri) if config.dead_letter_uri else Destination.service("dead-letter", ns)
    delivery = DeliveryPolicy(
        retry=config.delivery_retry, backoff_policy=config.delivery_backoff_policy,
        backoff_delay=config.delivery_backoff_delay, dead_letter_sink=dead_letter,
    )
    dead_letter_args = None if config.dead_letter_uri else KnativeServiceArgs(
        image=EVENT_DISPLAY_IMAGE, namespace=ns, service_name="dead-letter", service_account_name=WORKLOAD_SA,
        cluster_local=True, scaling=ScalingPolicy(min_scale=0, max_scale=2),
    )
    broker_args = BrokerArgs(broker_name=config.broker_name, namespace=ns, broker_class=config.effective_broker_class, delivery=delivery)
    source_fields: dict[str, Any] = {
        "source_name": "rocketmqsource", "namespace": ns, "topic": config.topic, "group_name": config.group_name,
        "access_token": SecretKeyRef(name=ACCESS_TOKEN_SECRET, key=ACCESS_TOKEN_KEY),
        "service_account_name": SOURCE_SA, "sink": Destination.broker(config.broker_name, ns),
    }
    # Outputs (instance ID, VPC, password) exist only once resources are registered: check every
    # other field now with stand-ins, and build the real args from the same fields later.
    source_args = RocketMQSourceArgs(**source_fields, instance_id=PENDING)
    source_identity_args = ServiceAccountWithRoleArgs(
        namespace=ns, service_account_name=SOURCE_SA, needs=source_args.access_needs(),
        role_name="rocketmqsource-token-reader", role_binding_name="rocketmqsource-token-reader",
    )
    trigger_args = TriggerArgs(
        trigger_name="order-service-trigger", namespace=ns, broker=config.broker_name,
        attributes={"type": config.order_event_type},
        subscriber=Destination.service("order-service", ns),
    )
    env: dict[str, str] = {"TABLE_NAME": config.order_table_name}
    if config.ots_endpoint:
        env["OTS_TEST_ENDPOINT"] = config.ots_endpoint
    if config.ots_instance_name:
        env["OTS_TEST_INSTANCENAME"] = config.ots_instance_name
    with_ots_keys = config.ots_access_key_id is not None
    service_args = KnativeServiceArgs(
        image=config.image, namespace=ns, service_name="order-service", service_account_name=WORKLOAD_SA,
        cluster_local=True, port=8080, container_concurrency=config.container_concurrency,
        scaling=ScalingPolicy(min_scale=config.min_scale, max_scale=config.max_scale),
        template_labels={"app": "order-service"}, env=env,
        env_from_secret={
            "OTS_TEST_KEYID": SecretKeyRef(name=OTS_SECRET, key="access-key-id"),
            "OTS_TEST_SECRET": SecretKeyRef(name=OTS_SECRET, key="access-key-secret"),
        } if with_ots_keys else {},
    )
    workload_identity_args = ServiceAccountWithRoleArgs(namespace=ns, service_account_name=WORKLOAD_SA)
    _rocketmq_args(config, PENDING, [PENDING], PENDING_PASSWORD)
    KubernetesSecretArgs(namespace=ns, secret_name=ACCESS_TOKEN_SECRET, string_data={ACCESS_TOKEN_KEY: PENDING})

    vpc_id, vswitch_ids = _network(config)
    mq_opts = pulumi.ResourceOptions(protect=config.stage == "prod")
    password = stack_password("rocketmq-orders-account-password", config.rocketmq_password, opts=mq_opts)
    mq = RocketMQ("rocketmq-orders", _rocketmq_args(config, vpc_id, vswitch_ids, password), mq_opts)

    k8s_opts = cluster_options("rocketmq-orders", config.kubeconfig)
    namespace = Namespace("rocketmq-orders", NamespaceArgs(namespace_name=ns), k8s_opts)
    in_ns = pulumi.ResourceOptions.merge(k8s_opts, pulumi.ResourceOptions(depends_on=[namespace]))
    token = KubernetesSecret("rocketmq-orders-access-token", KubernetesSecretArgs(
        namespace=ns, secret_name=ACCESS_TOKEN_SECRET,
        string_data={ACCESS_TOKEN_KEY: access_token_json(mq.endpoint.apply(lambda e: f"http://{e}"), config.rocketmq_username, password)},
    ), in_ns)
    source_identity = ServiceAccountWithRole(SOURCE_SA, source_identity_args, in_ns)
    workload_identity = ServiceAccountWithRole(WORKLOAD_SA, workload_identity_args, in_ns)
    workload_deps = [workload_identity]
    if with_ots_keys:
        workload_deps.append(KubernetesSecret("order-service-ots", KubernetesSecretArgs(
            namespace=ns, secret_name=OTS_SECRET,
            string_data={"access-key-id": secret_output(config.ots_access_key_id), "access-key-secret": secret_output(config.ots_access_key_secret)},
        ), in_ns))
    service = KnativeService("order-service", service_args, _after(in_ns, workload_deps))
    if dead_letter_args is not None:
        KnativeService("dead-letter", dead_letter_args, _after(in_ns, [workload_identity]))
    broker = Broker("order", broker_args, in_ns)
    source = RocketMQSource("rocketmqsource", RocketMQSourceArgs(**source_fields, instance_id=mq.instance_id), _after(in_ns, [token, source_identity, broker, mq]))
    trigger = Trigger("order-service-trigger", trigger_args, _after(in_ns, [broker, service]))
    return {
        "namespace": ns,
        "broker_url": broker.url,
        "broker_class": config.effective_broker_class,
        "order_service_url": service.url,
        "rocketmq_instance_id": mq.instance_id,
        "rocketmq_endpoint": mq.endpoint,
        "rocketmq_topic": config.topic,
        "rocketmq_group": config.group_name,
        "rocketmq_username": config.rocketmq_username,
        "source_name": source.source_name,
        "trigger_filter": trigger.filter_summary,
    }


def _rocketmq_args(config: Config, vpc_id: Any, vswitch_ids: list[Any], password: Any) -> RocketMQArgs:
    return RocketMQArgs(
        instance_name=config.rocketmq_instance_name,
        vpc_id=vpc_id,
        vswitch_ids=vswitch_ids,
        series=config.rocketmq_series,
        msg_process_spec=config.rocketmq_msg_process_spec,
        topics=[RocketMQTopic(name=config.topic, remark="orders (rocketmq-orders)")],
        consumer_groups=[RocketMQConsumerGroup(group_id=config.group_name, remark="Knative RocketMQSource")],
        accounts=[RocketMQAccess(
            username=config.rocketmq_username, password=password,
            subscribe_topics=[config.topic], groups=[config.group_name],
        )],
        tags={"stack": "rocketmq-orders", "stage": config.stage},
    )


def _network(config: Config) -> tuple[Any, list[Any]]:
    """The cluster's VPC from config, else a new VPC with one vSwitch."""
    if config.vpc_id is not None:
        return config.vpc_id, list(config.vswitch_ids)
    vpc = alicloud.vpc.Network("rocketmq-orders-vpc", vpc_name="rocketmq-orders", cidr_block=VPC_CIDR)
    vswitch = alicloud.vpc.Switch(
        "rocketmq-orders-vswitch", vpc_id=vpc.id, cidr_block=VSWITCH_CIDR, zone_id=config.zone_id,
        vswitch_name="rocketmq-orders",
    )
    return vpc.id, [vswitch.id]


def _after(opts: pulumi.ResourceOptions, deps: list[pulumi.Resource]) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=deps))
