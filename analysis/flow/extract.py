"""Build the event-flow graph of a planned stack from what the offline engine recorded.

Everything comes from recorded resources, so the graph shows what ``pulumi up`` would create:
Kubernetes objects' specs (sources, Brokers, Triggers, Channels, Subscriptions, Sequences,
Parallels, Knative and Kubernetes Services, Deployments), EventBridge rules (``filterPattern``
and targets), OSS buckets, Kafka/RocketMQ/Pub/Sub topics, Cloud Storage notifications and Pub/Sub
subscriptions, and each workload's declared side effects (its
``eventing-platform.dev/side-effects`` annotation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.errors import ArgsError
from eventing_platform.knative.side_effects import SideEffects

from .conditions import (
    EventPatternCondition,
    NotEvaluated,
    StorageNotificationCondition,
    TriggerCondition,
)
from .model import CONSUMER_KINDS, Delivery, Edge, FlowGraph, Node

DEFAULT_BUS = "default"
"""EventBridge's cloud-service bus: where OSS (and other Alibaba Cloud service) events arrive."""

PUSH_RETRIES = {"BACKOFF_RETRY": 3, "EXPONENTIAL_DECAY_RETRY": 176}
"""Retries of each EventBridge push retry strategy."""

_REF_KINDS: dict[tuple[str, str], str] = {
    ("serving.knative.dev", "Service"): "knative-service",
    ("", "Service"): "kubernetes-service",
    ("eventing.knative.dev", "Broker"): "broker",
    ("messaging.knative.dev", "Channel"): "channel",
    ("messaging.knative.dev", "InMemoryChannel"): "channel",
    ("messaging.knative.dev", "KafkaChannel"): "channel",
    ("flows.knative.dev", "Sequence"): "sequence",
    ("flows.knative.dev", "Parallel"): "parallel",
    ("apps", "Deployment"): "workload",
}

_SOURCE_KINDS: dict[tuple[str, str], str] = {
    ("sources.knative.dev", "ApiServerSource"): "apiserver-source",
    ("sources.knative.dev", "PingSource"): "ping-source",
    ("sources.knative.dev", "ContainerSource"): "container-source",
    ("sources.knative.dev", "KafkaSource"): "kafka-source",
    ("sources.eventing.knative.dev", "RocketMQSource"): "rocketmq-source",
    ("sources.knative.dev", "RocketMQSource"): "rocketmq-source",
    ("events.cloud.google.com", "CloudPubSubSource"): "pubsub-source",
    ("events.cloud.google.com", "CloudStorageSource"): "storage-source",
}


def _group(api_version: str) -> str:
    return api_version.split("/")[0] if "/" in api_version else ""


def node_id(kind: str, name: str, namespace: str | None = None) -> str:
    """``kind:namespace/name`` (namespaced) or ``kind:name``."""
    return f"{kind}:{namespace}/{name}" if namespace else f"{kind}:{name}"


class _K8sObject:
    """A recorded Kubernetes object: api version, kind, metadata, spec and recorded outputs."""

    def __init__(self, resource: RecordedResource) -> None:
        inputs = resource.masked_inputs()
        _, api_version, kind = resource.type.split(":", 2)
        self.resource = resource
        self.api_version = api_version.replace("core/v1", "v1")
        self.group = _group(self.api_version)
        self.kind = kind
        self.metadata: dict[str, Any] = inputs.get("metadata") or {}
        self.name = str(self.metadata.get("name") or resource.name)
        self.namespace = str(self.metadata.get("namespace") or "default")
        self.spec: dict[str, Any] = inputs.get("spec") or {}
        self.outputs: dict[str, Any] = resource.outputs or {}
        self.urn = resource.urn

    @property
    def annotations(self) -> dict[str, str]:
        return self.metadata.get("annotations") or {}


