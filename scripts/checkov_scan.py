#!/usr/bin/env python3
"""Scan every stack's workloads with checkov and fail on the container-hardening checks.

checkov does not know Knative, so each object that carries a pod template (a Knative
``Service``, ``Configuration`` or ``ContainerSource``) is rendered as an ``apps/v1 Deployment``
"shim" with the same name, namespace, labels and pod spec; plain workloads (Deployment,
StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod) are scanned as they are. Every stack is
planned offline for every stage, with its own config and once per other allowed value of each
closed-choice key (``service_kind=knative``, ...; ``--no-variants`` skips those), one YAML file
per workload is written to ``--out``, and

    checkov -d OUT --framework kubernetes --skip-download

runs on them. The scan fails (exit 1) when any of :data:`REQUIRED_CHECKS` fails on any
workload, or did not run on one (a scan that checked nothing passes nothing). Exit 2: bad
usage, or checkov missing or unreadable.

Usage (CI installs checkov in its own virtual environment, see the README)::

    .venv/bin/python scripts/checkov_scan.py --checkov .venv-scan/bin/checkov
    .venv/bin/python scripts/checkov_scan.py --render-only --out build/checkov   # no checkov
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventing_platform.kinds import group_of_api_version, kinds_where, known_kind

PROJECT_DIR = Path(__file__).resolve().parent.parent

REQUIRED_CHECKS: tuple[str, ...] = (
    "CKV_K8S_10",  # CPU requests
    "CKV_K8S_11",  # CPU limits
    "CKV_K8S_12",  # memory requests
    "CKV_K8S_13",  # memory limits
    "CKV_K8S_14",  # image tag fixed (not latest or blank)
    "CKV_K8S_16",  # not privileged
    "CKV_K8S_20",  # allowPrivilegeEscalation false
    "CKV_K8S_21",  # not in the default namespace
)
"""checkov checks that must pass on every workload of every stack."""

STAGES: tuple[str, ...] = ("dev", "prod")

WORKLOAD_KINDS: frozenset[tuple[str, str]] = frozenset(
    (k.api_version, k.kind) for k in kinds_where(pod_spec=True, builtin=True)
)
"""``(apiVersion, kind)`` checkov scans directly: Kubernetes' own kinds with a pod template in
the catalogue of kinds (Deployment, ..., Pod, ReplicationController)."""

POD_TEMPLATE_KINDS: frozenset[tuple[str, str]] = frozenset(
    k.group_kind for k in kinds_where(pod_spec=True, builtin=False)
)
"""``(group, kind)`` of the custom kinds whose ``spec.template`` is a pod template (Knative
Service, Configuration, ContainerSource), rendered as Deployment shims."""

KNATIVE_ONLY_POD_FIELDS: frozenset[str] = frozenset({
    "containerConcurrency", "timeoutSeconds", "responseStartTimeoutSeconds", "idleTimeoutSeconds",
})
"""Revision-spec fields that are not part of a Kubernetes ``PodSpec``."""

_DEPLOYMENT = known_kind("apps", "Deployment")

SHIM_SOURCE_ANNOTATION = "eventing-platform/checkov-shim-of"
"""Annotation on a shim naming the object it stands for (``<apiVersion> <kind>``)."""


@dataclass(frozen=True)
class Workload:
    """One object to scan: where it comes from and the object checkov sees."""

    stack: str
    stage: str
    source_kind: str
    """``apiVersion kind`` of the planned object (a Knative kind for a shim)."""
    obj: dict[str, Any]
    variant: str = ""
    """The config override the stack was planned with (``key=value``), empty for its own config."""

    @property
    def file_name(self) -> str:
        """A unique, safe file name: ``<stack>-<stage>[-<variant>]-<kind>-<namespace>-<name>.yaml``."""
        meta = self.obj.get("metadata") or {}
        kind = self.source_kind.split()[-1]
        parts = [self.stack, self.stage, *([self.variant] if self.variant else []), kind,
                 meta.get("namespace") or "no-namespace", meta.get("name") or "unnamed"]
        return re.sub(r"[^A-Za-z0-9_.-]+", "_", "-".join(str(p) for p in parts)).lower() + ".yaml"

    @property
    def label(self) -> str:
        """For messages: ``stack (stage[, variant]) Kind namespace/name``."""
        meta = self.obj.get("metadata") or {}
        where = f"{self.stage}, {self.variant}" if self.variant else self.stage
        return f"{self.stack} ({where}) {self.source_kind.split()[-1]} {meta.get('namespace')}/{meta.get('name')}"


def is_plain_workload(obj: dict[str, Any]) -> bool:
    """True for a Kubernetes workload kind checkov understands as it is."""
    return (obj.get("apiVersion"), obj.get("kind")) in WORKLOAD_KINDS


def has_pod_template(obj: dict[str, Any]) -> bool:
    """True for a Knative object whose ``spec.template`` is a pod template."""
    return (group_of_api_version(obj.get("apiVersion")), obj.get("kind")) in POD_TEMPLATE_KINDS


def deployment_shim(obj: dict[str, Any]) -> dict[str, Any]:
    """An ``apps/v1 Deployment`` with the pod template of ``obj`` (a Knative Service etc.).

    Name, namespace and labels are kept; the pod spec is copied as it is, less the
    revision-only fields (``containerConcurrency``, ``timeoutSeconds``, ...). The selector
    matches the template's labels plus ``app.kubernetes.io/name: <name>``.
    """
    meta = obj.get("metadata") or {}
    name = meta.get("name") or "unnamed"
    template = copy.deepcopy((obj.get("spec") or {}).get("template") or {})
    pod_spec = {k: v for k, v in (template.get("spec") or {}).items() if k not in KNATIVE_ONLY_POD_FIELDS}
    t_meta = dict(template.get("metadata") or {})
    labels = {**(t_meta.get("labels") or {}), "app.kubernetes.io/name": name}
    t_meta["labels"] = labels
    shim_meta: dict[str, Any] = {
        "name": name,
        "labels": dict(meta.get("labels") or {}),
        "annotations": {SHIM_SOURCE_ANNOTATION: f"{obj.get('apiVersion')} {obj.get('kind')}"},
    }
    if "namespace" in meta:
        shim_meta["namespace"] = meta["namespace"]
    if not shim_meta["labels"]:
        del shim_meta["labels"]
    return {
        "apiVersion": _DEPLOYMENT.api_version,
        "kind": _DEPLOYMENT.kind,
        "metadata": shim_meta,
        "spec": {
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": t_meta, "spec": pod_spec},
        },
    }


def workloads_of(stack: str, stage: str, objects: Iterable[dict[str, Any]], variant: str = "") -> list[Workload]:
    """The plain workloads of a plan as they are, and a shim for each pod-template object."""
    out = []
    for obj in objects:
        source = f"{obj.get('apiVersion')} {obj.get('kind')}"
        if is_plain_workload(obj):
            out.append(Workload(stack, stage, source, copy.deepcopy(obj), variant))
        elif has_pod_template(obj):
            out.append(Workload(stack, stage, source, deployment_shim(obj), variant))
    return out


def planned_objects(stack: str, stage: str, overrides: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The Kubernetes objects of ``stack`` planned offline for ``stage`` (as in manifests.yaml),
    with ``overrides`` (``KEY=VALUE``) set as ``--config`` would."""
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from eventing_platform.engine.artefacts import manifests
    from eventing_platform.engine.program import plan_stack, read_stack_file, with_overrides
    from stacks.repository import PROGRAM

    record = plan_stack(with_overrides(read_stack_file(PROGRAM, stack), overrides, stage=stage))
    return manifests(record)


