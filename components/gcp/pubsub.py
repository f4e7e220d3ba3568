"""Pub/Sub topics and subscriptions with retry and a dead-letter topic that keeps what it gets."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import pulumi
import pulumi_gcp as gcp
from pydantic import AfterValidator, Field, field_validator, model_validator

from ..args import Args, Input, StrInput, computed, is_plain
from ..component import Component
from .bucket import check_labels
from .names import ProjectInput, Region, SubscriptionId, TopicId, TopicInput

_SECONDS = re.compile(r"^(\d+)(\.\d{1,9})?s$", re.ASCII)
SEVEN_DAYS = "604800s"


def seconds(value: str) -> float:
    """Seconds of a Pub/Sub duration such as ``600s`` or ``0.5s``."""
    match = _SECONDS.fullmatch(value)
    if not match:
        raise ValueError("is not a Pub/Sub duration; use seconds with an 's' suffix, e.g. '10s' or '604800s'")
    return float(value[:-1])


def _duration_between(low: float, high: float, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        s = seconds(value)
        if not low <= s <= high:
            raise ValueError(f"is outside {int(low)}s-{int(high)}s; use e.g. {example!r}")
        return value

    return check


RetentionDuration = Annotated[str, AfterValidator(_duration_between(600, 2_678_400, SEVEN_DAYS))]
"""Message retention: 10 minutes to 31 days, in seconds (``604800s`` = 7 days)."""
BackoffDuration = Annotated[str, AfterValidator(_duration_between(0, 600, "10s"))]
"""A retry backoff: 0-600 seconds."""


def topic_path(project: StrInput, topic: StrInput) -> pulumi.Output[str]:
    """``projects/<project>/topics/<topic>``, the form other services expect."""
    return pulumi.Output.concat("projects/", project, "/topics/", topic)


class PubSubTopicArgs(Args):
    """Arguments of :class:`PubSubTopic`."""

    topic_name: Input[TopicId]
    """Topic ID, e.g. ``testing``. Required."""
    project: ProjectInput
    """Project ID. Required."""
    message_retention_duration: RetentionDuration | None = None
    """Keep published messages this long even after every subscription acked them, so
    subscriptions can seek back and replay. Default: not retained after acknowledgement."""
    kms_key_name: StrInput | None = None
    """Cloud KMS key (CMEK) for messages at rest. Default: Google-managed encryption."""
    allowed_persistence_regions: Sequence[Input[Region]] = Field(default_factory=list)
    """Regions where messages may be stored. Default: no restriction."""
    labels: Mapping[str, StrInput] = Field(default_factory=dict)
    """Labels. Default none."""

    @field_validator("labels")
    @classmethod
    def _labels(cls, value: dict[str, StrInput]) -> dict[str, StrInput]:
        return check_labels(value)


class PubSubTopic(Component[PubSubTopicArgs]):
    """A Pub/Sub topic. Attributes: ``topic``, ``topic_name`` (ID output), ``path``
    (``projects/<p>/topics/<id>``)."""

    TYPE = "eventing-platform:gcp:PubSubTopic"
    ARGS = PubSubTopicArgs

    def __init__(self, name: str, args: PubSubTopicArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        extra: dict[str, Any] = {}
        if args.allowed_persistence_regions:
            extra["message_storage_policy"] = {"allowed_persistence_regions": list(args.allowed_persistence_regions)}
        n, o = self.child("topic")
        self.topic = gcp.pubsub.Topic(
            n,
            name=args.topic_name,
            project=args.project,
            message_retention_duration=args.message_retention_duration,
            kms_key_name=args.kms_key_name,
            labels=dict(args.labels) or None,
            opts=o,
            **extra,
        )
        self.topic_name: pulumi.Output[str] = self.topic.name
        self.path = topic_path(self.topic.project, self.topic.name)
        self.register_outputs({"topic_name": self.topic_name, "path": self.path})


class RetryPolicy(Args):
    """Pub/Sub redelivery backoff for nacked or unacknowledged messages."""

    minimum_backoff: BackoffDuration = "10s"
    """Delay before the first redelivery. Default ``10s``."""
    maximum_backoff: BackoffDuration = "600s"
    """Upper bound of the exponential backoff. Default ``600s``."""

    @model_validator(mode="after")
    def _ordered(self) -> RetryPolicy:
        if seconds(self.minimum_backoff) > seconds(self.maximum_backoff):
            raise ValueError(
                f"minimum_backoff {self.minimum_backoff!r} exceeds maximum_backoff "
                f"{self.maximum_backoff!r}; lower the minimum or raise the maximum"
            )
        return self

    def render(self) -> dict[str, str]:
        """The ``retry_policy`` block."""
        return {"minimum_backoff": self.minimum_backoff, "maximum_backoff": self.maximum_backoff}


class DeadLetterSettings(Args):
    """Where messages go after too many failed deliveries, and how long they are kept there."""

    max_delivery_attempts: Annotated[int, Field(ge=5, le=100)] = 5
    """Delivery attempts before a message is dead-lettered (Pub/Sub allows 5-100). Default 5."""
    topic_name: Input[TopicId] | None = None
    """Dead-letter topic ID. Default ``<subscription>-dead-letter``."""
    subscription_name: Input[SubscriptionId] | None = None
    """ID of the subscription on the dead-letter topic that retains dead letters (a topic
    without a subscription drops every message). Default ``<dead-letter topic>-sub``."""
    retention: RetentionDuration = SEVEN_DAYS
    """How long dead letters are kept. Default ``604800s`` (7 days)."""


class PubSubSubscriptionArgs(Args):
    """Arguments of :class:`PubSubSubscription`."""

    subscription_name: Input[SubscriptionId]
    """Subscription ID. Required."""
    topic: TopicInput
    """ID of the topic to subscribe to (in ``project``). Required."""
    project: ProjectInput
    """Project ID of the topic and of every resource created. Required."""
    ack_deadline_seconds: Annotated[int, Field(ge=10, le=600)] = 60
    """Time a subscriber has to acknowledge before redelivery. Default 60."""
    message_retention_duration: RetentionDuration = SEVEN_DAYS
    """How long unacknowledged messages are kept. Default ``604800s`` (7 days)."""
    retain_acked_messages: bool = False
    """Keep acknowledged messages too (for seek/replay). Default False."""
    retry: RetryPolicy = Field(default_factory=RetryPolicy)
    """Redelivery backoff. Default 10 s growing to 600 s."""
    dead_letter: DeadLetterSettings | None = Field(default_factory=DeadLetterSettings)
    """Dead-lettering. Default on: after 5 attempts to ``<subscription>-dead-letter``, retained
    by its own subscription for 7 days. None turns it off (messages are retried until they expire)."""
    filter: Annotated[str, Field(min_length=1, max_length=256)] | None = None
    """Pub/Sub filter on message attributes, e.g. ``attributes.eventType = "OBJECT_FINALIZE"``. Default: all."""
    enable_exactly_once_delivery: bool = False
    """Exactly-once delivery for pull subscribers. Default False."""
    enable_message_ordering: bool = False
    """Deliver messages with the same ordering key in order. Default False."""
    pubsub_service_agent: StrInput | None = None
    """IAM member of the project's Pub/Sub service agent (``serviceAccount:service-<n>@gcp-sa-pubsub...``).
    Default: looked up with a ``gcp.projects.ServiceIdentity`` child."""
    labels: Mapping[str, StrInput] = Field(default_factory=dict)
    """Labels on the subscriptions and the dead-letter topic. Default none."""

    @field_validator("labels")
    @classmethod
    def _labels(cls, value: dict[str, StrInput]) -> dict[str, StrInput]:
        return check_labels(value)

    @property
    def dead_letter_topic_name(self) -> StrInput | None:
        """The dead-letter topic ID (None when dead-lettering is off)."""
        if self.dead_letter is None:
            return None
        return self.dead_letter.topic_name or computed(lambda s: f"{s}-dead-letter", self.subscription_name)

    @property
    def dead_letter_subscription_name(self) -> StrInput | None:
        """The ID of the subscription that retains dead letters (None when off)."""
        if self.dead_letter is None:
            return None
        return self.dead_letter.subscription_name or computed(lambda t: f"{t}-sub", self.dead_letter_topic_name)

    @model_validator(mode="after")
    def _distinct_names(self) -> PubSubSubscriptionArgs:
        names = (self.subscription_name, self.topic, self.dead_letter_topic_name, self.dead_letter_subscription_name)
        if self.dead_letter is not None and all(is_plain(n) for n in names):
            if self.dead_letter_subscription_name == self.subscription_name:
                raise ValueError("dead_letter.subscription_name equals subscription_name; give the dead-letter subscription its own ID")
            if self.dead_letter.topic_name is not None and self.dead_letter.topic_name == self.topic:
                raise ValueError("dead_letter.topic_name equals topic: dead letters would be redelivered forever; use another topic")
        return self


class PubSubSubscription(Component[PubSubSubscriptionArgs]):
    """A pull subscription with a retry policy and, by default, a dead-letter topic.

    With dead-lettering on it also creates the dead-letter topic, a subscription on it (so dead
    letters are kept) and the two grants Pub/Sub's service agent needs to move messages:
    ``roles/pubsub.publisher`` on the dead-letter topic and ``roles/pubsub.subscriber`` on this
    subscription. The subscription never expires for inactivity.

    Attributes: ``subscription``, ``subscription_name``, ``path``, ``dead_letter_topic``,
    ``dead_letter_subscription``, ``service_agent`` (None when dead-lettering is off).
    """

    TYPE = "eventing-platform:gcp:PubSubSubscription"
    ARGS = PubSubSubscriptionArgs

    def __init__(self, name: str, args: PubSubSubscriptionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        labels = dict(args.labels) or None
        self.dead_letter_topic: gcp.pubsub.Topic | None = None
        self.dead_letter_subscription: gcp.pubsub.Subscription | None = None
        self.service_agent: pulumi.Output[str] | None = None
        dead_letter_policy = None
        if args.dead_letter is not None:
            n, o = self.child("dead-letter-topic")
            self.dead_letter_topic = gcp.pubsub.Topic(
                n, name=args.dead_letter_topic_name, project=args.project, labels=labels, opts=o
            )
            n, o = self.child("dead-letter-subscription")
            self.dead_letter_subscription = gcp.pubsub.Subscription(
                n,
                name=args.dead_letter_subscription_name,
                project=args.project,
                topic=self.dead_letter_topic.name,
                ack_deadline_seconds=args.ack_deadline_seconds,
                message_retention_duration=args.dead_letter.retention,
                retry_policy=args.retry.render(),
                expiration_policy={"ttl": ""},
                labels=labels,
                opts=o,
            )
            dead_letter_policy = {
                "dead_letter_topic": topic_path(self.dead_letter_topic.project, self.dead_letter_topic.name),
                "max_delivery_attempts": args.dead_letter.max_delivery_attempts,
            }
        n, o = self.child("subscription")
        self.subscription = gcp.pubsub.Subscription(
            n,
            name=args.subscription_name,
            project=args.project,
            topic=args.topic,
            ack_deadline_seconds=args.ack_deadline_seconds,
            message_retention_duration=args.message_retention_duration,
            retain_acked_messages=args.retain_acked_messages,
            retry_policy=args.retry.render(),
            dead_letter_policy=dead_letter_policy,
            expiration_policy={"ttl": ""},
            filter=args.filter,
            enable_exactly_once_delivery=args.enable_exactly_once_delivery,
            enable_message_ordering=args.enable_message_ordering,
            labels=labels,
            opts=o,
        )
        self.subscription_name: pulumi.Output[str] = self.subscription.name
        self.path = pulumi.Output.concat("projects/", self.subscription.project, "/subscriptions/", self.subscription.name)
        if self.dead_letter_topic is not None:
            self._grant_service_agent(args)
        self.register_outputs({"subscription_name": self.subscription_name, "path": self.path})

    def _grant_service_agent(self, args: PubSubSubscriptionArgs) -> None:
        assert self.dead_letter_topic is not None
        if args.pubsub_service_agent is not None:
            self.service_agent = pulumi.Output.from_input(args.pubsub_service_agent)
        else:
            n, o = self.child("pubsub-agent")
            identity = gcp.projects.ServiceIdentity(n, project=args.project, service="pubsub.googleapis.com", opts=o)
            self.service_agent = identity.member
        n, o = self.child("dead-letter-publisher")
        gcp.pubsub.TopicIAMMember(
            n, project=args.project, topic=self.dead_letter_topic.name,
            role="roles/pubsub.publisher", member=self.service_agent, opts=o,
        )
        n, o = self.child("dead-letter-subscriber")
        gcp.pubsub.SubscriptionIAMMember(
            n, project=args.project, subscription=self.subscription.name,
            role="roles/pubsub.subscriber", member=self.service_agent, opts=o,
        )
