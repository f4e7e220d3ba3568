"""CloudEvents as each producer emits them, and where a given event can enter a stack.

The shapes follow what each system documents: OSS events on EventBridge (``source`` ``acs.oss``,
``subject`` ``acs:oss:<region>:<account>:<bucket>/<key>``, ``data.oss.bucket.name``,
``data.oss.object.key``), ApiServerSource (``dev.knative.apiserver.ref.*`` /
``dev.knative.apiserver.resource.*``), PingSource (``dev.knative.sources.ping``), KafkaSource
(``dev.knative.kafka.event``, or the record itself when it already is a CloudEvent),
the RocketMQ receive adapter (``RocketMQEventType`` from ``rocketmq``), CloudPubSubSource
(``google.cloud.pubsub.topic.v1.messagePublished``) and Cloud Storage
(``google.cloud.storage.object.v1.*``, notification attributes ``bucketId``/``objectId``/``eventType``).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from eventing_platform.events.gcs_events import STORAGE_EVENT_TYPES
from eventing_platform.events.gcs_events import storage_object_event as storage_object_event
from eventing_platform.events.oss_events import SAMPLE_REGION
from eventing_platform.events.oss_events import oss_object_event as oss_object_event
from eventing_platform.kinds import EmittedEvents, known_kind
from eventing_platform.kinds.catalogue import (
    APISERVER_EVENT_PREFIX,
    GOOGLE_EVENTS,
    ROCKETMQ_SOURCES,
    SOURCES,
)

from .model import Node


def _emits(group: str, kind: str) -> EmittedEvents:
    """What the catalogue of kinds says a source emits."""
    return known_kind(group, kind).emits or EmittedEvents()


PING_EVENTS = _emits(SOURCES, "PingSource")
KAFKA_EVENTS = _emits(SOURCES, "KafkaSource")
ROCKETMQ_EVENTS = _emits(ROCKETMQ_SOURCES, "RocketMQSource")
PUBSUB_EVENTS = _emits(GOOGLE_EVENTS, "CloudPubSubSource")

OFFLINE_REGION = SAMPLE_REGION
"""Region used in generated OSS events when the plan does not say (the sample events' region)."""
KAFKA_EVENT_TYPE = KAFKA_EVENTS.types[0]
PING_EVENT_TYPE = PING_EVENTS.types[0]
PUBSUB_EVENT_TYPE = PUBSUB_EVENTS.types[0]
ROCKETMQ_EVENT_TYPE = ROCKETMQ_EVENTS.types[0]
ROCKETMQ_EVENT_SOURCE = ROCKETMQ_EVENTS.source


def is_cloudevent(event: Mapping[str, Any]) -> bool:
    """True for a structured-mode CloudEvent (not a raw topic message)."""
    return "type" in event and "source" in event


def event_key(event: Mapping[str, Any]) -> str:
    """A short stable description: ``type`` and ``subject`` (or the message topic)."""
    if not is_cloudevent(event):
        msg = event.get("message") or {}
        return f"message on {msg.get('topic', '?')}"
    subject = f" {event['subject']}" if event.get("subject") else ""
    return f"{event['type']}{subject}"


# ---------------------------------------------------------------------------- entry points


def entry_strength(node: Node, event: Mapping[str, Any]) -> int:
    """How surely ``node`` emitted ``event``: 2 (type and source fit), 1 (one of them), 0 (not)."""
    etype, source = str(event.get("type", "")), str(event.get("source", ""))
    raw = event.get("data")
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    ns, name = node.namespace, node.name
    if node.kind == "oss-bucket":
        bucket = ((data.get("oss") or {}).get("bucket") or {}).get("name") if isinstance(data.get("oss"), Mapping) else None
        in_subject = f":{name}/" in str(event.get("subject", ""))
        return 2 if source == "acs.oss" and (bucket == name or in_subject) else 0
    if node.kind == "eventbridge-bus":
        named = event.get("aliyuneventbusname")
        if named is not None:
            return 2 if named == name else 0
        if name == "default":
            return 1 if source.startswith("acs.") else 0
        return 1 if not source.startswith("acs.") else 0
    if node.kind == "apiserver-source":
        mode = "ref" if node.attrs.get("mode", "Reference") == "Reference" else "resource"
        if not etype.startswith(f"{APISERVER_EVENT_PREFIX}{mode}."):
            return 0
        kinds = node.attrs.get("kinds") or []
        kind = data.get("kind") if isinstance(data, Mapping) else None
        return 2 if kind is None or not kinds or kind in kinds else 0
    if node.kind == "ping-source":
        return _score(etype == PING_EVENT_TYPE, source == PING_EVENTS.source_of(namespace=ns, name=name))
    if node.kind == "kafka-source":
        own = source.startswith(KAFKA_EVENTS.source_of(namespace=ns, name=name))
        return _score(etype == KAFKA_EVENT_TYPE, own)
    if node.kind == "rocketmq-source":
        return _score(etype == ROCKETMQ_EVENT_TYPE, source == ROCKETMQ_EVENT_SOURCE)
    if node.kind in ("pubsub-source", "eventarc-trigger"):  # an Eventarc trigger emits what CloudPubSubSource did
        topic = node.attrs.get("topic")
        return _score(etype == PUBSUB_EVENT_TYPE, bool(topic) and source.endswith(f"/topics/{topic}"))
    if node.kind in ("gcs-bucket", "storage-source"):
        bucket = name if node.kind == "gcs-bucket" else node.attrs.get("bucket")
        own = source.endswith(f"/buckets/{bucket}") or (isinstance(data, Mapping) and data.get("bucket") == bucket)
        return 2 if etype in STORAGE_EVENT_TYPES and own else 0
    if node.kind in ("container-source", "workload"):
        return 1
    return 0


def _score(type_fits: bool, source_fits: bool) -> int:
    return (2 if source_fits else 1) if type_fits else (1 if source_fits else 0)


# ---------------------------------------------------------------------------- conversions


def apply_transform(name: str | None, event: Mapping[str, Any], dst: Node, src: Node) -> dict[str, Any] | None:
    """The event after crossing an edge with transform ``name`` into ``dst`` (None: it cannot cross)."""
    crossing: dict[str, Any] = copy.deepcopy(dict(event))
    if name is None:
        return crossing
    if name == "kafka-source":
        if is_cloudevent(crossing):
            return crossing  # already what the source emits
        msg = crossing.get("message") or {}
        if msg.get("cloudevent"):
            return {**msg["cloudevent"], **dst.attrs.get("extensions", {})}
        return {
            "specversion": "1.0", "id": "offline-kafka-record",
            "type": KAFKA_EVENT_TYPE,
            "source": f"{KAFKA_EVENTS.source_of(namespace=dst.namespace, name=dst.name)}#{src.name}",
            "subject": "partition:0#0",
            **dst.attrs.get("extensions", {}),
            "data": msg.get("body"),
        }
    if name == "rocketmq-source":
        if is_cloudevent(crossing):
            return crossing
        msg = crossing.get("message") or {}
        return {"specversion": "1.0", "id": "offline-rocketmq-message", "type": ROCKETMQ_EVENT_TYPE,
                "source": ROCKETMQ_EVENT_SOURCE, "data": msg.get("body")}
    if name == "storage-notification":
        attrs = _storage_event_attributes(crossing)
        if attrs is None:
            return None
        return {"message": {"topic": dst.name, "attributes": attrs, "body": crossing.get("data")}}
    if name == "pubsub-source":
        if is_cloudevent(crossing):
            return crossing
        msg = crossing.get("message") or {}
        project = dst.attrs.get("project") or "offline-project"
        return {
            "specversion": "1.0", "id": "offline-pubsub-message", "type": PUBSUB_EVENT_TYPE,
            "source": PUBSUB_EVENTS.source_of(project=project, topic=src.name),
            **dst.attrs.get("extensions", {}),
            "data": {"message": {"attributes": msg.get("attributes") or {}, "data": msg.get("body")},
                     "subscription": f"cre-src_{dst.namespace}_{dst.name}"},
        }
    raise ValueError(f"unknown transform {name!r}")


def _storage_event_attributes(event: Mapping[str, Any]) -> dict[str, str] | None:
    etype = str(event.get("type", ""))
    if etype not in STORAGE_EVENT_TYPES:
        return None
    raw = event.get("data")
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    return {
        "bucketId": str(data.get("bucket", "")),
        "objectId": str(data.get("name", "")),
        "eventType": STORAGE_EVENT_TYPES[etype],
        "payloadFormat": "JSON_API_V1",
    }


# ---------------------------------------------------------------------------- generated events
# OSS and Cloud Storage object events are built by eventing_platform.events (oss_object_event and
# storage_object_event are re-exported above).


def topic_message(topic: str, body: Any = None, cloudevent: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A message published to a Kafka/RocketMQ/Pub/Sub topic (a CloudEvent when ``cloudevent`` is set)."""
    msg: dict[str, Any] = {"topic": topic, "body": body if body is not None else {}}
    if cloudevent is not None:
        msg["cloudevent"] = dict(cloudevent)
    return {"message": msg}


def cloudevent(event_type: str, source: str, **extra: Any) -> dict[str, Any]:
    """A minimal structured-mode CloudEvent."""
    return {"specversion": "1.0", "id": "offline-event", "type": event_type, "source": source, **extra}
