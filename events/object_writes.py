"""Can these object writes produce an event this pattern matches? The one answer, with witnesses.

A workload that writes objects makes its bucket emit an event per write. Whether such an event
can reach a rule that listens on the same bucket is the question behind every event loop of
the project: the oss-unzip loop guard (:mod:`.loop_guard`), the flow's side-effect loops
(``eventing_platform.analysis.flow.loops``) and the ``eventbridge-no-self-trigger-loop`` policy
all ask it here.

:class:`WriteScope` says where a writer may create objects (store, bucket or any bucket, key
prefix, key endings, the event types each write emits); :func:`iter_write_witnesses` yields
the events such writes can cause that a pattern (an EventBridge pattern, as plain JSON) may
match, each a :class:`WriteWitness` with the full CloudEvent. No witness: no such event.

How it decides:

- The fields a write determines are evaluated on concrete candidate events: ``source``,
  ``type``, ``subject`` and the bucket and key fields (``data.oss.bucket.name`` and
  ``data.oss.object.key`` on OSS; ``data.bucket`` and ``data.name`` on Cloud Storage). The
  candidates combine the written prefix and endings with the strings the patterns test, so
  that one event satisfies all of them at once when one can: exact, prefix, suffix,
  ``contains`` and ``anything-but`` conditions on the key and subject, a bucket of any name,
  a region or account the plan does not know.
- Every other field may match (the write does not decide it: an object's size, the event
  time), and so may a malformed or unknown part of a pattern (a policy sees what a program
  rendered): the answer errs towards "may loop".
- Candidates come simplest first: the caller's example keys, then the written prefix joined
  with each string of the patterns (``<prefix>x<ending>``), then the other combinations.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .eventbridge_patterns import conditions_may_match
from .eventbridge_values import cidr_host_range, ipv4_address
from .gcs_events import cloudevent_type_of, storage_object_event, storage_source
from .oss_events import (
    OBJECT_CREATED_TYPES,
    OSS_SOURCE,
    SAMPLE_ACCOUNT_ID,
    SAMPLE_REGION,
    oss_object_event,
    oss_subject,
)

Store = Literal["oss", "gcs"]
"""``oss`` (Alibaba Cloud OSS) or ``gcs`` (Google Cloud Storage)."""

Path = tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class WriteScope:
    """Where a writer may create objects, and the events each write makes the store emit."""

    store: Store = "oss"
    """The object store. Default ``oss``."""
    bucket: str | None = None
    """The bucket written to. Default ``None``: any bucket."""
    prefix: str = ""
    """Key prefix of every written object. Default ``""``: any key."""
    suffixes: tuple[str, ...] = ()
    """Endings of the written keys (one of them). Default ``()``: any ending."""
    event_types: tuple[str, ...]
    """Event types each write emits: OSS types such as ``oss:ObjectCreated:PutObject``, or Cloud
    Storage notification types such as ``OBJECT_FINALIZE``. Required."""

    @property
    def location(self) -> str:
        """``<bucket>/<prefix>*``, ``<any bucket>`` when the bucket is not known (for messages)."""
        return f"{self.bucket or '<any bucket>'}/{self.prefix}*"


ANY_OSS_WRITE = WriteScope(store="oss", event_types=OBJECT_CREATED_TYPES)
"""What a writer whose writes are not known may do: create any object in any OSS bucket (an
unreadable policy document, a broad system policy, an unreadable side-effects declaration)."""


@dataclass(frozen=True)
class WriteWitness:
    """One event a write can cause that a pattern may match."""

    bucket: str
    """The bucket of the written object."""
    key: str
    """The written object's key."""
    event_type: str
    """The event type the write emits (as the scope names it)."""
    event: dict[str, Any] = field(compare=False, repr=False)
    """The CloudEvent, shaped as the store delivers it."""


# ------------------------------------------------------------------------------- store shapes


@dataclass(frozen=True)
class _Candidate:
    bucket: str
    key: str
    region: str
    account: str


