"""Scenario k8s-events (seed 004): Kubernetes events -> ApiServerSource -> Channel -> Knative Service.

The seed's ``KubernetesEventSource``, ``v1alpha1`` Channel with a provisioner and ``runLatest``
Service are rendered as today's APIs: ``sources.knative.dev/v1`` ApiServerSource,
``messaging.knative.dev/v1`` Channel and Subscription, ``serving.knative.dev/v1`` Service.

The seed watched every Event of ``default`` with ``mode: Resource``, where its subscriber ran with
min-scale 0: each delivery scaled the subscriber up and back down, and those Events were
delivered to it again (its sample event is one). Here the source watches namespaces the
subscriber does not run in by default (``watched_namespaces``: ``k8s-events-watched``, created
by the stack; the seed's ``['default']`` works too), with its ``mode`` from config; watching the
subscriber's own namespace is reported by ``plan`` as a loop
(:mod:`eventing_platform.analysis.flow.cluster_loops`). The source's ServiceAccount may read
Events in each watched namespace only (a ClusterRole only for ``['*']``).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pulumi
from pydantic import AfterValidator, Field, SecretStr, model_validator

from eventing_platform.kinds.catalogue import MESSAGING, SERVING, SOURCES
from eventing_platform.knative import (
    ApiServerSource,
    ApiServerSourceArgs,
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
    Subscription,
    SubscriptionArgs,
)
from eventing_platform.knative.delivery import IsoDuration
from eventing_platform.knative.sources.apiserver import ALL_NAMESPACES
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import (
    AppNamespace,
    check_dns_label,
    system_namespace_reason,
)

from .config import HttpUrl, StackConfig
from .images import EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    install_knative_field,
    install_knative_kafka_field,
    knative_prerequisites,
    provided_kinds_field,
)

WORKLOAD_SA = "knative-eventing-demo"
"""The services' own ServiceAccount: no API access (only the source's ``events-sa`` watches events)."""
DEFAULT_WATCHED = "k8s-events-watched"
"""The namespace the source watches by default: one the subscriber does not run in."""


def _watched(value: str) -> str:
    return value if value == ALL_NAMESPACES else check_dns_label(value)


WatchedNamespace = Annotated[str, AfterValidator(_watched)]
"""A namespace name, or ``*`` for every namespace."""


class Config(StackConfig):
    """Config of the k8s-events stack (keys under ``eventing-platform:``)."""

    namespace: AppNamespace = Field("k8s-events", description="Namespace of every object of the stack (created unless create_namespace is false); never a system namespace (kube-*, knative-*, default, ...). Default 'k8s-events'.")
    create_namespace: bool = create_namespace_field()
    install_knative: bool = install_knative_field("the Knative Operator's Helm chart v1.23.0 with KnativeServing and KnativeEventing 1.23.0")
    install_knative_kafka: bool = install_knative_kafka_field("KafkaChannel, with channel=kafka")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field()
    image: PinnedImage = Field(EVENT_DISPLAY_IMAGE, description="Image of the demo service that logs each event; pinned tag or digest, never ':latest'. Default Knative's event_display by digest (the seed's gswk/knative-eventing-demo is only published as :latest).")
    channel: Literal["in-memory", "kafka"] | None = Field(None, description="Channel implementation. Default: 'in-memory' in dev, 'kafka' in prod (durable).")
    mode: Literal["Reference", "Resource"] = Field("Reference", description="What each event carries: 'Reference' (the changed object's kind, name and namespace) or 'Resource' (the whole object, as the seed). Default 'Reference'.")
    watched_namespaces: Annotated[list[WatchedNamespace], Field(min_length=1)] = Field(default_factory=lambda: [DEFAULT_WATCHED], description="Namespaces whose Events the source watches (its namespaceSelector, JSON list), or ['*'] for every namespace. The subscriber runs in `namespace`: watching that one too makes a loop (its own scaling emits Events there), which `plan` reports. Default ['k8s-events-watched'], a namespace the stack creates; the seed watched ['default'].")
    create_watched_namespaces: bool = Field(True, description="Create the watched namespaces that are not system namespaces (with Pod Security labels); false when they exist already. Default true.")
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of the target cluster (secret: set with `pulumi config set --secret`). Default: the ambient kubeconfig.")
    delivery_retry: Annotated[int, Field(ge=1, le=100)] = Field(5, description="Retries per event before it goes to the dead-letter sink. Default 5.")
    delivery_backoff_policy: Literal["linear", "exponential"] = Field("exponential", description="Backoff between retries. Default 'exponential'.")
    delivery_backoff_delay: IsoDuration = Field("PT0.5S", description="Base backoff delay (ISO-8601). Default 'PT0.5S'.")
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL. Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")
    min_scale: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="Minimum replicas of the demo service. Default 0.")
    max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(5, description="Maximum replicas of the demo service. Default 5.")

    @model_validator(mode="after")
    def _scale_bounds(self) -> Config:
        if ALL_NAMESPACES in self.watched_namespaces and len(self.watched_namespaces) > 1:
            raise ValueError(f"watched_namespaces {self.watched_namespaces}: '*' watches every namespace; list it alone")
        if len(set(self.watched_namespaces)) != len(self.watched_namespaces):
            raise ValueError(f"watched_namespaces {self.watched_namespaces} repeat a namespace; list each once")
        if self.min_scale > self.max_scale:
            raise ValueError(f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); lower min_scale or raise max_scale")
        if self.stage == "prod" and self.channel == "in-memory":
            raise ValueError("channel 'in-memory' loses events and is for dev only; use channel=kafka in prod")
        return self

    @property
    def channel_kind(self) -> Literal["in-memory", "kafka"]:
        """The channel implementation after applying the stage default."""
        return self.channel or ("kafka" if self.stage == "prod" else "in-memory")


def build(config: Config) -> dict[str, Any]:
    """Build the k8s-events stack; every args object is validated before anything is registered."""
    ns = config.namespace
    dead_letter_uri = config.dead_letter_uri
    dead_letter_args = None if dead_letter_uri else KnativeServiceArgs(
        image=config.image, namespace=ns, service_name="dead-letter",
        service_account_name=WORKLOAD_SA, cluster_local=True,
        scaling=ScalingPolicy(min_scale=0, max_scale=2),
    )
    dead_letter = Destination.url(dead_letter_uri) if dead_letter_uri else Destination.service("dead-letter", ns)
    delivery = DeliveryPolicy(
        retry=config.delivery_retry,
        backoff_policy=config.delivery_backoff_policy,
        backoff_delay=config.delivery_backoff_delay,
        dead_letter_sink=dead_letter,
    )
    service_args = KnativeServiceArgs(
        image=config.image, namespace=ns, service_name="knative-eventing-demo",
        service_account_name=WORKLOAD_SA, cluster_local=True,
        scaling=ScalingPolicy(min_scale=config.min_scale, max_scale=config.max_scale),
    )
    channel_args = ChannelArgs(
        channel_name="knative-eventing-demo-channel", namespace=ns,
        kind=config.channel_kind, delivery=delivery,
    )
    channel_dest = Destination.channel("knative-eventing-demo-channel", ns)
    every = config.watched_namespaces == [ALL_NAMESPACES]
    source_args = ApiServerSourceArgs(
        source_name="k8sevents", namespace=ns, service_account_name="events-sa", sink=channel_dest,
        mode=config.mode, watched_namespaces=list(config.watched_namespaces),
    )
    identity_args = ServiceAccountWithRoleArgs(
        namespace=ns, needs=source_args.access_needs(), service_account_name="events-sa",
        role_name="event-watcher", role_binding_name="k8s-ra-event-watcher",
        role_namespaces=[] if every else list(config.watched_namespaces), cluster_wide=every,
    )
    watched_args = {
        w: NamespaceArgs(namespace_name=w) for w in config.watched_namespaces
        if config.create_watched_namespaces and w not in (ALL_NAMESPACES, ns) and system_namespace_reason(w) is None
    }
    subscription_args = SubscriptionArgs(
        subscription_name="knative-eventing-demo-subscription", namespace=ns,
        channel=channel_dest.ref, subscriber=Destination.service("knative-eventing-demo", ns),
        delivery=delivery,
    )

    workload_identity_args = ServiceAccountWithRoleArgs(namespace=ns, service_account_name=WORKLOAD_SA)

    opts = cluster_options("k8s-events", config.kubeconfig)
    kafka = config.channel_kind == "kafka"
    prerequisites = knative_prerequisites(
        "k8s-events", install_knative=config.install_knative, kafka_parts=["channel"] if kafka else [],
        install_kafka=config.install_knative_kafka, k8s_opts=opts,
    )
    in_ns = opts
    if config.create_namespace:
        namespace = Namespace("k8s-events", NamespaceArgs(namespace_name=ns), opts)
        in_ns = _after(opts, [namespace])
    watched = [Namespace(f"watched-{w}", a, opts) for w, a in watched_args.items()]
    identity = ServiceAccountWithRole("events-sa", identity_args, _after(in_ns, watched))
    workload_identity = ServiceAccountWithRole(WORKLOAD_SA, workload_identity_args, in_ns)
    serving = prerequisites.depends_on(SERVING, "Service")
    service = KnativeService("knative-eventing-demo", service_args, _after(in_ns, [workload_identity, *serving]))
    if dead_letter_args is not None:
        KnativeService("dead-letter", dead_letter_args, _after(in_ns, [workload_identity, *serving]))
    channel_needs = ("eventing-kafka-channel",) if kafka else ()
    channel = Channel("knative-eventing-demo-channel", channel_args, _after(in_ns, prerequisites.depends_on(MESSAGING, "Channel", *channel_needs)))
    source = ApiServerSource("k8sevents", source_args, _after(in_ns, [identity, channel, *prerequisites.depends_on(SOURCES, "ApiServerSource")]))
    Subscription("knative-eventing-demo-subscription", subscription_args, _after(in_ns, [channel, service, *prerequisites.depends_on(MESSAGING, "Subscription")]))
    return {
        "namespace": ns,
        "service_url": service.url,
        "channel_url": channel.url,
        "channel_kind": config.channel_kind,
        "source_name": source.source_name,
        "watched_namespaces": list(config.watched_namespaces),
    }


def _after(opts: pulumi.ResourceOptions, deps: list[pulumi.Resource]) -> pulumi.ResourceOptions:
    return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=deps))
