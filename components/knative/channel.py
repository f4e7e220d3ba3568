"""Knative ``Channel`` (``messaging.knative.dev/v1``) backed by InMemoryChannel or KafkaChannel.

Admission follows knative/eventing ``pkg/apis/messaging/v1/channel_validation.go``
``ChannelSpec.Validate``: a channel template with kind and apiVersion (``IsValidChannelTemplate``;
always rendered from :class:`ChannelTemplate`), no ``spec.subscribers`` (Knative's controllers
write them), a valid delivery.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pulumi
from pydantic import Field

from eventing_platform.kinds import known_kind
from eventing_platform.kinds.addresses import channel_url
from eventing_platform.kinds.catalogue import MESSAGING

from ..args import Args, Input, computed
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, object_meta
from .delivery import DeliveryPolicy, IsoDuration
from .destination import MESSAGING_V1, Destination

CHANNEL_KINDS = ("in-memory", "kafka")
KAFKA_CHANNEL_API = known_kind(MESSAGING, "KafkaChannel").api_version
"""The KafkaChannel API version (eventing-kafka-broker)."""


class KafkaChannelSettings(Args):
    """Topic settings of a KafkaChannel (``messaging.knative.dev/v1beta1``)."""

    num_partitions: Annotated[int, Field(ge=1, le=1000)] = 3
    """Partitions of the backing topic. Default 3."""
    replication_factor: Annotated[int, Field(ge=1, le=10)] = 3
    """Replicas of each partition. Default 3 (survives one broker loss with min.insync 2)."""
    retention_duration: IsoDuration = "PT168H"
    """How long events are kept. Default ``PT168H`` (7 days)."""


class ChannelTemplate(Args):
    """The channel implementation behind a Channel, Sequence or Parallel (``spec.channelTemplate``).

    ``ChannelTemplate()`` is an InMemoryChannel; ``ChannelTemplate(kind="kafka")`` a KafkaChannel
    with :class:`KafkaChannelSettings`.
    """

    kind: Literal["in-memory", "kafka"] = "in-memory"
    """Backing implementation. ``in-memory`` loses events on restart (development only);
    ``kafka`` is durable. Default ``in-memory``."""
    kafka: KafkaChannelSettings = Field(default_factory=KafkaChannelSettings)
    """KafkaChannel topic settings, used when ``kind`` is ``kafka``. Default: 3 partitions, 3 replicas, 7 days."""

    def render(self) -> dict[str, Any]:
        """The ``channelTemplate`` block."""
        if self.kind == "in-memory":
            return {"apiVersion": MESSAGING_V1, "kind": "InMemoryChannel"}
        k = self.kafka
        return {
            "apiVersion": KAFKA_CHANNEL_API,
            "kind": "KafkaChannel",
            "spec": {
                "numPartitions": k.num_partitions,
                "replicationFactor": k.replication_factor,
                "retentionDuration": k.retention_duration,
            },
        }


class ChannelArgs(Args):
    """Arguments of :class:`Channel`."""

    channel_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""
    kind: Literal["in-memory", "kafka"] = "in-memory"
    """Backing implementation. ``in-memory`` loses events on restart (development only);
    ``kafka`` is durable. Default ``in-memory``."""
    kafka: KafkaChannelSettings = Field(default_factory=KafkaChannelSettings)
    """KafkaChannel topic settings, used when ``kind`` is ``kafka``."""
    delivery: DeliveryPolicy | None = Field(default_factory=DeliveryPolicy)
    """Default delivery for every Subscription of this channel. Default: 5 exponential retries."""


class Channel(ObjectComponent[ChannelArgs]):
    """A Knative Channel whose backing implementation is chosen through ``spec.channelTemplate``.

    Attributes: ``channel`` (the object), ``channel_name``, ``url`` (``status.address.url``),
    ``destination`` (for sinks).
    """

    TYPE = "eventing-platform:knative:Channel"
    ARGS = ChannelArgs

    def __init__(self, name: str, args: ChannelArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.channel_name = self.object_name(name, args.channel_name, "channel_name")
        super().__init__(name, args, opts)
        spec: dict[str, Any] = {"channelTemplate": self._template()}
        if args.delivery is not None:
            spec["delivery"] = args.delivery.render()
        self.channel = self.create_object("channel", MESSAGING_V1, "Channel", object_meta(self.channel_name, args.namespace), spec)
        fallback = computed(channel_url, self.channel_name, args.namespace or "default")
        self.url: pulumi.Output[str] = self.status_url(self.channel, fallback, "address", "url")
        self.destination = Destination.channel(self.channel_name, args.namespace)
        self.register_outputs({"url": self.url, "channel_name": self.channel_name})

    def _template(self) -> dict[str, Any]:
        return ChannelTemplate(kind=self.args.kind, kafka=self.args.kafka).render()
