"""Alibaba Cloud EventBridge: sane patterns, retries and dead letters on targets, no self-trigger loop."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import ADVISORY, MANDATORY, PROD, Resource, Rule, RuleConfig, Violation, types
from .props import UNKNOWN, as_list, as_str, get, is_set, is_unknown, load_json, str_list
from .ram import ATTACHMENT_TYPES, POLICY_TYPE, is_broad_system_policy, policy_document, statements

RULE_TYPE = "alicloud:eventbridge/rule:Rule"
SCALE_FROM_ZERO_TARGETS = ("http", "https", "acs.k8s", "acs.fc.function")
COMPUTE_TARGETS = (*SCALE_FROM_ZERO_TARGETS, "acs.api.destination")
EXPONENTIAL = "EXPONENTIAL_DECAY_RETRY"

OBJECT_CREATED = (
    "PutObject", "PostObject", "CopyObject", "AppendObject", "PutSymlink",
    "InitiateMultipartUpload", "UploadPart", "UploadPartCopy", "CompleteMultipartUpload",
)
PART_TYPES = ("InitiateMultipartUpload", "UploadPart", "UploadPartCopy")

# OSS API action -> the object-created event types a caller allowed that action can cause.
WRITE_ACTIONS = {
    "oss:PutObject": ("PutObject",),
    "oss:PostObject": ("PostObject",),
    "oss:CopyObject": ("CopyObject",),
    "oss:AppendObject": ("AppendObject",),
    "oss:PutSymlink": ("PutSymlink",),
    "oss:InitiateMultipartUpload": ("InitiateMultipartUpload",),
    "oss:UploadPart": ("UploadPart",),
    "oss:UploadPartCopy": ("UploadPartCopy",),
    "oss:CompleteMultipartUpload": ("CompleteMultipartUpload",),
}


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


def _leaves(pattern: dict, path: str = "", depth: int = 0) -> Iterable[tuple[str, Any]]:
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
    return _field_may_match(source, Values(("acs.oss",)))


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
            parts = [t for t in exact if t.rsplit(":", 1)[-1] in PART_TYPES]
            if parts:
                yield Violation(f"the OSS rule matches per-part upload events ({', '.join(sorted(parts))}): one multipart upload fires it several times",
                                level=ADVISORY, fix="Match oss:ObjectCreated:CompleteMultipartUpload instead of the part events.")


def _names_oss_source(pattern: dict) -> bool:
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

ANY = None


@dataclass(frozen=True)
class Write:
    """Where some identity in the stack may create objects."""

    bucket: str | None
    """Bucket name, ``None`` for any bucket."""
    prefix: str
    """Key prefix ('' for any key)."""
    events: tuple[str, ...]
    """Object-created event type suffixes the write can cause."""
    source: str
    """Which resource grants or declares it (for the message)."""
    suffixes: tuple[str, ...] = ()
    """Endings of the written keys; empty for any ending."""
    writer: str = ""
    """Pulumi name of the granting or declaring resource (matched by ``ignoreWriters``)."""


@dataclass(frozen=True)
class Values:
    """A set of concrete strings an event field may take."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class KeyFamily:
    """Every object key with a given prefix (and, when given, one of some suffixes)."""

    prefix: str
    suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubjectFamily:
    """Every OSS subject ``acs:oss:<region>:<account>:<bucket>/<key>`` with a key prefix."""

    bucket: str | None
    prefix: str
    suffixes: tuple[str, ...] = ()


SIDE_EFFECTS_ANNOTATION = "eventing-platform.dev/side-effects"
"""Where workloads declare what they write (see eventing_platform.knative.side_effects)."""
DECLARED_WRITE_EVENTS = ("PutObject", "InitiateMultipartUpload", "UploadPart", "CompleteMultipartUpload")
"""What an SDK upload emits, when a declaration names no event types."""


def _declared_writes(r: Resource) -> list[Write]:
    """OSS writes declared in a workload's side-effects annotation (metadata or pod template)."""
    out: list[Write] = []
    for path in (("metadata",), ("spec", "template", "metadata")):
        raw = get(r.props, *path, "annotations", SIDE_EFFECTS_ANNOTATION)
        if raw is None:
            continue
        doc, _ = load_json(raw)
        if doc is UNKNOWN:
            out.append(Write(ANY, "", OBJECT_CREATED, f"{r.name} (side effects unknown)", writer=r.name))
            continue
        for w in as_list(get(doc, "writes")):
            store = as_str(get(w, "store")) or "oss"
            if store != "oss":
                continue
            bucket = as_str(get(w, "bucket"))
            prefix = as_str(get(w, "prefix")) or ""
            declared = [t.rsplit(":", 1)[-1] for t in str_list(get(w, "event_types"))]
            events = tuple(e for e in declared if e in OBJECT_CREATED) if declared else DECLARED_WRITE_EVENTS
            suffixes = tuple(x for x in str_list(get(w, "suffixes")) if x)
            out.append(Write(bucket, prefix, events, f"{r.name} (declared side effects)", suffixes, r.name))
    return out


def _suffix_possible(condition: str, suffixes: tuple[str, ...]) -> bool:
    return not suffixes or any(s.endswith(condition) or condition.endswith(s) for s in suffixes)


def _events_for_actions(actions: list[str]) -> tuple[str, ...]:
    events: set[str] = set()
    for action in actions:
        a = action.strip()
        for api, kinds in WRITE_ACTIONS.items():
            if fnmatch.fnmatchcase(api.lower(), a.lower()):
                events.update(kinds)
    return tuple(sorted(events))


