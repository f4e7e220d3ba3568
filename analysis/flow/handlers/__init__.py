"""The kind handlers of the event-flow extractor, one module per domain.

Importing this package registers every handler in :data:`REGISTRY`: Knative Serving and
Eventing (:mod:`.knative`), Knative flows (:mod:`.knative_flows`), event sources and
SinkBindings (:mod:`.knative_sources`), plain Kubernetes Services and Deployments
(:mod:`.kubernetes`), Alibaba Cloud (:mod:`.alicloud`), Google Cloud (:mod:`.gcp`), and the
passes over the whole graph (:mod:`.side_effects`, :mod:`.dead_letters`). A new kind needs its
catalogue entry and, if it is drawn differently from the kinds of its node kind, a handler here.
"""

from . import (
    alicloud,
    dead_letters,
    gcp,
    knative,
    knative_flows,
    knative_sources,
    kubernetes,
    side_effects,
)
from .registry import PHASES, REGISTRY, HandlerRegistry, Phase

__all__ = [
    "PHASES",
    "REGISTRY",
    "HandlerRegistry",
    "Phase",
    "alicloud",
    "dead_letters",
    "gcp",
    "knative",
    "knative_flows",
    "knative_sources",
    "kubernetes",
    "side_effects",
]
