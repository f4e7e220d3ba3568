"""Every container of every stack (dev and prod) is hardened by default.

Pod specs are found generically: any object part that holds a ``containers`` list (Knative
Service templates, Deployments, ContainerSources, Jobs, ...), so new stacks and kinds are covered.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.planned import STACK_STAGES, planned_objects

SYSTEM_NAMESPACES = {"default", "kube-system", "kube-public", "kube-node-lease"}


def pod_specs(value: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ``(path, pod spec)`` inside an object: dicts that hold a ``containers`` list."""
    if isinstance(value, dict):
        if isinstance(value.get("containers"), list):
            yield path, value
        for key, item in value.items():
            yield from pod_specs(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from pod_specs(item, f"{path}[{i}]")


def container_problems(container: dict[str, Any], pod: dict[str, Any]) -> list[str]:
    """What is missing from one container's hardening (empty when it is hardened)."""
    problems = []
    res = container.get("resources") or {}
    for part in ("requests", "limits"):
        for kind in ("cpu", "memory"):
            if not (res.get(part) or {}).get(kind):
                problems.append(f"no {kind} {part[:-1]}")
    sc = container.get("securityContext") or {}
    pod_sc = pod.get("securityContext") or {}
    if sc.get("privileged") is not False:
        problems.append("privileged is not false")
    if sc.get("allowPrivilegeEscalation") is not False:
        problems.append("allowPrivilegeEscalation is not false")
    if not (sc.get("runAsNonRoot") is True or (pod_sc.get("runAsNonRoot") is True and "runAsNonRoot" not in sc)):
        problems.append("runAsNonRoot is not true")
    if sc.get("runAsUser") == 0 or pod_sc.get("runAsUser") == 0:
        problems.append("runs as UID 0")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        problems.append("capabilities do not drop ALL")
    if (sc.get("capabilities") or {}).get("add"):
        problems.append(f"adds capabilities {sc['capabilities']['add']}")
    seccomp = (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type")
    if seccomp not in ("RuntimeDefault", "Localhost"):
        problems.append(f"seccompProfile is {seccomp!r}, not RuntimeDefault")
    image = str(container.get("image") or "")
    last = image.rsplit("/", 1)[-1]
    if "@sha256:" not in image and (":" not in last or last.endswith(":latest")):
        problems.append(f"image {image!r} is not pinned")
    return problems


def pod_problems(pod: dict[str, Any]) -> list[str]:
    """Pod-level hardening: no host namespaces."""
    return [f"{k} is true" for k in ("hostNetwork", "hostPID", "hostIPC") if pod.get(k)]


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_container_has_limits_and_a_restricted_security_context(stack, stage):
    problems = []
    for obj in planned_objects(stack, stage):
        name = f"{obj['kind']} {obj['metadata'].get('namespace')}/{obj['metadata'].get('name')}"
        for path, pod in pod_specs(obj.get("spec") or {}, "spec"):
            problems += [f"{name} {path}: {p}" for p in pod_problems(pod)]
            for c in [*(pod.get("initContainers") or []), *pod["containers"]]:
                problems += [f"{name} {path} container {c.get('name')}: {p}" for p in container_problems(c, pod)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_workload_runs_in_a_dedicated_namespace_with_a_dedicated_service_account(stack, stage):
    objects = planned_objects(stack, stage)
    namespaces = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"}
    accounts = {(o["metadata"].get("namespace"), o["metadata"]["name"]) for o in objects if o["kind"] == "ServiceAccount"}
    problems = []
    for obj in objects:
        specs = list(pod_specs(obj.get("spec") or {}, "spec"))
        if not specs:
            continue
        ns = obj["metadata"].get("namespace")
        name = f"{obj['kind']} {ns}/{obj['metadata'].get('name')}"
        if not ns or ns in SYSTEM_NAMESPACES:
            problems.append(f"{name}: runs in namespace {ns!r}; set a dedicated one")
        elif ns not in namespaces:
            problems.append(f"{name}: namespace {ns!r} is not created by the stack")
        for path, pod in specs:
            sa = pod.get("serviceAccountName")
            if not sa or sa == "default":
                problems.append(f"{name} {path}: runs as ServiceAccount {sa or 'default'!r}; set a dedicated one")
            elif (ns, sa) not in accounts:
                problems.append(f"{name} {path}: ServiceAccount {ns}/{sa} is not created by the stack")
    assert not problems, "\n".join(problems)


def test_the_stacks_have_workloads_to_check():
    """The two tests above are not vacuous: the shipped stacks do run containers."""
    assert sum(len(list(pod_specs(o.get("spec") or {}))) for s, st in STACK_STAGES for o in planned_objects(s, st)) > 0


def test_the_checker_finds_an_unhardened_container():
    bad = {"name": "c", "image": "nginx:latest", "securityContext": {"privileged": True, "capabilities": {"add": ["NET_ADMIN"]}}}
    problems = container_problems(bad, {})
    for expected in ("no cpu request", "no memory limit", "privileged is not false", "allowPrivilegeEscalation",
                     "runAsNonRoot", "drop ALL", "adds capabilities", "seccompProfile", "not pinned"):
        assert any(expected in p for p in problems), expected
    assert pod_problems({"hostNetwork": True}) == ["hostNetwork is true"]