def _write_location(resource: str) -> tuple[str | None, str] | None:
    """``(bucket or None, key prefix)`` of an OSS object resource ARN, None for a non-object ARN."""
    r = resource.strip()
    if r in ("*", "acs:oss:*:*:*"):
        return ANY, ""
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
                writes.append(Write(ANY, "", OBJECT_CREATED, f"{r.name} (document unknown)", writer=r.name))
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
                        writes.append(Write(loc[0], loc[1], events, r.name, writer=r.name))
        elif r.type in ATTACHMENT_TYPES:
            broad = is_broad_system_policy(get(r.props, "policyType"), get(r.props, "policyName"), [])
            name = as_str(get(r.props, "policyName")) or ""
            if broad is None or (broad and (name == "AdministratorAccess" or "OSS" in name.upper())):
                writes.append(Write(ANY, "", OBJECT_CREATED, f"{r.name} ({name or 'unknown system policy'})", writer=r.name))
        else:
            writes.extend(_declared_writes(r))
    return writes


def _prefix_compatible(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _item_may_match(item: Any, domain: Any) -> bool:
    """Whether one pattern condition can be satisfied by some value of ``domain`` (conservative)."""
    if isinstance(domain, Values):
        values = domain.items
        if isinstance(item, str):
            return item in values
        if not isinstance(item, dict):
            return False
        if "prefix" in item:
            p = item.get("prefix")
            return isinstance(p, str) and any(v.startswith(p) for v in values)
        if "suffix" in item:
            s = item.get("suffix")
            return isinstance(s, str) and any(v.endswith(s) for v in values)
        if "contains" in item:
            c = item.get("contains")
            return isinstance(c, str) and any(c in v for v in values)
        if "anything-but" in item:
            excluded = item.get("anything-but")
            if isinstance(excluded, dict) and isinstance(excluded.get("prefix"), str):
                return any(not v.startswith(excluded["prefix"]) for v in values)
            return any(v not in str_list(excluded) for v in values)
        if "exists" in item:
            return item.get("exists") is not False
        return True
    if isinstance(domain, KeyFamily):
        p = domain.prefix
        if isinstance(item, str):
            return item.startswith(p) and (not domain.suffixes or item.endswith(domain.suffixes))
        if not isinstance(item, dict):
            return False
        if "prefix" in item:
            q = item.get("prefix")
            return isinstance(q, str) and _prefix_compatible(p, q)
        if "suffix" in item:
            x = item.get("suffix")
            return isinstance(x, str) and _suffix_possible(x, domain.suffixes)
        if "anything-but" in item:
            excluded = item.get("anything-but")
            if isinstance(excluded, dict) and isinstance(excluded.get("prefix"), str):
                return not p.startswith(excluded["prefix"])
            return True
        if "exists" in item:
            return item.get("exists") is not False
        return True
    if isinstance(domain, SubjectFamily):
        if isinstance(item, str):
            return _subject_could_start_with(item, domain, exact=True)
        if not isinstance(item, dict):
            return False
        if "prefix" in item:
            q = item.get("prefix")
            return isinstance(q, str) and _subject_could_start_with(q, domain, exact=False)
        if "suffix" in item:
            x = item.get("suffix")
            return isinstance(x, str) and _suffix_possible(x, domain.suffixes)
        if "exists" in item:
            return item.get("exists") is not False
        return True
    return True


def _subject_could_start_with(text: str, fam: SubjectFamily, exact: bool) -> bool:
    """Can a subject of the family start with (or, if ``exact``, equal) ``text``?"""
    parts = text.split(":", 4)
    fixed = ("acs", "oss")
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if i < 2:
            if (not last or exact) and part != fixed[i]:
                return False
            if last and not fixed[i].startswith(part):
                return False
        elif i == 4:
            bucket, slash, key = part.partition("/")
            if fam.bucket is not None:
                if slash and bucket != fam.bucket:
                    return False
                if not slash and not (fam.bucket.startswith(bucket) if not exact else False):
                    return False
            if not slash:
                return not exact
            if exact:
                return key.startswith(fam.prefix) and (not fam.suffixes or key.endswith(fam.suffixes))
            return _prefix_compatible(key, fam.prefix)
    return not exact


def _field_may_match(conditions: Any, domain: Any) -> bool:
    if is_unknown(conditions):
        return True
    if not isinstance(conditions, list):
        return True
    if not conditions:
        return False
    return any(_item_may_match(item, domain) for item in conditions)


def pattern_may_match_write(pattern: dict, write: Write) -> bool:
    """Whether an OSS rule pattern can match an object-created event that ``write`` causes.

    Over-approximates: fields the analysis does not model are assumed to match.
    """
    bucket_domain = Values((write.bucket,)) if write.bucket else None
    domains: dict[tuple[str, ...], Any] = {
        ("source",): Values(("acs.oss",)),
        ("type",): Values(tuple(f"oss:ObjectCreated:{e}" for e in write.events)),
        ("subject",): SubjectFamily(write.bucket, write.prefix, write.suffixes),
        ("data", "oss", "object", "key"): KeyFamily(write.prefix, write.suffixes),
    }
    if bucket_domain:
        domains[("data", "oss", "bucket", "name")] = bucket_domain
    for path, domain in domains.items():
        conditions = get(pattern, *path)
        if conditions is None:
            continue
        if not _field_may_match(conditions, domain):
            return False
    return True


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
                where = f"{w.bucket or '<any bucket>'}/{w.prefix}*"
                yield Violation(
                    f"rule {r.name} matches objects created under {where}, which its targets may write (granted by {w.source}): "
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
