"""``eventing-platform`` (and ``python -m eventing_platform``) on a program of another repository.

The program (``raw_program/``, project ``raw-shop``) makes Knative objects, an OSS bucket and
Pub/Sub topics directly with pulumi-kubernetes, pulumi-alicloud and pulumi-gcp, beside two
eventing-platform Knative Services; its ``Pulumi.yaml`` declares config with defaults and types.
Its raw resources must be in every artefact, the flow and the policy report as ours are.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from eventing_platform.cli.console import main

PROGRAM = Path(__file__).resolve().parent / "raw_program"
ARTEFACTS = {"plan.json", "manifests.yaml", "flow.mmd", "policy-report.json", "policy-report.sarif", "preview.json", "summary.md"}
RAW_TYPES = {
    "kubernetes:core/v1:Namespace", "kubernetes:eventing.knative.dev/v1:Broker", "kubernetes:eventing.knative.dev/v1:Trigger",
    "kubernetes:sources.knative.dev/v1:PingSource", "alicloud:oss/bucket:Bucket", "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "gcp:pubsub/topic:Topic", "gcp:pubsub/subscription:Subscription",
}


def _plan(tmp_path: Path, *extra: str, stack: str = "dev") -> int:
    return main(["plan", "--program", str(PROGRAM), "--stack", stack, "--out", str(tmp_path), "--format", "json", *extra])


def test_plan_writes_every_artefact_with_the_programs_own_raw_resources(tmp_path, capsys):
    assert _plan(tmp_path) == 0
    summary = json.loads(capsys.readouterr().out)["stacks"][0]
    assert summary["stack"] == "dev" and summary["stage"] == "dev"
    assert {p.name for p in (tmp_path / "dev").iterdir()} == ARTEFACTS
    plan = json.loads((tmp_path / "dev" / "plan.json").read_text())
    assert RAW_TYPES | {"eventing-platform:knative:KnativeService"} <= {r["type"] for r in plan["resources"]}
    assert all(r["urn"].startswith("urn:pulumi:dev::raw-shop::") for r in plan["resources"])
    objects = {(o["kind"], o["metadata"]["name"]) for o in yaml.safe_load_all((tmp_path / "dev" / "manifests.yaml").read_text())}
    assert {("Namespace", "shop"), ("Broker", "raw-broker"), ("Trigger", "raw-trigger"), ("PingSource", "tick"), ("Service", "orders")} <= objects
    flow = (tmp_path / "dev" / "flow.mmd").read_text()
    for drawn in ('PingSource tick', 'Broker raw-broker', 'trigger raw-trigger', 'OSS bucket raw-shop-uploads', 'Pub/Sub topic raw-orders', 'Pub/Sub subscription raw-sub'):
        assert drawn in flow, drawn
    preview = json.loads((tmp_path / "dev" / "preview.json").read_text())
    assert "urn:pulumi:dev::raw-shop::alicloud:oss/bucket:Bucket::raw-bucket" in {s["urn"] for s in preview["steps"]}


def test_raw_resources_are_policy_checked_and_located_at_the_programs_line(tmp_path, capsys):
    assert _plan(tmp_path, "--config", "public_bucket=true") == 1
    err = capsys.readouterr().err
    assert "error: dev: [oss-bucket-private] " in err and "alicloud:oss/bucket:Bucket::raw-bucket" in err
    report = json.loads((tmp_path / "dev" / "policy-report.json").read_text())
    assert any(f["policy"] == "oss-bucket-private" and f["resource_name"] == "raw-bucket" for f in report["findings"])
    sarif = json.loads((tmp_path / "dev" / "policy-report.sarif").read_text())
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "oss-bucket-private" and r["level"] == "error")
    location = result["locations"][0]["physicalLocation"]
    line = next(i for i, text in enumerate((PROGRAM / "__main__.py").read_text().splitlines(), 1) if "alicloud.oss.Bucket(" in text)
    assert location["artifactLocation"]["uri"] == "tests/cli/raw_program/__main__.py" and location["region"]["startLine"] == line


def test_the_stacks_own_eventing_platform_stage_sets_the_policies_stage(tmp_path, capsys):
    assert _plan(tmp_path, stack="prod") == 1
    assert "error: prod: [knative-no-inmemorychannel] raw-broker:" in capsys.readouterr().err
    assert json.loads((tmp_path / "prod" / "plan.json").read_text())["stage"] == "prod"


def test_policy_config_flag_wins_over_the_environment_variable(tmp_path, capsys, monkeypatch):
    relaxed = tmp_path / "relaxed.json"
    relaxed.write_text(json.dumps({"knative-no-inmemorychannel": "advisory"}))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    monkeypatch.setenv("EVENTING_PLATFORM_POLICY_CONFIG", str(broken))
    assert _plan(tmp_path / "out", "--policy-config", str(relaxed), stack="prod") == 0
    assert _plan(tmp_path / "out2", stack="prod") == 2
    assert "error: EVENTING_PLATFORM_POLICY_CONFIG: policy config" in capsys.readouterr().err
    assert _plan(tmp_path / "out3", "--policy-config", str(broken)) == 2
    assert "error: --policy-config: policy config" in capsys.readouterr().err
    assert not (tmp_path / "out3").exists()


def test_python_m_stacks_plan_takes_the_policy_config_flag_too(tmp_path, capsys):
    from stacks.repository import main as stacks_main

    config = _write_json(tmp_path / "bad.json", {"image-pined": "advisory"})
    assert stacks_main(["plan", "k8s-events", "--out", str(tmp_path / "out"), "--policy-config", str(config)]) == 2
    assert capsys.readouterr().err.startswith(f"error: --policy-config {config}: ")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("argv", "fragment"), [
    (["plan", "--program", "{tmp}"], "Pulumi.yaml: not found"),
    (["plan", "--program", str(PROGRAM), "--stack", "qa"], "unknown stack(s) 'qa'; choose from: dev, prod"),
    (["plan", "--program", str(PROGRAM), "--config", "public_bucket=maybe"], "Stack 'dev' with configuration key 'public_bucket' must be of type 'boolean' (got 'maybe')"),
    (["route", "--program", str(PROGRAM), "--stack", "dev", "--sample", "nope"], "stack 'dev' has no sample event 'nope'; available: tick"),
    (["route", "--program", str(PROGRAM), "--sample", "tick"], "the following arguments are required: --stack"),
    (["schema", "--program", str(PROGRAM), "--stack", "qa"], "unknown stack 'qa'"),
])
def test_bad_usage_is_exit_2_with_one_line(tmp_path, capsys, argv, fragment):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv] + (["--out", str(tmp_path / "out")] if argv[0] == "plan" else [])
    assert main(argv) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], lines
    assert not (tmp_path / "out").exists()


def test_a_program_without_stack_files_has_nothing_to_plan(tmp_path, capsys):
    (tmp_path / "Pulumi.yaml").write_text("name: empty\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("")
    assert main(["plan", "--program", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    assert "has no stack to plan: add a Pulumi.<stack>.yaml" in capsys.readouterr().err


def test_plan_without_stack_plans_every_stack_file(tmp_path, capsys):
    assert main(["plan", "--program", str(PROGRAM), "--out", str(tmp_path), "--format", "json",
                 "--policy-config", str(_write_json(tmp_path / "p.json", {"all": "advisory"}))]) == 0
    assert [s["stack"] for s in json.loads(capsys.readouterr().out)["stacks"]] == ["dev", "prod"]


def _write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


def test_route_follows_a_sample_through_raw_knative_objects(capsys):
    assert main(["route", "--program", str(PROGRAM), "--stack", "dev", "--sample", "tick", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [r["target"] for r in result["reaches"]] == ["orders"]
    assert result["reaches"][0]["path"] == ["ping-source:tick", "broker:raw-broker", "trigger:raw-trigger", "knative-service:orders"]
    assert [d["target"] for d in result["dead_letter"]] == ["dead-letters"]


def test_list_and_schema_describe_the_program(capsys):
    assert main(["list", "--program", str(PROGRAM), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"stacks": [
        {"stack": "dev", "summary": "", "config": "Pulumi.dev.yaml"}, {"stack": "prod", "summary": "", "config": "Pulumi.prod.yaml"},
    ]}
    assert main(["list", "--program", str(PROGRAM)]) == 0
    assert capsys.readouterr().out.splitlines() == ["dev", "prod"]
    assert main(["schema", "--program", str(PROGRAM), "--stack", "dev"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["public_bucket"] == {
        "type": "boolean", "default": False, "description": "Make the raw OSS bucket public-read (a mandatory policy violation).",
        "x-pulumi-key": "raw-shop:public_bucket",
    }
    assert schema["properties"]["namespace"]["default"] == "shop" and "required" not in schema


def test_python_m_eventing_platform_runs_the_cli(tmp_path):
    """(The ``eventing-platform`` console script is run from a fresh install in tests/packaging.)"""
    proc = subprocess.run([sys.executable, "-m", "eventing_platform", "plan", "--program", str(PROGRAM), "--stack", "dev", "--out", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stacks"][0]["stack"] == "dev"
    assert {p.name for p in (tmp_path / "dev").iterdir()} == ARTEFACTS
