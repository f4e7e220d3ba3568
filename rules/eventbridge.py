"""Alibaba Cloud EventBridge: sane patterns, retries and dead letters on targets, no self-trigger loop."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from eventing_platform.events.eventbridge_patterns import conditions_may_match
from eventing_platform.events.object_writes import ANY_OSS_WRITE, WriteScope, writes_may_match
from eventing_platform.events.oss_events import (
    OBJECT_CREATED,
    OBJECT_CREATED_TYPES,
    OSS_SOURCE,
    PARTIAL_UPLOAD_TYPES,
)
from eventing_platform.events.side_effects import SIDE_EFFECTS_ANNOTATION, SideEffects

from .model import ADVISORY, MANDATORY, PROD, Resource, Rule, RuleConfig, Violation, types
from .props import UNKNOWN, as_list, as_str, get, is_set, is_unknown, load_json, str_list
from .ram import ATTACHMENT_TYPES, POLICY_TYPE, is_broad_system_policy, policy_document, statements

RULE_TYPE = "alicloud:eventbridge/rule:Rule"
SCALE_FROM_ZERO_TARGETS = ("http", "https", "acs.k8s", "acs.fc.function")
COMPUTE_TARGETS = (*SCALE_FROM_ZERO_TARGETS, "acs.api.destination")
EXPONENTIAL = "EXPONENTIAL_DECAY_RETRY"

_PART_NAMES = frozenset(t.rsplit(":", 1)[-1] for t in PARTIAL_UPLOAD_TYPES)

WRITE_ACTIONS = {f"oss:{t.removeprefix(OBJECT_CREATED)}": t for t in OBJECT_CREATED_TYPES}
"""OSS API action -> the object-created event type a caller allowed that action can cause."""


def parse_pattern(props: Any) -> tuple[Any, str | None]:
    """The rule's ``filterPattern`` parsed: ``(dict, None)``, ``(UNKNOWN, why)`` or ``(None, why)``."""
    doc, why = load_json(get(props, "filterPattern"))
    if doc is UNKNOWN:
        return UNKNOWN, why
    if get(props, "filterPattern") is None:
        return None, "filterPattern is missing"
    if not isinstance(doc, dict):
        return None, why or "the pattern is not a JSON object"
    return doc, None


def _leaves(pattern: dict[str, Any], path: str = "", depth: int = 0) -> Iterable[tuple[str, Any]]:
    if depth > 32:
        return
    for key, value in pattern.items():
        where = f"{path}.{key}" if path else str(key)
        if isinstance(value, dict):
            yield from _leaves(value, where, depth + 1)
        else:
            yield where, value


def _op(item: Any, name: str) -> bool:
    return isinstance(item, dict) and name in item


def is_oss_rule(pattern: Any) -> bool:
    """True when the pattern can match OSS events (``source`` allows ``acs.oss``, or is absent)."""
    if not isinstance(pattern, dict):
        return False
    source = pattern.get("source")
    if source is None:
        return True
    return conditions_may_match(source, OSS_SOURCE)


