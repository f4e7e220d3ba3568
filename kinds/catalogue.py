"""The catalogue: every kind the project understands, one entry each, and lookups over them.

Components, the offline engine's mock outputs, the event-flow extractor, the policy rules and
the checkov scan all read this table; adding a kind means one entry here, its component and
its tests.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import get_args

from eventing_platform.events.gcs_events import STORAGE_SOURCE, StorageCloudEventType

from . import addresses
from .api_versions import CORE_GROUP, parse_type_token
from .kind import EmittedEvents, Kind
from .references import EVENTING_GROUP, MESSAGING_GROUP, subscription_channel, trigger_broker

APPS = "apps"
BATCH = "batch"
RBAC = "rbac.authorization.k8s.io"
SERVING = "serving.knative.dev"
EVENTING = EVENTING_GROUP
MESSAGING = MESSAGING_GROUP
FLOWS = "flows.knative.dev"
SOURCES = "sources.knative.dev"
ROCKETMQ_SOURCES = "sources.eventing.knative.dev"
GOOGLE_EVENTS = "events.cloud.google.com"
OPERATOR = "operator.knative.dev"
"""The Knative Operator's API group (``KnativeServing``, ``KnativeEventing``)."""

_SERVING = "knative-serving"
_EVENTING = "knative-eventing"

_TEMPLATE = ("spec", "template", "spec")
_RECEIVERS = frozenset({"knative-service", "kubernetes-service", "workload"})
"""Every receiver node kind: their pods change when they scale or restart."""
_SERVICES = frozenset({"knative-service", "kubernetes-service"})
"""Receivers behind a Service (their Endpoints change)."""
_KNATIVE = frozenset({"knative-service"})
_DELIVERY = ("spec", "delivery")

APISERVER_EVENT_PREFIX = "dev.knative.apiserver."
"""Every ApiServerSource event type starts so; then ``ref.`` (mode Reference) or ``resource.``."""


def _cluster(group: str, *kinds: str, provided_by: str | None = None) -> tuple[Kind, ...]:
    return tuple(Kind(group, k, ("v1",), cluster_scoped=True, provided_by=provided_by) for k in kinds)


