"""Policy reports: text grouped by level, JSON, and SARIF 2.1.0 for code-scanning views.

Reports carry messages, fixes and resource names only; rules never put property values that
could be secrets into messages (credential literals are redacted).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import PACK_NAME, PACK_VERSION
from .evaluate import Finding
from .model import ADVISORY, MANDATORY, Rule
from .registry import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
_SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


def _sorted(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.level != MANDATORY, _SEVERITY_ORDER.get(f.severity or "", 9), f.check, f.urn or "", f.message))


def _json_entry(f: Finding) -> dict[str, Any]:
    """A finding as ``policy-report.json`` lists it."""
    return {"policy": f.check, "level": f.level, "severity": f.severity, "message": f.message, "fix": f.fix,
            "urn": f.urn, "resource_type": f.resource_type, "resource_name": f.resource_name}


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Counts per level."""
    return {
        MANDATORY: sum(1 for f in findings if f.level == MANDATORY),
        ADVISORY: sum(1 for f in findings if f.level == ADVISORY),
    }


def to_text(stack: str, stage: str, findings: Sequence[Finding]) -> str:
    """Violations grouped by level (mandatory first), each with severity, resource and fix."""
    counts = summary(findings)
    head = f"   policies ({PACK_NAME} {PACK_VERSION}, stage {stage}): {counts[MANDATORY]} mandatory, {counts[ADVISORY]} advisory"
    lines = [head]
    for level in (MANDATORY, ADVISORY):
        group = [f for f in _sorted(findings) if f.level == level]
        if not group:
            continue
        lines.append(f"   {level.upper()} ({len(group)})" + (" - blocking" if level == MANDATORY else ""))
        for f in group:
            where = f.resource_name or f.urn or stack
            lines.append(f"     [{f.severity}] {f.check}: {where}: {f.message}")
            lines.append(f"       fix: {f.fix}")
    return "\n".join(lines)


def to_json(stack: str, stage: str, findings: Sequence[Finding], rules: Sequence[Rule] = RULES) -> str:
    """``policy-report.json``: pack, stack, stage, counts, the policies evaluated and every finding."""
    doc: dict[str, Any] = {
        "pack": {"name": PACK_NAME, "version": PACK_VERSION},
        "stack": stack,
        "stage": stage,
        "summary": summary(findings),
        "policies": [{"id": r.id, "level": r.level, "severity": r.severity} for r in rules],
        "findings": [_json_entry(f) for f in _sorted(findings)],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def to_sarif(stack: str, stage: str, findings: Sequence[Finding], artifact: str, rules: Sequence[Rule] = RULES) -> str:
    """``policy-report.sarif``: SARIF 2.1.0, one run, every rule described, results located at
    ``artifact`` (the stack's program or config file, relative to the repository root) and at
    the resource URN as a logical location."""
    index = {r.id: i for i, r in enumerate(rules)}
    driver_rules = [
        {
            "id": r.id,
            "name": "".join(part.capitalize() for part in r.id.split("-")),
            "shortDescription": {"text": r.description},
            "fullDescription": {"text": f"{r.description} Level: {r.level_text}."},
            "help": {"text": r.remediation, "markdown": f"**Fix:** {r.remediation}"},
            "defaultConfiguration": {"level": "error" if r.declared_level == MANDATORY else "warning"},
            "properties": {"tags": list(r.tags), "security-severity": _SECURITY_SEVERITY[r.severity], "precision": "high"},
        }
        for r in rules
    ]
    results = []
    for f in _sorted(findings):
        result: dict[str, Any] = {
            "ruleId": f.check,
            "level": "error" if f.level == MANDATORY else "warning",
            "message": {"text": f"{f.resource_name or f.urn or stack}: {f.message} Fix: {f.fix}"},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": {"startLine": 1}},
                "logicalLocations": [{"fullyQualifiedName": f.urn or stack, "name": f.resource_name or stack, "kind": "resource"}],
            }],
            "partialFingerprints": {"policyResource/v1": f"{f.check}|{f.urn or stack}|{f.message}"},
            "properties": {"stack": stack, "stage": stage, "enforcementLevel": f.level, "severity": f.severity},
        }
        if f.check in index:
            result["ruleIndex"] = index[f.check]
        results.append(result)
    doc: dict[str, Any] = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": PACK_NAME,
                "version": PACK_VERSION,
                "informationUri": "https://www.pulumi.com/docs/using-pulumi/crossguard/",
                "rules": driver_rules,
            }},
            "automationDetails": {"id": f"policies/{stack}/{stage}"},
            "results": results,
        }],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


__all__ = ["summary", "to_json", "to_sarif", "to_text"]