@dataclass(frozen=True)
class _Shape:
    """What a store's object events look like, for the fields a write determines."""

    bucket_path: Path
    key_path: Path
    fields: Callable[[_Candidate], dict[Path, str]]
    """Values of the determined fields except ``type``."""
    type_value: Callable[[str], str]
    """The ``type`` field for an event type of the scope."""
    event: Callable[[_Candidate, str], dict[str, Any]]
    subject_parts: Callable[[str], list[tuple[str, str, str, str | None]]]
    """``(region, account, bucket, key or None)`` fragments a subject literal names."""


def _oss_subject_parts(text: str) -> list[tuple[str, str, str, str | None]]:
    out: list[tuple[str, str, str, str | None]] = []
    if text.startswith("acs:oss:"):  # read from the left: a prefix or an exact subject
        parts = text.split(":", 4)
        rest = parts[4] if len(parts) > 4 else ""
        bucket, slash, key = rest.partition("/")
        out.append((parts[2], parts[3] if len(parts) > 3 else "", bucket, key if slash else None))
    if "/" in text:  # read from the right: a suffix that reaches into the bucket (or further)
        head, _, key = text.partition("/")
        names = head.split(":")
        out.append((names[-3] if len(names) > 2 else "", names[-2] if len(names) > 1 else "", names[-1], key))
    return out


def _gcs_subject_parts(text: str) -> list[tuple[str, str, str, str | None]]:
    return [("", "", "", text.removeprefix("objects/"))] if text.startswith("objects/") else []


_SHAPES: dict[str, _Shape] = {
    "oss": _Shape(
        bucket_path=("data", "oss", "bucket", "name"),
        key_path=("data", "oss", "object", "key"),
        fields=lambda c: {
            ("source",): OSS_SOURCE,
            ("subject",): oss_subject(c.bucket, c.key, c.region, c.account),
            ("data", "oss", "bucket", "name"): c.bucket,
            ("data", "oss", "object", "key"): c.key,
        },
        type_value=lambda t: t,
        event=lambda c, t: oss_object_event(c.bucket, c.key, t, region=c.region, account_id=c.account),
        subject_parts=_oss_subject_parts,
    ),
    "gcs": _Shape(
        bucket_path=("data", "bucket"),
        key_path=("data", "name"),
        fields=lambda c: {
            ("source",): storage_source(c.bucket),
            ("subject",): f"objects/{c.key}",
            ("data", "bucket"): c.bucket,
            ("data", "name"): c.key,
        },
        type_value=cloudevent_type_of,
        event=lambda c, t: storage_object_event(c.bucket, c.key, t),
        subject_parts=_gcs_subject_parts,
    ),
}


# ------------------------------------------------------------------------------- reading patterns

_MISSING = object()
_UNREADABLE = object()


def _at(pattern: Any, path: Path) -> Any:
    """The conditions at ``path``: ``_MISSING`` (no condition), ``_UNREADABLE`` (a malformed
    pattern: may match) or the value found (normally a list of conditions)."""
    node = pattern
    for key in path:
        if not isinstance(node, Mapping):
            return _UNREADABLE
        if key not in node:
            return _MISSING
        node = node[key]
    return node


def _field_may_match(pattern: Any, path: Path, value: str) -> bool:
    conditions = _at(pattern, path)
    return conditions is _MISSING or conditions is _UNREADABLE or conditions_may_match(conditions, value)


@dataclass
class _Operands:
    """The strings a pattern's conditions on one field test."""

    exact: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.exact, *self.prefixes, *self.suffixes, *self.contains, *self.excluded]


def _operands(conditions: Any) -> _Operands:
    out = _Operands()
    if not isinstance(conditions, list):
        return out
    for cond in conditions:
        if isinstance(cond, str):
            out.exact.append(cond)
        elif isinstance(cond, Mapping) and len(cond) == 1:
            ((op, arg),) = cond.items()
            if op in ("prefix", "suffix", "contains") and isinstance(arg, str):
                {"prefix": out.prefixes, "suffix": out.suffixes, "contains": out.contains}[op].append(arg)
            elif op == "anything-but":
                inner = arg.get("prefix") if isinstance(arg, Mapping) else arg
                out.excluded += [s for s in (inner if isinstance(inner, list) else [inner]) if isinstance(s, str)]
            elif op == "cidr" and isinstance(arg, str):
                address = _first_address(arg)
                if address is not None:
                    out.exact.append(address)
    return out


