"""``summary.md``: one planned stack as Markdown for a CI job summary or a pull-request comment.

Resources by type, the findings (blocking first) and the event-flow diagram (Mermaid, which
GitHub renders). ``plan --format markdown`` prints the summaries of every planned stack, e.g.
``>> "$GITHUB_STEP_SUMMARY"``.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventing_platform.analysis.checks import Finding
from eventing_platform.engine.artefacts import type_counts
from eventing_platform.engine.record import PlanRecord

MAX_FINDINGS = 50
"""Findings listed in the table; the rest are counted."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _resource(urn: str | None) -> str:
    return urn.split("::")[-1] if urn else ""


def stack_summary(record: PlanRecord, stage: str, findings: Sequence[Finding], flow: str | None) -> str:
    """The Markdown summary of one stack."""
    blocking = [f for f in findings if f.blocking]
    verdict = f"{len(blocking)} blocking finding(s)" if blocking else "no blocking findings"
    lines = [
        f"## `{record.stack}` ({stage}): {len(record.resources)} resources, {verdict}",
        "",
        "| resource type | count |",
        "|---|---:|",
        *(f"| `{t}` | {n} |" for t, n in sorted(type_counts(record).items())),
        "",
    ]
    ordered = sorted(findings, key=lambda f: (not f.blocking, f.check, f.resource or "", f.line()))
    if ordered:
        lines += [f"### Findings ({len(blocking)} blocking, {len(ordered) - len(blocking)} other)", "",
                  "| | check | resource | message |", "|---|---|---|---|"]
        for f in ordered[:MAX_FINDINGS]:
            mark = "blocking" if f.blocking else f.level
            lines.append(f"| {mark} | `{f.check}` | {_cell(_resource(f.resource))} | {_cell(f.line())} |")
        if len(ordered) > MAX_FINDINGS:
            lines.append(f"| | | | ... {len(ordered) - MAX_FINDINGS} more in policy-report.json |")
        lines.append("")
    else:
        lines += ["No findings.", ""]
    if flow:
        lines += ["### Event flow", "", "```mermaid", flow.rstrip("\n"), "```", ""]
    return "\n".join(lines)


__all__ = ["MAX_FINDINGS", "stack_summary"]
