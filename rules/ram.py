"""Alibaba Cloud RAM: broad system policies, custom policy documents, static access keys."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Any

from .model import ADVISORY, MANDATORY, Rule, RuleConfig, Violation, types
from .props import UNKNOWN, as_list, as_str, get, is_set, is_unknown, load_json, str_list

ATTACHMENT_TYPES = (
    "alicloud:ram/userPolicyAttachment:UserPolicyAttachment",
    "alicloud:ram/groupPolicyAttachment:GroupPolicyAttachment",
    "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment",
)
POLICY_TYPE = "alicloud:ram/policy:Policy"
ACCESS_KEY_TYPE = "alicloud:ram/accessKey:AccessKey"

BROAD_SYSTEM_POLICY = re.compile(r"^(AdministratorAccess|Aliyun\w*FullAccess)$")
SCOPED_OSS_RESOURCE = re.compile(r"^acs:oss:[^:]*:[^:]*:[a-z0-9][a-z0-9-]{1,61}[a-z0-9](/.*)?$")


def is_broad_system_policy(policy_type: Any, policy_name: Any, allowed: list[str]) -> bool | None:
    """True when an attachment grants a broad system policy; ``None`` when unknown."""
    name = as_str(policy_name)
    kind = as_str(policy_type)
    if name is not None and name in allowed:
        return False
    if kind is not None and kind.lower() == "custom":
        return False
    if name is None:
        # A system policy whose name is not known cannot be cleared.
        return None if kind is None or kind.lower() == "system" else False
    return bool(BROAD_SYSTEM_POLICY.match(name))


def check_attachment(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """``policyType == System`` with AdministratorAccess or Aliyun*FullAccess, unless allow-listed.

    Unknown: a System (or unknown-type) attachment whose policy name is unknown is a violation.
    """
    verdict = is_broad_system_policy(get(props, "policyType"), get(props, "policyName"), cfg.strings("allowedPolicies"))
    policy = as_str(get(props, "policyName")) or "(unknown)"
    if verdict is None:
        yield Violation("attaches a system policy whose name is not known; it cannot be shown to be narrow")
    elif verdict:
        yield Violation(f"attaches the system policy {policy}, which grants far more than any workload needs")


def statements(document: Any) -> list[dict[str, Any]]:
    """The statements of a RAM policy document (a single statement object is allowed)."""
    stmts = get(document, "Statement")
    if isinstance(stmts, dict):
        return [stmts]
    return [s for s in as_list(stmts) if isinstance(s, dict)]


def _legacy_document(props: Any) -> Any:
    """A policy document from the deprecated ``statements``/``version`` inputs (or None)."""
    legacy = get(props, "statements")
    if is_unknown(legacy):
        return UNKNOWN
    if not isinstance(legacy, list):
        return None
    return {
        "Version": get(props, "version") if get(props, "version") is not None else "1",
        "Statement": [
            {"Effect": get(s, "effect"), "Action": get(s, "actions"), "Resource": get(s, "resources")}
            for s in legacy
        ],
    }


def policy_document(props: Any) -> tuple[Any, str | None]:
    """The parsed document of a ``ram.Policy``: ``(doc, None)``, ``(UNKNOWN, why)`` or ``(None, why)``."""
    raw = get(props, "policyDocument")
    if raw is None:
        raw = get(props, "document")
    if raw is None:
        legacy = _legacy_document(props)
        if legacy is UNKNOWN:
            return UNKNOWN, "its statements are not known during preview"
        if legacy is None:
            return None, "it has no policyDocument"
        return legacy, None
    return load_json(raw)


def _is_allow(stmt: dict[str, Any]) -> bool:
    effect = stmt.get("Effect")
    return not (isinstance(effect, str) and effect.strip().lower() == "deny")


def check_policy(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Valid JSON with ``Version "1"``; no Allow of ``*``; no ``oss:*`` on ``*`` (mandatory);
    OSS actions scoped to ``acs:oss:*:*:<bucket>[/<prefix>*]`` (advisory).

    Unknown: a document not known during preview is a violation (render it from plain values).
    """
    doc, why = policy_document(props)
    if doc is UNKNOWN:
        yield Violation(f"the policy document cannot be checked: {why}", fix="Render the document from plain values (bucket names from config) so it is known at preview.")
        return
    if doc is None or not isinstance(doc, dict):
        yield Violation(f"the policy document is invalid: {why or 'not a JSON object'}", fix='Use a JSON object {"Version": "1", "Statement": [...]}.')
        return
    if doc.get("Version") != "1":
        yield Violation(f'the policy document Version is {doc.get("Version")!r}, not "1"', fix='Set "Version": "1".')
    stmts = statements(doc)
    if not stmts:
        yield Violation("the policy document has no statements", fix="Add statements that name actions and resources.")
    for i, stmt in enumerate(stmts):
        if not _is_allow(stmt):
            continue
        if "NotAction" in stmt or "NotResource" in stmt:
            yield Violation(f"Statement[{i}] allows with NotAction/NotResource, which grants everything else", fix="List the allowed actions and resources explicitly.")
        actions = str_list(stmt.get("Action"))
        resources = str_list(stmt.get("Resource"))
        if is_unknown(stmt.get("Action")) or is_unknown(stmt.get("Resource")):
            yield Violation(f"Statement[{i}] has actions or resources not known during preview")
            continue
        if any(a.strip() in ("*", "*:*") for a in actions):
            yield Violation(f"Statement[{i}] allows every action (*)", fix="List only the actions the workload needs, e.g. oss:GetObject.")
        oss_wild = [a for a in actions if a.strip().lower() in ("oss:*",)]
        if oss_wild and any(r.strip() in ("*", "acs:oss:*:*:*") for r in resources):
            yield Violation(f"Statement[{i}] allows oss:* on every bucket", fix="Grant the needed OSS actions on acs:oss:*:*:<bucket>/<prefix>* only.")
        if any(a.lower().startswith("oss:") for a in actions):
            unscoped = [r for r in resources if not SCOPED_OSS_RESOURCE.match(r.strip())]
            if unscoped or not resources:
                shown = ", ".join(unscoped[:3]) or "(none)"
                yield Violation(
                    f"Statement[{i}] grants OSS actions on resources that name no bucket: {shown}",
                    fix="Scope OSS statements to acs:oss:*:*:<bucket> and acs:oss:*:*:<bucket>/<prefix>*.",
                    level=ADVISORY,
                )


