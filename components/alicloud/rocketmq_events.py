"""An EventBridge event source reading a RocketMQ 5.x topic: what Alibaba Cloud documents today for
RocketMQ -> Knative.

Alibaba Cloud's RocketMQSource for Knative (an ACK component of 2020) takes a 4.x-era access token
(AccessKey + instance id over HTTP); RocketMQ 5.x instances authenticate with the instance's ACL
user and password, and whether that source works against them is undocumented. EventBridge
documents a custom event source of type "ApsaraMQ for RocketMQ" for versions 4.x and 5.x, with
ACL authentication and VPC access (help.aliyun.com/en/eventbridge/user-guide/create-a-custom-event-source-of-the-message-queue-for-apache-rocketmq-type;
API ``SourceRocketMQParameters``: ``InstanceType`` 5.x, ``AuthType`` ``ACL``,
``InstanceUsername``/``InstancePassword``, ``InstanceEndpoint``, ``InstanceNetwork``,
``InstanceVpcId``/``VSwitchIds``/``SecurityGroupId``, ``GroupID``, ``Topic``, ``Offset``), and rules on
its bus deliver the messages to Knative Services (help.aliyun.com/zh/eventbridge/user-guide/route-events-to-knative).
pulumi-alicloud: ``eventbridge.EventSourceV2`` (``source_rocketmq_parameters``; terraform
``alicloud_event_bridge_event_source_v2``, provider v1.269.0+).

Events on the bus (the help page's sample event): ``source`` ``acs:mq``, ``type``
``mq:Topic:SendMessage``, ``subject`` ``acs:mq:<region>:<account>:<instance>%<topic>``, ``data``
``{topic, systemProperties, userProperties, body}``; a rule selects them with
:func:`rocketmq_message_pattern`. The sample dates from the 4.x console; that 5.x messages look
the same is not verified against a live account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import AfterValidator, Field

from ..args import Args, Input, StrInput
from ..component import Component
from ..redaction import check_no_credentials
from .event_pattern import EventPattern
from .names import EventSourceName, RocketMQGroupId, RocketMQTopicName


def rocketmq_message_pattern(topic: str) -> EventPattern:
    """The pattern of the message events of one topic: source, type and ``data.topic``."""
    return EventPattern.of(source=[ROCKETMQ_EVENT_SOURCE], type=[ROCKETMQ_MESSAGE_TYPE], data={"topic": [topic]})

ROCKETMQ_EVENT_SOURCE = "acs:mq"
"""The ``source`` of every RocketMQ message event on EventBridge."""
ROCKETMQ_MESSAGE_TYPE = "mq:Topic:SendMessage"
"""The ``type`` of a RocketMQ message event on EventBridge."""
OFFSETS = {"latest": "CONSUME_FROM_LAST_OFFSET", "earliest": "CONSUME_FROM_FIRST_OFFSET"}
"""Where a new consumer group starts -> EventBridge's ``Offset``."""


def _check_endpoint(value: str) -> str:
    return check_no_credentials(value, "give the ACL account as username and password", url=False)


Endpoint = Annotated[str, AfterValidator(_check_endpoint)]
"""An instance endpoint, without user info or a token query parameter in it."""


class RocketMQEventSourceArgs(Args):
    """Arguments of :class:`RocketMQEventSource`: a 5.x instance read over its VPC with an ACL account."""

    event_source_name: Input[EventSourceName]
    """Event source name (unique in the region; the rules of a bus name): 2-127 letters, digits,
    '_' or '-'. Required."""
    event_bus_name: StrInput
    """Custom bus the events go to. Required."""
    region: Input[Annotated[str, Field(pattern=r"^[a-z]{2,3}-[a-z0-9-]+$")]]
    """Region of the instance (``cn-hangzhou``). Required."""
    instance_id: StrInput
    """RocketMQ 5.x instance ID. Required."""
    endpoint: Input[Endpoint]
    """Its VPC endpoint (``rmq-cn-xxx-vpc.<region>.rmq.aliyuncs.com:8080``), without a credential
    (the ACL account is ``username``/``password``). Required."""
    topic: RocketMQTopicName
    """Topic to read. Required; a plain name (:attr:`RocketMQEventSource.pattern` is built from it)."""
    group_id: Input[RocketMQGroupId]
    """Consumer group EventBridge reads as. Required."""
    username: StrInput
    """ACL account (``Sub`` on the topic and group). Required."""
    password: StrInput = Field(repr=False)
    """Its password (a Pulumi secret; wrapped as one regardless). Required."""
    vpc_id: StrInput
    """VPC of the instance's endpoint. Required."""
    vswitch_ids: Annotated[Sequence[StrInput], Field(min_length=1)]
    """vSwitches EventBridge reads through. Required."""
    security_group_id: StrInput
    """Security group EventBridge's network interfaces get. Required."""
    offset: Literal["latest", "earliest"] = "latest"
    """Where a new consumer group starts. Default ``latest``."""
    description: Annotated[str, Field(max_length=256)] = "RocketMQ messages (managed by eventing-platform)"
    """Description. Default ``RocketMQ messages (managed by eventing-platform)``."""

    secret_fields = frozenset({"password"})
    plain_reasons: ClassVar[Mapping[str, str]] = {
        "topic": "the component builds from it the pattern that selects the topic's events (its pattern "
        "attribute, which rules take while they are built); pass the topic name itself",
    }


class RocketMQEventSource(Component[RocketMQEventSourceArgs]):
    """An EventBridge custom event source on a RocketMQ 5.x topic.

    Children: ``<name>-source`` (``eventbridge.EventSourceV2``). Attributes: ``source``,
    ``event_source_name``, ``pattern`` (selects its events: :func:`rocketmq_message_pattern`).
    """

    TYPE = "eventing-platform:alicloud:RocketMQEventSource"
    ARGS = RocketMQEventSourceArgs

    def __init__(self, name: str, args: RocketMQEventSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.event_source_name: Input[str] = args.event_source_name
        self.pattern = rocketmq_message_pattern(args.topic)
        vswitches = pulumi.Output.all(*args.vswitch_ids).apply(lambda ids: ",".join(ids))
        n, o = self.child("source")
        self.source = alicloud.eventbridge.EventSourceV2(
            n,
            event_source_name=args.event_source_name,
            event_bus_name=args.event_bus_name,
            description=args.description,
            source_rocketmq_parameters={
                "instance_type": "CLOUD_5",  # the provider documents CLOUD_4, CLOUD_5, SELF_BUILT
                "instance_id": args.instance_id,
                "instance_endpoint": args.endpoint,
                "instance_network": "PrivateNetwork",
                "instance_vpc_id": args.vpc_id,
                "instance_vswitch_ids": vswitches,
                "instance_security_group_id": args.security_group_id,
                "auth_type": "ACL",
                "instance_username": args.username,
                "instance_password": pulumi.Output.secret(args.password),
                "topic": args.topic,
                "group_id": args.group_id,
                "offset": OFFSETS[args.offset],
                "region_id": args.region,
            },
            opts=o,
        )
        self.register_outputs({"event_source_name": self.event_source_name})
