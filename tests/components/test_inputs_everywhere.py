"""A consumer program passing Pulumi Outputs into every kind of field plans offline, exactly as
with plain values; an Output resolving to a bad value fails the plan with exit 2 and one line.

The program is ``outputs_program/__main__.py`` (project ``outputs-demo``): its config ``inputs``
switches every value between ``outputs`` and ``plain``; ``namespace`` feeds a raw
``pulumi_kubernetes`` Namespace whose ``metadata.name`` output every component receives.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from eventing_platform.cli.main import EXIT_OK, EXIT_USAGE, main
from eventing_platform.cli.project import CliProject, StackEntry
from eventing_platform.engine.program import Program

PROGRAM_DIR = Path(__file__).resolve().parent / "outputs_program"
ARTEFACTS = ("manifests.yaml", "flow.mmd", "policy-report.json", "policy-report.sarif")
RAW_NAMESPACE = "urn:pulumi:dev::outputs-demo::kubernetes:core/v1:Namespace::raw-namespace"


@pytest.fixture(scope="module")
def project() -> CliProject:
    """The program as the CLI sees a consumer's project: one stack, ``dev``."""
    return CliProject(
        program=Program.at(PROGRAM_DIR, "outputs-demo"),
        stacks=(StackEntry("dev", "every kind of field given an Output", {}),),
        config_schema=lambda stack: {},
        samples_dir=PROGRAM_DIR / "samples",
    )


def _resources(out: Path) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = json.loads((out / "dev" / "plan.json").read_text())["resources"]
    return resources


def _plan(project: CliProject, out: Path, *config: str) -> int:
    argv = ["plan", "dev", "--out", str(out), "--format", "json"]
    for item in config:
        argv += ["--config", item]
    return main(argv, project)


def test_outputs_everywhere_plan_as_the_same_plain_values(project, tmp_path, capsys):
    assert _plan(project, tmp_path / "outputs", "inputs=outputs") == EXIT_OK
    assert _plan(project, tmp_path / "plain", "inputs=plain") == EXIT_OK
    assert capsys.readouterr().err == ""
    for name in ARTEFACTS:
        given_outputs = (tmp_path / "outputs" / "dev" / name).read_bytes()
        assert given_outputs == (tmp_path / "plain" / "dev" / name).read_bytes(), name
    with_outputs, with_plain = _resources(tmp_path / "outputs"), _resources(tmp_path / "plain")
    assert [{**r, "dependencies": []} for r in with_outputs] == [{**r, "dependencies": []} for r in with_plain]
    types = {r["type"] for r in with_outputs}
    assert {"eventing-platform:knative:KnativeService", "eventing-platform:alicloud:OssBucket",
            "eventing-platform:gcp:WorkloadIdentity", "eventing-platform:kubernetes:ContainerWorkload"} <= types


def test_objects_given_an_output_depend_on_the_resource_it_came_from(project, tmp_path):
    assert _plan(project, tmp_path, "inputs=outputs") == EXIT_OK
    namespaced = [r for r in _resources(tmp_path) if r["custom"] and (r["inputs"].get("metadata") or {}).get("namespace") == "demo"]
    assert len(namespaced) > 20
    assert all(RAW_NAMESPACE in r["dependencies"] for r in namespaced), [r["urn"] for r in namespaced if RAW_NAMESPACE not in r["dependencies"]]


def test_an_output_resolving_to_a_bad_namespace_fails_the_plan_with_one_line(project, tmp_path, capsys):
    assert _plan(project, tmp_path, "namespace=Bad_NS!") == EXIT_USAGE
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(r"error: dev: \w+Args\.namespace: must be an RFC 1123 label: .* \(got 'Bad_NS!'\)", lines[0]), lines[0]
    assert not (tmp_path / "dev").exists(), "nothing is written"


def test_the_same_bad_namespace_given_plain_fails_at_construction_with_the_same_message(project, tmp_path, capsys):
    assert _plan(project, tmp_path, "namespace=Bad_NS!", "inputs=plain") == EXIT_USAGE
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"error: dev: \w+Args\.namespace: must be an RFC 1123 label: .* \(got 'Bad_NS!'\)", lines[0]), lines[0]
