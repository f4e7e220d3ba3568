"""Config keys of the rocketmq-orders stack (no provider SDK: ``schema`` imports only this;
:mod:`stacks.rocketmq_orders` builds the stack from it)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator

from eventing_platform.alicloud.names import (
    EventBusName,
    EventSourceName,
    QueueName,
    Region,
    RocketMQGroupId,
    RocketMQTopicName,
    RuleName,
)
from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import ROCKETMQ_SOURCES
from eventing_platform.kinds.formats import IsoDuration
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace, DnsLabel

from ..config import HttpUrl, StackConfig
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    declared,
    install_knative_field,
    install_knative_kafka_field,
    provided_kinds_field,
)

_ROCKETMQ_EVENTS = known_kind(ROCKETMQ_SOURCES, "RocketMQSource").emits
_ROCKETMQ_EVENT_TYPE = _ROCKETMQ_EVENTS.types[0] if _ROCKETMQ_EVENTS else ""
"""The CloudEvent ``type`` the RocketMQ source sets on every message (read from the kinds
catalogue, as :mod:`eventing_platform.knative.sources.rocketmq` does, without loading it)."""
ORDER_SERVICE_IMAGE = "registry.cn-hangzhou.aliyuncs.com/knative-sample/order-service:master_054ed6cb-20200324202206"
"""The seed's order-service image (pinned tag)."""


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
    order_event_type: Annotated[str, Field(min_length=1, max_length=256)] = Field(_ROCKETMQ_EVENT_TYPE, description="CloudEvent type the Trigger lets through to order-service (event_path=rocketmq-source). Default 'RocketMQEventType' (what the RocketMQ source sets).")
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
