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

from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from eventing_platform.alicloud.eventbridge import (
    EventBus,
    EventBusArgs,
    EventRule,
    EventRuleArgs,
    PrivateNetwork,
    RuleTarget,
)
from eventing_platform.alicloud.mns import MnsQueue, MnsQueueArgs
from eventing_platform.alicloud.rocketmq import (
    RocketMQ,
    RocketMQAccess,
    RocketMQArgs,
    RocketMQConsumerGroup,
    RocketMQTopic,
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
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.prerequisites import Prerequisites
from eventing_platform.kubernetes.secret import KubernetesSecret, KubernetesSecretArgs

from .config import secret_output

# The config model and its defaults live apart, free of SDK imports (``schema`` loads only them).
from .configs.rocketmq_orders import ORDER_SERVICE_IMAGE as ORDER_SERVICE_IMAGE
from .configs.rocketmq_orders import Config
from .generated_secrets import stack_password
from .images import EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import knative_prerequisites

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
