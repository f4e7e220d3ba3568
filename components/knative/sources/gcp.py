"""knative-gcp sources (``events.cloud.google.com/v1``): Pub/Sub messages and Cloud Storage events.

Both authenticate through GKE Workload Identity: ``service_account_name`` names a Kubernetes
service account annotated with a Google service account
(:class:`eventing_platform.gcp.WorkloadIdentity` makes both). There is deliberately no way to
set ``spec.secret``: a key-file Secret, as in the seed tutorial, is a long-lived credential.
knative-gcp is archived upstream; these objects match its last CRDs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, Field, field_validator

from eventing_platform.events.gcs_events import StorageCloudEventType
from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import GOOGLE_EVENTS

from ...args import Args, Input, StrInput
from ...gcp.names import BucketInput, ProjectInput, TopicInput
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, DnsSubdomain, object_meta
from ..destination import Destination

EVENTS_GCP_V1 = known_kind(GOOGLE_EVENTS, "CloudPubSubSource").api_version

_GO_DURATION = re.compile(r"^(\d+(h|m|s))+$")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}


def _duration_seconds(value: str) -> int:
    if not _GO_DURATION.fullmatch(value):
        raise ValueError("is not a duration of whole h, m or s units; use e.g. '30s', '10m' or '168h'")
    return sum(int(n) * _UNIT_SECONDS[u] for n, u in re.findall(r"(\d+)(h|m|s)", value))


def _between(low: int, high: int, example: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        s = _duration_seconds(value)
        if not low <= s <= high:
            raise ValueError(f"is {s}s; it must be {low}s-{high}s (e.g. {example!r})")
        return value

    return check


AckDeadline = Annotated[str, AfterValidator(_between(0, 600, "30s"))]
"""Ack deadline of the source's subscription: 0-600 s, e.g. ``30s``."""
SourceRetention = Annotated[str, AfterValidator(_between(600, 604_800, "168h"))]
"""Backlog retention of the source's subscription: 10 minutes to 7 days, e.g. ``168h``."""

StorageSourceEventType = StorageCloudEventType
"""CloudEvent types a CloudStorageSource can emit (defined in :mod:`eventing_platform.events.gcs_events`)."""


class _GcpSourceArgs(Args):
    """Fields shared by the knative-gcp sources."""

    sink: Destination
    """Where events go (a Channel, Broker or Service). Required."""
    service_account_name: Input[DnsSubdomain]
    """Kubernetes service account of the source's data plane, bound to a Google service account
    through Workload Identity. Required: there is no key-file alternative."""
    project: ProjectInput | None = None
    """Google Cloud project ID. Default: the cluster's project (from the GKE metadata server)."""
    ce_extensions: Mapping[str, StrInput] = Field(default_factory=dict)
    """CloudEvent extension attributes added to every event (``ceOverrides.extensions``). Default none."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""

    @field_validator("ce_extensions")
    @classmethod
    def _extension_names(cls, value: Mapping[str, StrInput]) -> Mapping[str, StrInput]:
        for key in value:
            if not re.fullmatch(r"[a-z0-9]{1,20}", key):
                raise ValueError(f"extension name {key!r} is not a CloudEvents attribute name: 1-20 lowercase letters or digits")
        return value

    def common_spec(self) -> dict[str, Any]:
        """The spec fields every knative-gcp source shares."""
        spec: dict[str, Any] = {"sink": self.sink.render(), "serviceAccountName": self.service_account_name}
        if self.project is not None:
            spec["project"] = self.project
        if self.ce_extensions:
            spec["ceOverrides"] = {"extensions": dict(self.ce_extensions)}
        return spec


class CloudPubSubSourceArgs(_GcpSourceArgs):
    """Arguments of :class:`CloudPubSubSource`."""

    topic: TopicInput
    """Pub/Sub topic ID (``testing``, not ``projects/<p>/topics/testing``). Required."""
    ack_deadline: AckDeadline | None = None
    """Ack deadline of the subscription knative-gcp creates. Default: knative-gcp's (``30s``)."""
    retain_acked_messages: bool | None = None
    """Keep acknowledged messages in the subscription. Default: knative-gcp's (False)."""
    retention_duration: SourceRetention | None = None
    """How long undelivered messages are kept (and retried). Default: knative-gcp's (``168h``)."""


class CloudPubSubSource(ObjectComponent[CloudPubSubSourceArgs]):
    """A ``CloudPubSubSource``: each message of a topic as a CloudEvent
    (``google.cloud.pubsub.topic.v1.messagePublished``).

    knative-gcp's controller creates the Pub/Sub subscription (its own identity needs
    ``roles/pubsub.editor``); the data plane pulls as ``service_account_name``, whose Google
    service account needs ``roles/pubsub.subscriber`` on that generated subscription. Messages
    the sink does not accept are redelivered by Pub/Sub until ``retention_duration`` ends (the
    CRD has no delivery/dead-letter settings).

    Attributes: ``source`` (the object), ``source_name``.
    """

    TYPE = "eventing-platform:knative:CloudPubSubSource"
    ARGS = CloudPubSubSourceArgs

    def __init__(self, name: str, args: CloudPubSubSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        super().__init__(name, args, opts)
        spec = {"topic": args.topic, **args.common_spec()}
        if args.ack_deadline is not None:
            spec["ackDeadline"] = args.ack_deadline
        if args.retain_acked_messages is not None:
            spec["retainAckedMessages"] = args.retain_acked_messages
        if args.retention_duration is not None:
            spec["retentionDuration"] = args.retention_duration
        self.source = self.create_object("source", EVENTS_GCP_V1, "CloudPubSubSource", object_meta(self.source_name, args.namespace), spec)
        self.register_outputs({"source_name": self.source_name})


def _finalized_only() -> list[StorageSourceEventType]:
    """The default ``event_types`` of a CloudStorageSource: new objects only."""
    return ["google.cloud.storage.object.v1.finalized"]


class CloudStorageSourceArgs(_GcpSourceArgs):
    """Arguments of :class:`CloudStorageSource`."""

    bucket: BucketInput
    """Bucket to watch. Required."""
    event_types: list[StorageSourceEventType] = Field(default_factory=_finalized_only)
    """Event types to emit. Default: only ``...object.v1.finalized`` (new objects); an empty
    list means every type."""
    object_name_prefix: Annotated[str, Field(min_length=1)] | None = None
    """Only objects whose name starts with this (the only filter knative-gcp offers). Default: all."""

    @field_validator("event_types")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists an event type more than once; list each once")
        return value


class CloudStorageSource(ObjectComponent[CloudStorageSourceArgs]):
    """A ``CloudStorageSource``: object events of a bucket as CloudEvents.

    knative-gcp's controller creates the bucket notification and a topic for it; the data plane
    pulls as ``service_account_name`` (``roles/pubsub.subscriber`` needed). Attributes:
    ``source`` (the object), ``source_name``.
    """

    TYPE = "eventing-platform:knative:CloudStorageSource"
    ARGS = CloudStorageSourceArgs

    def __init__(self, name: str, args: CloudStorageSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        super().__init__(name, args, opts)
        spec = {"bucket": args.bucket, **args.common_spec()}
        if args.event_types:
            spec["eventTypes"] = list(args.event_types)
        if args.object_name_prefix is not None:
            spec["objectNamePrefix"] = args.object_name_prefix
        self.source = self.create_object("source", EVENTS_GCP_V1, "CloudStorageSource", object_meta(self.source_name, args.namespace), spec)
        self.register_outputs({"source_name": self.source_name})
