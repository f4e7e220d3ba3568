"""Credentials in plain sight: literal secrets in environment variables and anywhere in a stack."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from eventing_platform.kinds import CORE_GROUP

from .kube import containers, is_kind, is_workload, pod_spec
from .model import MANDATORY, Resource, Rule, RuleConfig, Violation, glob_types
from .props import as_list, as_str, get, is_unknown, iter_strings

FC_FUNCTION_TYPES = frozenset({
    "alicloud:fc/function:Function",
    "alicloud:fc/v2Function:V2Function",
    "alicloud:fc/v3Function:V3Function",
})
"""Function Compute functions (``environmentVariables``, ``customContainerConfig.image``)."""

CREDENTIAL_NAME = re.compile(
    r"PASSWORD|PASSWD|PWD|SECRET|TOKEN|ACCESS_?KEY|KEYID|CREDENTIAL|PRIVATE_?KEY|API_?KEY"
    r"|(^|_)AK(_|$)|(^|_)SK(_|$)",
    re.IGNORECASE,
)
"""Environment variable names that hold credentials (matched after turning '-' and '.' into '_')."""

PEM_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----")
ALIBABA_ACCESS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,30}(?![A-Za-z0-9])")
AWS_ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])")
GCP_KEY_JSON = re.compile(r'"type"\s*:\s*"service_account"[\s\S]*"private_key"|"private_key"[\s\S]*"type"\s*:\s*"service_account"')


def _credential_name(name: str, cfg: RuleConfig) -> bool:
    if any(fnmatch.fnmatchcase(name, allowed) for allowed in cfg.strings("allowNames")):
        return False
    normal = re.sub(r"[-.]", "_", name)
    if CREDENTIAL_NAME.search(normal):
        return True
    for pattern in cfg.strings("extraNamePatterns"):
        try:
            if re.search(pattern, name, re.IGNORECASE):
                return True
        except re.error:
            continue
    return False


def _literal_problem(name: Any, value: Any, cfg: RuleConfig) -> str | None:
    """Why an env entry ``name=value`` (a literal ``value``) is a literal secret, or None."""
    if isinstance(value, str) and PEM_PRIVATE_KEY.search(value):
        return "holds a PEM private key"
    if value is None or value == "":
        return None
    name_s = as_str(name)
    if name_s is None:
        return None
    if _credential_name(name_s, cfg):
        if is_unknown(value):
            return "is credential-like and its value is computed into the spec (it would be readable in the object)"
        return "is credential-like and has a literal value"
    return None


ENV_FIX = (
    "Move the value into a Kubernetes Secret (from a Pulumi secret) and reference it with "
    "`valueFrom.secretKeyRef`, or use workload identity (RRSA / Workload Identity) instead of keys."
)


def check_env(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Literal credentials in container ``env`` (workloads) or FC ``environmentVariables``.

    Unknown: an unknown env list, or an unknown value of a credential-like variable, is a
    violation (the value would still be inlined into the object).
    """
    if type_ in FC_FUNCTION_TYPES:
        env = get(props, "environmentVariables")
        if is_unknown(env):
            yield Violation("environmentVariables is computed during preview; literal credentials cannot be ruled out", fix=ENV_FIX)
            return
        items: list[tuple[Any, Any]] = []
        if isinstance(env, dict):
            items = list(env.items())
        elif isinstance(env, list):  # tolerate a list of {name, value}
            items = [(get(e, "name"), get(e, "value")) for e in env]
        for key, value in items:
            problem = _literal_problem(key, value, cfg)
            if problem:
                yield Violation(f"environment variable {key!s} {problem}", fix=ENV_FIX)
        return
    spec = pod_spec(type_, props)
    if is_unknown(spec):
        yield Violation("the pod template is computed during preview; literal credentials in env cannot be ruled out", fix=ENV_FIX)
        return
    for label, container in containers(spec):
        env = get(container, "env")
        if is_unknown(container) or is_unknown(env):
            yield Violation(f"{label}: env is computed during preview; literal credentials cannot be ruled out", fix=ENV_FIX)
            continue
        for entry in as_list(env):
            if not isinstance(entry, dict) or "value" not in entry:
                continue
            key = entry.get("name")
            problem = _literal_problem(key, entry.get("value"), cfg)
            if problem:
                shown = key if isinstance(key, str) else "?"
                yield Violation(f"{label}: env {shown} {problem}", fix=ENV_FIX)


def _applies_env(type_: str) -> bool:
    return is_workload(type_) or type_ in FC_FUNCTION_TYPES


