"""How the policy pack reports a rule's violation: the stage it runs for, each diagnostic's level
and message. Shared by the per-policy validators (:mod:`eventing_platform.rules.pack`) and the
servicer that runs every rule on one conversion of a request
(:mod:`eventing_platform.rules.pack_servicer`), so both report alike.
"""

from __future__ import annotations

import json
import os
from typing import Any

from .model import STAGE_KEY, Rule, Violation, cap_level, resolve_level


def stack_stage_from_env() -> Any:
    """``eventing-platform:stage`` from ``PULUMI_CONFIG`` (JSON) as the engine passes it; None if absent."""
    try:
        config = json.loads(os.environ.get("PULUMI_CONFIG") or "{}")
    except ValueError:
        return None
    return config.get(STAGE_KEY) if isinstance(config, dict) else None


def diagnostic_level(rule: Rule, violation: Violation, stage: str, configured: str) -> str:
    """The level a violation is reported at: its own (or its rule's) level at ``stage``, capped
    by the enforcement level ``configured`` for the policy."""
    return cap_level(resolve_level(violation.level or rule.level, stage), configured)


def diagnostic_message(rule: Rule, violation: Violation) -> str:
    """The text after pulumi-policy's policy description: the violation and how to fix it."""
    return f"{violation.message}\nFix: {violation.fix or rule.remediation}"


__all__ = ["diagnostic_level", "diagnostic_message", "stack_stage_from_env"]
