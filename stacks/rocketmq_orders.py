"""Scenario rocketmq-orders (seed 001): RocketMQ orders -> EventBridge -> order-service.

Food-delivery orders are sent to a RocketMQ topic; each message becomes an event that reaches the
``order-service`` Knative Service, which scales with load (min/max scale and container
concurrency from config). The RocketMQ version and the source that reads it are one choice,
``event_path``:

- ``eventbridge`` (default): what Alibaba Cloud documents today for RocketMQ -> Knative. An
  ApsaraMQ for RocketMQ 5.x instance, topic, group and an ACL account (``Sub`` on that topic and
  group only) are created here; an EventBridge custom event source reads the topic over the VPC
  with that account (:mod:`eventing_platform.alicloud.rocketmq_events`) onto a custom bus, and a
  rule on the bus (the Trigger's job: it selects the source's events) POSTs them to order-service
  through the cluster's Knative ingress, inside the VPC, with exponential retries and an MNS
  dead-letter queue. order-service is therefore not cluster-local; the cluster's ingress must be
  reachable from the VPC and resolve the Service's domain there.
- ``rocketmq-source``: the seed's Alibaba Cloud RocketMQSource (an ACK component of 2020 whose
  access token is an AccessKey and instance id over HTTP: RocketMQ **4.x**). The stack then
  creates no instance: it reads the 4.x instance, endpoint and AccessKey from config, the source
  into a Broker, and a Trigger on the order event type; the cluster must run the RocketMQSource
  component (not installable by a stack: deploy it from the ACK console and declare it in
  ``provided_kinds``).

What changes from the seed: ``v1`` APIs instead of ``v1alpha1``; the RocketMQ resources and
credentials are created or read as Pulumi secrets, never literals; every hop retries and
dead-letters; the stack installs Knative (``install_knative``) unless the cluster has it.

Cluster: any cluster (``kubeconfig`` secret config, else the ambient kubeconfig). The RocketMQ
instance is reachable from its VPC only: set ``vpc_id``/``vswitch_ids`` (and
``security_group_id``) to the cluster's VPC; without them the stack creates a VPC.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, SecretStr, model_validator

from eventing_platform.alicloud.eventbridge import (
    EventBus,
    EventBusArgs,
    EventRule,
    EventRuleArgs,
    PrivateNetwork,
    RuleTarget,
)
from eventing_platform.alicloud.mns import MnsQueue, MnsQueueArgs
from eventing_platform.alicloud.names import (
    EventBusName,
    EventSourceName,
    QueueName,
    Region,
    RuleName,
)
from eventing_platform.alicloud.rocketmq import (
    RocketMQ,
    RocketMQAccess,
    RocketMQArgs,
    RocketMQConsumerGroup,
    RocketMQGroupId,
    RocketMQTopic,
    RocketMQTopicName,
)
from eventing_platform.alicloud.rocketmq_events import (
    RocketMQEventSource,
    RocketMQEventSourceArgs,
    rocketmq_message_pattern,
)
from eventing_platform.kinds.catalogue import EVENTING, SERVING
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
from eventing_platform.kubernetes.names import AppNamespace, DnsLabel
from eventing_platform.kubernetes.prerequisites import Prerequisites
from eventing_platform.kubernetes.secret import KubernetesSecret, KubernetesSecretArgs

from .config import HttpUrl, StackConfig, secret_output
from .generated_secrets import stack_password
from .images import EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    declared,
    install_knative_field,
    install_knative_kafka_field,
    knative_prerequisites,
    provided_kinds_field,
)

ORDER_SERVICE_IMAGE = "registry.cn-hangzhou.aliyuncs.com/knative-sample/order-service:master_054ed6cb-20200324202206"
SOURCE_SA = "alirocketmqsource-sa"
ACCESS_TOKEN_SECRET = "alirocketmqsource-secret"
ACCESS_TOKEN_KEY = "alirocketmqsource"
WORKLOAD_SA = "order-service"
OTS_SECRET = "order-service-ots"
PENDING = "pending"
PENDING_PASSWORD = "pending-password"
PENDING_URL = "http://pending.invalid"
PENDING_ARN = "acs:mns:cn-hangzhou:0:queues/pending"
"""Stand-ins for outputs while args are checked before anything is registered."""
VPC_CIDR = "10.20.0.0/16"
VSWITCH_CIDR = "10.20.1.0/24"


class Config(StackConfig):
    """Config of the rocketmq-orders stack (keys under ``eventing-platform:``)."""

    namespace: AppNamespace = Field("rocketmq-orders", description="Namespace of every Kubernetes object of the stack (created unless create_namespace is false); never a system namespace. Default 'rocketmq-orders'.")
    create_namespace: bool = create_namespace_field()
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of the target cluster (secret: set with `pulumi config set --secret`). Default: the ambient kubeconfig.")
    event_path: Literal["eventbridge", "rocketmq-source"] = Field("eventbridge", description="How orders reach order-service, which also fixes the RocketMQ version: 'eventbridge' (a RocketMQ 5.x instance the stack creates, read by an EventBridge event source; a rule on its bus delivers to order-service: what Alibaba Cloud documents today) or 'rocketmq-source' (the seed's ACK RocketMQSource into a Broker and a Trigger; it takes a 4.x-era AccessKey token, so it reads an existing RocketMQ 4.x instance from rocketmq4_* keys and needs the RocketMQSource component declared in provided_kinds). Default 'eventbridge'.")
    region: Region = Field("cn-hangzhou", description="Region of the Alibaba Cloud resources (match alicloud:region); names the dead-letter queue's ARN. Default 'cn-hangzhou'.")
    vpc_id: Annotated[str, Field(pattern=r"^vpc-[a-z0-9]+$")] | None = Field(None, description="VPC of the cluster; the RocketMQ instance is reachable from it only. Default: a new VPC (10.20.0.0/16) with one vSwitch.")
    vswitch_ids: list[Annotated[str, Field(pattern=r"^vsw-[a-z0-9]+$")]] = Field(default_factory=list, description="vSwitches of vpc_id for the instance's endpoints (required with vpc_id). Default: the new VPC's vSwitch.")
    security_group_id: Annotated[str, Field(pattern=r"^sg-[a-z0-9]+$")] | None = Field(None, description="Security group of vpc_id that EventBridge's network interfaces get (event_path=eventbridge, required with vpc_id). Default: one the stack creates in its new VPC.")
    zone_id: Annotated[str, Field(pattern=r"^[a-z]{2}-[a-z0-9-]+-[a-z0-9]+$")] = Field("cn-hangzhou-j", description="Zone of the vSwitch the stack creates when vpc_id is unset. Default 'cn-hangzhou-j'.")
    rocketmq_instance_name: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")] = Field("rocketmq-orders", description="RocketMQ 5.x instance name (event_path=eventbridge). Default 'rocketmq-orders'.")
    rocketmq_series: Literal["standard", "professional", "ultimate"] = Field("standard", description="RocketMQ 5.x edition. Default 'standard'.")
    rocketmq_msg_process_spec: Annotated[str, Field(pattern=r"^rmq\.[spu]2\.[0-9]*x?large$")] = Field("rmq.s2.2xlarge", description="Send/receive capacity, matching the series (rmq.s2.* standard, rmq.p2.* professional, rmq.u2.* ultimate). Default 'rmq.s2.2xlarge'.")
    topic: RocketMQTopicName = Field("topic-knative", description="Topic orders are sent to. Default the seed's 'topic-knative'.")
    group_name: RocketMQGroupId = Field("GID_Knative", description="Consumer group that reads the topic. Default the seed's 'GID_Knative'.")
    rocketmq_username: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field("knative-rocketmq-source", description="ACL account EventBridge reads as (Sub on the topic and group only). Default 'knative-rocketmq-source'.")
    rocketmq_password: SecretStr | None = Field(None, description="Password of that account (secret, 8-64 characters). Default: generated once by the stack (random.RandomPassword) and kept in state.")
    event_source_name: EventSourceName = Field("rocketmq-orders", description="EventBridge event source reading the topic onto the bus (event_path=eventbridge). Default 'rocketmq-orders'.")
    event_bus_name: EventBusName = Field("rocketmq-orders", description="Custom EventBridge bus of the order events (event_path=eventbridge). Default 'rocketmq-orders'.")
    rule_name: RuleName = Field("order-service", description="EventBridge rule delivering the order events to order-service (event_path=eventbridge). Default 'order-service'.")
    dead_letter_queue: QueueName = Field("rocketmq-orders-dead-letter", description="MNS queue receiving order events EventBridge could not deliver (event_path=eventbridge). Default 'rocketmq-orders-dead-letter'.")
    rocketmq4_instance_id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{3,64}$")] | None = Field(None, description="Existing RocketMQ 4.x instance the RocketMQSource reads (event_path=rocketmq-source, required there), e.g. 'MQ_INST_123_Bxxx'. Default none.")
    rocketmq4_endpoint: HttpUrl | None = Field(None, description="Its HTTP endpoint, as the source's access token names it (event_path=rocketmq-source, required there). Default none.")
    rocketmq_access_key_id: SecretStr | None = Field(None, description="AccessKey ID the RocketMQSource authenticates to the 4.x instance with (secret; event_path=rocketmq-source, required there). Default none.")
    rocketmq_access_key_secret: SecretStr | None = Field(None, description="Its AccessKey secret (secret; event_path=rocketmq-source, required there). Default none.")
    broker_name: DnsLabel = Field("order", description="Broker the RocketMQSource sends to (event_path=rocketmq-source). Default the seed's 'order'.")
    broker_class: Literal["MTChannelBasedBroker", "Kafka"] | None = Field(None, description="Broker implementation (event_path=rocketmq-source). Default: 'MTChannelBasedBroker' in dev, 'Kafka' (durable) in prod.")
    order_event_type: Annotated[str, Field(min_length=1, max_length=256)] = Field(ROCKETMQ_EVENT_TYPE, description="CloudEvent type the Trigger lets through to order-service (event_path=rocketmq-source). Default 'RocketMQEventType' (what the RocketMQ source sets).")
    install_knative: bool = install_knative_field("the Knative Operator's Helm chart v1.23.0 with KnativeServing (Kourier) and KnativeEventing 1.23.0; on an ACK/ASK cluster prefer its 'knative' add-on and set this false")
    install_knative_kafka: bool = install_knative_kafka_field("the Kafka Broker, with event_path=rocketmq-source and broker_class=Kafka")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field()
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
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL of the Knative hops (event_path=rocketmq-source). Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")

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
        v4 = {"rocketmq4_instance_id": self.rocketmq4_instance_id, "rocketmq4_endpoint": self.rocketmq4_endpoint,
              "rocketmq_access_key_id": self.rocketmq_access_key_id, "rocketmq_access_key_secret": self.rocketmq_access_key_secret}
        if self.event_path == "rocketmq-source":
            missing = [k for k, v in v4.items() if v is None]
            if missing:
                raise ValueError(f"event_path 'rocketmq-source' reads an existing RocketMQ 4.x instance with an AccessKey (the source's "
                                 f"4.x-era token; a 5.x ACL account is not documented to work): set {', '.join(missing)}")
            if self.rocketmq_password is not None:
                raise ValueError("rocketmq_password is the ACL password of the 5.x instance of event_path 'eventbridge'; "
                                 "remove it (the 4.x path authenticates with rocketmq_access_key_id/secret)")
            if "rocketmq-source" not in declared(self.provided_kinds):
                raise ValueError("event_path 'rocketmq-source' needs the ACK RocketMQSource component, which a stack cannot install: "
                                 "deploy it from the ACK console and add 'rocketmq-source' to provided_kinds")
        else:
            set_v4 = [k for k, v in v4.items() if v is not None]
            if set_v4:
                raise ValueError(f"{', '.join(set_v4)} describe the 4.x instance of event_path 'rocketmq-source'; remove them or set that path")
            if self.vpc_id is not None and self.security_group_id is None:
                raise ValueError("with vpc_id, event_path 'eventbridge' needs security_group_id (a security group of that VPC for EventBridge)")
        return self

    @property
    def effective_broker_class(self) -> Literal["MTChannelBasedBroker", "Kafka"]:
        """The Broker class after applying the stage default."""
        return self.broker_class or ("Kafka" if self.stage == "prod" else "MTChannelBasedBroker")


def build(config: Config) -> dict[str, Any]:
    """Build the rocketmq-orders stack; every args object is validated before anything is registered."""
    if config.event_path == "rocketmq-source":
        return _build_rocketmq_source(config)
    return _build_eventbridge(config)


def _service_args(config: Config, *, cluster_local: bool) -> tuple[KnativeServiceArgs, bool]:
    """order-service, and whether it reads Tablestore keys from a Secret."""
    env: dict[str, str] = {"TABLE_NAME": config.order_table_name}
    if config.ots_endpoint:
        env["OTS_TEST_ENDPOINT"] = config.ots_endpoint
    if config.ots_instance_name:
        env["OTS_TEST_INSTANCENAME"] = config.ots_instance_name
    with_ots_keys = config.ots_access_key_id is not None
    args = KnativeServiceArgs(
        image=config.image, namespace=config.namespace, service_name="order-service", service_account_name=WORKLOAD_SA,
        cluster_local=cluster_local, port=8080, container_concurrency=config.container_concurrency,
        scaling=ScalingPolicy(min_scale=config.min_scale, max_scale=config.max_scale),
        template_labels={"app": "order-service"}, env=env,
        env_from_secret={
            "OTS_TEST_KEYID": SecretKeyRef(name=OTS_SECRET, key="access-key-id"),
            "OTS_TEST_SECRET": SecretKeyRef(name=OTS_SECRET, key="access-key-secret"),
        } if with_ots_keys else {},
    )
    return args, with_ots_keys


def _kubernetes(config: Config, kafka_parts: list[str]) -> tuple[pulumi.ResourceOptions, pulumi.ResourceOptions, Prerequisites]:
    """The cluster's options, the namespace's (created unless create_namespace is false) and the installs."""
    k8s_opts = cluster_options("rocketmq-orders", config.kubeconfig)
    prerequisites = knative_prerequisites(
        "rocketmq-orders", install_knative=config.install_knative, kafka_parts=kafka_parts,
        install_kafka=config.install_knative_kafka, k8s_opts=k8s_opts,
    )
    in_ns = k8s_opts
    if config.create_namespace:
        namespace = Namespace("rocketmq-orders", NamespaceArgs(namespace_name=config.namespace), k8s_opts)
        in_ns = _after(k8s_opts, [namespace])
    return k8s_opts, in_ns, prerequisites


def _order_service(config: Config, service_args: KnativeServiceArgs, with_ots_keys: bool,
                   in_ns: pulumi.ResourceOptions, prerequisites: Prerequisites) -> tuple[KnativeService, ServiceAccountWithRole]:
    workload_identity = ServiceAccountWithRole(WORKLOAD_SA, ServiceAccountWithRoleArgs(namespace=config.namespace, service_account_name=WORKLOAD_SA), in_ns)
    workload_deps: list[pulumi.Resource] = [workload_identity, *prerequisites.depends_on(SERVING, "Service")]
    if with_ots_keys:
        workload_deps.append(KubernetesSecret("order-service-ots", KubernetesSecretArgs(
            namespace=config.namespace, secret_name=OTS_SECRET,
            string_data={"access-key-id": secret_output(config.ots_access_key_id), "access-key-secret": secret_output(config.ots_access_key_secret)},
        ), in_ns))
    return KnativeService("order-service", service_args, _after(in_ns, workload_deps)), workload_identity


def _build_eventbridge(config: Config) -> dict[str, Any]:
    """RocketMQ 5.x -> EventBridge event source -> custom bus -> rule -> order-service (in the VPC)."""
    ns = config.namespace
    service_args, with_ots_keys = _service_args(config, cluster_local=False)
    pending_network = PrivateNetwork(vpc_id=PENDING, vswitch_ids=[PENDING], security_group_id=PENDING)
    _rule_args(config, PENDING_URL, PENDING_ARN, pending_network)
    _rocketmq_args(config, PENDING, [PENDING], PENDING_PASSWORD)
    _event_source_args(config, PENDING, PENDING, PENDING_PASSWORD, pending_network)
    queue_args = MnsQueueArgs(region=config.region, queue_name=config.dead_letter_queue, tags=_tags(config))
    bus_args = EventBusArgs(event_bus_name=config.event_bus_name, description="Orders from RocketMQ (rocketmq-orders)")

    vpc_id, vswitch_ids, security_group_id = _network(config)
    mq_opts = pulumi.ResourceOptions(protect=config.stage == "prod")
    password = stack_password("rocketmq-orders-account-password", config.rocketmq_password, opts=mq_opts)
    mq = RocketMQ("rocketmq-orders", _rocketmq_args(config, vpc_id, vswitch_ids, password), mq_opts)
    network = PrivateNetwork(vpc_id=vpc_id, vswitch_ids=vswitch_ids, security_group_id=security_group_id)

    _, in_ns, prerequisites = _kubernetes(config, [])
    service, _ = _order_service(config, service_args, with_ots_keys, in_ns, prerequisites)

    bus = EventBus("rocketmq-orders-bus", bus_args)
    source = RocketMQEventSource("rocketmq-orders-source", _event_source_args(config, bus.name_output, mq, password, network),
                                 pulumi.ResourceOptions(depends_on=[bus, mq]))
    queue = MnsQueue("rocketmq-orders-dead-letter", queue_args)
    rule = EventRule("rocketmq-orders-rule", _rule_args(config, service.url, queue.arn, network),
                     pulumi.ResourceOptions(depends_on=[bus, source, service]))
    return {
        "namespace": ns,
        "event_path": config.event_path,
        "order_service_url": service.url,
        "rocketmq_instance_id": mq.instance_id,
        "rocketmq_endpoint": mq.endpoint,
        "rocketmq_topic": config.topic,
        "rocketmq_group": config.group_name,
        "rocketmq_username": config.rocketmq_username,
        "event_source": source.event_source_name,
        "event_bus": bus.name_output,
        "rule": rule.rule_name,
        "filter_pattern": rule.filter_pattern,
        "dead_letter_queue": queue.arn,
    }


def _build_rocketmq_source(config: Config) -> dict[str, Any]:
    """An existing RocketMQ 4.x instance -> RocketMQSource -> Broker -> Trigger -> order-service."""
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
    broker_class = config.effective_broker_class
    broker_args = BrokerArgs(broker_name=config.broker_name, namespace=ns, broker_class=broker_class, delivery=delivery)
    assert config.rocketmq4_instance_id is not None and config.rocketmq4_endpoint is not None
    source_args = RocketMQSourceArgs(
        source_name="rocketmqsource", namespace=ns, topic=config.topic, group_name=config.group_name,
        instance_id=config.rocketmq4_instance_id,
        access_token=SecretKeyRef(name=ACCESS_TOKEN_SECRET, key=ACCESS_TOKEN_KEY),
        service_account_name=SOURCE_SA, sink=Destination.broker(config.broker_name, ns),
    )
    source_identity_args = ServiceAccountWithRoleArgs(
        namespace=ns, service_account_name=SOURCE_SA, needs=source_args.access_needs(),
        role_name="rocketmqsource-token-reader", role_binding_name="rocketmqsource-token-reader",
    )
    trigger_args = TriggerArgs(
        trigger_name="order-service-trigger", namespace=ns, broker=config.broker_name,
        attributes={"type": config.order_event_type},
        subscriber=Destination.service("order-service", ns),
    )
    service_args, with_ots_keys = _service_args(config, cluster_local=True)

    kafka = broker_class == "Kafka"
    _, in_ns, prerequisites = _kubernetes(config, ["broker"] if kafka else [])
    token = KubernetesSecret("rocketmq-orders-access-token", KubernetesSecretArgs(
        namespace=ns, secret_name=ACCESS_TOKEN_SECRET,
        string_data={ACCESS_TOKEN_KEY: access_token_json(
            config.rocketmq4_endpoint, secret_output(config.rocketmq_access_key_id), secret_output(config.rocketmq_access_key_secret))},
    ), in_ns)
    source_identity = ServiceAccountWithRole(SOURCE_SA, source_identity_args, in_ns)
    service, workload_identity = _order_service(config, service_args, with_ots_keys, in_ns, prerequisites)
    if dead_letter_args is not None:
        KnativeService("dead-letter", dead_letter_args, _after(in_ns, [workload_identity, *prerequisites.depends_on(SERVING, "Service")]))
    broker_needs = ("eventing-kafka-broker",) if kafka else ()
    broker = Broker("order", broker_args, _after(in_ns, prerequisites.depends_on(EVENTING, "Broker", *broker_needs)))
    source = RocketMQSource("rocketmqsource", source_args, _after(in_ns, [token, source_identity, broker]))
    trigger = Trigger("order-service-trigger", trigger_args, _after(in_ns, [broker, service, *prerequisites.depends_on(EVENTING, "Trigger")]))
    return {
        "namespace": ns,
        "event_path": config.event_path,
        "broker_url": broker.url,
        "broker_class": broker_class,
        "order_service_url": service.url,
        "rocketmq_instance_id": config.rocketmq4_instance_id,
        "rocketmq_topic": config.topic,
        "rocketmq_group": config.group_name,
        "source_name": source.source_name,
        "trigger_filter": trigger.filter_summary,
    }


def _tags(config: Config) -> dict[str, str]:
    return {"stack": "rocketmq-orders", "stage": config.stage}


def _rocketmq_args(config: Config, vpc_id: Any, vswitch_ids: list[Any], password: Any) -> RocketMQArgs:
    return RocketMQArgs(
        instance_name=config.rocketmq_instance_name,
        vpc_id=vpc_id,
        vswitch_ids=vswitch_ids,
        series=config.rocketmq_series,
        msg_process_spec=config.rocketmq_msg_process_spec,
        topics=[RocketMQTopic(name=config.topic, remark="orders (rocketmq-orders)")],
        consumer_groups=[RocketMQConsumerGroup(group_id=config.group_name, remark="EventBridge event source of rocketmq-orders")],
        accounts=[RocketMQAccess(
            username=config.rocketmq_username, password=password,
            subscribe_topics=[config.topic], groups=[config.group_name],
        )],
        tags=_tags(config),
    )


def _event_source_args(config: Config, bus: Any, mq: Any, password: Any, network: PrivateNetwork) -> RocketMQEventSourceArgs:
    return RocketMQEventSourceArgs(
        event_source_name=config.event_source_name, event_bus_name=bus, region=config.region,
        instance_id=mq.instance_id if isinstance(mq, RocketMQ) else mq, endpoint=mq.endpoint if isinstance(mq, RocketMQ) else mq,
        topic=config.topic, group_id=config.group_name, username=config.rocketmq_username, password=password,
        vpc_id=network.vpc_id, vswitch_ids=list(network.vswitch_ids), security_group_id=network.security_group_id,
    )


def _rule_args(config: Config, url: Any, arn: Any, network: PrivateNetwork) -> EventRuleArgs:
    target = RuleTarget.http(url, target_id="order-service", network=network, scales_from_zero=config.min_scale == 0, dead_letter_arn=arn)
    return EventRuleArgs(
        pattern=rocketmq_message_pattern(config.topic), targets=[target], rule_name=config.rule_name,
        event_bus_name=config.event_bus_name, description=f"RocketMQ {config.topic} (event source {config.event_source_name}) -> order-service",
    )


def _network(config: Config) -> tuple[Any, list[Any], Any]:
    """The cluster's VPC from config, else a new VPC with one vSwitch and a security group for EventBridge."""
    if config.vpc_id is not None:
        return config.vpc_id, list(config.vswitch_ids), config.security_group_id
    vpc = alicloud.vpc.Network("rocketmq-orders-vpc", vpc_name="rocketmq-orders", cidr_block=VPC_CIDR)
    vswitch = alicloud.vpc.Switch(
        "rocketmq-orders-vswitch", vpc_id=vpc.id, cidr_block=VSWITCH_CIDR, zone_id=config.zone_id,
        vswitch_name="rocketmq-orders",
    )
    group = alicloud.ecs.SecurityGroup(
        "rocketmq-orders-eventbridge-sg", vpc_id=vpc.id, security_group_name="rocketmq-orders-eventbridge",
        description="EventBridge's network interfaces reading RocketMQ and calling order-service (rocketmq-orders)",
    )
    return vpc.id, [vswitch.id], group.id


def _after(opts: pulumi.ResourceOptions, deps: list[pulumi.Resource]) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=deps))
