"""Config keys of the gcs-vision stack (no provider SDK: ``schema`` imports only this;
:mod:`stacks.gcs_vision` builds the stack from it)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator

from eventing_platform.events.gcs_events import StorageNotificationType
from eventing_platform.gcp.names import (
    BucketName,
    Cidr,
    ClusterName,
    ProjectId,
    Region,
    ServiceAccountId,
    TopicId,
)
from eventing_platform.kinds.formats import IsoDuration
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace

from ..config import HttpUrl, StackConfig, bounded_text
from ..images import EVENT_DISPLAY_IMAGE
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    declared,
    install_knative_field,
    install_knative_kafka_field,
    provided_kinds_field,
)

VISION_IMAGE = "docker.io/meteatamel/vision:v1"
"""The Vision API labeller of the seed's author (knative-tutorial), at its published tag."""

BASE_SERVICES = (
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "pubsub.googleapis.com",
    "storage.googleapis.com",
    "vision.googleapis.com",
)
"""APIs every deployment needs: service accounts and Workload Identity tokens, Pub/Sub, Cloud
Storage and the Vision API. ``container.googleapis.com`` is added when the stack makes the cluster."""


class Config(StackConfig):
    """Config of the gcs-vision stack (keys under ``eventing-platform:``)."""

    project: ProjectId = Field(description="Google Cloud project ID that holds everything. Required.")
    region: Region = Field("us-central1", description="Region of the bucket and the cluster, e.g. 'europe-west4'. Default 'us-central1'.")
    bucket: BucketName = Field(description="Name of the image bucket (globally unique). Required.")
    topic: TopicId = Field("testing", description="Pub/Sub topic the bucket notifies and the source reads. Default 'testing' (the seed's).")
    cluster: Literal["autopilot", "existing"] = Field("autopilot", description="'autopilot' creates a GKE Autopilot cluster; 'existing' deploys to a GKE cluster with Workload Identity in the same project, through `kubeconfig` or the ambient kubeconfig. Default 'autopilot'.")
    cluster_name: ClusterName = Field("knative-vision", description="Name of the Autopilot cluster (cluster=autopilot). Default 'knative-vision'.")
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of the existing cluster (cluster=existing; secret: `pulumi config set --secret`). Default: the ambient kubeconfig.")
    master_authorized_networks: list[Cidr] = Field(default_factory=list, description="CIDR blocks allowed to reach the Autopilot control plane (JSON list). Default none (any address, IAM-authenticated).")
    namespace: AppNamespace = Field("gcs-vision", description="Namespace of the Knative objects (created unless create_namespace is false); never a system namespace. Default 'gcs-vision'.")
    create_namespace: bool = create_namespace_field()
    event_path: Literal["eventarc", "knative-gcp"] = Field("eventarc", description="How the topic's messages reach the Channel: 'eventarc' (an Eventarc trigger with a GKE destination: maintained by Google, GKE destinations in Preview; the cluster needs a public endpoint and Workload Identity) or 'knative-gcp' (the seed's CloudPubSubSource; knative-gcp is archived upstream: needs install_knative_gcp=true or 'knative-gcp' in provided_kinds). Default 'eventarc'.")
    eventarc_service_account: ServiceAccountId = Field("vision-eventarc-trigger", description="Google service account ID the Eventarc trigger runs as (event_path=eventarc). Default 'vision-eventarc-trigger'.")
    install_knative: bool = install_knative_field("the Knative Operator's Helm chart v1.23.0 with KnativeServing (Kourier) and KnativeEventing 1.23.0")
    install_knative_kafka: bool = install_knative_kafka_field("KafkaChannel, with channel=kafka")
    install_knative_gcp: bool = Field(False, description="Install knative-gcp v0.23.0 (its last release; archived upstream) from its release manifest, for event_path=knative-gcp. Default false.")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field(validate_default=True)
    channel: Literal["in-memory", "kafka"] | None = Field(None, description="Channel implementation. Default: 'in-memory' in dev, 'kafka' in prod (durable).")
    object_prefix: bounded_text(1024) | None = Field(None, description="Notify only for objects whose name starts with this. Default: every object.")
    event_types: Annotated[list[StorageNotificationType], Field(min_length=1)] = Field(default_factory=lambda: ["OBJECT_FINALIZE"], description="Cloud Storage events sent to the topic (JSON list). Default ['OBJECT_FINALIZE'] (new images).")
    noncurrent_version_days: Annotated[int, Field(ge=1, le=3650)] = Field(30, description="Days a replaced or deleted image version is kept before deletion. Default 30.")
    message_dumper_image: PinnedImage = Field(EVENT_DISPLAY_IMAGE, description="Image of message-dumper, which logs each event; pinned tag or digest. Default Knative's event_display by digest.")
    vision_image: PinnedImage = Field(VISION_IMAGE, description="Image of the vision service, which labels each new image with the Vision API; pinned tag or digest. Default 'docker.io/meteatamel/vision:v1'.")
    source_service_account: ServiceAccountId = Field("vision-pubsub-source", description="Google service account ID of the CloudPubSubSource (Workload Identity). Default 'vision-pubsub-source'.")
    vision_service_account: ServiceAccountId = Field("vision-service", validate_default=True, description="Google service account ID of the vision service (Workload Identity). Default 'vision-service'.")
    vision_min_scale: Annotated[int, Field(ge=0, le=100)] = Field(0, description="Minimum replicas of the vision service. Default 0.")
    vision_max_scale: Annotated[int, Field(ge=1, le=100)] = Field(5, validate_default=True, description="Maximum replicas of the vision service. Default 5.")
    delivery_retry: Annotated[int, Field(ge=1, le=100)] = Field(5, description="Retries per event and hop before it goes to the dead-letter sink. Default 5.")
    delivery_backoff_policy: Literal["linear", "exponential"] = Field("exponential", description="Backoff between retries. Default 'exponential'.")
    delivery_backoff_delay: IsoDuration = Field("PT0.5S", description="Base backoff delay (ISO-8601). Default 'PT0.5S'.")
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL. Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")

    # Cross-key rules are field validators on the later key, so a problem is reported under
    # that key with that key's value only (a model-level error would echo every value, secrets too).
    @field_validator("kubeconfig")
    @classmethod
    def _kubeconfig_needs_existing(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is not None and info.data.get("cluster") == "autopilot":
            raise ValueError("is only used with cluster=existing; remove it, or set cluster=existing to deploy to that cluster")
        return value

    @field_validator("master_authorized_networks")
    @classmethod
    def _networks_need_autopilot(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if value and info.data.get("cluster") == "existing":
            raise ValueError("applies to the Autopilot cluster this stack creates; remove it with cluster=existing")
        return value

    @field_validator("channel")
    @classmethod
    def _durable_in_prod(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value == "in-memory" and info.data.get("stage") == "prod":
            raise ValueError("'in-memory' loses events and is for dev only; use channel=kafka in prod")
        return value

    @field_validator("vision_service_account")
    @classmethod
    def _own_identities(cls, value: str, info: ValidationInfo) -> str:
        if value == info.data.get("source_service_account"):
            raise ValueError("equals source_service_account; give each workload its own identity")
        return value

    @field_validator("install_knative_gcp")
    @classmethod
    def _gcp_install_needs_its_path(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("event_path") != "knative-gcp":
            raise ValueError("installs knative-gcp, which only event_path=knative-gcp uses; remove it or set event_path=knative-gcp")
        return value

    @field_validator("provided_kinds")
    @classmethod
    def _knative_gcp_present(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if info.data.get("event_path") == "knative-gcp" and not info.data.get("install_knative_gcp") and "knative-gcp" not in declared(value):
            raise ValueError("event_path=knative-gcp needs knative-gcp on the cluster (archived upstream): add 'knative-gcp' here "
                             "when the cluster runs it, or set install_knative_gcp=true")
        return value

    @field_validator("vision_max_scale")
    @classmethod
    def _scale_bounds(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("vision_min_scale")
        if low is not None and low > value:
            raise ValueError(f"is below vision_min_scale ({low}); lower the minimum or raise the maximum")
        return value

    @property
    def channel_kind(self) -> Literal["in-memory", "kafka"]:
        """The channel implementation after applying the stage default."""
        return self.channel or ("kafka" if self.stage == "prod" else "in-memory")

    @property
    def services(self) -> list[str]:
        """The APIs to enable."""
        from eventing_platform.gcp.eventarc import (
            EVENTARC_API,  # pulumi_gcp: read only when the stack is built
        )

        extra = ["container.googleapis.com"] if self.cluster == "autopilot" else []
        if self.event_path == "eventarc":
            extra.append(EVENTARC_API)
        return sorted([*BASE_SERVICES, *extra])
