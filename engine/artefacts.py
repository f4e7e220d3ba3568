"""Views of a planned stack: the ``plan.json`` document, ``manifests.yaml`` and the printed resource tree."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

import yaml

from eventing_platform.kinds import apply_rank, parse_type_token

from .garbage import paused
from .record import PlanRecord, RecordedResource

SECRET_DATA_PLACEHOLDER = "<set at deploy time>"


def plan_document(record: PlanRecord, stage: str) -> dict[str, Any]:
    """The ``plan.json`` document (secrets masked)."""
    return {
        "stack": record.stack,
        "stage": stage,
        "resources": [
            {
                "urn": r.urn,
                "type": r.type,
                "name": r.name,
                "parent": r.parent,
                "custom": r.custom,
                "dependencies": list(r.dependencies),
                "inputs": r.masked_inputs(),
            }
            for r in record.resources
        ],
        "outputs": record.masked_outputs(),
    }


def dumps_json(doc: Any) -> str:
    """Stable JSON: sorted keys, two-space indent, trailing newline."""
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def is_kubernetes_object(resource: RecordedResource) -> bool:
    """True for a Kubernetes object (not the provider, not a component)."""
    return resource.custom and parse_type_token(resource.type) is not None


def kubernetes_object(resource: RecordedResource) -> dict[str, Any]:
    """The object as ``kubectl apply`` takes it: apiVersion, kind, metadata, then the rest.

    Secret values are placeholders; a ``Secret``'s data moves to ``stringData`` so the
    placeholder is valid.
    """
    inputs = resource.masked_inputs()
    gvk = parse_type_token(resource.type)
    if gvk is None:
        raise ValueError(f"{resource.type} is not the type of a Kubernetes object")
    api_version, kind = gvk.api_version, gvk.kind
    metadata = _sorted_keys(inputs.get("metadata") or {"name": resource.name})
    obj: dict[str, Any] = {"apiVersion": api_version, "kind": kind, "metadata": metadata}
    for key in sorted(inputs):
        if key in ("apiVersion", "kind", "metadata", "status") or inputs[key] is None:
            continue
        obj[key] = _sorted_keys(inputs[key])
    if kind == "Secret" and api_version == "v1":
        obj.pop("data", None), obj.pop("stringData", None)
        # Keys from the unmasked inputs (a whole map may be one secret); values never leave.
        plain = resource.plain_inputs()
        keys = sorted({k for field in ("data", "stringData") if isinstance(plain.get(field), dict) for k in plain[field]})
        if keys:
            obj["stringData"] = {k: SECRET_DATA_PLACEHOLDER for k in keys}
    return obj


def _sorted_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value


def manifests(record: PlanRecord) -> list[dict[str, Any]]:
    """Every Kubernetes object of the plan, in apply order (what others depend on first: the
    catalogue's ``apply_rank``)."""
    objects = [kubernetes_object(r) for r in record.resources if is_kubernetes_object(r)]
    return sorted(objects, key=lambda o: (apply_rank(o["kind"]), o["metadata"].get("namespace") or "", o["kind"], o["metadata"].get("name") or ""))


_LIBYAML_DUMPER: type | None = getattr(yaml, "CSafeDumper", None)
"""libyaml's emitter behind PyYAML's safe representer (None when PyYAML was built without it)."""

_ALIKE_TEXT = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
"""Strings that libyaml and PyYAML's own emitter write alike: printable characters of the Basic
Multilingual Plane. Control characters (tabs and line breaks too), NEL, the Unicode line and
paragraph separators, the byte-order mark and characters beyond U+FFFF are quoted, escaped or
folded differently by the two emitters."""


def _simple_key_alike(key: Any) -> bool:
    """True for a mapping key both emitters write as the same simple key.

    PyYAML writes a key as a complex key (``? key``) when it is empty or when its length plus
    that of its tag (``!!str``, 5) reaches 128 characters; libyaml when it is longer than 128
    bytes of UTF-8. A string key of 1-122 characters and at most 128 bytes is a simple key for both.
    """
    return (isinstance(key, str) and 0 < len(key) <= 122 and len(key.encode("utf-8")) <= 128
            and _emitted_alike(key))


def _emitted_alike(value: Any) -> bool:
    """True when both emitters write ``value`` to the same bytes (see :data:`_ALIKE_TEXT`)."""
    if isinstance(value, str):
        return _ALIKE_TEXT.fullmatch(value) is not None
    if isinstance(value, dict):
        return all(_simple_key_alike(k) and _emitted_alike(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_emitted_alike(v) for v in value)
    return value is None or isinstance(value, (bool, int, float))


def dumps_manifests(objects: list[dict[str, Any]]) -> str:
    """One YAML document per object.

    Written by libyaml's emitter (``CSafeDumper``, about 5x faster) when PyYAML has it and every
    string in ``objects`` is one both emitters write alike; by PyYAML's pure-Python emitter
    otherwise. Either way the bytes are those of ``yaml.safe_dump_all`` with these options.
    """
    fast = _LIBYAML_DUMPER is not None and _emitted_alike(objects)
    dumper = _LIBYAML_DUMPER if fast else yaml.SafeDumper
    text: str = yaml.dump_all(objects, Dumper=dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)
    return text


def type_counts(record: PlanRecord) -> Counter[str]:
    """How many resources of each type the plan registers."""
    return Counter(r.type for r in record.resources)


@paused
def render_tree(record: PlanRecord, stage: str) -> str:
    """The resource tree (children under their component) with counts (rendered with the cyclic
    garbage collector paused, like the artefacts: see :mod:`eventing_platform.engine`)."""
    children: dict[str | None, list[RecordedResource]] = {}
    for r in record.resources:
        children.setdefault(r.parent, []).append(r)
    custom = sum(1 for r in record.resources if r.custom)
    lines = [
        f"{record.stack} ({stage}): {len(record.resources)} resources "
        f"({custom} custom, {len(record.resources) - custom} components)"
    ]

    def walk(parent: str | None, indent: str) -> None:
        items = children.get(parent, [])
        for i, r in enumerate(items):
            last = i == len(items) - 1
            lines.append(f"{indent}{'└─ ' if last else '├─ '}{r.name}  [{r.type}]")
            walk(r.urn, indent + ("   " if last else "│  "))

    walk(None, "")
    return "\n".join(lines)