class _Extractor:
    def __init__(self, record: PlanRecord) -> None:
        self.record = record
        self.graph = FlowGraph(record.stack)
        self.addresses: list[tuple[str, str, str]] = []  # (host, path prefix, node id)
        self.objects = [_K8sObject(r) for r in record.resources if is_kubernetes_object(r)]
        self.deliveries: dict[str, Delivery] = {}  # router id -> its default delivery

    # ------------------------------------------------------------------ helpers

    def note(self, text: str) -> None:
        if text not in self.graph.notes:
            self.graph.notes.append(text)

    def implied(self, kind: str, name: str, namespace: str | None = None, why: str = "") -> str:
        nid = node_id(kind, name, namespace)
        if nid not in self.graph.nodes:
            self.graph.add_node(Node(nid, kind, name, namespace))
            if why:
                self.note(f"{nid} is not created by this stack ({why}); shown as an external node")
        return nid

    def ref_node(self, ref: Mapping[str, Any], default_ns: str, why: str) -> str:
        api_version, kind = str(ref.get("apiVersion", "")), str(ref.get("kind", ""))
        ns = str(ref.get("namespace") or default_ns)
        name = str(ref.get("name", "?"))
        node_kind = _REF_KINDS.get((_group(api_version), kind))
        if node_kind is None:
            node_kind = _SOURCE_KINDS.get((_group(api_version), kind), "http-endpoint")
            if node_kind == "http-endpoint":
                name = f"{kind}/{name}"
        return self.implied(node_kind, name, ns, why)

    def destination(self, dest: Mapping[str, Any] | None, default_ns: str, why: str) -> tuple[str | None, str]:
        """Node id of a Knative destination (ref or URL) and the request path it adds."""
        if not dest:
            return None, ""
        ref, uri = dest.get("ref"), dest.get("uri")
        if ref is None and uri is None and dest.get("kind") and dest.get("name"):
            ref = dest  # a bare ObjectReference, as older sources (RocketMQSource v1alpha1) take it
        if ref:
            return self.ref_node(ref, default_ns, why), str(uri or "")
        if uri:
            return self.url_node(str(uri), why), urlsplit(str(uri)).path
        return None, ""

    def url_node(self, url: str, why: str = "") -> str:
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host = (parts.hostname or "").lower()
        best: tuple[int, str] | None = None
        for known_host, path_prefix, nid in self.addresses:
            better = best is None or len(path_prefix) > best[0]
            if known_host == host and parts.path.startswith(path_prefix) and better:
                best = (len(path_prefix), nid)
        if best is not None:
            return best[1]
        nid = node_id("http-endpoint", url)
        self.graph.add_node(Node(nid, "http-endpoint", url))
        return nid

    def add_address(self, url: str | None, nid: str) -> None:
        if not url or not isinstance(url, str):
            return
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.hostname:
            self.addresses.append((parts.hostname.lower(), parts.path.rstrip("/"), nid))

    def add_service_dns(self, name: str, ns: str, nid: str) -> None:
        for host in (f"{name}.{ns}.svc.cluster.local", f"{name}.{ns}.svc", f"{name}.{ns}"):
            self.add_address(f"http://{host}", nid)

    def delivery_of(self, spec: Mapping[str, Any] | None, default_ns: str, label: str, fallback: Delivery | None = None) -> Delivery | None:
        block = (spec or {}).get("delivery")
        if not block:
            return fallback
        dls, _ = self.destination(block.get("deadLetterSink"), default_ns, f"dead-letter sink of {label}")
        retry = block.get("retry")
        return Delivery(retry=int(retry) if isinstance(retry, (int, float)) else None, dead_letter=dls, label=label)

    def deliver(self, src: str, dst: str | None, label: str = "", *, reply_to: str | None = None,
                reply_configured: bool = False, delivery: Delivery | None = None, condition=None,
                transform: str | None = None) -> None:
        if dst is None:
            return
        self.graph.add_edge(Edge(src, dst, "event", label, condition=condition, transform=transform,
                                 reply_to=reply_to, reply_configured=reply_configured,
                                 delivery=delivery, via=src))

    # ------------------------------------------------------------------ passes

    def run(self) -> FlowGraph:
        self.consumers_and_routers()
        self.cloud_producers()
        self.eventbridge()
        self.google_cloud()
        self.kubernetes_routes()
        self.side_effect_edges()
        self.oss_into_default_bus()
        self.dead_letter_edges()
        return self.graph

    def consumers_and_routers(self) -> None:
        """Nodes for everything that can be addressed, so references resolve to them."""
        deployments = [o for o in self.objects if (o.group, o.kind) == ("apps", "Deployment")]
        with_delivery: list[tuple[str, _K8sObject]] = []
        for o in self.objects:
            key = (o.group, o.kind)
            kind = _REF_KINDS.get(key)
            if kind == "knative-service":
                nid = node_id(kind, o.name, o.namespace)
                self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn,
                                         attrs={"url": (o.outputs.get("status") or {}).get("url")},
                                         side_effects=self.side_effects(o)))
                self.add_address((o.outputs.get("status") or {}).get("url"), nid)
                self.add_address(((o.outputs.get("status") or {}).get("address") or {}).get("url"), nid)
                self.add_service_dns(o.name, o.namespace, nid)
            elif kind == "kubernetes-service":
                nid = node_id(kind, o.name, o.namespace)
                effects = self.selected_side_effects(o, deployments)
                self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=str(o.spec.get("type") or ""), side_effects=effects))
                self.add_service_dns(o.name, o.namespace, nid)
                out_spec = o.outputs.get("spec") or {}
                if out_spec.get("clusterIP"):
                    self.add_address(f"http://{out_spec['clusterIP']}", nid)
                for ingress in ((o.outputs.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []:
                    self.add_address(f"http://{ingress.get('ip') or ingress.get('hostname')}", nid)
            elif kind == "broker":
                nid = node_id(kind, o.name, o.namespace)
                klass = o.annotations.get("eventing.knative.dev/broker.class", "")
                self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=klass))
                self.add_address(((o.outputs.get("status") or {}).get("address") or {}).get("url"), nid)
                self.addresses.append(("broker-ingress.knative-eventing.svc.cluster.local", f"/{o.namespace}/{o.name}", nid))
                with_delivery.append((nid, o))
            elif kind == "channel":
                nid = node_id(kind, o.name, o.namespace)
                template = (o.spec.get("channelTemplate") or {}).get("kind") or (o.kind if o.kind != "Channel" else "")
                self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=template))
                self.add_address(((o.outputs.get("status") or {}).get("address") or {}).get("url"), nid)
                self.add_address(f"http://{o.name}-kn-channel.{o.namespace}.svc.cluster.local", nid)
                with_delivery.append((nid, o))
            elif kind in ("sequence", "parallel"):
                nid = node_id(kind, o.name, o.namespace)
                template = str((o.spec.get("channelTemplate") or {}).get("kind") or "")
                self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=template))
                self.add_address(((o.outputs.get("status") or {}).get("address") or {}).get("url"), nid)
        for nid, o in with_delivery:  # after every node exists, so dead-letter sinks resolve
            d = self.delivery_of(o.spec, o.namespace, f"{o.kind.lower()} {o.name}")
            if d:
                self.deliveries[nid] = d
        for d in deployments:
            effects = self.side_effects(d)
            selected = any(
                n.kind == "kubernetes-service" and n.namespace == d.namespace and self._selects(n, d)
                for n in self.graph.nodes.values()
            )
            if effects is not None and not selected:
                nid = node_id("workload", d.name, d.namespace)
                self.graph.add_node(Node(nid, "workload", d.name, d.namespace, d.urn, detail="Deployment", side_effects=effects))

    def _selects(self, service_node: Node, deployment: _K8sObject) -> bool:
        svc = next((o for o in self.objects if o.urn == service_node.urn), None)
        return svc is not None and _selector_matches(svc.spec.get("selector") or {}, deployment)

    def side_effects(self, o: _K8sObject) -> SideEffects | None:
        template_meta = ((o.spec.get("template") or {}).get("metadata") or {})
        for found in (o.annotations, template_meta.get("annotations") or {}):
            try:
                effects = SideEffects.from_annotations(found)
            except ArgsError as err:
                self.note(f"{o.kind} {o.namespace}/{o.name}: side-effects annotation ignored: {err}")
                return None
            if effects is not None:
                return effects
        return None

    def selected_side_effects(self, svc: _K8sObject, deployments: list[_K8sObject]) -> SideEffects | None:
        selector = svc.spec.get("selector") or {}
        merged: list[SideEffects] = []
        for d in deployments:
            if d.namespace == svc.namespace and _selector_matches(selector, d):
                effects = self.side_effects(d)
                if effects is not None:
                    merged.append(effects)
        if not merged:
            return None
        return SideEffects(
            writes=[w for e in merged for w in e.writes],
            replies=[r for e in merged for r in e.replies],
            publishes=[p for e in merged for p in e.publishes],
        )

    def cloud_producers(self) -> None:
        """Buckets, topics and queues of both clouds."""
        region = self._alicloud_region()
        for r in self.record.resources:
            inputs = r.masked_inputs()
            if r.type == "alicloud:oss/bucket:Bucket":
                name = str(inputs.get("bucket") or r.name)
                self.graph.add_node(Node(node_id("oss-bucket", name), "oss-bucket", name, urn=r.urn, attrs={"region": region}))
            elif r.type == "alicloud:eventbridge/eventBus:EventBus":
                name = str(inputs.get("eventBusName") or r.name)
                self.graph.add_node(Node(node_id("eventbridge-bus", name), "eventbridge-bus", name, urn=r.urn, detail="custom bus"))
            elif r.type == "alicloud:alikafka/topic:Topic":
                name = str(inputs.get("topic") or r.name)
                self.graph.add_node(Node(node_id("kafka-topic", name), "kafka-topic", name, urn=r.urn))
            elif r.type in ("alicloud:rocketmq/topic:Topic", "alicloud:rocketmq/rocketMQTopic:RocketMQTopic"):
                name = str(inputs.get("topicName") or inputs.get("topic") or r.name)
                self.graph.add_node(Node(node_id("rocketmq-topic", name), "rocketmq-topic", name, urn=r.urn))
            elif r.type == "alicloud:mns/queue:Queue":
                name = str(inputs.get("name") or r.name)
                self.graph.add_node(Node(node_id("queue", name), "queue", name, urn=r.urn, detail="MNS"))
            elif r.type == "alicloud:message/serviceQueue:ServiceQueue":
                name = str(inputs.get("queueName") or r.name)
                self.graph.add_node(Node(node_id("queue", name), "queue", name, urn=r.urn, detail="MNS"))
            elif r.type == "gcp:storage/bucket:Bucket":
                name = str(inputs.get("name") or r.name)
                self.graph.add_node(Node(node_id("gcs-bucket", name), "gcs-bucket", name, urn=r.urn, attrs={"project": inputs.get("project")}))
            elif r.type == "gcp:pubsub/topic:Topic":
                name = str(inputs.get("name") or r.name)
                self.graph.add_node(Node(node_id("pubsub-topic", name), "pubsub-topic", name, urn=r.urn, attrs={"project": inputs.get("project")}))

    def _alicloud_region(self) -> str | None:
        for r in self.record.resources:
            if r.type == "pulumi:providers:alicloud" and r.inputs.get("region"):
                return str(r.inputs["region"])
        return None

    def eventbridge(self) -> None:
        """Rules on buses, their patterns and targets; OSS buckets feed the default bus."""
        for r in self.record.by_type("alicloud:eventbridge/rule:Rule"):
            inputs = r.masked_inputs()
            bus_name = str(inputs.get("eventBusName") or DEFAULT_BUS)
            bus = node_id("eventbridge-bus", bus_name)
            if bus not in self.graph.nodes:
                self.graph.add_node(Node(bus, "eventbridge-bus", bus_name,
                                         detail="cloud-service bus" if bus_name == DEFAULT_BUS else ""))
            rule_name = str(inputs.get("ruleName") or r.name)
            rule = node_id("eventbridge-rule", rule_name, bus_name)
            try:
                condition = EventPatternCondition.from_json(str(inputs.get("filterPattern") or "{}"))
            except ValueError as err:
                self.note(f"EventBridge rule {rule_name}: filterPattern is not a JSON object ({err}); no event can be matched")
                condition = NotEvaluated("unreadable filterPattern")
            self.graph.add_node(Node(rule, "eventbridge-rule", rule_name, None, r.urn,
                                     attrs={"bus": bus_name, "status": inputs.get("status")}))
            self.graph.add_edge(Edge(bus, rule, "event", condition.summary(), condition=condition))
            for target in inputs.get("targets") or []:
                self._rule_target(rule, rule_name, target)

    def oss_into_default_bus(self) -> None:
        """OSS buckets publish their events to EventBridge's cloud-service bus."""
        default_bus = node_id("eventbridge-bus", DEFAULT_BUS)
        if default_bus in self.graph.nodes:
            for bucket in self.graph.of_kind("oss-bucket"):
                self.graph.add_edge(Edge(bucket.id, default_bus, "event", "OSS events"))

    def _rule_target(self, rule: str, rule_name: str, target: Mapping[str, Any]) -> None:
        ttype = str(target.get("type") or "")
        endpoint = str(target.get("endpoint") or "")
        strategy = target.get("pushRetryStrategy")
        dlq_arn = str((target.get("deadLetterQueue") or {}).get("arn") or "")
        dlq = self.implied("queue", _arn_name(dlq_arn), None, f"dead-letter queue of rule {rule_name}") if dlq_arn else None
        delivery = Delivery(retry=PUSH_RETRIES.get(str(strategy)), dead_letter=dlq, label=f"rule {rule_name} target {target.get('targetId', '')}".strip())
        if ttype in ("http", "https", "acs.api.destination") or endpoint.startswith(("http://", "https://")):
            dst = self.url_node(endpoint, f"target of rule {rule_name}")
            path = urlsplit(endpoint).path
            self.deliver(rule, dst, f"POST {path}" if path not in ("", "/") else "", delivery=delivery)
        elif ttype == "acs.fc.function":
            self.deliver(rule, self.implied("function", _arn_name(endpoint), None), delivery=delivery)
        elif ttype in ("acs.rocketmq", "acs.alikafka", "acs.mns.queue", "acs.eventbridge"):
            kind = {"acs.rocketmq": "rocketmq-topic", "acs.alikafka": "kafka-topic", "acs.mns.queue": "queue", "acs.eventbridge": "eventbridge-bus"}[ttype]
            self.deliver(rule, self.implied(kind, _arn_name(endpoint), None, f"target of rule {rule_name}"), delivery=delivery)
        else:
            self.note(f"EventBridge rule {rule_name}: target type {ttype!r} ({endpoint}) is shown as an endpoint")
            self.deliver(rule, self.url_node(endpoint or ttype), delivery=delivery)

    def google_cloud(self) -> None:
        """Cloud Storage notifications into Pub/Sub topics; push subscriptions to endpoints."""
        for r in self.record.by_type("gcp:storage/notification:Notification"):
            inputs = r.masked_inputs()
            bucket = self.implied("gcs-bucket", str(inputs.get("bucket") or "?"), None, "notification source")
            topic = self.implied("pubsub-topic", _topic_name(str(inputs.get("topic") or "?")), None, "notification topic")
            condition = StorageNotificationCondition(tuple(inputs.get("eventTypes") or ()), str(inputs.get("objectNamePrefix") or ""))
            self.graph.add_edge(Edge(bucket, topic, "event", f"notification: {condition.summary()}", condition=condition, transform="storage-notification"))
        for r in self.record.by_type("gcp:pubsub/subscription:Subscription"):
            inputs = r.masked_inputs()
            name = str(inputs.get("name") or r.name)
            topic = self.implied("pubsub-topic", _topic_name(str(inputs.get("topic") or "?")), None, f"topic of subscription {name}")
            sub = node_id("pubsub-subscription", name)
            self.graph.add_node(Node(sub, "pubsub-subscription", name, urn=r.urn))
            self.graph.add_edge(Edge(topic, sub, "event", "", condition=NotEvaluated(f"filter {inputs['filter']}") if inputs.get("filter") else None))
            dead = (inputs.get("deadLetterPolicy") or {}).get("deadLetterTopic")
            dls = self.implied("pubsub-topic", _topic_name(str(dead)), None, f"dead-letter topic of {name}") if dead else None
            push = (inputs.get("pushConfig") or {}).get("pushEndpoint")
            retries = (inputs.get("deadLetterPolicy") or {}).get("maxDeliveryAttempts")
            delivery = Delivery(retry=int(retries) if isinstance(retries, (int, float)) else None, dead_letter=dls, label=f"subscription {name}")
            if push:
                self.deliver(sub, self.url_node(str(push), f"push endpoint of {name}"), delivery=delivery)

    def kubernetes_routes(self) -> None:
        """Sources, Triggers, Subscriptions, Sequences, Parallels, SinkBindings."""
        for o in self.objects:
            key = (o.group, o.kind)
            if key in _SOURCE_KINDS:
                self._source(o, _SOURCE_KINDS[key])
            elif key == ("eventing.knative.dev", "Trigger"):
                self._trigger(o)
            elif key == ("messaging.knative.dev", "Subscription"):
                self._subscription(o)
            elif key == ("flows.knative.dev", "Sequence"):
                self._sequence(o)
            elif key == ("flows.knative.dev", "Parallel"):
                self._parallel(o)
            elif key == ("sources.knative.dev", "SinkBinding"):
                self._sink_binding(o)

    def _source(self, o: _K8sObject, kind: str) -> None:
        nid = node_id(kind, o.name, o.namespace)
        attrs: dict[str, Any] = {"extensions": ((o.spec.get("ceOverrides") or {}).get("extensions") or {})}
        detail = ""
        if kind == "apiserver-source":
            attrs["mode"] = o.spec.get("mode") or "Reference"
            attrs["kinds"] = [str(res.get("kind")) for res in o.spec.get("resources") or []]
            detail = ", ".join(attrs["kinds"]) + f" ({attrs['mode']})"
        elif kind == "ping-source":
            attrs["schedule"] = o.spec.get("schedule")
            detail = str(o.spec.get("schedule") or "")
        self.graph.add_node(Node(nid, kind, o.name, o.namespace, o.urn, detail=detail, attrs=attrs))
        if kind == "kafka-source":
            topics = [str(t) for t in o.spec.get("topics") or []]
            self.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=", ".join(topics), attrs={**attrs, "topics": topics})
            for t in topics:
                self.graph.add_edge(Edge(self.implied("kafka-topic", t), nid, "event", "", transform="kafka-source"))
        elif kind == "rocketmq-source":
            topic = str(o.spec.get("topic") or o.spec.get("tableName") or "")
            if topic:
                self.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=topic, attrs={**attrs, "topic": topic})
                self.graph.add_edge(Edge(self.implied("rocketmq-topic", topic), nid, "event", "", transform="rocketmq-source"))
        elif kind == "pubsub-source":
            topic = _topic_name(str(o.spec.get("topic") or ""))
            project = o.spec.get("project")
            self.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=topic, attrs={**attrs, "topic": topic, "project": project})
            if topic:
                self.graph.add_edge(Edge(self.implied("pubsub-topic", topic), nid, "event", "", transform="pubsub-source"))
        elif kind == "storage-source":
            bucket = str(o.spec.get("bucket") or "")
            condition = StorageNotificationCondition(tuple(o.spec.get("eventTypes") or ()), str(o.spec.get("objectNamePrefix") or ""))
            self.graph.nodes[nid] = Node(nid, kind, o.name, o.namespace, o.urn, detail=bucket, attrs={**attrs, "bucket": bucket})
            if bucket:
                self.graph.add_edge(Edge(self.implied("gcs-bucket", bucket), nid, "event", condition.summary(), condition=condition))
        sink, _ = self.destination(o.spec.get("sink"), o.namespace, f"sink of {o.kind} {o.name}")
        self.deliver(nid, sink, delivery=self.delivery_of(o.spec, o.namespace, f"{o.kind} {o.name}"))

    def _trigger(self, o: _K8sObject) -> None:
        broker_ref = o.spec.get("brokerRef") or {}
        broker_name = str(o.spec.get("broker") or broker_ref.get("name") or "default")
        broker = self.implied("broker", broker_name, broker_ref.get("namespace") or o.namespace, f"broker of trigger {o.name}")
        nid = node_id("trigger", o.name, o.namespace)
        self.graph.add_node(Node(nid, "trigger", o.name, o.namespace, o.urn))
        condition = TriggerCondition({k: o.spec[k] for k in ("filter", "filters") if k in o.spec})
        self.graph.add_edge(Edge(broker, nid, "event", condition.summary(), condition=condition))
        subscriber, path = self.destination(o.spec.get("subscriber"), o.namespace, f"subscriber of trigger {o.name}")
        delivery = self.delivery_of(o.spec, o.namespace, f"trigger {o.name}", self.deliveries.get(broker))
        self.deliver(nid, subscriber, path, reply_to=broker, reply_configured=False, delivery=delivery)

    def _subscription(self, o: _K8sObject) -> None:
        channel_ref = o.spec.get("channel") or {}
        channel = self.ref_node({**channel_ref, "namespace": o.namespace}, o.namespace, f"channel of subscription {o.name}")
        nid = node_id("subscription", o.name, o.namespace)
        self.graph.add_node(Node(nid, "subscription", o.name, o.namespace, o.urn))
        self.graph.add_edge(Edge(channel, nid, "event"))
        subscriber, path = self.destination(o.spec.get("subscriber"), o.namespace, f"subscriber of subscription {o.name}")
        reply, _ = self.destination(o.spec.get("reply"), o.namespace, f"reply of subscription {o.name}")
        delivery = self.delivery_of(o.spec, o.namespace, f"subscription {o.name}", self.deliveries.get(channel))
        self.deliver(nid, subscriber, path, reply_to=reply, reply_configured=reply is not None, delivery=delivery)

    def _sequence(self, o: _K8sObject) -> None:
        seq = node_id("sequence", o.name, o.namespace)
        steps = o.spec.get("steps") or []
        reply, _ = self.destination(o.spec.get("reply"), o.namespace, f"reply of sequence {o.name}")
        entries = [seq]
        for i in range(2, len(steps) + 1):
            step_id = node_id("sequence-step", f"{o.name}#{i}", o.namespace)
            self.graph.add_node(Node(step_id, "sequence-step", f"{o.name}#{i}", o.namespace, o.urn, attrs={"sequence": seq, "step": i}))
            entries.append(step_id)
        for i, step in enumerate(steps):
            dst, path = self.destination(step, o.namespace, f"step {i + 1} of sequence {o.name}")
            reply_to = entries[i + 1] if i + 1 < len(entries) else reply
            delivery = self.delivery_of(step, o.namespace, f"sequence {o.name} step {i + 1}")
            self.deliver(entries[i], dst, f"step {i + 1}", reply_to=reply_to, reply_configured=reply_to is not None, delivery=delivery)

    def _parallel(self, o: _K8sObject) -> None:
        par = node_id("parallel", o.name, o.namespace)
        reply, _ = self.destination(o.spec.get("reply"), o.namespace, f"reply of parallel {o.name}")
        for i, branch in enumerate(o.spec.get("branches") or [], start=1):
            bid = node_id("parallel-branch", f"{o.name}#{i}", o.namespace)
            self.graph.add_node(Node(bid, "parallel-branch", f"{o.name}#{i}", o.namespace, o.urn, attrs={"parallel": par, "branch": i}))
            flt, _ = self.destination(branch.get("filter"), o.namespace, f"filter of parallel {o.name} branch {i}")
            if flt is not None:
                self.deliver(par, flt, f"branch {i} filter", reply_to=bid, reply_configured=True)
            else:
                self.graph.add_edge(Edge(par, bid, "event", f"branch {i}"))
            dst, path = self.destination(branch.get("subscriber"), o.namespace, f"subscriber of parallel {o.name} branch {i}")
            branch_reply, _ = self.destination(branch.get("reply"), o.namespace, f"reply of parallel {o.name} branch {i}")
            reply_to = branch_reply or reply
            delivery = self.delivery_of(branch, o.namespace, f"parallel {o.name} branch {i}")
            self.deliver(bid, dst, path, reply_to=reply_to, reply_configured=reply_to is not None, delivery=delivery)

    def _sink_binding(self, o: _K8sObject) -> None:
        """``K_SINK`` edges from each subject: the named object, or every object of the subject's
        kind in the stack whose labels the selector matches."""
        subject = o.spec.get("subject") or {}
        api_version, kind = str(subject.get("apiVersion") or ""), str(subject.get("kind") or "")
        ns = str(subject.get("namespace") or o.namespace)
        if subject.get("name"):
            names = [str(subject["name"])]
        else:
            selector = subject.get("selector") if isinstance(subject.get("selector"), Mapping) else {}
            names = [x.name for x in self.objects
                     if (x.group, x.kind) == (_group(api_version), kind) and x.namespace == ns
                     and _labels_selected(selector, x.metadata.get("labels") or {})]
            if not names:
                self.note(f"SinkBinding {o.name}: no {kind} of this stack in {ns} matches its selector, so no subject is drawn")
                return
        sink, _ = self.destination(o.spec.get("sink"), o.namespace, f"sink of SinkBinding {o.name}")
        for name in names:
            self.deliver(self._binding_subject(api_version, kind, name, ns, o.name), sink, "K_SINK")

    def _binding_subject(self, api_version: str, kind: str, name: str, ns: str, binding: str) -> str:
        """Node id of a SinkBinding subject: a ``workload`` for pod-template kinds (Deployment,
        Job, ...), the object's own node for addressable kinds (a Knative Service)."""
        group = _group(api_version)
        if (group, kind) not in _WORKLOAD_SUBJECT_KINDS:
            return self.ref_node({"apiVersion": api_version, "kind": kind, "name": name, "namespace": ns}, ns, f"subject of SinkBinding {binding}")
        label = name if kind == "Deployment" else f"{kind}/{name}"
        nid = node_id("workload", label, ns)
        if nid in self.graph.nodes:
            return nid
        obj = next((x for x in self.objects if (x.group, x.kind, x.name, x.namespace) == (group, kind, name, ns)), None)
        if obj is None:
            return self.implied("workload", label, ns, f"subject of SinkBinding {binding}")
        # Its side effects stay on the Service in front of it, if any (consumers_and_routers).
        self.graph.add_node(Node(nid, "workload", label, ns, obj.urn, detail=kind))
        return nid

    def side_effect_edges(self) -> None:
        """``writes`` and ``publishes`` edges from workloads; ``reply`` edges from receivers."""
        for node in list(self.graph.nodes.values()):
            effects = node.side_effects
            if effects is None:
                continue
            for w in effects.writes:
                kind = "oss-bucket" if w.store == "oss" else "gcs-bucket"
                bucket = self.implied(kind, w.bucket, None, f"written by {node.name}")
                self.graph.add_edge(Edge(node.id, bucket, "writes", f"writes {w.prefix}*"))
            for p in effects.publishes:
                ns = (p.namespace or node.namespace) if p.target in ("broker", "channel") else None
                target = self.implied(p.target, p.name, ns, f"published to by {node.name}")
                label = f"publishes {p.event_type}" if p.event_type else "publishes"
                self.graph.add_edge(Edge(node.id, target, "publishes", label))
        # Replies: explicit reply paths always; a Trigger's implied one when replies are declared.
        for e in list(self.graph.edges):
            if e.kind != "event" or e.reply_to is None or self.graph.nodes[e.dst].kind not in CONSUMER_KINDS:
                continue
            effects = self.graph.nodes[e.dst].side_effects
            types = [r.event_type for r in effects.replies] if effects else []
            if e.reply_configured or types:
                label = "reply " + ", ".join(types) if types else "reply"
                self.graph.add_edge(Edge(e.dst, e.reply_to, "reply", label, via=e.src))

    def dead_letter_edges(self) -> None:
        """A dashed edge from each receiver to the dead-letter sink of the hop delivering to it."""
        for e in list(self.graph.edges):
            if e.kind == "event" and e.delivery is not None and e.delivery.dead_letter is not None:
                retries = f" after {e.delivery.retry} retries" if e.delivery.retry is not None else ""
                self.graph.add_edge(Edge(e.dst, e.delivery.dead_letter, "dead-letter", f"dead letter{retries}", via=e.src))


