"""What CI tools read: SARIF at the program's lines, ``preview.json`` in the shape of
``pulumi preview --json``, ``summary.md`` and ``--format markdown``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventing_platform.engine.preview import STACK_TYPE
from stacks.repository import PROGRAM, main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    out = tmp_path_factory.mktemp("ci")
    assert main(["plan", "oss-unzip", "k8s-events", "--out", str(out), "--format", "json"]) == 0
    return out


def _results(out: Path, stack: str) -> list[dict]:
    return json.loads((out / stack / "policy-report.sarif").read_text())["runs"][0]["results"]


def test_sarif_results_point_at_the_program_line_that_created_the_resource(planned):
    results = _results(planned, "oss-unzip")
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        uri, line = location["artifactLocation"]["uri"], location["region"]["startLine"]
        assert uri == "stacks/oss_unzip.py", uri
        source = (ROOT / uri).read_text().splitlines()[line - 1]
        assert "(" in source and not source.lstrip().startswith(("#", '"')), source  # a constructor call


def test_a_finding_without_a_resource_falls_back_to_the_stack_file(tmp_path):
    from eventing_platform.analysis.checks import Finding
    from eventing_platform.cli.sarif import Locator, locate_and_merge
    from eventing_platform.rules.report import to_sarif

    where = Locator({}, "Pulumi.k8s-events.yaml")
    text = locate_and_merge(to_sarif("k8s-events", "dev", [], "Pulumi.k8s-events.yaml"), where,
                            [Finding("a loop", check="event-loop", level="mandatory")], "k8s-events", "dev")
    result = json.loads(text)["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "Pulumi.k8s-events.yaml"}, "region": {"startLine": 1}}


def test_preview_json_has_the_shape_of_pulumi_preview_json(planned):
    doc = json.loads((planned / "oss-unzip" / "preview.json").read_text())
    plan = json.loads((planned / "oss-unzip" / "plan.json").read_text())
    assert set(doc) <= {"config", "steps", "diagnostics", "duration", "changeSummary", "maybeCorrupt"}
    assert doc["changeSummary"] == {"create": len(plan["resources"]) + 1}
    root, *steps = doc["steps"]
    assert root["newState"]["type"] == STACK_TYPE and root["op"] == "create"
    by_urn = {r["urn"]: r for r in plan["resources"]}
    assert [s["urn"] for s in steps] == list(by_urn)
    for step in steps:
        assert step["op"] == "create" and "oldState" not in step
        state = step["newState"]
        assert {"urn", "custom", "type", "parent"} <= set(state) and state["urn"] == step["urn"]
        assert state.get("inputs", {}) == by_urn[step["urn"]]["inputs"]  # omitted when empty, as Go's omitempty
        assert state["parent"] == (by_urn[step["urn"]]["parent"] or root["urn"])
        assert state["sourcePosition"].startswith("project:///stacks/oss_unzip.py#")
        if "provider" in step:
            provider_urn, provider_id = step["provider"].rsplit("::", 1)
            assert provider_urn in by_urn and provider_id
    assert doc["config"]["eventing-platform:stage"] == "dev"
    assert {d["severity"] for d in doc.get("diagnostics", [])} <= {"error", "warning", "info"}


def test_preview_json_masks_secret_config(tmp_path, capsys):
    assert main(["plan", "k8s-events", "--out", str(tmp_path), "--secret", "kubeconfig=apiVersion: v1\nkind: Config\n"]) == 0
    doc = json.loads((tmp_path / "k8s-events" / "preview.json").read_text())
    assert doc["config"]["eventing-platform:kubeconfig"] == "[secret]"


def test_summary_md_lists_types_findings_and_the_diagram(planned):
    text = (planned / "oss-unzip" / "summary.md").read_text()
    assert text.startswith("## `oss-unzip` (dev): 31 resources, no blocking findings")
    assert "| `alicloud:oss/bucket:Bucket` | 1 |" in text
    assert "| advisory | `ask-cluster-hardening` |" in text
    assert "```mermaid\n%% Event flow of stack oss-unzip" in text


def test_format_markdown_prints_every_stacks_summary(tmp_path, capsys):
    assert main(["plan", "oss-unzip", "k8s-events", "--out", str(tmp_path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n## `") + out.startswith("## `") == 2
    assert out == (tmp_path / "oss-unzip" / "summary.md").read_text() + "\n" + (tmp_path / "k8s-events" / "summary.md").read_text()


def test_a_blocking_finding_is_an_error_diagnostic_in_preview_json(tmp_path):
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--config", "output_prefix=zip/out/"]) == 1
    doc = json.loads((tmp_path / "oss-unzip" / "preview.json").read_text())
    assert any(d["severity"] == "error" and d["message"].startswith("[event-loop]") for d in doc["diagnostics"])
    summary = (tmp_path / "oss-unzip" / "summary.md").read_text()
    assert "blocking finding(s)" in summary.splitlines()[0] and "| blocking | `event-loop` |" in summary


def test_source_positions_cost_little(monkeypatch):
    """The program-line capture replaces the SDK's full stack walk: it must stay far cheaper."""
    import timeit

    from pulumi.runtime import resource as sdk_resource

    from eventing_platform.engine.source_positions import program_position_trace

    def nested(depth, fn):
        return fn() if depth == 0 else nested(depth - 1, fn)

    ours = min(timeit.repeat(lambda: nested(30, program_position_trace), number=200, repeat=3))
    sdk = min(timeit.repeat(lambda: nested(30, sdk_resource._get_stack_trace), number=200, repeat=3))
    assert ours < sdk / 3, (ours, sdk)
    assert PROGRAM.directory == ROOT
