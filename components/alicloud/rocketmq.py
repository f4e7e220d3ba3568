"""ApsaraMQ for RocketMQ 5.x: an instance reachable from its VPC only, topics, consumer groups,
and ACL accounts granted exactly the topics and groups they use.

Resources (pulumi-alicloud): ``rocketmq.RocketMQInstance``, ``rocketmq.RocketMQTopic``,
``rocketmq.ConsumerGroup``, ``rocketmq.Account`` and ``rocketmq.Acl``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, field_validator, model_validator

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from ..errors import CHILD_NAME_REASON
from .names import RocketMQGroupId, RocketMQTopicName

_USERNAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_INSTANCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")
_SERIES_SPEC_PREFIX = {"standard": "rmq.s2.", "professional": "rmq.p2.", "ultimate": "rmq.u2."}


class RocketMQTopic(Args):
    """One topic."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"name": CHILD_NAME_REASON}

    name: RocketMQTopicName
    """Topic name. Required."""
    message_type: Literal["NORMAL", "FIFO", "DELAY", "TRANSACTION"] = "NORMAL"
    """Message type the topic accepts. Default ``NORMAL``."""
    remark: str | None = None
    """Description. Default: ``managed by eventing-platform``."""


class RocketMQConsumerGroup(Args):
    """One consumer group with its retry policy."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"group_id": CHILD_NAME_REASON}

    group_id: RocketMQGroupId
    """Group ID. Required."""
    delivery_order: Literal["Concurrently", "Orderly"] = "Concurrently"
    """Delivery order to the group's consumers. Default ``Concurrently``."""
    retry_policy: Literal["DefaultRetryPolicy", "FixedRetryPolicy"] = "DefaultRetryPolicy"
    """``DefaultRetryPolicy`` backs off step-wise, ``FixedRetryPolicy`` retries at a fixed interval.
    Default ``DefaultRetryPolicy``."""
    max_retry_times: Annotated[int, Field(ge=0, le=1000)] = 16
    """Retries before a message goes to the dead-letter topic. Default 16."""
    dead_letter_topic: RocketMQTopicName | None = None
    """Topic that keeps messages which exhausted their retries. Default none (they are dropped)."""
    remark: str | None = None
    """Description. Default: ``managed by eventing-platform``."""


class RocketMQAccess(Args):
    """An ACL account (username + password) and the only topics and groups it may use."""

    plain_reasons: ClassVar[Mapping[str, str]] = {
        "username": CHILD_NAME_REASON,
        "subscribe_topics": CHILD_NAME_REASON,
        "publish_topics": CHILD_NAME_REASON,
        "groups": CHILD_NAME_REASON,
    }

    username: Annotated[str, Field(pattern=_USERNAME.pattern)]
    """Account user name (1-64 letters, digits, ``_`` or ``-``). Required."""
    password: StrInput = Field(repr=False)
    """Account password: pass a Pulumi secret (it is wrapped as one regardless). Required."""
    subscribe_topics: list[RocketMQTopicName] = Field(default_factory=list)
    """Topics it may consume (``Sub``). Default none."""
    publish_topics: list[RocketMQTopicName] = Field(default_factory=list)
    """Topics it may send to (``Pub``). Default none."""
    groups: list[RocketMQGroupId] = Field(default_factory=list)
    """Consumer groups it may consume as (``Sub``). Default none."""

    secret_fields = frozenset({"password"})

    @field_validator("password")
    @classmethod
    def _password(cls, value: StrInput) -> StrInput:
        if is_plain(value) and not 8 <= len(value) <= 64:
            raise ValueError("password must be 8-64 characters (value hidden)")
        return value

    @model_validator(mode="after")
    def _grants_something(self) -> RocketMQAccess:
        if not (self.subscribe_topics or self.publish_topics):
            raise ValueError(f"account {self.username!r} is granted no topic; list subscribe_topics or publish_topics")
        if self.subscribe_topics and not self.groups:
            raise ValueError(f"account {self.username!r} subscribes without a consumer group; list the groups it consumes as")
        return self


