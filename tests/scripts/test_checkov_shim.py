"""scripts/checkov_scan.py: Deployment shims of Knative pod templates, workload discovery and
the reading of checkov's report. The real scan runs in CI (.ci/run); here it runs only when a
checkov executable is at hand ($CHECKOV or .venv-scan/bin/checkov)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.crds import validate_object
from tests.support.planned import STACK_STAGES, planned_objects

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("checkov_scan", ROOT / "scripts" / "checkov_scan.py")
scan = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("checkov_scan", scan)
_spec.loader.exec_module(scan)

HARDENED_CONTAINER = {
    "name": "user-container",
    "image": "docker.io/example/app:v1.2.3",
    "ports": [{"containerPort": 8080, "name": "http1"}],
    "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
    "securityContext": {
        "allowPrivilegeEscalation": False, "privileged": False, "runAsNonRoot": True,
        "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"},
    },
}


def ksvc(name: str = "demo", namespace: str | None = "demo-ns", **pod: object) -> dict:
    """A Knative Service with a hardened container and extra revision-spec fields ``pod``."""
    meta: dict = {"name": name, "labels": {"app.kubernetes.io/part-of": "eventing-platform"}}
    if namespace is not None:
        meta["namespace"] = namespace
    return {
        "apiVersion": "serving.knative.dev/v1",
        "kind": "Service",
        "metadata": meta,
        "spec": {"template": {
            "metadata": {"annotations": {"autoscaling.knative.dev/max-scale": "5"}},
            "spec": {"serviceAccountName": "demo-sa", "containers": [dict(HARDENED_CONTAINER)], **pod},
        }},
    }


def test_shim_is_a_deployment_with_the_same_name_namespace_and_containers():
    obj = ksvc()
    shim = scan.deployment_shim(obj)
    assert (shim["apiVersion"], shim["kind"]) == ("apps/v1", "Deployment")
    assert shim["metadata"]["name"] == "demo"
    assert shim["metadata"]["namespace"] == "demo-ns"
    pod = shim["spec"]["template"]["spec"]
    assert pod["containers"] == obj["spec"]["template"]["spec"]["containers"]
    assert pod["serviceAccountName"] == "demo-sa"
    assert shim["metadata"]["annotations"][scan.SHIM_SOURCE_ANNOTATION] == "serving.knative.dev/v1 Service"


def test_shim_keeps_a_missing_namespace_missing_so_the_default_namespace_check_still_fails():
    shim = scan.deployment_shim(ksvc(namespace=None))
    assert "namespace" not in shim["metadata"]


def test_shim_drops_revision_only_fields():
    shim = scan.deployment_shim(ksvc(containerConcurrency=2, timeoutSeconds=30, responseStartTimeoutSeconds=5, idleTimeoutSeconds=9))
    pod = shim["spec"]["template"]["spec"]
    assert not set(pod) & scan.KNATIVE_ONLY_POD_FIELDS
    assert pod["containers"]


def test_shim_selector_matches_the_template_labels():
    shim = scan.deployment_shim(ksvc())
    selector = shim["spec"]["selector"]["matchLabels"]
    labels = shim["spec"]["template"]["metadata"]["labels"]
    assert selector == labels
    assert selector is not labels  # no YAML anchors in the written file
    assert "&id" not in yaml.safe_dump(shim)


def test_shim_does_not_change_the_knative_object():
    obj = ksvc(containerConcurrency=2)
    before = yaml.safe_dump(obj)
    scan.deployment_shim(obj)
    assert yaml.safe_dump(obj) == before


def test_shim_is_a_valid_kubernetes_deployment():
    validate_object(scan.deployment_shim(ksvc(containerConcurrency=2, timeoutSeconds=30)))


def test_plain_workloads_are_kept_as_they_are_and_other_objects_ignored():
    deployment = scan.deployment_shim(ksvc())  # any apps/v1 Deployment
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j", "namespace": "n"},
           "spec": {"template": {"spec": {"containers": [HARDENED_CONTAINER], "restartPolicy": "Never"}}}}
    others = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "n"}},
        {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "metadata": {"name": "c", "namespace": "n"}},
    ]
    found = scan.workloads_of("s", "dev", [deployment, job, *others])
    assert [w.obj for w in found] == [deployment, job]
    assert [w.source_kind for w in found] == ["apps/v1 Deployment", "batch/v1 Job"]


def test_container_source_pod_template_is_shimmed_too():
    source = {"apiVersion": "sources.knative.dev/v1", "kind": "ContainerSource",
              "metadata": {"name": "heartbeat", "namespace": "n"},
              "spec": {"template": {"spec": {"containers": [HARDENED_CONTAINER]}},
                       "sink": {"uri": "http://example.com"}}}
    (found,) = scan.workloads_of("s", "dev", [source])
    assert found.obj["kind"] == "Deployment"
    assert found.source_kind == "sources.knative.dev/v1 ContainerSource"


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_workload_of_every_stack_renders_as_a_valid_object(stack, stage):
    objects = planned_objects(stack, stage)
    found = scan.workloads_of(stack, stage, objects)
    templated = [o for o in objects if scan.has_pod_template(o)]
    assert len([w for w in found if w.obj["kind"] == "Deployment" and scan.SHIM_SOURCE_ANNOTATION in w.obj["metadata"].get("annotations", {})]) == len(templated)
    for w in found:
        validate_object(w.obj)
    assert len({w.file_name for w in found}) == len(found), "two workloads share a file name"


def test_render_writes_one_file_per_workload_and_clears_old_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(scan, "planned_objects", planned_objects)
    (tmp_path / "stale.yaml").write_text("kind: Stale\n")
    stacks = [s for s, _ in STACK_STAGES][:1]
    found = scan.render(tmp_path, stacks)
    files = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert files == sorted(w.file_name for w in found)
    for w in found:
        assert yaml.safe_load((tmp_path / w.file_name).read_text()) == w.obj


def test_main_render_only_needs_no_checkov(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scan, "planned_objects", planned_objects)
    assert scan.main(["--render-only", "--no-variants", "--out", str(tmp_path)]) == 0
    assert "rendered" in capsys.readouterr().out


def test_variants_plan_each_other_closed_choice_and_skip_the_ones_the_config_refuses(tmp_path, monkeypatch):
    stack = STACK_STAGES[0][0]
    variants = scan.config_variants(stack)
    assert variants and all("=" in v and not v.startswith(("stage=", "scenario=")) for v in variants)
    calls = []

    def fake(stack_name, stage, overrides=()):
        calls.append(tuple(overrides))
        if overrides and overrides[0] == variants[-1]:
            from eventing_platform.errors import ArgsError, Problem

            raise ArgsError([Problem("x", "needs another key")])
        return [ksvc(f"svc-{len(calls)}")]

    monkeypatch.setattr(scan, "planned_objects", fake)
    found = scan.render(tmp_path, [stack], ["dev"], variants=True)
    assert calls == [(), *[(v,) for v in variants]]
    assert len(found) == len(variants)  # the refused last variant renders nothing
    assert {w.variant for w in found} == {"", *variants[:-1]}
    assert all(w.variant in w.label for w in found)
    assert len({w.file_name for w in found}) == len(found)


def test_main_rejects_an_unknown_stack(tmp_path, capsys):
    assert scan.main(["--render-only", "--out", str(tmp_path), "--stack", "no-such-stack"]) == 2
    assert "unknown stack" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def _workload(name: str) -> object:
    return scan.Workload("s", "dev", "serving.knative.dev/v1 Service", scan.deployment_shim(ksvc(name)))


def _result(check: str, w: object) -> dict:
    return {"check_id": check, "check_name": "x", "file_path": f"/{w.file_name}", "resource": f"Deployment.demo-ns.{w.obj['metadata']['name']}"}


def test_evaluate_accepts_a_report_where_every_required_check_passed_on_every_workload():
    ws = [_workload("a"), _workload("b")]
    report = {"check_type": "kubernetes", "results": {"passed_checks": [_result(c, w) for w in ws for c in scan.REQUIRED_CHECKS], "failed_checks": []}}
    assert scan.evaluate(report, ws) == []
    assert scan.evaluate([report], ws) == []  # checkov prints a list with several frameworks


def test_evaluate_reports_a_failed_required_check_with_the_workload():
    (w,) = ws = [_workload("a")]
    passed = [_result(c, w) for c in scan.REQUIRED_CHECKS if c != "CKV_K8S_16"]
    report = {"check_type": "kubernetes", "results": {"passed_checks": passed, "failed_checks": [_result("CKV_K8S_16", w)]}}
    (problem,) = scan.evaluate(report, ws)
    assert "CKV_K8S_16 failed" in problem and w.label in problem


def test_evaluate_reports_a_required_check_that_never_ran():
    (w,) = ws = [_workload("a")]
    passed = [_result(c, w) for c in scan.REQUIRED_CHECKS if c != "CKV_K8S_21"]
    report = {"check_type": "kubernetes", "results": {"passed_checks": passed, "failed_checks": []}}
    (problem,) = scan.evaluate(report, ws)
    assert "CKV_K8S_21 did not run" in problem


def test_evaluate_ignores_failures_of_checks_outside_the_list():
    (w,) = ws = [_workload("a")]
    report = {"check_type": "kubernetes", "results": {
        "passed_checks": [_result(c, w) for c in scan.REQUIRED_CHECKS],
        "failed_checks": [_result("CKV_K8S_43", w)],  # image digest: advisory here
    }}
    assert scan.evaluate(report, ws) == []


def test_evaluate_reports_an_empty_report_as_nothing_checked():
    ws = [_workload("a")]
    problems = scan.evaluate({"check_type": "kubernetes", "results": {"failed_checks": []}}, ws)
    assert len(problems) == len(scan.REQUIRED_CHECKS)


def _checkov() -> str | None:
    path = os.environ.get("CHECKOV") or str(ROOT / ".venv-scan" / "bin" / "checkov")
    return path if Path(path).exists() or shutil.which(path) else None


@pytest.mark.skipif(_checkov() is None, reason="checkov not installed (CI runs the real scan: scripts/checkov_scan.py)")
def test_real_checkov_fails_a_privileged_unlimited_shim_and_passes_a_hardened_one(tmp_path):
    good = _workload("good")
    bad_obj = ksvc("bad", namespace=None)
    container = bad_obj["spec"]["template"]["spec"]["containers"][0]
    container["securityContext"] = {"privileged": True, "allowPrivilegeEscalation": True}
    del container["resources"]  # (an empty `resources: {}` makes checkov answer UNKNOWN, reported as "did not run")
    container["image"] = "docker.io/example/app:latest"
    bad = scan.Workload("s", "dev", "serving.knative.dev/v1 Service", scan.deployment_shim(bad_obj))
    for w in (good, bad):
        (tmp_path / w.file_name).write_text(yaml.safe_dump(w.obj))
    problems = scan.evaluate(scan.run_checkov(_checkov(), tmp_path), [good, bad])
    failed = {p.split()[0] for p in problems if " failed " in p}
    assert failed == set(scan.REQUIRED_CHECKS)
    assert all(bad.label in p for p in problems)


def test_checkov_scans_every_kind_the_container_policies_check():
    from eventing_platform.kinds import group_of_api_version
    from eventing_platform.rules.kube import WORKLOAD_KINDS

    scanned = {(group_of_api_version(api_version), kind) for api_version, kind in scan.WORKLOAD_KINDS}
    assert scanned | scan.POD_TEMPLATE_KINDS == WORKLOAD_KINDS
    assert not scanned & scan.POD_TEMPLATE_KINDS


@pytest.mark.parametrize(("api_version", "kind", "plain", "shimmed"), [
    ("apps/v1", "Deployment", True, False), ("v1", "ReplicationController", True, False),
    ("batch/v1", "CronJob", True, False), ("serving.knative.dev/v1", "Configuration", False, True),
    ("sources.knative.dev/v1", "ContainerSource", False, True), ("v1", "ConfigMap", False, False),
])
def test_plain_workloads_are_scanned_as_they_are_and_knative_ones_as_shims(api_version, kind, plain, shimmed):
    obj = {"apiVersion": api_version, "kind": kind}
    assert (scan.is_plain_workload(obj), scan.has_pod_template(obj)) == (plain, shimmed)
