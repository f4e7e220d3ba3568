"""``policy-report.sarif`` as ``plan`` writes it: every check's findings, at the program's lines.

The policy check writes a SARIF 2.1.0 log of the policy findings
(:func:`eventing_platform.rules.report.to_sarif`), every result at line 1 of the stack file.
:func:`locate_and_merge` takes that log and

- points each result whose resource is known at the program line that created the resource
  (its registration's source position, see :mod:`eventing_platform.engine.source_positions`),
  relative to the repository root (the nearest folder holding ``.git``; else the project
  folder), so code scanning shows the right line; results without one stay on the stack file;
- adds the other checks' findings (``event-loop``, ``duplicate-object``, ``event-flow`` notes)
  and the loops the stack's own loop guard refused, each with a rule of its own: blocking ones
  as ``error``, so CI's code-scanning view shows every reason the plan exited 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventing_platform.analysis.checks import FINDING_DESCRIPTIONS, Finding
from eventing_platform.engine.record import PlanRecord


@dataclass(frozen=True)
class Locator:
    """Maps a resource URN to ``(uri relative to the repository root, line)``."""

    sources: Mapping[str, tuple[str, int]]
    """URN -> (relative path, line) for every resource with a known program line."""
    fallback: str
    """The stack file, relative to the repository root (results without a line go to its line 1)."""

    def locate(self, urn: str | None) -> tuple[str, int]:
        """Where a finding on ``urn`` is shown."""
        return self.sources.get(urn or "", (self.fallback, 1))


def repository_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder or a worktree's file); else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def locator(record: PlanRecord, project_dir: Path, stack_file: Path) -> Locator:
    """A :class:`Locator` for one planned stack (paths outside the repository fall back)."""
    root = repository_root(project_dir)
    sources: dict[str, tuple[str, int]] = {}
    for r in record.resources:
        if r.source is None:
            continue
        path, line = r.source
        try:
            sources[r.urn] = (Path(path).resolve().relative_to(root).as_posix(), line)
        except ValueError:
            continue
    try:
        fallback = stack_file.resolve().relative_to(root).as_posix()
    except ValueError:
        fallback = stack_file.name
    return Locator(sources, fallback)


def _physical(uri: str, line: int) -> dict[str, Any]:
    return {"artifactLocation": {"uri": uri}, "region": {"startLine": max(line, 1)}}


def _level(finding: Finding) -> str:
    if finding.blocking:
        return "error"
    return "note" if finding.check == "event-flow" else "warning"


def locate_and_merge(
    sarif_text: str,
    where: Locator,
    other_findings: Sequence[Finding],
    stack: str,
    stage: str,
) -> str:
    """The policy SARIF log with program locations and the other checks' findings added."""
    doc = json.loads(sarif_text)
    run = doc["runs"][0]
    for result in run.get("results", []):
        names = [loc.get("fullyQualifiedName") for loc in result["locations"][0].get("logicalLocations", [])]
        urn = names[0] if names and names[0] != stack else None
        result["locations"][0]["physicalLocation"] = _physical(*where.locate(urn))
    rules = run["tool"]["driver"]["rules"]
    index = {r["id"]: i for i, r in enumerate(rules)}
    for check in sorted({f.check for f in other_findings}):
        if check in index:
            continue
        index[check] = len(rules)
        text = FINDING_DESCRIPTIONS.get(check, f"Plan check {check}.")
        rules.append({
            "id": check,
            "name": "".join(part.capitalize() for part in check.split("-")),
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "defaultConfiguration": {"level": "error" if check != "event-flow" else "note"},
            "properties": {"tags": ["plan-check"]},
        })
    for f in sorted(other_findings, key=lambda f: (not f.blocking, f.check, f.resource or "", f.line())):
        urn = f.resource if f.resource and f.resource.startswith("urn:") else None
        run["results"].append({
            "ruleId": f.check,
            "ruleIndex": index[f.check],
            "level": _level(f),
            "message": {"text": f.line()},
            "locations": [{
                "physicalLocation": _physical(*where.locate(urn)),
                "logicalLocations": [{"fullyQualifiedName": urn or stack, "name": (urn or stack).split("::")[-1], "kind": "resource"}],
            }],
            "partialFingerprints": {"planCheck/v1": f"{f.check}|{urn or stack}|{f.line()}"},
            "properties": {"stack": stack, "stage": stage, "enforcementLevel": "mandatory" if f.blocking else "advisory"},
        })
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def other_findings(findings: Iterable[Finding], policy_ids: Iterable[str]) -> list[Finding]:
    """The findings that are not policy findings (those are in the log already)."""
    policies = set(policy_ids)
    return [f for f in findings if f.check not in policies]


__all__ = ["Locator", "locate_and_merge", "locator", "other_findings", "repository_root"]
