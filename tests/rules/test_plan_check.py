"""The `policies` plan check: findings by level, policy-report.json and SARIF 2.1.0, exit codes."""

from __future__ import annotations

import json

import jsonschema
import pytest

from eventing_platform.analysis.checks import all_checks
from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.program import StackInput
from eventing_platform.engine.record import _SECRET_SIG, _SECRET_SIG_KEY
from eventing_platform.rules.plan_check import POLICY_CONFIG_ENV, policy_check
from stacks.repository import PROGRAM, main
from tests.rules.cases import SEED_000_DEPLOYMENT

PLAINTEXT = "s3cr3t-value-that-must-never-leak"

# The parts of the SARIF 2.1.0 schema that code-scanning views rely on.
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object", "required": ["id", "shortDescription", "defaultConfiguration"],
                        "properties": {"defaultConfiguration": {"properties": {"level": {"enum": ["none", "note", "warning", "error"]}}}},
                    }}},
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "message", "locations", "level"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {
                            "type": "object", "required": ["physicalLocation"],
                            "properties": {"physicalLocation": {
                                "type": "object", "required": ["artifactLocation"],
                                "properties": {"region": {"properties": {"startLine": {"type": "integer", "minimum": 1}}}},
                            }},
                        }},
                    },
                }},
            },
        }},
    },
}


def _bad_record() -> PlanRecord:
    deployment = json.loads(json.dumps(SEED_000_DEPLOYMENT))
    env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    env[1]["value"] = {_SECRET_SIG_KEY: _SECRET_SIG, "value": PLAINTEXT}  # a Pulumi secret, still a literal in the spec
    deployment["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:latest"
    resource = RecordedResource(
        urn="urn:pulumi:demo::eventing-platform::kubernetes:apps/v1:Deployment::eb-ask-demo",
        type="kubernetes:apps/v1:Deployment", name="eb-ask-demo", parent=None, dependencies=(),
        property_dependencies={}, provider=None, custom=True, inputs=deployment,
    )
    return PlanRecord("eventing-platform", "demo", [resource], {})


def test_policy_check_is_registered():
    assert "policies" in dict(all_checks())


def test_mandatory_violations_block_and_reports_are_written():
    result = policy_check(StackInput(PROGRAM, "demo", {"eventing-platform:stage": "prod"}, frozenset()), _bad_record())
    blocking = {f.check for f in result.findings if f.blocking}
    assert {"env-no-literal-secrets", "image-pinned"} <= blocking
    assert all(f.resource for f in result.findings)
    assert set(result.files) == {"policy-report.json", "policy-report.sarif"}
    report = json.loads(result.files["policy-report.json"])
    assert report["stack"] == "demo" and report["stage"] == "prod"
    assert report["summary"]["mandatory"] == sum(1 for f in result.findings if f.blocking)
    assert {f["policy"] for f in report["findings"]} >= blocking
    assert len(report["policies"]) >= 25


def test_text_groups_by_level_with_resource_and_fix():
    text = policy_check(StackInput(PROGRAM, "demo", {}, frozenset()), _bad_record()).text
    assert text.index("MANDATORY") < text.index("ADVISORY")
    assert "eb-ask-demo" in text and "fix:" in text


def test_sarif_report_is_valid_2_1_0():
    sarif = json.loads(policy_check(StackInput(PROGRAM, "demo", {}, frozenset()), _bad_record()).files["policy-report.sarif"])
    jsonschema.validate(sarif, SARIF_SUBSET)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["image-pinned"] == "error"
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "Pulumi.demo.yaml"


def test_no_secret_plaintext_in_any_report():
    result = policy_check(StackInput(PROGRAM, "demo", {}, frozenset()), _bad_record())
    for text in [*result.files.values(), result.text, *(f.message for f in result.findings)]:
        assert PLAINTEXT not in text


def test_plan_writes_policy_reports_and_exits_0_for_a_compliant_stack(tmp_path, capsys):
    assert main(["plan", "k8s-events", "--stage", "prod", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "policies (eventing-platform" in out
    report = json.loads((tmp_path / "k8s-events" / "policy-report.json").read_text())
    assert report["summary"]["mandatory"] == 0
    jsonschema.validate(json.loads((tmp_path / "k8s-events" / "policy-report.sarif").read_text()), SARIF_SUBSET)


def test_plan_exits_1_on_a_mandatory_violation_from_policy_config(tmp_path, monkeypatch, capsys):
    config = tmp_path / "policy-config.json"
    config.write_text(json.dumps({"image-pinned": {"requireDigestInProd": True}}))
    monkeypatch.setenv(POLICY_CONFIG_ENV, str(config))
    assert main(["plan", "k8s-events", "--stage", "prod", "--config", "image=registry.example.com/demo:v1", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "[image-pinned]" in err and "digest" in err


@pytest.mark.parametrize("bad", ["{nope", "[]"])
def test_plan_reports_a_bad_policy_config(tmp_path, monkeypatch, capsys, bad):
    config = tmp_path / "policy-config.json"
    config.write_text(bad)
    monkeypatch.setenv(POLICY_CONFIG_ENV, str(config))
    assert main(["plan", "k8s-events", "--out", str(tmp_path / "out")]) != 0
    assert "policy config" in capsys.readouterr().err