def _first_address(cidr: str) -> str | None:
    """The first address a ``cidr`` condition matches (its first host address; the address
    itself without a mask), or None when it matches none."""
    if "/" in cidr:
        hosts = cidr_host_range(cidr)
        first = hosts[0] if hosts is not None and hosts[0] else None
    else:
        first = ipv4_address(cidr)
    return None if first is None else str(ipaddress.IPv4Address(first))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _fresh(taken: Iterable[str]) -> str:
    """A value that neither equals nor starts with any of ``taken`` (for ``anything-but``): its
    first character starts none of them."""
    firsts = {t[0] for t in taken if t}
    return next((c for c in "zyxwvutsrqponmlkjihgfedcba0123456789" if c not in firsts), "~")


# ------------------------------------------------------------------------------- candidate keys


def witness_keys(prefix: str, suffixes: Iterable[str], literals: Iterable[str], bucket: str) -> list[str]:
    """Object keys under ``prefix`` that exercise the strings a pattern tests (sorted).

    ``literals`` are the pattern's operands; a subject literal such as
    ``acs:oss:cn-hangzhou:123:eb-ask/zip/`` also contributes its key part ``zip/``. These are
    the first candidates :func:`iter_write_witnesses` tries after the caller's examples.
    """
    fragments: set[str] = set()
    for lit in literals:
        fragments.add(lit)
        marker = f"{bucket}/"
        if marker in lit:
            fragments.add(lit.split(marker, 1)[1])
    bases = {prefix} | {f for f in fragments if f.startswith(prefix)}
    suffixes = list(suffixes)
    endings = set(suffixes) if suffixes else ({""} | fragments)
    keys = {base + "x" + end for base in bases for end in endings}
    keys |= {f for f in fragments if f.startswith(prefix) and (not suffixes or any(f.endswith(s) for s in suffixes))}
    if suffixes:
        keys = {k for k in keys if any(k.endswith(s) for s in suffixes)}
    return sorted(k for k in keys if k.startswith(prefix) and k)


def _combined_keys(scope: WriteScope, key: _Operands, subject: _Operands, subject_keys: Sequence[str], bucket: str) -> list[str]:
    """Keys joining a required start, a middle and a required end, for patterns that test the
    key on two fields at once (a key prefix and a subject suffix, a ``contains`` and a suffix,
    an ``anything-but`` a plain key would hit)."""
    fragments = _unique([*key.all(), *subject.all(), *subject_keys])
    contains = _unique([*key.contains, *subject.contains])
    starts = _unique([scope.prefix, *(f for f in [*key.exact, *key.prefixes, *subject_keys] if f.startswith(scope.prefix))])
    middles = _unique(["x", "y", *contains, *(a + b for a in contains for b in contains if a != b)])
    if scope.suffixes:
        ends = _unique(e for s in scope.suffixes for e in (s, *(f for f in fragments if f.endswith(s)), *(f + s for f in fragments)))
    else:
        ends = _unique(["", *fragments])
    keys = {start + middle + end for start in starts for middle in middles for end in ends}
    keys |= {f for f in fragments if f.startswith(scope.prefix)}
    keys |= {f.split(f"{bucket}/", 1)[1] for f in fragments if f"{bucket}/" in f}
    return sorted(k for k in keys if k and k.startswith(scope.prefix) and (not scope.suffixes or k.endswith(scope.suffixes)))


# ------------------------------------------------------------------------------- the answer


