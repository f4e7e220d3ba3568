"""Declared side effects of a workload: what it writes, replies and publishes besides answering.

A workload's code is opaque to the plan, yet its side effects decide whether the event flow
loops (the unzip service writes objects into the bucket whose events trigger it; a subscriber
replies into its own Broker with a type its Trigger accepts). Declaring them makes them part of
the plan: :class:`SideEffects` renders as one JSON annotation,
``eventing-platform.dev/side-effects``, on the Knative Service or Deployment, where the
event-flow graph (``eventing_platform.analysis.flow``) and the policies read it back: every
reader parses it with :meth:`SideEffects.from_json` (``eventing_platform.knative.side_effects``
re-exports this module, its historical path).

    SideEffects(
        writes=[ObjectWrites(bucket="eb-ask", prefix="unzip/")],
        replies=[ReplyEvent(event_type="dev.example.unzip.completed")],
        publishes=[Publish(target="kafka-topic", name="barrage-info")],
    )
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from eventing_platform.args import Args
from eventing_platform.errors import ArgsError, Problem

from .gcs_events import GCS_WRITE_EVENT_TYPES
from .object_writes import WriteScope
from .oss_events import WRITE_EVENT_TYPES as OSS_WRITE_EVENT_TYPES

SIDE_EFFECTS_ANNOTATION = "eventing-platform.dev/side-effects"
"""Annotation key holding the JSON form of :class:`SideEffects`."""

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$")
_EVENT_TYPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")


def _check_bucket(value: str) -> str:
    if not _BUCKET.fullmatch(value):
        raise ValueError(
            "is not a bucket name; use 3-63 lowercase letters, digits, '.', '_' or '-', "
            "starting and ending with a letter or digit, e.g. 'eb-ask'"
        )
    return value


def _check_prefix(value: str) -> str:
    if value.startswith("/"):
        raise ValueError("must not start with '/': object keys have no leading slash; use e.g. 'unzip/'")
    return value


def _check_event_type(value: str) -> str:
    if not _EVENT_TYPE.fullmatch(value):
        raise ValueError(
            "is not a CloudEvents type; use a reverse-DNS name such as "
            "'dev.example.order.created' (letters, digits, '.', '_', ':', '/' or '-')"
        )
    return value


BucketName = Annotated[str, AfterValidator(_check_bucket)]
"""An OSS or Cloud Storage bucket name."""
ObjectPrefix = Annotated[str, AfterValidator(_check_prefix)]
"""An object key prefix such as ``unzip/`` (``""`` = the whole bucket)."""
EventType = Annotated[str, AfterValidator(_check_event_type)]
"""A CloudEvents ``type`` attribute."""


class ObjectWrites(Args):
    """Objects the workload writes into a bucket; each write makes the bucket emit an event."""

    bucket: BucketName
    """Name of the bucket written to. Required."""
    prefix: ObjectPrefix = ""
    """Key prefix every written object starts with, e.g. ``unzip/``. Default ``""`` (anywhere in the bucket)."""
    suffixes: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    """Endings of the written keys, e.g. ``[".txt", ".csv"]``. Default: any ending (the safe assumption,
    since an unzip service may well write a ``.zip`` it found inside an archive)."""
    store: Literal["oss", "gcs"] = "oss"
    """``oss`` (Alibaba Cloud OSS) or ``gcs`` (Google Cloud Storage). Default ``oss``."""
    event_types: list[EventType] | None = None
    """Event types the writes emit. Default: ``eventing_platform.events.oss_events.WRITE_EVENT_TYPES``
    for OSS (PutObject and the multipart-upload types), ``OBJECT_FINALIZE`` for GCS."""

    @property
    def emitted_types(self) -> tuple[str, ...]:
        """The event types the writes emit, after defaults."""
        if self.event_types:
            return tuple(self.event_types)
        return OSS_WRITE_EVENT_TYPES if self.store == "oss" else GCS_WRITE_EVENT_TYPES

    def scope(self) -> WriteScope:
        """Where these writes create objects, as the write analysis (:mod:`.object_writes`) reads it."""
        return WriteScope(store=self.store, bucket=self.bucket, prefix=self.prefix,
                          suffixes=tuple(self.suffixes), event_types=self.emitted_types)


class ReplyEvent(Args):
    """An event the workload returns as the HTTP reply to a delivery.

    It goes wherever the delivering hop sends replies: a Trigger's replies go back into its
    Broker, a Subscription's to its ``reply``, a Sequence step's to the next step.
    """

    event_type: EventType
    """CloudEvents ``type`` of the reply, e.g. ``dev.example.unzip.completed``. Required."""
    source: Annotated[str, Field(min_length=1)] | None = None
    """CloudEvents ``source`` of the reply. Default: the workload's own name."""
    extensions: dict[str, str] = Field(default_factory=dict)
    """Extension attributes set on the reply. Default none."""


