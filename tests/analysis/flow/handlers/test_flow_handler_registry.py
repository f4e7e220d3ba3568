"""The handler registry: phases in order, every kind of the catalogue that the flow draws has a
handler, handlers are found by node kind or (group, kind), and a key is handled once."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from eventing_platform.analysis.flow.handlers import PHASES, REGISTRY, HandlerRegistry
from eventing_platform.kinds import KINDS, SOURCE_KINDS, Kind, known_kind


def _obj(group: str, kind: str, catalogued: Kind | None) -> Any:
    return SimpleNamespace(group=group, kind=kind, catalogued=catalogued)


def test_phases_run_addressable_objects_first_and_routes_last():
    assert PHASES[0] == "addressable" and PHASES[-1] == "routes"
    assert PHASES.index("defaults") < PHASES.index("workloads") < PHASES.index("producers") < PHASES.index("cloud-routes")


@pytest.mark.parametrize("kind", [k for k in KINDS if k.address is not None and not k.builtin or k.node_kind == "kubernetes-service"],
                         ids=lambda k: f"{k.group}/{k.kind}")
def test_every_addressable_kind_becomes_a_node_in_the_first_phase(kind):
    assert REGISTRY.object_handler("addressable", _obj(kind.group, kind.kind, kind)) is not None


@pytest.mark.parametrize("group_kind", sorted(SOURCE_KINDS))
def test_every_source_kind_is_routed(group_kind):
    kind = known_kind(*group_kind)
    assert REGISTRY.object_handler("routes", _obj(kind.group, kind.kind, kind)) is not None


def test_a_new_channel_kind_in_the_catalogue_is_drawn_as_a_channel_without_a_handler_of_its_own():
    natss = Kind("messaging.knative.dev", "NatssChannel", ("v1beta1",), node_kind="channel")
    assert REGISTRY.object_handler("addressable", _obj(natss.group, natss.kind, natss)) is \
        REGISTRY.object_handler("addressable", _obj("messaging.knative.dev", "Channel", known_kind("messaging.knative.dev", "Channel")))


def test_kinds_unknown_to_the_catalogue_add_nothing():
    assert all(REGISTRY.object_handler(phase, _obj("example.com", "Widget", None)) is None for phase in PHASES)


def test_a_group_kind_handler_wins_over_the_node_kind_handler():
    registry = HandlerRegistry()
    registry.objects("routes", "workload")(by_node := lambda ctx, o: None)
    registry.kinds("routes", ("apps", "Deployment"))(by_name := lambda ctx, o: None)
    deployment = known_kind("apps", "Deployment")
    assert registry.object_handler("routes", _obj("apps", "Deployment", deployment)) is by_name
    assert registry.object_handler("routes", _obj("batch", "Job", known_kind("batch", "Job"))) is by_node


def test_a_key_is_handled_once():
    registry = HandlerRegistry()
    registry.resources("producers", "gcp:pubsub/topic:Topic")(lambda ctx, r: None)
    with pytest.raises(ValueError, match="two flow handlers"):
        registry.resources("producers", "gcp:pubsub/topic:Topic")(lambda ctx, r: None)


def test_graph_passes_run_side_effects_then_oss_into_eventbridge_then_dead_letters():
    names = [fn.__name__ for _, fn in sorted(REGISTRY.graph_passes, key=lambda entry: entry[0])]
    assert names == ["side_effect_edges", "oss_into_default_bus", "dead_letter_edges"]
