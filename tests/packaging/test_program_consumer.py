"""``eventing-platform`` on a consumer repository's own program, from a fresh install of the wheel
with its extras (nothing from this checkout on ``sys.path``).

The consumer (``consumer_repo/``, copied out of this checkout) is project ``shop``: a Namespace, a
ServiceAccount, a PingSource, an OSS bucket and a Pub/Sub topic made directly with the provider
SDKs, wired into eventing-platform components; ``Pulumi.yaml`` declares its config. Stack ``dev``
passes the raw resources' Outputs into the components' fields (config ``inputs: outputs``),
stack ``plain`` the same values as text.

Slow (fresh virtual environment with every extra): ``pytest -m slow tests/packaging``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.packaging.venvs import ROOT, clean_env

pytestmark = pytest.mark.slow

CONSUMER = Path(__file__).resolve().parent / "consumer_repo"
ARTEFACTS = {"plan.json", "manifests.yaml", "flow.mmd", "policy-report.json", "policy-report.sarif", "preview.json", "summary.md"}
RAW = {
    "kubernetes:core/v1:Namespace", "kubernetes:core/v1:ServiceAccount", "kubernetes:sources.knative.dev/v1:PingSource",
    "alicloud:oss/bucket:Bucket", "gcp:pubsub/topic:Topic", "gcp:pubsub/subscription:Subscription",
}


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The consumer repository, copied out of this checkout."""
    target = tmp_path_factory.mktemp("consumer") / "repo"
    shutil.copytree(CONSUMER, target, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache", "build"))
    return target


def _cli(full_venv: Path, consumer: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``eventing-platform ARGV`` (the installed console script) in the consumer's folder."""
    return subprocess.run([str(full_venv.parent / "eventing-platform"), *argv], cwd=consumer, env=clean_env(),
                          capture_output=True, text=True, timeout=600)


def _plans_with_raw_resources(full_venv: Path, consumer: Path, stack: str) -> None:
    out = consumer / "build"
    shutil.rmtree(out, ignore_errors=True)
    proc = _cli(full_venv, consumer, "plan", "--program", ".", "--stack", stack, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == ""
    folder = out / stack
    assert {p.name for p in folder.iterdir()} == ARTEFACTS
    plan = json.loads((folder / "plan.json").read_text())
    types = {r["type"] for r in plan["resources"]}
    assert RAW | {"eventing-platform:knative:KnativeService", "eventing-platform:alicloud:OssWorkloadIdentity"} <= types
    manifests = {(o["kind"], o["metadata"]["name"]) for o in yaml.safe_load_all((folder / "manifests.yaml").read_text())}
    assert {("Namespace", "shop"), ("ServiceAccount", "orders"), ("PingSource", "heartbeat"), ("Trigger", "orders-tick")} <= manifests
    flow = (folder / "flow.mmd").read_text()
    for drawn in ("PingSource heartbeat", "Broker orders", "trigger orders-tick", "OSS bucket shop-uploads-example", "Pub/Sub topic shop-audit"):
        assert drawn in flow, drawn
    report = json.loads((folder / "policy-report.json").read_text())
    assert {"audit-archive"} <= {f["resource_name"] for f in report["findings"]}, "the raw Pub/Sub subscription is checked"
    sarif = json.loads((folder / "policy-report.sarif").read_text())
    located = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "shop/__init__.py" in located, located


def test_the_consumers_program_plans_with_plain_values(full_venv, consumer):
    _plans_with_raw_resources(full_venv, consumer, "plain")


def test_the_consumers_program_passing_outputs_plans_with_eventing_platform_plan(full_venv, consumer):
    _plans_with_raw_resources(full_venv, consumer, "dev")


@pytest.mark.parametrize("stack", ["plain", "dev"])
def test_a_bad_namespace_is_exit_2_and_one_line_naming_the_field(full_venv, consumer, stack):
    proc = _cli(full_venv, consumer, "plan", "--program", ".", "--stack", stack, "--config", "namespace=Bad_NS!", "--out", "bad")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {stack}: ") and ".namespace: must be an RFC 1123 label" in lines[0], lines
    assert "'Bad_NS!'" in lines[0] and "object at 0x" not in lines[0]
    assert not (consumer / "bad").exists()


def test_list_schema_and_route_work_on_the_program(full_venv, consumer):
    listed = _cli(full_venv, consumer, "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [row["stack"] for row in json.loads(listed.stdout)["stacks"]] == ["dev", "plain"]
    schema = _cli(full_venv, consumer, "schema", "--stack", "dev")
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["properties"]["max_scale"]["type"] == "integer"
    route = _cli(full_venv, consumer, "route", "--stack", "plain", "--event", "samples/dev/heartbeat.json", "--format", "json")
    assert route.returncode == 0, route.stderr
    assert [r["target"] for r in json.loads(route.stdout)["reaches"]] == ["orders"]


def test_python_m_eventing_platform_is_the_same_command(full_venv, consumer):
    proc = subprocess.run([str(full_venv), "-m", "eventing_platform", "list"], cwd=consumer, env=clean_env(),
                          capture_output=True, text=True, timeout=300)
    assert (proc.returncode, proc.stdout.split()) == (0, ["dev", "plain"]), proc.stderr


def _mypy(full_venv: Path, consumer: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy", reason="mypy is in the dev extra: pip install -e '.[dev]'")
    cmd = [sys.executable, "-m", "mypy", "--python-executable", str(full_venv), "--cache-dir", str(consumer / ".mypy_cache"), *targets]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    return subprocess.run(cmd, cwd=consumer, env=env, capture_output=True, text=True, timeout=600)


def test_mypy_strict_accepts_the_program_passing_outputs(full_venv, consumer):
    proc = _mypy(full_venv, consumer, "__main__.py", "shop")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert str(ROOT) not in proc.stdout
