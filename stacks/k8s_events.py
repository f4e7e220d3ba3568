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

from typing import Any

import pulumi

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
from eventing_platform.knative.sources.apiserver import ALL_NAMESPACES
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.names import system_namespace_reason

# The config model and its defaults live apart, free of SDK imports (``schema`` loads only them).
from .configs.k8s_events import DEFAULT_WATCHED as DEFAULT_WATCHED
from .configs.k8s_events import Config
from .configs.k8s_events import WatchedNamespace as WatchedNamespace
from .images import EVENT_DISPLAY_IMAGE as EVENT_DISPLAY_IMAGE
from .kubernetes_target import cluster_options
from .prerequisites import knative_prerequisites

WORKLOAD_SA = "knative-eventing-demo"
"""The services' own ServiceAccount: no API access (only the source's ``events-sa`` watches events)."""


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
