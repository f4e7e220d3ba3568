"""Networks, endpoints (where an address answers from) and placements (what a workload can reach).

A network is a string: :data:`INTERNET`, ``vpc:<vpc id>`` (a VPC, by the id the plan records) or
``cluster:<provider URN>`` (inside one Kubernetes cluster: its Service DNS names and cluster IPs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

INTERNET = "internet"
"""The public Internet."""


def vpc_network(vpc_id: str) -> str:
    """The network of one VPC."""
    return f"vpc:{vpc_id}"


def cluster_network(provider_urn: str) -> str:
    """Inside one Kubernetes cluster (the one a provider deploys to)."""
    return f"cluster:{provider_urn}"


def describe_network(network: str) -> str:
    """``the Internet``, ``VPC <id>`` or ``inside cluster <provider name>``."""
    if network == INTERNET:
        return "the Internet"
    kind, _, value = network.partition(":")
    if kind == "vpc":
        return f"VPC {value}"
    return f"inside the cluster of provider {value.rsplit('::', 1)[-1]}"


def describe_networks(networks: Iterable[str]) -> str:
    """Networks joined with ``and``, in a stable order."""
    return " and ".join(describe_network(n) for n in sorted(networks)) or "nowhere"


@dataclass(frozen=True)
class Endpoint:
    """An address of a resource and the networks it answers on."""

    host: re.Pattern[str]
    """The host names it answers at (a full match, lowercase)."""
    what: str
    """What it is, e.g. ``the VPC SASL endpoint of alikafka instance barrage-kafka``."""
    reachable_from: frozenset[str]
    """Networks a client must be in to reach it."""
    urn: str
    """The resource it belongs to."""
    fix: str = ""
    """How a client outside those networks can reach the resource instead. Default none."""


@dataclass(frozen=True)
class Placement:
    """Where a workload runs and what it can reach from there."""

    urn: str
    """The workload (a Kubernetes object, an EventBridge rule or source)."""
    what: str
    """How it is named in messages, e.g. ``Knative Service barrage/demo-barrage on Function Compute``."""
    networks: frozenset[str]
    """Networks it can reach."""
    complete: bool = True
    """False when it may reach networks the plan does not show (a cluster the program does not
    create): then an endpoint outside :attr:`networks` is not reported."""
    fix: str = ""
    """How to run it where more is reachable. Default none."""


@dataclass(frozen=True)
class Wire:
    """A workload given an address: through an env var, a Secret key, a spec field."""

    placement: Placement
    """The workload."""
    host: str
    """The host name it is given (lowercase)."""
    via: str
    """How, e.g. ``env KAFKA_SERVER from Secret barrage-kafka-producer key bootstrapServers``."""
    hosts_of: tuple[str, ...] = field(default=())
    """Every host of the same value (a bootstrap list), for messages."""
