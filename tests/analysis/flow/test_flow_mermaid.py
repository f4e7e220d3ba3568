"""``flow.mmd``: written by every stack's plan, with its edges, filters, dead letters and loops."""

from __future__ import annotations

import re

import pytest

from eventing_platform.analysis.flow import (
    Edge,
    FlowGraph,
    Node,
    extract_graph,
    find_loops,
    render_mermaid,
)
from eventing_platform.analysis.flow.check import event_flow
from eventing_platform.analysis.flow.conditions import TriggerCondition
from eventing_platform.engine.program import read_stack_file
from eventing_platform.knative.filters import TriggerFilter
from stacks.repository import PROGRAM, main
from stacks.scenarios import SCENARIOS
from tests.support.offline import plan, run_components
from tests.support.variants import ROCKETMQ_SOURCE

LINK = re.compile(r"^  (n\d+) (-->|-\.->|==>)(?:\|\"(.*)\"\|)? (n\d+)$")


def links(mmd: str) -> list[tuple[str, str, str, str]]:
    """``(src, arrow, label, dst)`` of every link, in order (linkStyle indexes count these)."""
    return [m.groups() for m in map(LINK.match, mmd.splitlines()) if m]  # type: ignore[misc]


def labels(mmd: str) -> dict[str, str]:
    """Node id -> label text."""
    out = {}
    for line in mmd.splitlines():
        m = re.match(r'^  (n\d+)[\[\(\{/]+"(.*)"[\]\)\}/]+$', line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_every_stacks_plan_writes_flow_mmd_with_its_edges(stack, planned, graph_of):
    result = event_flow(read_stack_file(PROGRAM, stack), planned(stack))
    mmd = result.files["flow.mmd"]
    assert mmd.splitlines()[1] == "flowchart LR"
    drawn = links(mmd)
    graph = graph_of(stack)
    assert len(drawn) >= sum(1 for e in graph.edges if e.kind == "event" and graph.nodes[e.src].kind not in ("trigger", "subscription", "eventbridge-rule"))
    assert any(arrow == "-.->" and label.startswith("dead letter") for _, arrow, label, _ in drawn)
    assert not [line for line in mmd.splitlines() if line.endswith(" loop") or line.startswith("  linkStyle")]


def test_plan_cli_writes_flow_mmd_beside_plan_json(tmp_path, capsys):
    assert main(["plan", "k8s-events", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "event flow:" in out and "0 loop(s)" in out
    mmd = (tmp_path / "k8s-events" / "flow.mmd").read_text()
    names = labels(mmd)
    by_label = {v.split("<br/>")[0]: k for k, v in names.items()}
    src, channel, demo = by_label["ApiServerSource k8sevents"], by_label["Channel knative-eventing-demo-channel"], by_label["Knative Service knative-eventing-demo"]
    drawn = {(s, d): label for s, _, label, d in links(mmd)}
    assert (src, channel) in drawn
    assert drawn[(channel, demo)] == "subscription knative-eventing-demo-subscription"


def test_trigger_filters_are_summarised_on_the_edge():
    mmd = render_mermaid(extract_graph(plan("rocketmq-orders", **ROCKETMQ_SOURCE)))
    assert any(label == "trigger order-service-trigger<br/>type = RocketMQEventType" for _, _, label, _ in links(mmd))


def test_an_eventarc_trigger_is_drawn_as_a_source_between_topic_and_channel(planned):
    mmd = render_mermaid(extract_graph(planned("gcs-vision")))
    assert '(["Eventarc trigger testing-to-channel<br/>testing"])' in mmd


def test_eventbridge_rule_pattern_is_summarised_on_the_edge(planned):
    mmd = render_mermaid(extract_graph(planned("oss-unzip")))
    (label,) = [label for _, _, label, _ in links(mmd) if label.startswith("rule oss-unzip")]
    assert "source: acs.oss" in label and "subject: suffix .zip" in label and "prefix zip/" in label
    assert "one of 7 (oss:ObjectCreated:*)" in label


def test_dead_letter_edges_are_dashed_and_side_effects_thick(planned):
    drawn = links(render_mermaid(extract_graph(planned("oss-unzip"))))
    assert ("-.->", "dead letter after 176 retries") in {(a, label) for _, a, label, _ in drawn}
    assert ("==>", "writes unzip/*") in {(a, label) for _, a, label, _ in drawn}


def test_loop_nodes_and_links_are_highlighted():
    from eventing_platform.knative import (
        Broker,
        BrokerArgs,
        Destination,
        KnativeService,
        KnativeServiceArgs,
        Trigger,
        TriggerArgs,
    )
    from eventing_platform.knative.side_effects import ReplyEvent, SideEffects

    def build():
        Broker("default", BrokerArgs(namespace="demo"))
        KnativeService("shop", KnativeServiceArgs(image="r.example.com/a:1", namespace="demo",
                                                  side_effects=SideEffects(replies=[ReplyEvent(event_type="order.created")])))
        KnativeService("audit", KnativeServiceArgs(image="r.example.com/a:1", namespace="demo"))
        Trigger("shop", TriggerArgs(broker="default", namespace="demo", subscriber=Destination.service("shop", "demo"),
                                    filters=[TriggerFilter.exact_match("type", "order.created")]))
        Trigger("audit", TriggerArgs(broker="default", namespace="demo", subscriber=Destination.service("audit", "demo")))

    graph = extract_graph(run_components(build))
    loops = find_loops(graph)
    mmd = render_mermaid(graph, loops)
    drawn = links(mmd)
    names = {v.split("<br/>")[0]: k for k, v in labels(mmd).items()}
    (style,) = [line for line in mmd.splitlines() if line.startswith("  linkStyle ")]
    looped = {drawn[int(i)][1:3] for i in style.split()[1].split(",")}
    assert looped == {("-->", "trigger shop<br/>type = order.created"), ("-->", "reply order.created")}
    (marked,) = [line for line in mmd.splitlines() if line.startswith("  class ") and line.endswith(" loop")]
    assert set(marked.split()[1].split(",")) == {names["Broker default"], names["Knative Service shop"]}
    assert "%% LOOP: event loop (broker)" in mmd


def test_labels_are_escaped():
    graph = FlowGraph("t")
    graph.add_node(Node("a", "broker", 'we"ird|name#1'))
    graph.add_node(Node("b", "knative-service", "svc"))
    graph.add_node(Node("t", "trigger", "t"))
    graph.add_edge(Edge("a", "t", condition=TriggerCondition({"filters": [{"exact": {"type": 'a"b<c>'}}]})))
    graph.add_edge(Edge("t", "b"))
    mmd = render_mermaid(graph)
    assert 'we#quot;ird#124;name#35;1' in mmd
    assert "type = a#quot;b#lt;c#gt;" in mmd
    assert all(line.count('"') % 2 == 0 for line in mmd.splitlines())


def test_a_graph_without_edges_still_renders():
    graph = FlowGraph("empty")
    assert "%% no event edges" in render_mermaid(graph)


def test_readme_section_shows_each_scenario_diagram_from_the_code(planned):
    from stacks.flow import readme_markdown

    text = readme_markdown(["rocketmq-orders"])
    assert text.startswith("### `rocketmq-orders` (seed 001)\n")
    body = text.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert body + "\n" == render_mermaid(extract_graph(planned("rocketmq-orders")))