def _credential_kinds(text: str) -> list[tuple[str, str]]:
    found = []
    m = ALIBABA_ACCESS_KEY_ID.search(text)
    if m:
        found.append(("an Alibaba Cloud AccessKey ID", m.group(0)[:4] + "****"))
    m = AWS_ACCESS_KEY_ID.search(text)
    if m:
        found.append(("an AWS access key ID", m.group(0)[:4] + "****"))
    if GCP_KEY_JSON.search(text):
        found.append(("a GCP service-account key (JSON)", "{...}"))
    if PEM_PRIVATE_KEY.search(text):
        found.append(("a PEM private key", "-----BEGIN ... PRIVATE KEY-----"))
    return found


def _key_dicts(value: Any, path: str = "", depth: int = 0) -> Iterator[str]:
    """Paths of dicts that are GCP service-account keys (already parsed JSON)."""
    if depth > 64:
        return
    if isinstance(value, dict):
        if value.get("type") == "service_account" and "private_key" in value:
            yield path or "(root)"
        for k, v in value.items():
            yield from _key_dicts(v, f"{path}.{k}" if path else str(k), depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _key_dicts(v, f"{path}[{i}]", depth + 1)


DEFAULT_EXEMPT_TYPES = ("pulumi:providers:*", "alicloud:ram/accessKey:AccessKey", "gcp:serviceaccount/key:Key")
"""Types ``no-cloud-credential-literals`` does not scan by default."""

CRED_FIX = (
    "Remove the credential from the program: use RRSA / Workload Identity, or pass it as a Pulumi "
    "secret into a Kubernetes Secret only; rotate the exposed key."
)


def check_credentials(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Cloud credential literals in any string property of one resource (values are redacted).

    Kubernetes Secrets are exempt unless ``scanKubernetesSecrets``; ``exemptTypes`` globs skip
    other types (default: provider resources, whose credentials are the deployer's own config).
    Unknown values cannot hold a literal and pass.
    """
    if is_kind(type_, CORE_GROUP, "Secret") and not cfg.flag("scanKubernetesSecrets"):
        return
    if any(fnmatch.fnmatchcase(type_, p) for p in cfg.strings("exemptTypes")):
        return
    reported: set[tuple[str, str]] = set()
    for path, text in iter_strings(props):
        for kind, shown in _credential_kinds(text):
            if (kind, path) in reported:
                continue
            reported.add((kind, path))
            yield Violation(f"property {path or '(value)'} holds {kind} ({shown})", fix=CRED_FIX, urn=urn)
    for path in _key_dicts(props):
        yield Violation(f"property {path} is a GCP service-account key", fix=CRED_FIX, urn=urn)


def stack_credentials(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Runs :func:`check_credentials` over every resource of the stack."""
    for r in resources:
        if not cfg.applies_to(r.name, r.props):
            continue
        yield from check_credentials(r.type, r.props, r.name, r.urn, cfg)


RULES = (
    Rule(
        id="env-no-literal-secrets",
        description="Workloads and Function Compute functions must not set credential-like environment variables (or PEM private keys) as literal values.",
        level=MANDATORY,
        severity="critical",
        remediation=ENV_FIX,
        applies=_applies_env,
        check=check_env,
        config={
            "allowNames": {"type": "array", "items": {"type": "string"}, "default": [],
                           "description": "Env names (globs) that are not credentials despite their name, e.g. TOKEN_URL. Default []."},
            "extraNamePatterns": {"type": "array", "items": {"type": "string", "format": "regex"}, "default": [],
                                  "description": "More regular expressions (case-insensitive) of credential-like names. Default []."},
        },
        tags=("kubernetes", "alicloud", "secrets"),
    ),
    Rule(
        id="no-cloud-credential-literals",
        description="No resource property may contain a cloud credential: Alibaba AccessKey IDs, AWS access key IDs, GCP service-account key JSON or PEM private keys.",
        level=MANDATORY,
        severity="critical",
        remediation=CRED_FIX,
        applies=glob_types("*"),
        stack_check=stack_credentials,
        config={
            "scanKubernetesSecrets": {"type": "boolean", "default": False,
                                      "description": "Also scan kubernetes:core/v1:Secret data (exempt by default: that is where credentials belong). Default false."},
            "exemptTypes": {"type": "array", "items": {"type": "string"}, "default": list(DEFAULT_EXEMPT_TYPES),
                            "description": "Type-token globs not scanned. Default: providers (their credentials are the deployer's own config) "
                            "and the key resources whose outputs are the credential by definition (alicloud ram AccessKey, gcp serviceaccount Key; "
                            "whether they may exist at all is ram-no-static-access-key's and gcp-no-service-account-keys' call)."},
        },
        tags=("secrets",),
    ),
)

__all__ = ["FC_FUNCTION_TYPES", "RULES"]
