"""Kubernetes workloads: pinned images, resources, security context, service accounts, namespaces."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventing_platform.kinds import CLUSTER_SCOPED_KINDS, parse_type_token
from eventing_platform.kinds.formats.images import parse_image_reference

from .kube import containers, is_workload, pod_spec
from .model import ADVISORY, MANDATORY, Rule, RuleConfig, Violation
from .props import as_str, get, is_false, is_set, is_true, is_unknown, str_list
from .secrets import FC_FUNCTION_TYPES


def image_problem(image: Any, require_digest: bool) -> str | None:
    """Why an image reference is not pinned, or None.

    An explicit tag that is not ``latest``, or a digest; unknown or malformed references fail.
    Parsed with the components' grammar (:func:`eventing_platform.kinds.formats.images.parse_image_reference`,
    the distribution reference grammar), so the policy and the components agree on every reference.
    """
    if is_unknown(image):
        return "the image is not known during preview, so it cannot be shown to be pinned"
    if not isinstance(image, str) or not image.strip():
        return "the image is missing"
    ref = image.strip()
    try:
        parsed = parse_image_reference(ref)
    except ValueError as err:
        return f"{ref} has a malformed digest" if "digest" in str(err) else f"{ref} {err}"
    if parsed.digest:
        return None
    if require_digest:
        return f"{ref} is not pinned by digest (required in prod)"
    if parsed.tag is None:
        return f"{ref} has no tag, so it means :latest"
    if parsed.tag.lower() == "latest":
        return f"{ref} uses the :latest tag"
    return None


IMAGE_FIX = "Pin the image to an immutable tag (e.g. v0.1.0) or a digest (@sha256:...)."


def check_image(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Every container image (and FC custom container image) pinned; unknown images fail."""
    require_digest = cfg.prod and cfg.flag("requireDigestInProd")
    if type_ in FC_FUNCTION_TYPES:
        ccc = get(props, "customContainerConfig")
        if ccc is None:
            return
        problem = image_problem(get(ccc, "image"), require_digest)
        if problem:
            yield Violation(f"customContainerConfig.image: {problem}", fix=IMAGE_FIX)
        return
    spec = pod_spec(type_, props)
    if spec is None or is_unknown(spec):
        yield Violation("the pod template is missing or not known, so its images cannot be checked", fix=IMAGE_FIX)
        return
    for label, container in containers(spec):
        problem = image_problem(get(container, "image"), require_digest)
        if problem:
            yield Violation(f"{label}: {problem}", fix=IMAGE_FIX)


