"""Google Cloud: Cloud Storage buckets and their notifications into Pub/Sub, Pub/Sub topics,
(push) subscriptions and Eventarc triggers into GKE."""

from __future__ import annotations

from eventing_platform.engine import RecordedResource
from eventing_platform.kinds.addresses import service_url

from ..conditions import NotEvaluated, StorageNotificationCondition
from ..context import FlowContext, node_id
from ..model import Delivery, Edge, Node
from .registry import REGISTRY


def topic_name(topic: str) -> str:
    """``projects/p/topics/t`` (or a full resource URL) -> ``t``."""
    return topic.rstrip("/").split("/topics/")[-1]


@REGISTRY.resources("producers", "gcp:storage/bucket:Bucket")
def storage_bucket(ctx: FlowContext, r: RecordedResource) -> None:
    """A Cloud Storage bucket."""
    inputs = r.masked_inputs()
    name = str(inputs.get("name") or r.name)
    ctx.graph.add_node(Node(node_id("gcs-bucket", name), "gcs-bucket", name, urn=r.urn, attrs={"project": inputs.get("project")}))


@REGISTRY.resources("producers", "gcp:pubsub/topic:Topic")
def pubsub_topic(ctx: FlowContext, r: RecordedResource) -> None:
    """A Pub/Sub topic."""
    inputs = r.masked_inputs()
    name = str(inputs.get("name") or r.name)
    ctx.graph.add_node(Node(node_id("pubsub-topic", name), "pubsub-topic", name, urn=r.urn, attrs={"project": inputs.get("project")}))


@REGISTRY.resources("cloud-routes", "gcp:storage/notification:Notification")
def storage_notification(ctx: FlowContext, r: RecordedResource) -> None:
    """Bucket -> topic for the object events the notification lists (under its prefix)."""
    inputs = r.masked_inputs()
    bucket = ctx.implied("gcs-bucket", str(inputs.get("bucket") or "?"), None, "notification source")
    topic = ctx.implied("pubsub-topic", topic_name(str(inputs.get("topic") or "?")), None, "notification topic")
    condition = StorageNotificationCondition(tuple(inputs.get("eventTypes") or ()), str(inputs.get("objectNamePrefix") or ""))
    ctx.graph.add_edge(Edge(bucket, topic, "event", f"notification: {condition.summary()}", condition=condition, transform="storage-notification"))


@REGISTRY.resources("cloud-routes", "gcp:pubsub/subscription:Subscription")
def pubsub_subscription(ctx: FlowContext, r: RecordedResource) -> None:
    """Topic -> subscription -> push endpoint, with its dead-letter topic."""
    inputs = r.masked_inputs()
    name = str(inputs.get("name") or r.name)
    topic = ctx.implied("pubsub-topic", topic_name(str(inputs.get("topic") or "?")), None, f"topic of subscription {name}")
    sub = node_id("pubsub-subscription", name)
    ctx.graph.add_node(Node(sub, "pubsub-subscription", name, urn=r.urn))
    ctx.graph.add_edge(Edge(topic, sub, "event", "", condition=NotEvaluated(f"filter {inputs['filter']}") if inputs.get("filter") else None))
    dead = (inputs.get("deadLetterPolicy") or {}).get("deadLetterTopic")
    dls = ctx.implied("pubsub-topic", topic_name(str(dead)), None, f"dead-letter topic of {name}") if dead else None
    push = (inputs.get("pushConfig") or {}).get("pushEndpoint")
    retries = (inputs.get("deadLetterPolicy") or {}).get("maxDeliveryAttempts")
    delivery = Delivery(retry=int(retries) if isinstance(retries, (int, float)) else None, dead_letter=dls, label=f"subscription {name}")
    if push:
        ctx.deliver(sub, ctx.url_node(str(push), f"push endpoint of {name}"), delivery=delivery)


@REGISTRY.resources("cloud-routes", "gcp:eventarc/trigger:Trigger")
def eventarc_trigger(ctx: FlowContext, r: RecordedResource) -> None:
    """Topic -> Eventarc trigger (a ``messagePublished`` CloudEvent per message, as CloudPubSubSource
    made) -> the GKE Service it delivers to (a Channel's Service resolves to the Channel)."""
    inputs = r.masked_inputs()
    name = str(inputs.get("name") or r.name)
    topic = ((inputs.get("transport") or {}).get("pubsub") or {}).get("topic")
    nid = node_id("eventarc-trigger", name)
    project = inputs.get("project")
    topic_id = topic_name(str(topic)) if topic else ""
    ctx.graph.add_node(Node(nid, "eventarc-trigger", name, urn=r.urn, detail=topic_id,
                            attrs={"topic": topic_id, "project": project, "extensions": {}}))
    if topic:
        ctx.graph.add_edge(Edge(ctx.implied("pubsub-topic", topic_id, None, f"transport of Eventarc trigger {name}"), nid,
                                "event", "", transform="pubsub-source"))
    retries = (inputs.get("retryPolicy") or {}).get("maxAttempts")
    delivery = Delivery(retry=int(retries) - 1 if isinstance(retries, (int, float)) else None, label=f"Eventarc trigger {name}")
    gke = (inputs.get("destination") or {}).get("gke") or {}
    if gke.get("service") and gke.get("namespace"):
        url = service_url(str(gke["service"]), str(gke["namespace"])) + str(gke.get("path") or "")
        ctx.deliver(nid, ctx.url_node(url, f"destination of Eventarc trigger {name}"), delivery=delivery)
    else:
        ctx.note(f"Eventarc trigger {name}: only GKE destinations are drawn")
