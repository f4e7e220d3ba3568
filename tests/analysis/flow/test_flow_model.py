"""The flow graph's indexes answer like a scan of every node and edge, in insertion order."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.flow import Edge, FlowGraph, Node
from eventing_platform.analysis.flow.conditions import TriggerCondition


def _scan_out(graph: FlowGraph, node_id: str, kinds: set[str] | None) -> list[Edge]:
    return [e for e in graph.edges if e.src == node_id and (kinds is None or e.kind in kinds)]


def _scan_in(graph: FlowGraph, node_id: str, kinds: set[str] | None) -> list[Edge]:
    return [e for e in graph.edges if e.dst == node_id and (kinds is None or e.kind in kinds)]


def _graph() -> FlowGraph:
    graph = FlowGraph("t")
    for name in ("a", "b", "c", "d"):
        graph.add_node(Node(f"channel:ns/{name}", "channel", name, "ns"))
    for src, dst, kind in [("a", "b", "event"), ("a", "c", "dead-letter"), ("b", "c", "event"), ("a", "b", "reply"),
                           ("c", "a", "event"), ("d", "b", "writes"), ("a", "d", "event")]:
        graph.add_edge(Edge(f"channel:ns/{src}", f"channel:ns/{dst}", kind))
    return graph


@pytest.mark.parametrize("kinds", [None, {"event"}, {"event", "reply"}, {"dead-letter"}, set()])
@pytest.mark.parametrize("node", ["a", "b", "c", "d", "missing"])
def test_in_and_out_edges_equal_a_scan_of_every_edge_in_order(node: str, kinds: set[str] | None) -> None:
    graph = _graph()
    nid = f"channel:ns/{node}"
    assert graph.out_edges(nid, kinds) == _scan_out(graph, nid, kinds)
    assert graph.in_edges(nid, kinds) == _scan_in(graph, nid, kinds)


def test_exact_duplicates_are_kept_once_even_with_unhashable_conditions() -> None:
    graph = _graph()
    condition = TriggerCondition({"filter": {"attributes": {"type": "x"}}})
    same = TriggerCondition({"filter": {"attributes": {"type": "x"}}})
    first = Edge("channel:ns/a", "channel:ns/b", "event", "f", condition=condition)
    count = len(graph.edges)
    graph.add_edge(first)
    graph.add_edge(Edge("channel:ns/a", "channel:ns/b", "event", "f", condition=same))
    graph.add_edge(Edge("channel:ns/a", "channel:ns/b", "event", "other", condition=same))
    assert len(graph.edges) == count + 2
    assert graph.out_edges("channel:ns/a").count(first) == 1


def test_a_new_edge_is_compared_only_with_edges_between_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = FlowGraph("t")
    graph.add_node(Node("broker:ns/b", "broker", "b", "ns"))
    for i in range(200):
        graph.add_node(Node(f"trigger:ns/t{i}", "trigger", f"t{i}", "ns"))
    compared = []
    original = Edge.__eq__
    monkeypatch.setattr(Edge, "__eq__", lambda self, other: compared.append(1) or original(self, other))
    for i in range(200):
        graph.add_edge(Edge("broker:ns/b", f"trigger:ns/t{i}"))
    assert len(graph.edges) == 200
    assert not compared


def test_edges_appended_to_the_list_directly_are_indexed_on_the_next_lookup() -> None:
    graph = _graph()
    extra = Edge("channel:ns/d", "channel:ns/a", "event")
    graph.edges.append(extra)
    assert graph.out_edges("channel:ns/d") == _scan_out(graph, "channel:ns/d", None)
    assert extra in graph.in_edges("channel:ns/a")
    del graph.edges[-2:]
    assert graph.in_edges("channel:ns/a") == _scan_in(graph, "channel:ns/a", None)


@pytest.mark.parametrize("change", ["add", "assign", "replace", "delete", "pop", "update", "setdefault"])
def test_hop_names_the_namespace_exactly_when_another_node_of_its_kind_has_its_name(change: str) -> None:
    graph = FlowGraph("t")
    graph.add_node(Node("broker:a/default", "broker", "default", "a"))
    graph.add_node(Node("broker:a/other", "broker", "other", "a"))
    twin = Node("broker:b/default", "broker", "default", "b")
    if change == "add":
        graph.add_node(twin)
    elif change == "assign":
        graph.nodes[twin.id] = twin
    elif change == "replace":
        graph.nodes["broker:a/other"] = Node("broker:a/other", "broker", "default", "a")
    elif change == "update":
        graph.nodes.update({twin.id: twin})
    elif change == "setdefault":
        graph.nodes.setdefault(twin.id, twin)
    else:
        graph.add_node(twin)
        if change == "delete":
            del graph.nodes[twin.id]
        else:
            graph.nodes.pop(twin.id)

    def scan(nid: str) -> str:
        node = graph.nodes[nid]
        clash = any(o.id != nid and o.kind == node.kind and o.name == node.name for o in graph.nodes.values())
        return f"{node.kind}:{node.namespace}/{node.name}" if clash else f"{node.kind}:{node.name}"

    for nid in graph.nodes:
        assert graph.hop(nid) == scan(nid)
