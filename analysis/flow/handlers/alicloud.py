"""Alibaba Cloud: OSS buckets, EventBridge buses, rules and targets, Kafka and RocketMQ topics,
MNS queues. OSS events arrive on EventBridge's cloud-service bus."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from eventing_platform.engine import RecordedResource

from ..conditions import EventPatternCondition, NotEvaluated
from ..context import FlowContext, node_id
from ..model import Delivery, Edge, Node
from .registry import REGISTRY

DEFAULT_BUS = "default"
"""EventBridge's cloud-service bus: where OSS (and other Alibaba Cloud service) events arrive."""

PUSH_RETRIES = {"BACKOFF_RETRY": 3, "EXPONENTIAL_DECAY_RETRY": 176}
"""Retries of each EventBridge push retry strategy."""

_TARGET_NODE_KINDS = {"acs.rocketmq": "rocketmq-topic", "acs.alikafka": "kafka-topic", "acs.mns.queue": "queue", "acs.eventbridge": "eventbridge-bus"}
"""EventBridge target types that deliver into another producer or queue, and its node kind."""


def arn_name(arn: str) -> str:
    """The last segment of an ARN or path (``.../queues/dlq`` -> ``dlq``)."""
    tail = arn.rstrip("/").split(":")[-1]
    return tail.rstrip("/").split("/")[-1] or arn


def _producer(ctx: FlowContext, r: RecordedResource, kind: str, name_keys: tuple[str, ...], **extra: Any) -> None:
    inputs = r.masked_inputs()
    name = next((str(inputs[k]) for k in name_keys if inputs.get(k)), r.name)
    ctx.graph.add_node(Node(node_id(kind, name), kind, name, urn=r.urn, **extra))


@REGISTRY.resources("producers", "alicloud:oss/bucket:Bucket")
def oss_bucket(ctx: FlowContext, r: RecordedResource) -> None:
    """An OSS bucket (its region from the provider, for the events it emits)."""
    _producer(ctx, r, "oss-bucket", ("bucket",), attrs={"region": ctx.alicloud_region})


@REGISTRY.resources("producers", "alicloud:eventbridge/eventBus:EventBus")
def event_bus(ctx: FlowContext, r: RecordedResource) -> None:
    """A custom EventBridge bus."""
    _producer(ctx, r, "eventbridge-bus", ("eventBusName",), detail="custom bus")


@REGISTRY.resources("producers", "alicloud:alikafka/topic:Topic")
def kafka_topic(ctx: FlowContext, r: RecordedResource) -> None:
    """A Kafka topic."""
    _producer(ctx, r, "kafka-topic", ("topic",))


@REGISTRY.resources("producers", "alicloud:rocketmq/topic:Topic", "alicloud:rocketmq/rocketMQTopic:RocketMQTopic")
def rocketmq_topic(ctx: FlowContext, r: RecordedResource) -> None:
    """A RocketMQ topic."""
    _producer(ctx, r, "rocketmq-topic", ("topicName", "topic"))


@REGISTRY.resources("producers", "alicloud:mns/queue:Queue")
def mns_queue(ctx: FlowContext, r: RecordedResource) -> None:
    """An MNS queue (a dead-letter queue of rule targets, say)."""
    _producer(ctx, r, "queue", ("name",), detail="MNS")


@REGISTRY.resources("producers", "alicloud:message/serviceQueue:ServiceQueue")
def message_queue(ctx: FlowContext, r: RecordedResource) -> None:
    """An MNS queue of the ``message`` service."""
    _producer(ctx, r, "queue", ("queueName",), detail="MNS")