KINDS: tuple[Kind, ...] = (
    # --- Kubernetes workloads: a pod template each.
    Kind(CORE_GROUP, "Pod", ("v1",), node_kind="workload", pod_spec=("spec",), changed_by_scaling=_RECEIVERS),
    Kind(CORE_GROUP, "ReplicationController", ("v1",), node_kind="workload", pod_spec=_TEMPLATE),
    Kind(APPS, "Deployment", ("v1",), node_kind="workload", pod_spec=_TEMPLATE, changed_by_scaling=_RECEIVERS),
    Kind(APPS, "StatefulSet", ("v1",), node_kind="workload", pod_spec=_TEMPLATE),
    Kind(APPS, "DaemonSet", ("v1",), node_kind="workload", pod_spec=_TEMPLATE),
    Kind(APPS, "ReplicaSet", ("v1",), node_kind="workload", pod_spec=_TEMPLATE, changed_by_scaling=_RECEIVERS),
    Kind(BATCH, "Job", ("v1",), node_kind="workload", pod_spec=_TEMPLATE),
    Kind(BATCH, "CronJob", ("v1",), node_kind="workload", pod_spec=("spec", "jobTemplate", "spec", "template", "spec")),
    # --- Kubernetes objects others depend on (applied first, in this order).
    Kind(CORE_GROUP, "Namespace", ("v1",), cluster_scoped=True, apply_rank=0),
    Kind("apiextensions.k8s.io", "CustomResourceDefinition", ("v1",), cluster_scoped=True, apply_rank=1),
    Kind(CORE_GROUP, "ServiceAccount", ("v1",), apply_rank=2),
    Kind(CORE_GROUP, "Secret", ("v1",), apply_rank=3),
    Kind(CORE_GROUP, "ConfigMap", ("v1",), apply_rank=4),
    Kind(RBAC, "ClusterRole", ("v1",), cluster_scoped=True, apply_rank=5),
    Kind(RBAC, "Role", ("v1",), apply_rank=6),
    Kind(RBAC, "ClusterRoleBinding", ("v1",), cluster_scoped=True, apply_rank=7),
    Kind(RBAC, "RoleBinding", ("v1",), apply_rank=8),
    Kind(CORE_GROUP, "Service", ("v1",), node_kind="kubernetes-service", address=addresses.service_url),
    # --- What a receiver's scaling changes in its namespace (what an ApiServerSource may watch).
    Kind(CORE_GROUP, "Event", ("v1",), changed_by_scaling=_RECEIVERS),
    Kind(CORE_GROUP, "Endpoints", ("v1",), changed_by_scaling=_SERVICES),
    Kind("discovery.k8s.io", "EndpointSlice", ("v1",), changed_by_scaling=_SERVICES),
    # --- Knative Serving.
    Kind(SERVING, "Service", ("v1",), node_kind="knative-service", pod_spec=_TEMPLATE, address=addresses.service_url,
         provided_by=_SERVING),
    Kind(SERVING, "Configuration", ("v1",), pod_spec=_TEMPLATE, provided_by=_SERVING),
    Kind(SERVING, "Revision", ("v1",), changed_by_scaling=_KNATIVE, provided_by=_SERVING),
    Kind("autoscaling.internal.knative.dev", "PodAutoscaler", ("v1alpha1",), changed_by_scaling=_KNATIVE, provided_by=_SERVING),
    # --- Knative Eventing: brokers, channels, flows.
    Kind(EVENTING, "Broker", ("v1",), node_kind="broker", address=addresses.broker_url, delivery=_DELIVERY,
         provided_by=_EVENTING),
    Kind(EVENTING, "Trigger", ("v1",), node_kind="trigger", delivery=_DELIVERY, delivery_parent=trigger_broker,
         provided_by=_EVENTING),
    Kind(MESSAGING, "Channel", ("v1",), node_kind="channel", address=addresses.channel_url, delivery=_DELIVERY,
         delivery_fallback=("spec", "channelTemplate", "spec", "delivery"), provided_by=_EVENTING),
    Kind(MESSAGING, "InMemoryChannel", ("v1",), node_kind="channel", address=addresses.channel_url, delivery=_DELIVERY,
         provided_by=_EVENTING),
    Kind(MESSAGING, "KafkaChannel", ("v1beta1",), node_kind="channel", address=addresses.channel_url, delivery=_DELIVERY,
         provided_by="eventing-kafka-channel"),
    Kind(MESSAGING, "Subscription", ("v1",), node_kind="subscription", delivery=_DELIVERY, delivery_parent=subscription_channel,
         provided_by=_EVENTING),
    Kind(FLOWS, "Sequence", ("v1",), node_kind="sequence", address=addresses.sequence_url, provided_by=_EVENTING),
    Kind(FLOWS, "Parallel", ("v1",), node_kind="parallel", address=addresses.parallel_url, provided_by=_EVENTING),
    # --- Event sources.
    Kind(SOURCES, "ApiServerSource", ("v1",), node_kind="apiserver-source", emits=EmittedEvents(
        types=tuple(f"{APISERVER_EVENT_PREFIX}{mode}.{op}" for mode in ("ref", "resource") for op in ("add", "update", "delete"))),
         provided_by=_EVENTING),
    Kind(SOURCES, "PingSource", ("v1",), node_kind="ping-source", emits=EmittedEvents(
        ("dev.knative.sources.ping",), "/apis/v1/namespaces/{namespace}/pingsources/{name}"), provided_by=_EVENTING),
    Kind(SOURCES, "ContainerSource", ("v1",), node_kind="container-source", pod_spec=_TEMPLATE, emits=EmittedEvents(),
         provided_by=_EVENTING),
    Kind(SOURCES, "SinkBinding", ("v1",), provided_by=_EVENTING),
    Kind(SOURCES, "KafkaSource", ("v1beta1",), node_kind="kafka-source", delivery=_DELIVERY, emits=EmittedEvents(
        ("dev.knative.kafka.event",), "/apis/v1/namespaces/{namespace}/kafkasources/{name}"),
         provided_by="eventing-kafka-source"),
    Kind(ROCKETMQ_SOURCES, "RocketMQSource", ("v1alpha1",), node_kind="rocketmq-source", emits=EmittedEvents(
        ("RocketMQEventType",), "rocketmq"), provided_by="rocketmq-source"),
    Kind(SOURCES, "RocketMQSource", ("v1alpha1",), node_kind="rocketmq-source", emits=EmittedEvents(
        ("RocketMQEventType",), "rocketmq"), provided_by="rocketmq-source"),
    Kind(GOOGLE_EVENTS, "CloudPubSubSource", ("v1",), node_kind="pubsub-source", emits=EmittedEvents(
        ("google.cloud.pubsub.topic.v1.messagePublished",), "//pubsub.googleapis.com/projects/{project}/topics/{topic}"),
         provided_by="knative-gcp"),
    Kind(GOOGLE_EVENTS, "CloudStorageSource", ("v1",), node_kind="storage-source", emits=EmittedEvents(
        get_args(StorageCloudEventType), STORAGE_SOURCE), provided_by="knative-gcp"),
    # --- The Knative Operator's resources (each installs Knative Serving or Eventing).
    Kind(OPERATOR, "KnativeServing", ("v1beta1",), provided_by="knative-operator"),
    Kind(OPERATOR, "KnativeEventing", ("v1beta1",), provided_by="knative-operator"),
    # --- Other cluster-scoped kinds (no namespace).
    *_cluster(CORE_GROUP, "Node", "PersistentVolume", "ComponentStatus"),
    *_cluster("storage.k8s.io", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment"),
    *_cluster("scheduling.k8s.io", "PriorityClass"),
    *_cluster("node.k8s.io", "RuntimeClass"),
    *_cluster("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
              "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"),
    *_cluster("apiregistration.k8s.io", "APIService"),
    *_cluster("networking.k8s.io", "IngressClass"),
    *_cluster("certificates.k8s.io", "CertificateSigningRequest"),
    *_cluster("flowcontrol.apiserver.k8s.io", "FlowSchema", "PriorityLevelConfiguration"),
    *_cluster("policy", "PodSecurityPolicy"),
    *_cluster("authentication.k8s.io", "TokenReview"),
    *_cluster("authorization.k8s.io", "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview"),
    *_cluster("networking.internal.knative.dev", "ClusterDomainClaim", provided_by=_SERVING),
    *_cluster("cert-manager.io", "ClusterIssuer", provided_by="cert-manager"),
)
"""Every kind the project understands."""

_BY_GROUP_KIND = MappingProxyType({k.group_kind: k for k in KINDS})


def kind_of(group: str | None, kind: str | None) -> Kind | None:
    """The catalogue entry of ``(group, kind)`` (any version), or None."""
    if group is None or kind is None:
        return None
    return _BY_GROUP_KIND.get((group, kind))


def known_kind(group: str, kind: str) -> Kind:
    """The catalogue entry of a kind the caller knows is catalogued (a ``KeyError`` otherwise):
    for components and the engine, which name their own kinds."""
    return _BY_GROUP_KIND[(group, kind)]


def kind_of_token(type_token: object) -> Kind | None:
    """The catalogue entry of a Kubernetes type token (any version), or None."""
    gvk = parse_type_token(type_token)
    return None if gvk is None else kind_of(gvk.group, gvk.kind)


def kinds_where(**flags: bool) -> tuple[Kind, ...]:
    """Entries by what they have: ``kinds_where(pod_spec=True)``, ``kinds_where(emits=True)``,
    ``kinds_where(cluster_scoped=True, builtin=False)``; a flag is true when the attribute is
    set (not None, not False)."""
    def fits(k: Kind) -> bool:
        return all((getattr(k, name) not in (None, False)) == wanted for name, wanted in flags.items())

    return tuple(k for k in KINDS if fits(k))


POD_TEMPLATE_KINDS: frozenset[tuple[str, str]] = frozenset(k.group_kind for k in kinds_where(pod_spec=True))
"""``(group, kind)`` of every kind with a pod template (Knative Service, Configuration,
ContainerSource, and the core/apps/batch workloads): the container policies check them all."""

CLUSTER_SCOPED_KINDS: frozenset[str] = frozenset(k.kind for k in kinds_where(cluster_scoped=True))
"""Names of the kinds without a namespace."""

SOURCE_KINDS: frozenset[tuple[str, str]] = frozenset(k.group_kind for k in kinds_where(emits=True))
"""``(group, kind)`` of the event sources."""


_APPLY_RANKS = MappingProxyType({k.kind: k.apply_rank for k in KINDS if k.apply_rank is not None})


def apply_rank(kind: str) -> int:
    """Position of a kind (by name) in ``kubectl apply`` order: ranked kinds first, then the rest."""
    return _APPLY_RANKS.get(kind, len(_APPLY_RANKS))