def iter_write_witnesses(
    scope: WriteScope,
    *patterns: Any,
    region: str | None = None,
    examples: Iterable[str] = (),
) -> Iterator[WriteWitness]:
    """The events writes in ``scope`` can cause that at least one of ``patterns`` may match.

    ``patterns`` are EventBridge patterns as plain JSON (a Cloud Storage notification's filter
    can be written as one on the storage CloudEvent); anything that cannot be read may match.
    ``region`` is the store's region when the plan knows it (OSS subjects carry it; default:
    any region). ``examples`` are keys the writer is known to produce, tried first so that
    messages show them. Witnesses come key by key (examples, then simplest first), each key
    with every matching event type in the scope's order; lazily, so the first one is cheap.
    """
    shape = _SHAPES[scope.store]
    keys_seen: set[str] = set()
    key_ops, subject_ops, bucket_ops = _Operands(), _Operands(), _Operands()
    for pattern in patterns:
        for target, path in ((key_ops, shape.key_path), (subject_ops, ("subject",)), (bucket_ops, shape.bucket_path)):
            found = _operands(_at(pattern, path))
            for name in ("exact", "prefixes", "suffixes", "contains", "excluded"):
                getattr(target, name).extend(getattr(found, name))
    parts = [p for text in subject_ops.all() for p in shape.subject_parts(text)]
    subject_keys = _unique(k for *_, k in parts if k is not None)

    if scope.bucket is not None:
        buckets = [scope.bucket]
    else:  # any bucket: the names the patterns test, two of them joined, and one they all exclude
        named = _unique([*bucket_ops.exact, *bucket_ops.prefixes, *bucket_ops.suffixes, *bucket_ops.contains,
                         *(b for _, _, b, _ in parts if b), *subject_ops.contains])
        joined = [a + b for a in named[:6] for b in named[:6] if a != b]
        buckets = _unique([*named, *joined, _fresh([*bucket_ops.all(), *named])])
    negated = bool(subject_ops.excluded)
    regions = [region] if region is not None else _unique(
        [SAMPLE_REGION, *(r for r, _, _, _ in parts if r), *subject_ops.contains,
         *([_fresh(r for r, _, _, _ in parts)] if negated else [])]
    )
    accounts = _unique([SAMPLE_ACCOUNT_ID, *(a for _, a, _, _ in parts if a), *subject_ops.contains,
                        *([_fresh(a for _, a, _, _ in parts)] if negated else [])])
    if scope.store == "gcs":
        regions, accounts = regions[:1], accounts[:1]

    typed = [(p, [t for t in scope.event_types if _field_may_match(p, ("type",), shape.type_value(t))]) for p in patterns]
    typed = [(p, types) for p, types in typed if types]
    if not typed:
        return

    def keys() -> Iterator[str]:
        yield from (k for k in examples if k.startswith(scope.prefix) and (not scope.suffixes or k.endswith(scope.suffixes)))
        # With any bucket, "/" marks where a subject literal's key starts (as "<bucket>/" does).
        marker = scope.bucket or ""
        yield from witness_keys(scope.prefix, scope.suffixes, [*key_ops.all(), *subject_ops.all()], marker)
        yield from _combined_keys(scope, key_ops, subject_ops, subject_keys, marker)

    for key in keys():
        if key in keys_seen:
            continue
        keys_seen.add(key)
        for bucket in buckets:
            for reg in regions:
                for account in accounts:
                    candidate = _Candidate(bucket, key, reg, account)
                    values = shape.fields(candidate)
                    matching = {
                        t for p, types in typed
                        if all(_field_may_match(p, path, value) for path, value in values.items())
                        for t in types
                    }
                    for event_type in scope.event_types:
                        if event_type in matching:
                            yield WriteWitness(bucket, key, event_type, shape.event(candidate, event_type))


def write_witnesses(
    scope: WriteScope,
    *patterns: Any,
    region: str | None = None,
    examples: Iterable[str] = (),
) -> list[WriteWitness]:
    """Every witness of :func:`iter_write_witnesses`, in its order (empty: no such event)."""
    return list(iter_write_witnesses(scope, *patterns, region=region, examples=examples))


def writes_may_match(scope: WriteScope, *patterns: Any, region: str | None = None) -> bool:
    """True when some write in ``scope`` can cause an event one of ``patterns`` may match."""
    return next(iter_write_witnesses(scope, *patterns, region=region), None) is not None


__all__ = [
    "ANY_OSS_WRITE",
    "Store",
    "WriteScope",
    "WriteWitness",
    "iter_write_witnesses",
    "witness_keys",
    "write_witnesses",
    "writes_may_match",
]