class RocketMQArgs(Args):
    """Arguments of :class:`RocketMQ`."""

    instance_name: Input[Annotated[str, Field(pattern=_INSTANCE_NAME.pattern)]]
    """Instance name (3-64 characters). Required."""
    vpc_id: StrInput
    """VPC the instance is reachable from. Required."""
    vswitch_ids: Annotated[Sequence[StrInput], Field(min_length=1)]
    """vSwitches of the instance's VPC endpoints (two for ``serverless``). Required."""
    series: Literal["standard", "professional", "ultimate"] = "standard"
    """Edition (``series_code``). Default ``standard``."""
    sub_series: Literal["cluster_ha", "single_node", "serverless"] = "cluster_ha"
    """High-availability cluster, single test node or serverless (``sub_series_code``). Default
    ``cluster_ha``."""
    msg_process_spec: Annotated[str, Field(pattern=r"^rmq\.[spu]2\.[0-9]*x?large$")] = "rmq.s2.2xlarge"
    """Send/receive capacity; its ``rmq.s2.`` / ``rmq.p2.`` / ``rmq.u2.`` prefix must match the
    series. Default ``rmq.s2.2xlarge``."""
    message_retention_hours: Annotated[int, Field(ge=24, le=8760)] = 72
    """How long messages are kept. Default 72 hours."""
    payment_type: Literal["PayAsYouGo", "Subscription"] = "PayAsYouGo"
    """Billing. Default ``PayAsYouGo``."""
    trace: bool = False
    """Message trace (billed). Default False."""
    topics: Annotated[list[RocketMQTopic], Field(min_length=1)]
    """Topics to create. Required, at least one."""
    consumer_groups: list[RocketMQConsumerGroup] = Field(default_factory=list)
    """Consumer groups to create. Default none."""
    accounts: list[RocketMQAccess] = Field(default_factory=list)
    """ACL accounts, each granted only its topics and groups. Default none."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags on the instance. Default none."""

    @model_validator(mode="after")
    def _consistent(self) -> RocketMQArgs:
        prefix = _SERIES_SPEC_PREFIX[self.series]
        if not self.msg_process_spec.startswith(prefix):
            raise ValueError(
                f"msg_process_spec {self.msg_process_spec!r} does not belong to series {self.series!r}; "
                f"use a {prefix}* spec (e.g. '{prefix}2xlarge') or change series"
            )
        if self.series == "ultimate" and self.sub_series != "cluster_ha":
            raise ValueError("the ultimate series only comes as sub_series 'cluster_ha'")
        if self.sub_series == "serverless" and len(self.vswitch_ids) < 2:
            raise ValueError("a serverless instance needs at least two vswitch_ids")
        topics = [t.name for t in self.topics]
        groups = [g.group_id for g in self.consumer_groups]
        for kind, names in (("topics", topics), ("consumer_groups", groups), ("accounts", [a.username for a in self.accounts])):
            if len(set(names)) != len(names):
                raise ValueError(f"{kind} {names} repeat; each must be unique")
        for g in self.consumer_groups:
            if g.dead_letter_topic is not None and g.dead_letter_topic not in topics:
                raise ValueError(f"group {g.group_id!r} dead_letter_topic {g.dead_letter_topic!r} is not one of topics {topics}")
        for a in self.accounts:
            unknown_topics = sorted(set(a.subscribe_topics + a.publish_topics) - set(topics))
            unknown_groups = sorted(set(a.groups) - set(groups))
            if unknown_topics or unknown_groups:
                raise ValueError(
                    f"account {a.username!r} names topics {unknown_topics} / groups {unknown_groups} "
                    f"this instance does not create (topics {topics}, groups {groups})"
                )
        return self


