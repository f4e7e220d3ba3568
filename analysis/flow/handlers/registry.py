"""How kinds become parts of the flow graph: handlers registered per phase and per kind.

A handler takes the :class:`~eventing_platform.analysis.flow.context.FlowContext` and one
recorded resource and adds the nodes, addresses and edges that resource stands for. The
extractor runs the :data:`PHASES` in order, each over the record in order, so every reference
resolves to what an earlier phase drew (a Trigger to its Broker, a rule target to a Service's
address). Kubernetes objects are matched by the event-flow node kind the catalogue of kinds
gives their kind (every channel implementation is a ``channel``), or by ``(group, kind)``;
other resources by type token. Passes over the whole graph run after the phases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from eventing_platform.engine import RecordedResource

from ..context import FlowContext, K8sObject

Phase = Literal["addressable", "defaults", "workloads", "producers", "cloud-routes", "routes"]
PHASES: tuple[Phase, ...] = ("addressable", "defaults", "workloads", "producers", "cloud-routes", "routes")
"""In order: ``addressable`` objects become nodes with the addresses they answer at; ``defaults``
resolves the default delivery of routers (their dead-letter sinks, once every node exists);
``workloads`` draws workloads that declare side effects; ``producers`` the clouds' buckets,
topics, queues and buses; ``cloud-routes`` EventBridge rules, storage notifications and
Pub/Sub subscriptions; ``routes`` Kubernetes sources, Triggers, Subscriptions, flows, bindings."""

ObjectHandler = Callable[[FlowContext, K8sObject], None]
"""Adds what one Kubernetes object stands for."""
ResourceHandler = Callable[[FlowContext, RecordedResource], None]
"""Adds what one recorded cloud resource stands for."""
GraphPass = Callable[[FlowContext], None]
"""Adds edges derived from the whole graph (replies, dead letters, ...)."""

H = TypeVar("H")


@dataclass
class HandlerRegistry:
    """Every handler, by phase and key; filled by the domain modules when they are imported."""

    by_node_kind: dict[tuple[Phase, str], ObjectHandler] = field(default_factory=dict)
    """(phase, event-flow node kind of the object's kind) -> handler."""
    by_group_kind: dict[tuple[Phase, tuple[str, str]], ObjectHandler] = field(default_factory=dict)
    """(phase, (group, kind)) -> handler, for kinds matched by name (they win over node kinds)."""
    by_type: dict[tuple[Phase, str], ResourceHandler] = field(default_factory=dict)
    """(phase, Pulumi type token) -> handler of a cloud resource."""
    graph_passes: list[tuple[int, GraphPass]] = field(default_factory=list)
    """``(order, pass)`` run over the whole graph after the phases, lowest order first."""

    def objects(self, phase: Phase, *node_kinds: str) -> Callable[[ObjectHandler], ObjectHandler]:
        """Decorator: handle Kubernetes objects whose kind the catalogue draws as ``node_kinds``."""
        return self._add(self.by_node_kind, [(phase, k) for k in node_kinds])

    def kinds(self, phase: Phase, *group_kinds: tuple[str, str]) -> Callable[[ObjectHandler], ObjectHandler]:
        """Decorator: handle Kubernetes objects of the given ``(group, kind)`` (any version)."""
        return self._add(self.by_group_kind, [(phase, gk) for gk in group_kinds])

    def resources(self, phase: Phase, *type_tokens: str) -> Callable[[ResourceHandler], ResourceHandler]:
        """Decorator: handle recorded resources of the given type tokens."""
        return self._add(self.by_type, [(phase, t) for t in type_tokens])

    def graph_pass(self, order: int) -> Callable[[GraphPass], GraphPass]:
        """Decorator: run a pass over the whole graph after the phases (by ``order``)."""
        def register(fn: GraphPass) -> GraphPass:
            self.graph_passes.append((order, fn))
            return fn

        return register

    @staticmethod
    def _add(table: dict[tuple[Phase, H], Callable[..., None]], keys: list[tuple[Phase, H]]) -> Callable[[Callable[..., None]], Callable[..., None]]:
        def register(fn: Callable[..., None]) -> Callable[..., None]:
            for key in keys:
                if key in table:
                    raise ValueError(f"two flow handlers for {key}")
                table[key] = fn
            return fn

        return register

    def object_handler(self, phase: Phase, o: K8sObject) -> ObjectHandler | None:
        """The handler of a Kubernetes object in ``phase`` (None: it adds nothing then)."""
        found = self.by_group_kind.get((phase, (o.group, o.kind)))
        if found is None and o.catalogued is not None and o.catalogued.node_kind is not None:
            found = self.by_node_kind.get((phase, o.catalogued.node_kind))
        return found


REGISTRY = HandlerRegistry()
"""The handlers of every domain (see :mod:`eventing_platform.analysis.flow.handlers`)."""
