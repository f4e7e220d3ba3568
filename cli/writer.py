"""Writes a planned stack's artefacts into ``<out>/<stack>/``."""

from __future__ import annotations

from pathlib import Path

from eventing_platform.engine.artefacts import dumps_json, dumps_manifests, manifests, plan_document
from eventing_platform.engine.record import PlanRecord


def write_stack_artefacts(out_dir: Path, record: PlanRecord, stage: str, extra: dict[str, str] | None = None) -> list[Path]:
    """Write ``plan.json``, ``manifests.yaml`` and any ``extra`` files into ``out_dir/<stack>``."""
    target = out_dir / record.stack
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "plan.json": dumps_json(plan_document(record, stage)),
        "manifests.yaml": dumps_manifests(manifests(record)),
        **(extra or {}),
    }
    written = []
    for name, text in files.items():
        path = target / name
        path.write_text(text)
        written.append(path)
    return written
