"""``preview.json``: a planned stack in the shape of ``pulumi preview --json``.

Pulumi's preview digest (pulumi/pulumi ``pkg/display/json.go`` ``PreviewDigest``, filled by
``pkg/backend/display/json.go`` ``ShowPreviewDigest``) is::

    {"config": {key: value, secrets "[secret]"},
     "steps": [{"op", "urn", "provider", "newState": apitype.ResourceV3, "detailedDiff"}],
     "diagnostics": [{"urn", "message", "severity"}],
     "changeSummary": {"create": N}}

Offline every resource is new, so every step is ``op: create`` with a ``newState`` and no
``oldState``; ``newState`` carries the ``apitype.ResourceV3`` fields the engine knows (``urn``,
``custom``, ``type``, ``inputs``, ``parent``, ``dependencies``, ``provider``,
``propertyDependencies``, ``sourcePosition`` as ``project:///<path>#<line>``), secrets as
``[secret]`` as Pulumi prints them. The root ``pulumi:pulumi:Stack`` comes first, as in a real
preview, with the stack outputs. Left out, as a preview does not know them (the offline
engine's stand-ins are no real values): ``duration``, resource IDs and resource outputs; and the
default providers the engine would add for resources without an explicit one. Tools that read Pulumi
previews (cost estimators read ``steps[].newState``) read this file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .record import SECRET_PLACEHOLDER, PlanRecord, RecordedResource

STACK_TYPE = "pulumi:pulumi:Stack"


def root_urn(record: PlanRecord) -> str:
    """The URN of the stack's root resource."""
    return f"urn:pulumi:{record.stack}::{record.project}::{STACK_TYPE}::{record.project}-{record.stack}"


def source_position(source: tuple[str, int] | None, project_root: Path) -> str | None:
    """``project:///<path relative to the project>#<line>``, as the engine stores it (``None`` if unknown)."""
    if source is None:
        return None
    path, line = source
    try:
        rel = Path(path).relative_to(project_root).as_posix()
    except ValueError:
        return f"file://{Path(path).as_posix()}#{line}"
    return f"project:///{rel}#{line}"


def _state(r: RecordedResource, root: str, project_root: Path) -> dict[str, Any]:
    state: dict[str, Any] = {
        "urn": r.urn,
        "custom": r.custom,
        "type": r.type,
        "inputs": r.masked_inputs(),
        "parent": r.parent or root,
    }
    if r.dependencies:
        state["dependencies"] = list(r.dependencies)
    if r.provider:
        state["provider"] = r.provider
    deps = {k: list(v) for k, v in r.property_dependencies.items() if v}
    if deps:
        state["propertyDependencies"] = deps
    position = source_position(r.source, project_root)
    if position:
        state["sourcePosition"] = position
    return {k: v for k, v in state.items() if v not in (None, {}, [])}


def preview_document(
    record: PlanRecord,
    config: Mapping[str, str],
    secret_keys: Iterable[str],
    project_root: Path,
    diagnostics: Iterable[Mapping[str, str]] = (),
) -> dict[str, Any]:
    """The ``preview.json`` document of a planned stack.

    ``config`` are the stack's full keys and values (secret ones are printed ``[secret]``);
    ``diagnostics`` are ``{"urn"?, "message", "severity"}`` (``error``/``warning``/``info``).
    """
    secret = set(secret_keys)
    root = root_urn(record)
    steps: list[dict[str, Any]] = [{
        "op": "create",
        "urn": root,
        "newState": {"urn": root, "custom": False, "type": STACK_TYPE, "outputs": record.masked_outputs()},
        "detailedDiff": None,
    }]
    for r in record.resources:
        step: dict[str, Any] = {"op": "create", "urn": r.urn}
        if r.provider:
            step["provider"] = r.provider
        step["newState"] = _state(r, root, project_root)
        step["detailedDiff"] = None
        steps.append(step)
    doc: dict[str, Any] = {
        "config": {k: (SECRET_PLACEHOLDER if k in secret else v) for k, v in sorted(config.items())},
        "steps": steps,
        "changeSummary": {"create": len(steps)},
    }
    found = [dict(d) for d in diagnostics]
    if found:
        doc["diagnostics"] = found
    return doc


__all__ = ["STACK_TYPE", "preview_document", "root_urn", "source_position"]