@REGISTRY.resources("cloud-routes", "alicloud:eventbridge/rule:Rule")
def eventbridge_rule(ctx: FlowContext, r: RecordedResource) -> None:
    """Bus -> rule (its event pattern as condition) -> each target."""
    inputs = r.masked_inputs()
    bus_name = str(inputs.get("eventBusName") or DEFAULT_BUS)
    bus = node_id("eventbridge-bus", bus_name)
    if bus not in ctx.graph.nodes:
        ctx.graph.add_node(Node(bus, "eventbridge-bus", bus_name,
                                detail="cloud-service bus" if bus_name == DEFAULT_BUS else ""))
    rule_name = str(inputs.get("ruleName") or r.name)
    rule = node_id("eventbridge-rule", rule_name, bus_name)
    condition: EventPatternCondition | NotEvaluated
    try:
        condition = EventPatternCondition.from_json(str(inputs.get("filterPattern") or "{}"))
    except ValueError as err:
        ctx.note(f"EventBridge rule {rule_name}: filterPattern is not a JSON object ({err}); no event can be matched")
        condition = NotEvaluated("unreadable filterPattern")
    ctx.graph.add_node(Node(rule, "eventbridge-rule", rule_name, None, r.urn,
                            attrs={"bus": bus_name, "status": inputs.get("status")}))
    ctx.graph.add_edge(Edge(bus, rule, "event", condition.summary(), condition=condition))
    for target in inputs.get("targets") or []:
        _rule_target(ctx, rule, rule_name, target)


def _rule_target(ctx: FlowContext, rule: str, rule_name: str, target: Mapping[str, Any]) -> None:
    ttype = str(target.get("type") or "")
    endpoint = str(target.get("endpoint") or "")
    strategy = target.get("pushRetryStrategy")
    dlq_arn = str((target.get("deadLetterQueue") or {}).get("arn") or "")
    dlq = ctx.implied("queue", arn_name(dlq_arn), None, f"dead-letter queue of rule {rule_name}") if dlq_arn else None
    delivery = Delivery(retry=PUSH_RETRIES.get(str(strategy)), dead_letter=dlq, label=f"rule {rule_name} target {target.get('targetId', '')}".strip())
    if ttype in ("http", "https", "acs.api.destination") or endpoint.startswith(("http://", "https://")):
        dst = ctx.url_node(endpoint, f"target of rule {rule_name}")
        path = urlsplit(endpoint).path
        ctx.deliver(rule, dst, f"POST {path}" if path not in ("", "/") else "", delivery=delivery)
    elif ttype == "acs.fc.function":
        ctx.deliver(rule, ctx.implied("function", arn_name(endpoint), None), delivery=delivery)
    elif ttype in _TARGET_NODE_KINDS:
        ctx.deliver(rule, ctx.implied(_TARGET_NODE_KINDS[ttype], arn_name(endpoint), None, f"target of rule {rule_name}"), delivery=delivery)
    else:
        ctx.note(f"EventBridge rule {rule_name}: target type {ttype!r} ({endpoint}) is shown as an endpoint")
        ctx.deliver(rule, ctx.url_node(endpoint or ttype), delivery=delivery)


@REGISTRY.graph_pass(20)
def oss_into_default_bus(ctx: FlowContext) -> None:
    """OSS buckets publish their events to EventBridge's cloud-service bus."""
    default_bus = node_id("eventbridge-bus", DEFAULT_BUS)
    if default_bus in ctx.graph.nodes:
        for bucket in ctx.graph.of_kind("oss-bucket"):
            ctx.graph.add_edge(Edge(bucket.id, default_bus, "event", "OSS events"))


@REGISTRY.resources("cloud-routes", "alicloud:eventbridge/eventSourceV2:EventSourceV2")
def event_source(ctx: FlowContext, r: RecordedResource) -> None:
    """A custom event source: the messages of its RocketMQ (or Kafka) topic onto its bus.

    Its parameters hold the instance password, so the engine records them as one secret: the
    topic is shown only when it is a topic this stack creates (its name is no secret then)."""
    inputs = r.masked_inputs()
    name = str(inputs.get("eventSourceName") or r.name)
    bus_name = str(inputs.get("eventBusName") or DEFAULT_BUS)
    bus = ctx.implied("eventbridge-bus", bus_name, None, f"bus of event source {name}")
    plain = r.plain_inputs()
    for key, kind in (("sourceRocketmqParameters", "rocketmq-topic"), ("sourceKafkaParameters", "kafka-topic")):
        params = plain.get(key)
        topic = params.get("topic") if isinstance(params, Mapping) else None
        if not topic:
            continue
        topic_node = node_id(kind, str(topic))
        if topic_node in ctx.graph.nodes:
            ctx.graph.add_edge(Edge(topic_node, bus, "event", f"event source {name}"))
        else:
            ctx.note(f"EventBridge event source {name}: its topic is not one this stack creates (not shown: its parameters are secret)")
