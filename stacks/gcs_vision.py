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

from typing import Any

import pulumi

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
from eventing_platform.gcp.eventarc import EventarcGkeTrigger, EventarcGkeTriggerArgs
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
from eventing_platform.knative.gcp_install import KnativeGcpInstall, KnativeGcpInstallArgs
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    Resources,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)

from .config import secret_output

# The config model and its defaults live apart, free of SDK imports (``schema`` loads only them).
from .configs.gcs_vision import BASE_SERVICES as BASE_SERVICES
from .configs.gcs_vision import VISION_IMAGE as VISION_IMAGE
from .configs.gcs_vision import Config
from .images import EVENT_DISPLAY_IMAGE as EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import knative_prerequisites

STACK = "gcs-vision"

CHANNEL = "pubsub-test"
TRIGGER = "testing-to-channel"
"""The Eventarc trigger (event_path=eventarc)."""
SOURCE = "testing-source"
SOURCE_KSA = "pubsub-source"
VISION_KSA = "vision"
DISPLAY_KSA = "event-display"
"""Kubernetes service account of message-dumper and dead-letter: no Google identity at all."""


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
