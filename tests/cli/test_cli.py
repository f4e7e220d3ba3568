"""``python -m stacks``: list, plan, exit codes and artefacts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stacks.repository import main
from stacks.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]


def test_list_names_every_scenario(capsys):
    assert main(["list", "--format", "json"]) == 0
    listed = {row["stack"] for row in json.loads(capsys.readouterr().out)["scenarios"]}
    assert listed == set(SCENARIOS)


def test_plan_writes_plan_json_and_manifests(tmp_path, capsys):
    assert main(["plan", "k8s-events", "--out", str(tmp_path)]) == 0
    doc = json.loads((tmp_path / "k8s-events" / "plan.json").read_text())
    assert set(doc) == {"stack", "stage", "resources", "outputs"}
    assert doc["stack"] == "k8s-events" and doc["stage"] == "dev"
    assert {"urn", "type", "name", "parent", "dependencies", "inputs"} <= set(doc["resources"][0])
    kinds = {(o["apiVersion"], o["kind"]) for o in yaml.safe_load_all((tmp_path / "k8s-events" / "manifests.yaml").read_text())}
    assert {
        ("v1", "ServiceAccount"), ("rbac.authorization.k8s.io/v1", "Role"), ("rbac.authorization.k8s.io/v1", "RoleBinding"),
        ("sources.knative.dev/v1", "ApiServerSource"), ("messaging.knative.dev/v1", "Channel"),
        ("messaging.knative.dev/v1", "Subscription"), ("serving.knative.dev/v1", "Service"),
    } <= kinds
    out = capsys.readouterr().out
    assert "k8s-events (dev):" in out and "resources" in out


def test_two_plans_are_byte_identical(tmp_path):
    assert main(["plan", "k8s-events", "--out", str(tmp_path / "a")]) == 0
    assert main(["plan", "k8s-events", "--out", str(tmp_path / "b")]) == 0
    for name in ("plan.json", "manifests.yaml"):
        assert (tmp_path / "a" / "k8s-events" / name).read_bytes() == (tmp_path / "b" / "k8s-events" / name).read_bytes()


def test_stage_and_config_overrides_apply(tmp_path):
    assert main(["plan", "k8s-events", "--out", str(tmp_path), "--stage", "prod", "--config", "namespace=events-prod"]) == 0
    doc = json.loads((tmp_path / "k8s-events" / "plan.json").read_text())
    assert doc["stage"] == "prod" and doc["outputs"]["namespace"] == "events-prod"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["plan", "k8s-events", "--config", "namespace=Not_A_Valid_Name!"], "k8s-events: namespace: must be an RFC 1123 label"),
        (["plan", "no-such-stack"], "unknown stack"),
        (["plan", "k8s-events", "--stage", "qa"], "invalid choice"),
        (["plan", "k8s-events", "--config", "namespace"], "expected KEY=VALUE"),
        (["plan", "k8s-events", "--config", "nope=1"], "nope: is not a config key"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_usage_or_config_exits_2_with_one_line_and_writes_nothing(tmp_path, capsys, argv, fragment):
    out_dir = tmp_path / "out"
    assert main([*argv, "--out", str(out_dir)] if argv[0] == "plan" else argv) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out_dir.exists()


def test_module_entry_point_runs_from_a_subprocess(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "stacks", "plan", "k8s-events", "--config", "namespace=Not_A_Valid_Name!", "--out", str(tmp_path / "o")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "Not_A_Valid_Name!" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_bad_policy_config_file_exits_2_and_writes_nothing(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "policy.json"
    bad.write_text("{not json")
    monkeypatch.setenv("EVENTING_PLATFORM_POLICY_CONFIG", str(bad))
    assert main(["plan", "k8s-events", "--out", str(tmp_path / "out")]) == 2
    assert "EVENTING_PLATFORM_POLICY_CONFIG" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
