"""Workloads wired to an endpoint they cannot reach from where they run.

A wire is a problem when none of the networks the endpoint answers on is one the workload
reaches. A workload whose networks the plan does not fully show (pods of a cluster the program
does not create) is reported only for endpoints that answer on no network at all, or inside
another cluster: the rest may be reachable.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventing_platform.engine import PlanRecord

from .endpoints import find_endpoints
from .model import Endpoint, Placement, Wire, describe_networks
from .placements import find_placements
from .wiring import find_wires


@dataclass(frozen=True)
class Unreachable:
    """A workload given an endpoint it cannot reach."""

    placement: Placement
    """The workload, where it runs and what it reaches."""
    endpoint: Endpoint
    """The endpoint, and where it answers."""
    host: str
    """The host name it is given."""
    via: str
    """How it is given."""

    @property
    def message(self) -> str:
        """One line naming both ends."""
        reaches = describe_networks(self.placement.networks)
        answers = describe_networks(self.endpoint.reachable_from)
        return (f"{self.placement.what}, which reaches {reaches}, is given {self.endpoint.what} ({self.host}) through "
                f"{self.via}, which answers on {answers} only")

    @property
    def fix(self) -> str:
        """How to make it reachable."""
        return "; or ".join(f for f in (self.endpoint.fix, self.placement.fix) if f) or "wire an endpoint the workload can reach"


def _unreachable(wire: Wire, endpoint: Endpoint) -> bool:
    if endpoint.reachable_from & wire.placement.networks:
        return False
    if wire.placement.complete:
        return True
    inside_other = all(n.startswith("cluster:") for n in endpoint.reachable_from)
    return not endpoint.reachable_from or inside_other


def unreachable(record: PlanRecord) -> list[Unreachable]:
    """Every unreachable wiring of a plan, once per (workload, endpoint), in record order."""
    placements = find_placements(record)
    endpoints = find_endpoints(record, {p: c.vpc for p, c in placements.clusters.items() if c.vpc})
    found: dict[tuple[str, str, str], Unreachable] = {}
    matching: dict[str, list[Endpoint]] = {}
    for wire in find_wires(record, placements):
        if wire.host not in matching:
            matching[wire.host] = [e for e in endpoints if e.host.fullmatch(wire.host)]
        for endpoint in matching[wire.host]:
            if _unreachable(wire, endpoint):
                key = (wire.placement.urn, wire.placement.what, endpoint.what)
                found.setdefault(key, Unreachable(wire.placement, endpoint, wire.host, wire.via))
    return list(found.values())
