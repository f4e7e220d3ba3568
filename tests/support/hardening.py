"""Checks that a rendered workload is hardened (shared by the stack tests and the config fuzz tests)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


def workload_problems(objects: list[dict[str, Any]]) -> list[str]:
    """Every hardening gap of every pod spec in ``objects`` (a plan's manifests), one line each."""
    problems = []
    for obj in objects:
        name = f"{obj['kind']} {obj['metadata'].get('namespace')}/{obj['metadata'].get('name')}"
        for path, pod in pod_specs(obj.get("spec") or {}, "spec"):
            problems += [f"{name} {path}: {p}" for p in pod_problems(pod)]
            for c in [*(pod.get("initContainers") or []), *pod["containers"]]:
                problems += [f"{name} {path} container {c.get('name')}: {p}" for p in container_problems(c, pod)]
    return problems


def placement_problems(objects: list[dict[str, Any]], existing_namespaces: frozenset[str] = frozenset()) -> list[str]:
    """Workloads outside a namespace the plan creates (or, with ``create_namespace=false``, one of
    ``existing_namespaces``), or without a ServiceAccount it creates."""
    namespaces = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"} | existing_namespaces
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
    return problems
