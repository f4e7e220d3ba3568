"""Address conventions: the URL at which Knative and Kubernetes make each addressable object reachable.

These are the addresses the controllers put in ``status.address.url`` (or ``status.url``); the
components fall back to them while the status is unknown, the offline engine reports them as
outputs and the flow extractor resolves URLs back to the objects they address.
"""

from __future__ import annotations

CLUSTER_DOMAIN = "svc.cluster.local"
"""The cluster's DNS domain for Services."""

KNATIVE_DEFAULT_DOMAIN = "example.com"
"""The domain of Knative Service URLs when the cluster configures none (``config-domain``)."""

VISIBILITY_LABEL = "networking.knative.dev/visibility"
"""The label that makes a Knative Service reachable only inside the cluster (value :data:`CLUSTER_LOCAL`)."""
CLUSTER_LOCAL = "cluster-local"
"""The value of :data:`VISIBILITY_LABEL` for a cluster-local Knative Service."""

BROKER_INGRESS_HOST = f"broker-ingress.knative-eventing.{CLUSTER_DOMAIN}"
"""The multi-tenant broker ingress every Broker is addressed through (by path ``/<ns>/<name>``)."""


def service_host(name: str, namespace: str) -> str:
    """The cluster DNS name of a Kubernetes Service: ``<name>.<ns>.svc.cluster.local``."""
    return f"{name}.{namespace}.{CLUSTER_DOMAIN}"


def service_host_aliases(name: str, namespace: str) -> tuple[str, ...]:
    """Every name a Service answers to in the cluster: the full DNS name, ``<name>.<ns>.svc``
    and ``<name>.<ns>``."""
    return service_host(name, namespace), f"{name}.{namespace}.svc", f"{name}.{namespace}"


def service_url(name: str, namespace: str) -> str:
    """``http://<name>.<ns>.svc.cluster.local``: a Kubernetes Service, or a Knative Service's
    cluster-local address (``status.address.url``)."""
    return f"http://{service_host(name, namespace)}"


def knative_service_url(name: str, namespace: str, cluster_local: bool = False, domain: str = KNATIVE_DEFAULT_DOMAIN) -> str:
    """A Knative Service's ``status.url``: ``http://<name>.<ns>.<domain>``, or its cluster-local
    address when it is labelled ``networking.knative.dev/visibility: cluster-local``."""
    return service_url(name, namespace) if cluster_local else f"http://{name}.{namespace}.{domain}"


def broker_url(name: str, namespace: str) -> str:
    """A Broker's address: ``http://broker-ingress.knative-eventing.svc.cluster.local/<ns>/<name>``."""
    return f"http://{BROKER_INGRESS_HOST}/{namespace}/{name}"


def channel_service_name(name: str) -> str:
    """The Kubernetes Service in front of a channel: ``<name>-kn-channel``."""
    return f"{name}-kn-channel"


def channel_url(name: str, namespace: str) -> str:
    """A channel's address (Channel, InMemoryChannel, KafkaChannel): ``http://<name>-kn-channel.<ns>.svc.cluster.local``."""
    return f"http://{service_host(channel_service_name(name), namespace)}"


def sequence_url(name: str, namespace: str) -> str:
    """A Sequence's address: the channel in front of its first step, which Knative names
    ``<sequence>-kn-sequence-0``."""
    return channel_url(f"{name}-kn-sequence-0", namespace)


def parallel_url(name: str, namespace: str) -> str:
    """A Parallel's address: its ingress channel, which Knative names ``<parallel>-kn-parallel``."""
    return channel_url(f"{name}-kn-parallel", namespace)
