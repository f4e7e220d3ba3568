"""``duplicate-object``: two resources rendering the same Kubernetes object block the plan (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pulumi
import pulumi_kubernetes as k8s
import pytest

from eventing_platform.analysis.duplicates import duplicate_objects
from eventing_platform.cli.main import main as cli_main
from eventing_platform.cli.project import CliProject, StackEntry
from eventing_platform.engine import run_program
from eventing_platform.engine.program import Program, StackInput


def _config_map(name: str, meta: dict, provider: k8s.Provider | None = None) -> None:
    opts = pulumi.ResourceOptions(provider=provider) if provider else None
    k8s.core.v1.ConfigMap(name, metadata=meta, data={"k": "v"}, opts=opts)


def _findings(program):
    record = run_program(program, project="dup", stack="test", config={})
    stack = StackInput(Program(Path("."), "dup", Path("__main__.py")), "test", {}, frozenset())
    return duplicate_objects(stack, record).findings


@pytest.mark.parametrize(("program", "count"), [
    (lambda: (_config_map("a", {"name": "same", "namespace": "apps"}), _config_map("b", {"name": "same", "namespace": "apps"})), 1),
    (lambda: (_config_map("a", {"name": "same"}), _config_map("b", {"name": "same", "namespace": "default"})), 1),
    (lambda: (k8s.core.v1.Namespace("a", metadata={"name": "ns"}), k8s.core.v1.Namespace("b", metadata={"name": "ns", "namespace": "x"})), 1),
    (lambda: (_config_map("a", {"name": "same", "namespace": "one"}), _config_map("b", {"name": "same", "namespace": "two"})), 0),
    (lambda: (_config_map("a", {"name": "same"}), k8s.core.v1.Secret("b", metadata={"name": "same"})), 0),
    (lambda: (_config_map("a", {"name": "same"}), _config_map("b", {"name": "same"}, k8s.Provider("other", kubeconfig="x"))), 0),
    (lambda: (_config_map("a", {}), _config_map("b", {})), 0),
])
def test_the_same_object_twice_in_one_cluster_is_one_blocking_finding(program, count):
    findings = _findings(program)
    assert len(findings) == count
    assert all(f.blocking and f.check == "duplicate-object" and "rendered by 2 resources (a, b)" in f.message for f in findings)


def test_plan_exits_1_and_reports_the_duplicate_in_the_sarif(tmp_path, capsys):
    project_dir = tmp_path / "dup"
    project_dir.mkdir()
    (project_dir / "Pulumi.yaml").write_text("name: dup\nruntime: python\n")
    (project_dir / "Pulumi.test.yaml").write_text("config: {}\n")
    (project_dir / "__main__.py").write_text(
        "import pulumi_kubernetes as k8s\n"
        "for n in ('first', 'second'):\n"
        "    k8s.core.v1.ConfigMap(n, metadata={'name': 'settings', 'namespace': 'apps'}, data={'k': n})\n"
    )
    project = CliProject(Program.at(project_dir, "dup"), (StackEntry("test", "a duplicate", {}),), lambda s: {}, project_dir)
    assert cli_main(["plan", "test", "--out", str(tmp_path / "out")], project) == 1
    err = capsys.readouterr().err
    assert "error: test: [duplicate-object] the Kubernetes object ConfigMap apps/settings is rendered by 2 resources (first, second)" in err
    sarif = json.loads((tmp_path / "out" / "test" / "policy-report.sarif").read_text())
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "duplicate-object")
    assert result["level"] == "error"
    location = result["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == 3 and location["artifactLocation"]["uri"].endswith("__main__.py")