class RocketMQ(Component[RocketMQArgs]):
    """A RocketMQ 5.x instance with ACL on, no public endpoint, and its topics, groups and accounts.

    Attributes: ``instance``, ``instance_id``, ``endpoint`` (the VPC TCP endpoint URL),
    ``topics`` / ``consumer_groups`` / ``accounts`` (dicts by name), ``passwords`` (username ->
    secret output).
    """

    TYPE = "eventing-platform:alicloud:RocketMQ"
    ARGS = RocketMQArgs

    def __init__(self, name: str, args: RocketMQArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        n, o = self.child("instance")
        self.instance = alicloud.rocketmq.RocketMQInstance(
            n,
            instance_name=args.instance_name,
            service_code="rmq",
            series_code=args.series,
            sub_series_code=args.sub_series,
            payment_type=args.payment_type,
            product_info={
                "msg_process_spec": args.msg_process_spec,
                "message_retention_time": args.message_retention_hours,
                "trace_on": args.trace,
            },
            network_info={
                "vpc_info": {"vpc_id": args.vpc_id, "vswitches": [{"vswitch_id": v} for v in args.vswitch_ids]},
                "internet_info": {"internet_spec": "disable", "flow_out_type": "uninvolved"},
            },
            acl_info={"acl_types": ["default", "apache_acl"], "default_vpc_auth_free": False},
            remark="managed by eventing-platform",
            tags=args.tags or None,
            opts=o,
        )
        self.instance_id: pulumi.Output[str] = self.instance.id
        self.endpoint: pulumi.Output[str] = self.instance.network_info.apply(_vpc_endpoint)
        self.topics = {t.name: self._topic(t) for t in args.topics}
        self.consumer_groups = {g.group_id: self._group(g) for g in args.consumer_groups}
        self.accounts: dict[str, alicloud.rocketmq.Account] = {}
        self.passwords: dict[str, pulumi.Output[str]] = {}
        for access in args.accounts:
            self._account(access)
        self.register_outputs({
            "instance_id": self.instance_id,
            "endpoint": self.endpoint,
            "topics": list(self.topics),
            "consumer_groups": list(self.consumer_groups),
        })

    def _topic(self, t: RocketMQTopic) -> alicloud.rocketmq.RocketMQTopic:
        n, o = self.child(f"topic-{_slug(t.name)}")
        return alicloud.rocketmq.RocketMQTopic(
            n, instance_id=self.instance.id, topic_name=t.name, message_type=t.message_type,
            remark=t.remark or "managed by eventing-platform", opts=o,
        )

    def _group(self, g: RocketMQConsumerGroup) -> alicloud.rocketmq.ConsumerGroup:
        policy: dict[str, Any] = {"retry_policy": g.retry_policy, "max_retry_times": g.max_retry_times}
        depends = []
        if g.dead_letter_topic is not None:
            policy["dead_letter_target_topic"] = g.dead_letter_topic
            depends.append(self.topics[g.dead_letter_topic])
        n, o = self.child(f"group-{_slug(g.group_id)}", depends_on=depends)
        return alicloud.rocketmq.ConsumerGroup(
            n, instance_id=self.instance.id, consumer_group_id=g.group_id,
            delivery_order_type=g.delivery_order, consume_retry_policy=policy,
            remark=g.remark or "managed by eventing-platform", opts=o,
        )

    def _account(self, a: RocketMQAccess) -> None:
        password = pulumi.Output.secret(a.password)
        n, o = self.child(f"account-{_slug(a.username)}")
        account = alicloud.rocketmq.Account(
            n, instance_id=self.instance.id, username=a.username, password=password,
            account_status="ENABLE", opts=o,
        )
        self.accounts[a.username] = account
        self.passwords[a.username] = password
        grants: list[tuple[str, str, list[str], pulumi.Resource]] = []
        topic_actions: dict[str, list[str]] = {}
        for t in a.subscribe_topics:
            topic_actions.setdefault(t, []).append("Sub")
        for t in a.publish_topics:
            topic_actions.setdefault(t, []).append("Pub")
        for t, actions in topic_actions.items():
            grants.append(("Topic", t, sorted(set(actions)), self.topics[t]))
        for g in a.groups:
            grants.append(("Group", g, ["Sub"], self.consumer_groups[g]))
        for kind, resource_name, actions, target in grants:
            n, o = self.child(f"acl-{_slug(a.username)}-{kind.lower()}-{_slug(resource_name)}", depends_on=[account, target])
            # The SDK spells the provider's ``resource_name`` as ``resource_name_`` (Pulumi owns the name).
            alicloud.rocketmq.Acl(
                n, instance_id=self.instance.id, username=a.username, resource_type=kind,
                resource_name_=resource_name, actions=actions, decision="Allow", opts=o,
            )


def _vpc_endpoint(network_info: object) -> str:
    endpoints = (network_info or {}).get("endpoints") if isinstance(network_info, dict) else getattr(network_info, "endpoints", None)
    for e in endpoints or []:
        kind = e.get("endpoint_type") if isinstance(e, dict) else getattr(e, "endpoint_type", None)
        url: str | None = e.get("endpoint_url") if isinstance(e, dict) else getattr(e, "endpoint_url", None)
        if kind == "TCP_VPC" and url:
            return url
    return ""


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "x"
