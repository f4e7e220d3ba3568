"""Scenario gcs-vision (seed 002): Cloud Storage -> Pub/Sub ``testing`` -> Eventarc -> Channel ->
Subscriptions -> Knative Services ``message-dumper`` and ``vision`` on GKE.

The seed's ``GcpPubSubSource`` with a ``google-cloud-key`` key-file Secret, its ``v1alpha1``
Channel with a provisioner and its ``runLatest`` Services become today's APIs:
``messaging.knative.dev/v1`` Channel and Subscriptions, ``serving.knative.dev/v1`` Services, and,
between the topic and the Channel, the path ``event_path`` chooses:

- ``eventarc`` (default): an Eventarc trigger (Google-maintained; GKE destinations are Preview)
  delivers each message as the same ``messagePublished`` CloudEvent to the Channel's Service
  (:mod:`eventing_platform.gcp.eventarc`);
- ``knative-gcp``: knative-gcp's ``events.cloud.google.com/v1`` CloudPubSubSource with Workload
  Identity, as the seed had it; knative-gcp is archived upstream (its last release is v0.23.0,
  2021), so this is for clusters that run it already (``provided_kinds``) or
  ``install_knative_gcp=true``.

No service-account key is created anywhere. The stack installs its prerequisites: Knative
Serving and Eventing through the Knative Operator's Helm chart (``install_knative``), and in
prod KafkaChannel from eventing-kafka-broker's release (``install_knative_kafka``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pulumi
from pydantic import Field, SecretStr, ValidationInfo, field_validator

from eventing_platform.gcp import (
    BucketNotification,
    BucketNotificationArgs,
    GcsBucket,
    GcsBucketArgs,
    GkeAutopilotCluster,
    GkeAutopilotClusterArgs,
    IamGrant,
    LifecycleRule,
    ProjectServices,
    ProjectServicesArgs,
    PubSubTopic,
    PubSubTopicArgs,
    WorkloadIdentity,
    WorkloadIdentityArgs,
)
from eventing_platform.gcp.eventarc import EVENTARC_API, EventarcGkeTrigger, EventarcGkeTriggerArgs
from eventing_platform.gcp.names import (
    BucketName,
    Cidr,
    ClusterName,
    ProjectId,
    Region,
    ServiceAccountId,
    TopicId,
)
from eventing_platform.gcp.notification import StorageEventType
from eventing_platform.kinds.addresses import channel_service_name
from eventing_platform.kinds.catalogue import GOOGLE_EVENTS, MESSAGING, SERVING
from eventing_platform.knative import (
    Channel,
    ChannelArgs,
    CloudPubSubSource,
    CloudPubSubSourceArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    Subscription,
    SubscriptionArgs,
)
from eventing_platform.knative.delivery import IsoDuration
from eventing_platform.knative.gcp_install import KnativeGcpInstall, KnativeGcpInstallArgs
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    Resources,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace

from .config import HttpUrl, StackConfig, bounded_text, secret_output
from .images import EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    declared,
    install_knative_field,
    install_knative_kafka_field,
    knative_prerequisites,
    provided_kinds_field,
)

STACK = "gcs-vision"
VISION_IMAGE = "docker.io/meteatamel/vision:v1"
"""The Vision API labeller of the seed's author (knative-tutorial), at its published tag."""

CHANNEL = "pubsub-test"
TRIGGER = "testing-to-channel"
"""The Eventarc trigger (event_path=eventarc)."""
SOURCE = "testing-source"
SOURCE_KSA = "pubsub-source"
VISION_KSA = "vision"
DISPLAY_KSA = "event-display"
"""Kubernetes service account of message-dumper and dead-letter: no Google identity at all."""

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
    event_types: Annotated[list[StorageEventType], Field(min_length=1)] = Field(default_factory=lambda: ["OBJECT_FINALIZE"], description="Cloud Storage events sent to the topic (JSON list). Default ['OBJECT_FINALIZE'] (new images).")
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
        extra = ["container.googleapis.com"] if self.cluster == "autopilot" else []
        if self.event_path == "eventarc":
            extra.append(EVENTARC_API)
        return sorted([*BASE_SERVICES, *extra])


def _merge(*opts: pulumi.ResourceOptions | None, depends_on: list[pulumi.Resource] | None = None) -> pulumi.ResourceOptions:
    merged = pulumi.ResourceOptions()
    for o in opts:
        merged = pulumi.ResourceOptions.merge(merged, o)
    if depends_on:
        merged = pulumi.ResourceOptions.merge(merged, pulumi.ResourceOptions(depends_on=depends_on))
    return merged