def check_resources(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """cpu and memory requests and limits on every container (unknown containers fail)."""
    fix = "Set resources.requests and resources.limits for cpu and memory on every container."
    spec = pod_spec(type_, props)
    if spec is None or is_unknown(spec):
        yield Violation("the pod template is missing or not known, so container resources cannot be checked", fix=fix)
        return
    seen = False
    for label, container in containers(spec):
        seen = True
        if is_unknown(container):
            yield Violation(f"{label}: containers are not known during preview", fix=fix)
            continue
        missing = [f"{kind}.{res}" for kind in ("requests", "limits") for res in ("cpu", "memory")
                   if not is_set(get(container, "resources", kind, res))]
        if missing:
            yield Violation(f"{label}: no {', '.join(missing)}", fix=fix)
    if not seen:
        yield Violation("the pod template has no containers", fix=fix)


def check_security_context(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Not privileged, no privilege escalation (mandatory; unset allowPrivilegeEscalation fails);
    non-root, drop ALL, RuntimeDefault seccomp, read-only root filesystem (advisory)."""
    spec = pod_spec(type_, props)
    if spec is None or is_unknown(spec):
        yield Violation("the pod template is missing or not known, so the security context cannot be checked")
        return
    pod_sc = get(spec, "securityContext")
    for label, container in containers(spec):
        if is_unknown(container):
            yield Violation(f"{label}: containers are not known during preview")
            continue
        sc = get(container, "securityContext")
        privileged = get(sc, "privileged")
        if is_true(privileged) or is_unknown(privileged):
            yield Violation(f"{label}: runs privileged", fix="Remove securityContext.privileged (or set it false).")
        if not is_false(get(sc, "allowPrivilegeEscalation")):
            yield Violation(f"{label}: allowPrivilegeEscalation is not false", fix="Set securityContext.allowPrivilegeEscalation: false.")
        if not (is_true(get(sc, "runAsNonRoot")) or (get(sc, "runAsNonRoot") is None and is_true(get(pod_sc, "runAsNonRoot")))):
            yield Violation(f"{label}: not forced to run as non-root", fix="Set securityContext.runAsNonRoot: true (and a non-zero runAsUser).", level=ADVISORY)
        if "ALL" not in [c.upper() for c in str_list(get(sc, "capabilities", "drop"))]:
            yield Violation(f"{label}: capabilities are not dropped", fix="Set securityContext.capabilities.drop: [ALL].", level=ADVISORY)
        own_seccomp = get(sc, "seccompProfile")
        seccomp = as_str(get(own_seccomp if own_seccomp is not None else get(pod_sc, "seccompProfile"), "type"))
        if seccomp not in ("RuntimeDefault", "Localhost"):
            yield Violation(f"{label}: no RuntimeDefault seccomp profile", fix="Set securityContext.seccompProfile.type: RuntimeDefault.", level=ADVISORY)
        if not is_true(get(sc, "readOnlyRootFilesystem")):
            yield Violation(f"{label}: the root filesystem is writable", fix="Set securityContext.readOnlyRootFilesystem: true (mount an emptyDir for scratch space).", level=ADVISORY)


def check_service_account(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """A named service account that is not ``default``."""
    spec = pod_spec(type_, props)
    if not isinstance(spec, dict):
        return
    sa = get(spec, "serviceAccountName")
    if sa is None:
        sa = get(spec, "serviceAccount")
    if is_unknown(sa):
        return
    if not isinstance(sa, str) or sa in ("", "default"):
        yield Violation("the workload runs as the namespace's default service account", fix="Give the workload its own ServiceAccount (spec.serviceAccountName).")


def _namespaced(type_: str) -> bool:
    parsed = parse_type_token(type_)
    if parsed is None:
        return False
    kind = parsed[2]
    return kind not in CLUSTER_SCOPED_KINDS and not kind.endswith(("Patch", "List"))


def check_namespace(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """``metadata.namespace`` set and not ``default`` (an unknown namespace passes)."""
    kind = (parse_type_token(type_) or ("", "", ""))[2]
    if kind in cfg.strings("clusterScopedKinds"):
        return
    ns = get(props, "metadata", "namespace")
    if is_unknown(ns):
        return
    if not isinstance(ns, str) or ns in ("", "default"):
        yield Violation(f"the {kind} is in the default namespace", fix="Set metadata.namespace to the stack's own namespace.")


RULES = (
    Rule(
        id="image-pinned",
        description="Every workload image (and Function Compute custom container image) must have an explicit tag other than latest, or a digest.",
        level=MANDATORY,
        severity="high",
        remediation=IMAGE_FIX,
        applies=lambda t: is_workload(t) or t in FC_FUNCTION_TYPES,
        check=check_image,
        config={"requireDigestInProd": {"type": "boolean", "default": False,
                                        "description": "Require @sha256 digests when the stage is prod. Default false."}},
        tags=("kubernetes", "supply-chain"),
    ),
    Rule(
        id="container-resources",
        description="Every container must set cpu and memory requests and limits.",
        level=MANDATORY,
        severity="medium",
        remediation="Set resources.requests and resources.limits (cpu, memory) on every container.",
        applies=is_workload,
        check=check_resources,
        tags=("kubernetes", "reliability"),
    ),
    Rule(
        id="container-security-context",
        description="Containers must not be privileged or allow privilege escalation, and should run as non-root with ALL capabilities dropped, RuntimeDefault seccomp and a read-only root filesystem.",
        level=MANDATORY,
        severity="high",
        remediation="Set privileged false, allowPrivilegeEscalation false, runAsNonRoot true, capabilities.drop [ALL], seccompProfile RuntimeDefault, readOnlyRootFilesystem true.",
        applies=is_workload,
        check=check_security_context,
        tags=("kubernetes", "security"),
    ),
    Rule(
        id="dedicated-service-account",
        description="Workloads should run under their own named service account, not default.",
        level=ADVISORY,
        severity="low",
        remediation="Create a ServiceAccount per workload and set spec.serviceAccountName.",
        applies=is_workload,
        check=check_service_account,
        tags=("kubernetes", "security"),
    ),
    Rule(
        id="no-default-namespace",
        description="Namespaced Kubernetes objects should set a namespace other than default.",
        level=ADVISORY,
        severity="low",
        remediation="Set metadata.namespace on every namespaced object.",
        applies=_namespaced,
        check=check_namespace,
        config={"clusterScopedKinds": {"type": "array", "items": {"type": "string"}, "default": [],
                                       "description": "More kinds to treat as cluster-scoped. Default []."}},
        tags=("kubernetes",),
    ),
)

__all__ = ["RULES", "image_problem"]