def check_access_key(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Denied unless the user is allow-listed (``allowedUsers`` globs); then no ``secretFile``.

    The SDK registers the key's ``secret`` output as a Pulumi secret; ``secretFile`` would write
    it to disk in plaintext. Unknown: an unknown user name is not allow-listed.
    """
    user = as_str(get(props, "userName"))
    allowed = cfg.strings("allowedUsers")
    if user is None or not any(fnmatch.fnmatchcase(user, p) for p in allowed):
        shown = user or "(unknown user)"
        yield Violation(
            f"creates a static AccessKey for {shown}",
            fix="Use RRSA (a RAM role for the Kubernetes service account) instead of an AccessKey; "
            "if a key is unavoidable, allow-list the user in this policy's `allowedUsers`.",
        )
        return
    if is_set(get(props, "secretFile")):
        yield Violation("writes the AccessKey secret to a file (secretFile) in plaintext", fix="Remove secretFile; read the secret from the resource's `secret` output (a Pulumi secret).")


RULES = (
    Rule(
        id="ram-no-broad-system-policy",
        description="RAM users, groups and roles must not be attached AdministratorAccess or any Aliyun*FullAccess system policy.",
        level=MANDATORY,
        severity="critical",
        remediation="Attach a custom policy that grants only the needed actions on the needed resources (e.g. OSS read on zip/ and write on unzip/ of one bucket).",
        applies=types(*ATTACHMENT_TYPES),
        check=check_attachment,
        config={"allowedPolicies": {"type": "array", "items": {"type": "string"}, "default": [],
                                    "description": "System policy names that are accepted anyway. Default []."}},
        tags=("alicloud", "iam"),
    ),
    Rule(
        id="ram-policy-least-privilege",
        description='RAM custom policies must be valid JSON with Version "1", must not allow every action or oss:* on every resource, and should scope OSS actions to a bucket and prefix.',
        level=MANDATORY,
        severity="high",
        remediation="Generate the policy from declared access: the exact OSS actions on acs:oss:*:*:<bucket>/<prefix>*.",
        applies=types(POLICY_TYPE),
        check=check_policy,
        tags=("alicloud", "iam"),
    ),
    Rule(
        id="ram-no-static-access-key",
        description="RAM AccessKeys are denied unless their user is allow-listed, and then must not be written to a secretFile.",
        level=MANDATORY,
        severity="high",
        remediation="Use RRSA (RAM Roles for Service Accounts) on ASK instead of static keys.",
        applies=types(ACCESS_KEY_TYPE),
        check=check_access_key,
        config={"allowedUsers": {"type": "array", "items": {"type": "string"}, "default": [],
                                 "description": "RAM user names (globs) that may have an AccessKey. Default [] (none)."}},
        tags=("alicloud", "iam", "secrets"),
    ),
)

__all__ = ["ATTACHMENT_TYPES", "POLICY_TYPE", "RULES", "policy_document", "statements"]