def build(config: Config) -> dict[str, Any]:
    """Build the gcs-vision stack; every args object is validated before anything is registered."""
    project, ns, prod = config.project, config.namespace, config.stage == "prod"
    labels = {"app": STACK, "stage": config.stage}
    knative_gcp = config.event_path == "knative-gcp"
    kafka = config.channel_kind == "kafka"

    # Google Cloud side.
    services_args = ProjectServicesArgs(project=project, services=config.services)
    bucket_args = GcsBucketArgs(
        bucket_name=config.bucket, project=project, location=config.region, labels=labels,
        lifecycle_rules=[
            LifecycleRule.delete_noncurrent_after(config.noncurrent_version_days),
            LifecycleRule.abort_incomplete_uploads_after(7),
        ],
        deletion_protection=prod,
    )
    topic_args = PubSubTopicArgs(topic_name=config.topic, project=project, labels=labels)
    notification_args = BucketNotificationArgs(
        bucket=config.bucket, project=project, topic=config.topic,
        event_types=config.event_types, object_name_prefix=config.object_prefix,
        custom_attributes={"stack": STACK},
    )
    cluster_args = GkeAutopilotClusterArgs(
        project=project, region=config.region, cluster_name=config.cluster_name,
        deletion_protection=prod, master_authorized_networks=config.master_authorized_networks,
        resource_labels=labels,
    ) if config.cluster == "autopilot" else None
    # The knative-gcp controller names the source's subscription itself (cre-src_<ns>_<name>_<uid>),
    # so the data plane's subscriber role cannot be scoped to one subscription in advance.
    source_identity_args = WorkloadIdentityArgs(
        project=project, account_id=config.source_service_account, namespace=ns,
        kubernetes_service_account=SOURCE_KSA, display_name="gcs-vision CloudPubSubSource",
        grants=[IamGrant.project("roles/pubsub.subscriber")],
    ) if knative_gcp else None
    vision_identity_args = WorkloadIdentityArgs(
        project=project, account_id=config.vision_service_account, namespace=ns,
        kubernetes_service_account=VISION_KSA, display_name="gcs-vision vision service",
        grants=[IamGrant.bucket(config.bucket, "roles/storage.objectViewer")],
    )
    trigger_args = EventarcGkeTriggerArgs(
        project=project, location=config.region, topic=config.topic, cluster=config.cluster_name,
        cluster_location=config.region, namespace=ns, service=channel_service_name(CHANNEL), path="/",
        trigger_name=TRIGGER, service_account_id=config.eventarc_service_account,
        max_attempts=config.delivery_retry,
    ) if not knative_gcp else None

    # Knative side: every hop retries and ends in a dead-letter sink.
    dead_letter = Destination.url(config.dead_letter_uri) if config.dead_letter_uri else Destination.service("dead-letter", ns)
    delivery = DeliveryPolicy(
        retry=config.delivery_retry, backoff_policy=config.delivery_backoff_policy,
        backoff_delay=config.delivery_backoff_delay, dead_letter_sink=dead_letter,
    )
    # knative-gcp's adapter pods predate the 'restricted' Pod Security profile: 'baseline' for them.
    namespace_args = NamespaceArgs(namespace_name=ns, pod_security="baseline" if knative_gcp else "restricted")
    display_sa_args = ServiceAccountWithRoleArgs(namespace=ns, service_account_name=DISPLAY_KSA)
    dumper_args = KnativeServiceArgs(
        image=config.message_dumper_image, namespace=ns, service_name="message-dumper",
        service_account_name=DISPLAY_KSA, cluster_local=True, scaling=ScalingPolicy(min_scale=0, max_scale=3),
    )
    dead_letter_args = None if config.dead_letter_uri else KnativeServiceArgs(
        image=config.message_dumper_image, namespace=ns, service_name="dead-letter",
        service_account_name=DISPLAY_KSA, cluster_local=True, scaling=ScalingPolicy(min_scale=0, max_scale=2),
    )
    vision_args = KnativeServiceArgs(
        image=config.vision_image, namespace=ns, service_name="vision",
        service_account_name=VISION_KSA, cluster_local=True,
        scaling=ScalingPolicy(min_scale=config.vision_min_scale, max_scale=config.vision_max_scale),
        resources=Resources.fixed("500m", "512Mi"),
        # A .NET app: with a read-only root filesystem the runtime must not open its diagnostics
        # IPC socket under /tmp.
        env={"DOTNET_EnableDiagnostics": "0"},
    )
    channel_args = ChannelArgs(channel_name=CHANNEL, namespace=ns, kind=config.channel_kind, delivery=delivery)
    channel_dest = Destination.channel(CHANNEL, ns)
    source_args = CloudPubSubSourceArgs(
        source_name=SOURCE, namespace=ns, topic=config.topic, project=project,
        service_account_name=SOURCE_KSA, sink=channel_dest,
    ) if knative_gcp else None
    subscription_args = {
        name: SubscriptionArgs(
            subscription_name=f"{name}-subscription", namespace=ns, channel=channel_dest.ref,
            subscriber=Destination.service(name, ns), delivery=delivery,
        )
        for name in ("message-dumper", "vision")
    }

    # Register: APIs first, then everything that needs them.
    services = ProjectServices(f"{STACK}-apis", services_args)
    on_apis = pulumi.ResourceOptions(depends_on=[services])
    bucket = GcsBucket("images", bucket_args, on_apis)
    topic = PubSubTopic("topic", topic_args, on_apis)  # the topic id may hold % or +: not a resource name
    notification = BucketNotification("images-to-topic", notification_args, _merge(on_apis, depends_on=[bucket, topic]))
    outputs: dict[str, Any] = {}
    if cluster_args is not None:
        cluster = GkeAutopilotCluster(config.cluster_name, cluster_args, on_apis)
        k8s_opts = pulumi.ResourceOptions(providers=[cluster.provider])
        outputs.update(cluster_name=cluster.cluster.name, cluster_endpoint=cluster.endpoint, kubeconfig=cluster.kubeconfig)
        cluster_deps: list[pulumi.Resource] = [cluster]
    else:
        k8s_opts = cluster_options(STACK, config.kubeconfig)
        if config.kubeconfig is not None:
            outputs["kubeconfig"] = secret_output(config.kubeconfig)
        cluster_deps = []
    prerequisites = knative_prerequisites(
        STACK, install_knative=config.install_knative, kafka_parts=["channel"] if kafka else [],
        install_kafka=config.install_knative_kafka, k8s_opts=k8s_opts, cluster=cluster_deps,
    )
    if knative_gcp and config.install_knative_gcp:
        gcp_install = KnativeGcpInstall(f"{STACK}-knative-gcp", KnativeGcpInstallArgs(),
                                        _merge(k8s_opts, depends_on=[*cluster_deps, *prerequisites.depends_on(GOOGLE_EVENTS, "CloudPubSubSource")]))
        prerequisites.add(gcp_install.provides, gcp_install)

    in_ns = _merge(k8s_opts, depends_on=cluster_deps)
    if config.create_namespace:
        namespace = Namespace(STACK, namespace_args, k8s_opts)
        in_ns = _merge(k8s_opts, depends_on=[namespace])
    vision_identity = WorkloadIdentity("vision-identity", vision_identity_args, _merge(in_ns, depends_on=[services, bucket, *cluster_deps]))
    display_sa = ServiceAccountWithRole(DISPLAY_KSA, display_sa_args, in_ns)

    serving = prerequisites.depends_on(SERVING, "Service")
    dumper = KnativeService("message-dumper", dumper_args, _merge(in_ns, depends_on=[display_sa, *serving]))
    vision = KnativeService("vision", vision_args, _merge(in_ns, depends_on=[vision_identity, *serving]))
    if dead_letter_args is not None:
        KnativeService("dead-letter", dead_letter_args, _merge(in_ns, depends_on=[display_sa, *serving]))
    channel_needs = ("eventing-kafka-channel",) if kafka else ()
    channel = Channel(CHANNEL, channel_args, _merge(in_ns, depends_on=prerequisites.depends_on(MESSAGING, "Channel", *channel_needs)))
    if source_identity_args is not None and source_args is not None:
        source_identity = WorkloadIdentity("source-identity", source_identity_args, _merge(in_ns, depends_on=[services, *cluster_deps]))
        source = CloudPubSubSource(SOURCE, source_args, _merge(
            in_ns, depends_on=[source_identity, channel, topic, *prerequisites.depends_on(GOOGLE_EVENTS, "CloudPubSubSource")]))
        outputs.update(source_name=source.source_name, source_service_account=source_identity.email)
    else:
        assert trigger_args is not None
        trigger = EventarcGkeTrigger(TRIGGER, trigger_args, _merge(on_apis, depends_on=[topic, channel, *cluster_deps]))
        outputs.update(eventarc_trigger=trigger.trigger_name, eventarc_service_account=trigger.service_account.email)
    subscriptions = prerequisites.depends_on(MESSAGING, "Subscription")
    for name, service in (("message-dumper", dumper), ("vision", vision)):
        Subscription(f"{name}-subscription", subscription_args[name], _merge(in_ns, depends_on=[channel, service, *subscriptions]))

    return {
        "project": project,
        "bucket": bucket.bucket_name,
        "bucket_url": bucket.url,
        "topic": topic.topic_name,
        "topic_path": topic.path,
        "notification_topic": notification.topic_name,
        "namespace": ns,
        "event_path": config.event_path,
        "channel_kind": config.channel_kind,
        "channel_url": channel.url,
        "message_dumper_url": dumper.url,
        "vision_url": vision.url,
        "vision_service_account": vision_identity.email,
        **outputs,
    }
