"""The artefacts of a planned stack, and writing them into ``<out>/<stack>/``.

``plan`` itself writes through :class:`eventing_platform.cli.output_dir.OutputDir` (staged, moved
into place whole); :func:`write_stack_artefacts` writes directly, for tests and scripts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from eventing_platform.analysis.checks import CheckResult, Finding
from eventing_platform.analysis.findings import MANDATORY
from eventing_platform.engine.artefacts import dumps_json, dumps_manifests, manifests, plan_document
from eventing_platform.engine.garbage import paused
from eventing_platform.engine.preview import preview_document
from eventing_platform.engine.program import StackInput
from eventing_platform.engine.record import PlanRecord
from eventing_platform.rules.registry import BY_ID

from .sarif import locate_and_merge, locator, other_findings
from .summary import stack_summary

GUARD_CHECK = "event-loop"
"""Check name of the loops a stack's own loop guard reports."""
SARIF_FILE, REPORT_FILE, FLOW_FILE = "policy-report.sarif", "policy-report.json", "flow.mmd"
PREVIEW_FILE = "preview.json"
"""The stack in the shape of ``pulumi preview --json`` (see :mod:`eventing_platform.engine.preview`)."""
SUMMARY_FILE = "summary.md"
"""The Markdown summary for a CI job summary or a pull-request comment."""


@paused
def stack_artefacts(record: PlanRecord, stage: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """File name -> text: ``plan.json``, ``manifests.yaml`` and any ``extra`` files (the checks').

    Rendered with the cyclic garbage collector paused, like :func:`plan_artefacts`."""
    return {
        "plan.json": dumps_json(plan_document(record, stage)),
        "manifests.yaml": dumps_manifests(manifests(record)),
        **(extra or {}),
    }


def write_stack_artefacts(out_dir: Path, record: PlanRecord, stage: str, extra: dict[str, str] | None = None) -> list[Path]:
    """Write ``plan.json``, ``manifests.yaml`` and any ``extra`` files into ``out_dir/<stack>``."""
    target = out_dir / record.stack
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in stack_artefacts(record, stage, extra).items():
        path = target / name
        path.write_text(text)
        written.append(path)
    return written


def guard_findings(guard_loops: Sequence[str]) -> list[Finding]:
    """The loops a stack's own loop guard recorded, as blocking ``event-loop`` findings."""
    return [Finding(line, check=GUARD_CHECK, level=MANDATORY) for line in guard_loops]


@paused
def plan_artefacts(stack: StackInput, record: PlanRecord, checked: CheckResult, guard_loops: Sequence[str] = ()) -> dict[str, str]:
    """Every file ``plan`` writes for a stack: :func:`stack_artefacts`, with the policy reports
    carrying every check's findings (SARIF at the program's lines), ``preview.json`` and ``summary.md``.

    Rendered with the cyclic garbage collector paused: rendering makes next to no cyclic garbage,
    so a collection would only re-scan the record it reads (see :mod:`eventing_platform.engine`)."""
    findings = [*guard_findings(guard_loops), *checked.findings]
    others = other_findings(findings, BY_ID)
    files = stack_artefacts(record, stack.stage, checked.files)
    if SARIF_FILE in files:
        where = locator(record, stack.program.directory, stack.program.stack_file(stack.name))
        files[SARIF_FILE] = locate_and_merge(files[SARIF_FILE], where, others, stack.name, stack.stage)
    if REPORT_FILE in files:
        doc = json.loads(files[REPORT_FILE])
        doc["checks"] = [
            {"check": f.check, "blocking": f.blocking, "level": f.level, "message": f.line(), "urn": f.resource}
            for f in sorted(others, key=lambda f: (not f.blocking, f.check, f.resource or "", f.line()))
        ]
        files[REPORT_FILE] = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    diagnostics = [
        {**({"urn": f.resource} if f.resource and f.resource.startswith("urn:") else {}),
         "message": f"[{f.check}] {f.line()}", "severity": "error" if f.blocking else "warning"}
        for f in sorted(findings, key=lambda f: (not f.blocking, f.check, f.resource or "", f.line()))
    ]
    files[PREVIEW_FILE] = dumps_json(preview_document(record, stack.config, stack.secret_keys, stack.program.directory, diagnostics))
    files[SUMMARY_FILE] = stack_summary(record, stack.stage, findings, files.get(FLOW_FILE))
    return files
