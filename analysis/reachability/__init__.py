"""Whether each workload of a planned program can reach the endpoints it is given.

    endpoints = find_endpoints(record)        # addresses and the networks they answer on
    placements = find_placements(record)      # workloads and the networks they can reach
    problems = unreachable(record)            # workloads wired to an endpoint they cannot reach
"""

from .endpoints import find_endpoints
from .model import INTERNET, Endpoint, Placement, Wire, cluster_network, vpc_network
from .placements import find_placements
from .problems import Unreachable, unreachable
from .wiring import find_wires

__all__ = [
    "INTERNET",
    "Endpoint",
    "Placement",
    "Unreachable",
    "Wire",
    "cluster_network",
    "find_endpoints",
    "find_placements",
    "find_wires",
    "unreachable",
    "vpc_network",
]
