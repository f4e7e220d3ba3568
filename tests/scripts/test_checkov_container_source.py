"""scripts/checkov_scan.py shims the ContainerSource component's object as a Deployment with the
same pod template, valid and hardened; checkov itself runs on it when installed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from eventing_platform.knative import ContainerSource, ContainerSourceArgs, Destination
from eventing_platform.kubernetes import SecretKeyRef
from tests.support.crds import manifest_objects, validate_object
from tests.support.hardening import workload_problems
from tests.support.offline import run_components

ROOT = Path(__file__).resolve().parents[2]


def _scan_module():
    if "checkov_scan" in sys.modules:
        return sys.modules["checkov_scan"]
    spec = importlib.util.spec_from_file_location("checkov_scan", ROOT / "scripts" / "checkov_scan.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["checkov_scan"] = module
    spec.loader.exec_module(module)
    return module


scan = _scan_module()


@pytest.fixture(scope="module")
def objects() -> list[dict]:
    def build():
        ContainerSource("heartbeats", ContainerSourceArgs(
            namespace="beats", image="registry.example.com/team/heartbeats:v1.4.2", service_account_name="heartbeats",
            sink=Destination.broker("default", "beats"), env={"PERIOD": "10"},
            env_from_secret={"TOKEN": SecretKeyRef(name="beats", key="token")}, labels={"app.kubernetes.io/part-of": "beats"},
        ))

    return manifest_objects(run_components(build))


def test_the_component_source_is_found_and_shimmed_as_a_deployment(objects):
    (source,) = [o for o in objects if o["kind"] == "ContainerSource"]
    (found,) = scan.workloads_of("s", "dev", objects)
    shim = found.obj
    assert found.source_kind == "sources.knative.dev/v1 ContainerSource"
    assert (shim["apiVersion"], shim["kind"]) == ("apps/v1", "Deployment")
    assert shim["metadata"]["name"] == "heartbeats" and shim["metadata"]["namespace"] == "beats"
    assert shim["spec"]["template"]["spec"] == source["spec"]["template"]["spec"]
    assert shim["spec"]["selector"]["matchLabels"] == shim["spec"]["template"]["metadata"]["labels"]


def test_the_shim_is_a_valid_hardened_deployment(objects):
    (found,) = scan.workloads_of("s", "dev", objects)
    validate_object(found.obj)
    assert workload_problems([found.obj]) == []


def _checkov() -> str | None:
    path = os.environ.get("CHECKOV") or str(ROOT / ".venv-scan" / "bin" / "checkov")
    return path if Path(path).exists() or shutil.which(path) else None


@pytest.mark.skipif(_checkov() is None, reason="checkov not installed (CI runs the real scan: scripts/checkov_scan.py)")
def test_real_checkov_passes_every_required_check_on_the_shim(objects, tmp_path):
    workloads = scan.workloads_of("s", "dev", objects)
    for w in workloads:
        (tmp_path / w.file_name).write_text(yaml.safe_dump(w.obj))
    assert scan.evaluate(scan.run_checkov(_checkov(), tmp_path), workloads) == []