def check_pattern(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Valid JSON object; leaves are arrays; no prefix/suffix OR-trap (mandatory); OSS rules
    list explicit completing object-created types (advisory).

    Unknown: a pattern not known during preview is a violation (it must be a literal).
    """
    pattern, why = parse_pattern(props)
    if pattern is UNKNOWN:
        yield Violation(f"filterPattern cannot be checked: {why}", fix="Render the pattern from plain values.")
        return
    if pattern is None:
        yield Violation(f"filterPattern is invalid: {why}", fix="Give a JSON object such as {\"source\": [\"acs.oss\"]}.")
        return
    for path, value in _leaves(pattern):
        if not isinstance(value, list):
            yield Violation(f"pattern field {path} is not an array", fix=f'Write "{path.split(".")[-1]}": [ ... ] (conditions in a field are OR-ed inside an array).')
            continue
        if any(_op(v, "prefix") for v in value) and any(_op(v, "suffix") for v in value):
            yield Violation(
                f"pattern field {path} mixes prefix and suffix in one array, which means prefix OR suffix",
                fix="Put the prefix and the suffix conditions on two different fields (e.g. data.oss.object.key prefix and subject suffix), which are AND-ed.",
            )
    if is_oss_rule(pattern) and _names_oss_source(pattern):
        kinds = pattern.get("type")
        exact = [t for t in str_list(kinds)]
        if kinds is None or not isinstance(kinds, list) or any(not isinstance(t, str) for t in kinds):
            yield Violation("the OSS rule does not list explicit event types", level=ADVISORY,
                            fix="List the object-created types, e.g. oss:ObjectCreated:PutObject, PostObject, CompleteMultipartUpload.")
        else:
            parts = [t for t in exact if t.rsplit(":", 1)[-1] in _PART_NAMES]
            if parts:
                yield Violation(f"the OSS rule matches per-part upload events ({', '.join(sorted(parts))}): one multipart upload fires it several times",
                                level=ADVISORY, fix="Match oss:ObjectCreated:CompleteMultipartUpload instead of the part events.")


def _names_oss_source(pattern: dict[str, Any]) -> bool:
    return pattern.get("source") is not None


def check_target_retry(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Every target has ``pushRetryStrategy``; exponential for targets that scale from zero."""
    for i, target in enumerate(as_list(get(props, "targets"))):
        strategy = get(target, "pushRetryStrategy")
        kind = as_str(get(target, "type"))
        label = f"targets[{i}] ({as_str(get(target, 'targetId')) or kind or '?'})"
        if strategy is None or strategy == "":
            yield Violation(f"{label} has no pushRetryStrategy", fix=f"Set push_retry_strategy=\"{EXPONENTIAL}\".")
        elif kind in SCALE_FROM_ZERO_TARGETS and isinstance(strategy, str) and strategy != EXPONENTIAL:
            yield Violation(f"{label} ({kind}) uses {strategy}; a target that scales from zero needs {EXPONENTIAL}", fix=f"Set push_retry_strategy=\"{EXPONENTIAL}\".")


def check_target_dead_letter(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Every target has ``deadLetterQueue.arn`` (an unknown ARN counts as set; unknown targets fail)."""
    targets = get(props, "targets")
    if is_unknown(targets):
        yield Violation("targets are not known during preview; dead-letter queues cannot be checked")
        return
    for i, target in enumerate(as_list(targets)):
        if not is_set(get(target, "deadLetterQueue", "arn")):
            label = as_str(get(target, "targetId")) or str(i)
            yield Violation(f"target {label} has no dead-letter queue", fix="Set dead_letter_queue={'arn': <MNS queue or RocketMQ topic ARN>}.")


# --- eventbridge-no-self-trigger-loop ----------------------------------------------------------

@dataclass(frozen=True)
class Write:
    """Where some identity in the stack may create objects, and who grants or declares it."""

    scope: WriteScope
    """The objects it may create and the events they cause (see ``eventing_platform.events.object_writes``)."""
    source: str
    """Which resource grants or declares it (for the message)."""
    writer: str = ""
    """Pulumi name of the granting or declaring resource (matched by ``ignoreWriters``)."""


def _declared_writes(r: Resource) -> list[Write]:
    """OSS writes declared in a workload's side-effects annotation (metadata or pod template).

    The annotation is read with the model (``SideEffects.from_json``); one that is unknown during
    preview or cannot be read counts as writing anything, anywhere.
    """
    out: list[Write] = []
    for path in (("metadata",), ("spec", "template", "metadata")):
        raw = get(r.props, *path, "annotations", SIDE_EFFECTS_ANNOTATION)
        if raw is None:
            continue
        if is_unknown(raw):
            out.append(Write(ANY_OSS_WRITE, f"{r.name} (side effects unknown)", r.name))
            continue
        try:
            effects = SideEffects.from_json(raw)
        except Exception:  # noqa: BLE001 - an unreadable declaration may declare anything
            out.append(Write(ANY_OSS_WRITE, f"{r.name} (side effects unreadable)", r.name))
            continue
        out += [Write(w.scope(), f"{r.name} (declared side effects)", r.name) for w in effects.writes if w.store == "oss"]
    return out


def _events_for_actions(actions: list[str]) -> tuple[str, ...]:
    return tuple(sorted({t for a in actions for api, t in WRITE_ACTIONS.items() if fnmatch.fnmatchcase(api.lower(), a.strip().lower())}))


def _write_location(resource: str) -> tuple[str | None, str] | None:
    """``(bucket or None, key prefix)`` of an OSS object resource ARN, None for a non-object ARN."""
    r = resource.strip()
    if r in ("*", "acs:oss:*:*:*"):
        return None, ""
    m = re.match(r"^acs:oss:[^:]*:[^:]*:([^/]*)/(.*)$", r)
    if not m:
        return None
    bucket, key = m.group(1), m.group(2)
    bucket_name = None if ("*" in bucket or "?" in bucket or not bucket) else bucket
    prefix = re.split(r"[*?]", key, maxsplit=1)[0]
    return bucket_name, prefix


def stack_writes(resources: Sequence[Resource]) -> list[Write]:
    """Every OSS object write that a RAM policy or a broad system policy in the stack grants, or
    that a workload declares in its ``eventing-platform.dev/side-effects`` annotation.

    An unknown policy document may grant anything: it counts as a write anywhere.
    """
    writes: list[Write] = []
    for r in resources:
        if r.type == POLICY_TYPE:
            doc, _ = policy_document(r.props)
            if doc is UNKNOWN:
                writes.append(Write(ANY_OSS_WRITE, f"{r.name} (document unknown)", r.name))
                continue
            for stmt in statements(doc):
                effect = as_str(stmt.get("Effect")) or "Allow"
                if effect.lower() == "deny":
                    continue
                events = _events_for_actions(str_list(stmt.get("Action")))
                if not events:
                    continue
                for res in str_list(stmt.get("Resource")):
                    loc = _write_location(res)
                    if loc is not None:
                        scope = WriteScope(store="oss", bucket=loc[0], prefix=loc[1], event_types=events)
                        writes.append(Write(scope, r.name, r.name))
        elif r.type in ATTACHMENT_TYPES:
            broad = is_broad_system_policy(get(r.props, "policyType"), get(r.props, "policyName"), [])
            name = as_str(get(r.props, "policyName")) or ""
            if broad is None or (broad and (name == "AdministratorAccess" or "OSS" in name.upper())):
                writes.append(Write(ANY_OSS_WRITE, f"{r.name} ({name or 'unknown system policy'})", r.name))
        else:
            writes.extend(_declared_writes(r))
    return writes


def pattern_may_match_write(pattern: Any, write: Write) -> bool:
    """Whether an OSS rule pattern can match an object-created event that ``write`` causes
    (``eventing_platform.events.object_writes``: fields a write does not decide may match)."""
    return writes_may_match(write.scope, pattern)


def _compute_targets(props: Any) -> bool:
    targets = get(props, "targets")
    if is_unknown(targets):
        return True
    for t in as_list(targets):
        kind = get(t, "type")
        if is_unknown(kind) or not isinstance(kind, str) or kind in COMPUTE_TARGETS:
            return True
    return False


def stack_loop(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """An OSS rule whose targets can write where the rule matches (writes: RAM grants in the stack).

    Writes are over-approximated (every grant in the stack counts as the targets' writes);
    ``ignoreWriters`` names (globs) the RAM policies, attachments or workloads that are not
    targets of any rule. Unknown: an unknown pattern, with OSS writes in the stack, is a violation.
    """
    ignored = cfg.strings("ignoreWriters")
    writes = [w for w in stack_writes(resources) if not any(fnmatch.fnmatchcase(w.writer, p) for p in ignored)]
    if not writes:
        return
    for r in resources:
        if r.type != RULE_TYPE or not cfg.applies_to(r.name, r.props) or not _compute_targets(r.props):
            continue
        pattern, why = parse_pattern(r.props)
        if pattern is UNKNOWN:
            yield Violation(f"rule {r.name}: its pattern is not known during preview, so a self-trigger loop cannot be ruled out", urn=r.urn)
            continue
        if pattern is None or not is_oss_rule(pattern):
            continue
        for w in writes:
            if pattern_may_match_write(pattern, w):
                yield Violation(
                    f"rule {r.name} matches objects created under {w.scope.location}, which its targets may write (granted by {w.source}): "
                    "each write would trigger the rule again (loop)",
                    fix="Make the pattern exclude the output location (e.g. key prefix zip/ with output under unzip/), "
                    "or grant the service write access only outside what the rule matches.",
                    urn=r.urn,
                )
                break


RULES = (
    Rule(
        id="eventbridge-no-self-trigger-loop",
        description="An OSS EventBridge rule must not match objects that its own targets can write (a self-trigger loop).",
        level=MANDATORY,
        severity="critical",
        remediation="Write outputs outside what the rule matches: distinct input and output prefixes, with the rule's key prefix on the input only.",
        applies=types(RULE_TYPE, POLICY_TYPE, *ATTACHMENT_TYPES),
        stack_check=stack_loop,
        config={"ignoreWriters": {"type": "array", "items": {"type": "string"}, "default": [],
                                  "description": "Names (globs) of RAM policies, policy attachments or workloads whose OSS writes are not "
                                  "done by a rule's targets (e.g. an upload service). Default [] (every grant counts)."}},
        tags=("alicloud", "eventing", "reliability"),
    ),
    Rule(
        id="eventbridge-pattern-sane",
        description="EventBridge event patterns must be valid JSON with array leaves and no prefix/suffix OR-trap on one field; OSS rules should list explicit completing object-created types.",
        level=MANDATORY,
        severity="high",
        remediation="Fix the pattern JSON; put prefix and suffix on different fields; list oss:ObjectCreated:PutObject/PostObject/CompleteMultipartUpload.",
        applies=types(RULE_TYPE),
        check=check_pattern,
        tags=("alicloud", "eventing"),
    ),
    Rule(
        id="eventbridge-target-retry",
        description="Every EventBridge target should set a push retry strategy, exponential for HTTP, Kubernetes and Function Compute targets.",
        level=ADVISORY,
        severity="medium",
        remediation=f"Set push_retry_strategy=\"{EXPONENTIAL}\" on targets that scale from zero.",
        applies=types(RULE_TYPE),
        check=check_target_retry,
        tags=("alicloud", "eventing", "reliability"),
    ),
    Rule(
        id="eventbridge-target-dead-letter",
        description="Every EventBridge target should have a dead-letter queue (required in prod).",
        level=PROD,
        severity="medium",
        remediation="Set dead_letter_queue.arn to an MNS queue or RocketMQ topic.",
        applies=types(RULE_TYPE),
        check=check_target_dead_letter,
        tags=("alicloud", "eventing", "reliability"),
    ),
)

__all__ = ["RULES", "Write", "parse_pattern", "pattern_may_match_write", "stack_writes"]