_WORKLOAD_SUBJECT_KINDS = frozenset({
    ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("apps", "ReplicaSet"),
    ("batch", "Job"), ("batch", "CronJob"), ("", "Pod"),
})
"""Pod-template kinds a SinkBinding subject can be, drawn as ``workload`` nodes."""


def _labels_selected(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool:
    """Whether a Kubernetes label selector (``matchLabels`` and ``matchExpressions``) selects ``labels``."""
    match_labels, expressions = selector.get("matchLabels") or {}, selector.get("matchExpressions") or []
    if not isinstance(match_labels, Mapping) or not isinstance(expressions, list):
        return False  # unreadable: select nothing rather than guess
    for key, value in match_labels.items():
        if labels.get(key) != value:
            return False
    for expr in expressions:
        if not isinstance(expr, Mapping) or not isinstance(expr.get("values") or [], list):
            return False
        key, op, values = expr.get("key"), expr.get("operator"), list(expr.get("values") or [])
        present = key in labels
        ok = {
            "In": present and labels.get(key) in values,
            "NotIn": not present or labels.get(key) not in values,
            "Exists": present,
            "DoesNotExist": not present,
        }.get(str(op), False)
        if not ok:
            return False
    return True


def _selector_matches(selector: Mapping[str, Any], deployment: _K8sObject) -> bool:
    labels = (((deployment.spec.get("template") or {}).get("metadata") or {}).get("labels")) or {}
    wanted = selector.get("matchLabels", selector) if isinstance(selector, Mapping) else {}
    return bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


def _arn_name(arn: str) -> str:
    """The last segment of an ARN or path (``.../queues/dlq`` -> ``dlq``)."""
    tail = arn.rstrip("/").split(":")[-1]
    return tail.rstrip("/").split("/")[-1] or arn


def _topic_name(topic: str) -> str:
    """``projects/p/topics/t`` (or a full resource URL) -> ``t``."""
    return topic.rstrip("/").split("/topics/")[-1]


def extract_graph(record: PlanRecord) -> FlowGraph:
    """The event-flow graph of one planned stack."""
    return _Extractor(record).run()