PublishTarget = Literal["kafka-topic", "rocketmq-topic", "pubsub-topic", "broker", "channel", "eventbridge-bus"]


class Publish(Args):
    """Messages or events the workload sends on its own to a topic, bus, Broker or Channel."""

    target: PublishTarget
    """What is published to: ``kafka-topic``, ``rocketmq-topic``, ``pubsub-topic``, ``broker``,
    ``channel`` or ``eventbridge-bus``. Required."""
    name: Annotated[str, Field(min_length=1, max_length=253)]
    """Name of the topic, bus, Broker or Channel. Required."""
    namespace: Annotated[str, Field(min_length=1, max_length=63)] | None = None
    """Namespace of a Broker or Channel. Default: the workload's namespace."""
    event_type: EventType | None = None
    """CloudEvents ``type`` of what is sent to a Broker, Channel or bus (topic messages get the
    type their source assigns). Required for ``broker``, ``channel`` and ``eventbridge-bus``."""
    source: Annotated[str, Field(min_length=1)] | None = None
    """CloudEvents ``source`` of what is sent. Default: the workload's own name."""

    @model_validator(mode="after")
    def _type_for_events(self) -> Publish:
        if self.target in ("broker", "channel", "eventbridge-bus") and self.event_type is None:
            raise ValueError(f"publishing to a {self.target} sends CloudEvents: set event_type, e.g. 'dev.example.order.created'")
        if self.namespace is not None and self.target not in ("broker", "channel"):
            raise ValueError(f"namespace applies to a broker or channel only, not a {self.target}; remove it")
        return self


class SideEffects(Args):
    """Everything a workload does that can produce events elsewhere. Default: nothing declared."""

    writes: list[ObjectWrites] = Field(default_factory=list)
    """Objects written into buckets. Default none."""
    replies: list[ReplyEvent] = Field(default_factory=list)
    """Events returned as replies to deliveries. Default none."""
    publishes: list[Publish] = Field(default_factory=list)
    """Messages or events sent to topics, buses, Brokers or Channels. Default none."""

    def is_empty(self) -> bool:
        """True when nothing is declared."""
        return not (self.writes or self.replies or self.publishes)

    def to_json(self) -> str:
        """Compact, stable JSON (sorted keys, no unset optional fields)."""
        return json.dumps(self.model_dump(mode="json", exclude_none=True), sort_keys=True, separators=(",", ":"))

    def annotations(self) -> dict[str, str]:
        """``{SIDE_EFFECTS_ANNOTATION: json}``, or ``{}`` when nothing is declared."""
        return {} if self.is_empty() else {SIDE_EFFECTS_ANNOTATION: self.to_json()}

    @classmethod
    def from_json(cls, text: str) -> SideEffects:
        """Parse the annotation's value; raises :class:`ArgsError` naming the problem."""
        try:
            data = json.loads(text)
        except (TypeError, RecursionError, json.JSONDecodeError) as err:
            raise ArgsError([Problem(f"annotation {SIDE_EFFECTS_ANNOTATION}", f"is not JSON ({err}); render it with SideEffects(...).to_json()", text)]) from None
        if not isinstance(data, dict):
            raise ArgsError([Problem(f"annotation {SIDE_EFFECTS_ANNOTATION}", "must be a JSON object with writes, replies and publishes", text)])
        return cls(**data)

    @classmethod
    def from_annotations(cls, annotations: Mapping[str, str] | None) -> SideEffects | None:
        """The side effects declared in an object's annotations, or None when there are none."""
        text = (annotations or {}).get(SIDE_EFFECTS_ANNOTATION)
        return None if text is None else cls.from_json(text)


def check_annotations_free_of_side_effects(annotations: Mapping[str, str]) -> None:
    """Raise ``ValueError`` when raw annotations set the side-effects key (it must come from ``side_effects``)."""
    if SIDE_EFFECTS_ANNOTATION in annotations:
        raise ValueError(
            f"annotation {SIDE_EFFECTS_ANNOTATION!r} is rendered from side_effects; "
            "declare side_effects=SideEffects(...) instead of setting it by hand"
        )


__all__ = [
    "GCS_WRITE_EVENT_TYPES",
    "OSS_WRITE_EVENT_TYPES",
    "SIDE_EFFECTS_ANNOTATION",
    "BucketName",
    "EventType",
    "ObjectPrefix",
    "ObjectWrites",
    "Publish",
    "PublishTarget",
    "ReplyEvent",
    "SideEffects",
    "check_annotations_free_of_side_effects",
]