def config_variants(stack: str) -> list[str]:
    """One ``KEY=VALUE`` override per other allowed value of each closed-choice config key
    (``service_kind=knative``, ``credentials=access-key``, ...): the workloads each mode renders."""
    from stacks.repository import config_schema
    from stacks.scenarios import SCENARIOS

    out = []
    for key, prop in config_schema(SCENARIOS[stack])["properties"].items():
        if key in ("scenario", "stage") or prop.get("writeOnly"):
            continue
        for choice in prop.get("enum") or []:
            if choice is not None and choice != prop.get("default"):
                out.append(f"{key}={str(choice).lower() if isinstance(choice, bool) else choice}")
    return out


def variant_objects(stack: str, stage: str, variant: str) -> list[dict[str, Any]] | None:
    """The objects of one variant, or None when the config refuses it on its own (it needs
    other keys set too)."""
    from eventing_platform.errors import ArgsError

    try:
        return planned_objects(stack, stage, [variant])
    except ArgsError:
        return None


def all_stacks() -> list[str]:
    """Every stack of ``stacks.scenarios.SCENARIOS``."""
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from stacks.scenarios import SCENARIOS

    return list(SCENARIOS)


def render(out_dir: Path, stacks: Sequence[str], stages: Sequence[str] = STAGES, variants: bool = False) -> list[Workload]:
    """Plan ``stacks`` for ``stages`` and write one YAML file per workload into ``out_dir``.

    With ``variants``, each stack is also planned once per :func:`config_variants` override that
    its config accepts. ``out_dir`` is emptied of earlier ``*.yaml`` files first, so a scan sees
    only this run.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.yaml"):
        old.unlink()
    found: list[Workload] = []
    for stack in stacks:
        for stage in stages:
            found += workloads_of(stack, stage, planned_objects(stack, stage))
            for variant in config_variants(stack) if variants else []:
                objects = variant_objects(stack, stage, variant)
                if objects is not None:
                    found += workloads_of(stack, stage, objects, variant)
    names = [w.file_name for w in found]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"two workloads render to the same file: {', '.join(dupes)}")
    for w in found:
        (out_dir / w.file_name).write_text(yaml.safe_dump(w.obj, sort_keys=False))
    return found


def run_checkov(checkov: str, directory: Path, checks: Sequence[str] = REQUIRED_CHECKS) -> dict[str, Any]:
    """Run checkov on ``directory`` (kubernetes framework, no downloads); its JSON report."""
    cmd = [
        checkov, "-d", str(directory), "--framework", "kubernetes", "--skip-download",
        "--check", ",".join(checks), "-o", "json", "--compact",
    ]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_NO_OUTPUT_FILE": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"checkov exited {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-2000:]}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"checkov printed no JSON report: {(proc.stdout + proc.stderr).strip()[-2000:]}") from None
    return report


def _reports(report: Any) -> list[dict[str, Any]]:
    """checkov prints one report object, or a list of them (one per framework)."""
    items = report if isinstance(report, list) else [report]
    return [r for r in items if isinstance(r, dict) and r.get("check_type", "kubernetes") == "kubernetes"]


def evaluate(report: Any, workloads: Sequence[Workload], checks: Sequence[str] = REQUIRED_CHECKS) -> list[str]:
    """Problems in a checkov report: a required check that failed, errored or never ran.

    Every workload file must have a PASSED result for every check in ``checks``.
    """
    by_file = {w.file_name: w for w in workloads}
    passed: set[tuple[str, str]] = set()
    problems: list[str] = []
    for r in _reports(report):
        results = r.get("results") or {}
        for item in results.get("failed_checks") or []:
            if item.get("check_id") in checks:
                w = by_file.get(Path(str(item.get("file_path", ""))).name)
                where = w.label if w else item.get("file_path")
                problems.append(f"{item['check_id']} failed ({item.get('check_name', '')}) on {where} [{item.get('resource')}]")
        for item in results.get("passed_checks") or []:
            passed.add((str(item.get("check_id")), Path(str(item.get("file_path", ""))).name))
        for err in results.get("parsing_errors") or []:
            problems.append(f"checkov could not parse {err}")
    for w in workloads:
        for check in checks:
            if (check, w.file_name) not in passed and not any(check in p and w.label in p for p in problems):
                problems.append(f"{check} did not run on {w.label} ({w.file_name}); the scan proves nothing for it")
    return problems


def _find_checkov(explicit: str | None) -> str | None:
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    env = os.environ.get("CHECKOV")
    if env:
        return env
    local = PROJECT_DIR / ".venv-scan" / "bin" / "checkov"
    return str(local) if local.exists() else shutil.which("checkov")


def main(argv: Sequence[str] | None = None) -> int:
    """Render the workloads, run checkov and report; returns the exit code."""
    parser = argparse.ArgumentParser(prog="scripts/checkov_scan.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "build" / "checkov", help="where the workload files go (default build/checkov)")
    parser.add_argument("--stack", action="append", default=[], help="scan only this stack (repeatable; default: all)")
    parser.add_argument("--stage", action="append", choices=STAGES, default=[], help="scan only this stage (repeatable; default: dev and prod)")
    parser.add_argument("--checkov", help="checkov executable (default: $CHECKOV, .venv-scan/bin/checkov, or on PATH)")
    parser.add_argument("--render-only", action="store_true", help="write the workload files and stop (no checkov needed)")
    parser.add_argument("--no-variants", action="store_true", help="scan each stack's own config only, not also each alternative of its closed-choice keys")
    args = parser.parse_args(argv)

    known = all_stacks()
    unknown = [s for s in args.stack if s not in known]
    if unknown:
        print(f"error: unknown stack(s) {', '.join(map(repr, unknown))}; choose from: {', '.join(known)}", file=sys.stderr)
        return 2
    workloads = render(args.out, args.stack or known, args.stage or STAGES, variants=not args.no_variants)
    print(f"rendered {len(workloads)} workloads of {len(args.stack or known)} stacks into {args.out}")
    if args.render_only:
        return 0
    checkov = _find_checkov(args.checkov)
    if checkov is None:
        print("error: checkov not found; install it in its own environment: `python3 -m venv .venv-scan && .venv-scan/bin/pip install 'checkov>=3.2,<4'` (the `scan` extra), or pass --checkov", file=sys.stderr)
        return 2
    try:
        report = run_checkov(checkov, args.out)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    problems = evaluate(report, workloads)
    for line in problems:
        print(f"error: {line}", file=sys.stderr)
    ran = len(workloads) * len(REQUIRED_CHECKS)
    print(f"checkov: {ran - len(problems)} of {ran} required results passed "
          f"({', '.join(REQUIRED_CHECKS)} on {len(workloads)} workloads)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
