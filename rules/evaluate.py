"""Evaluate the rules in memory: the same functions the policy pack runs, without the Pulumi CLI.

Used by ``python -m stacks plan`` (through ``eventing_platform.rules.plan_check``) and by the tests.
Policy config has the format of ``pulumi preview --policy-pack-config``::

    {"all": "advisory",
     "knative-broker-class": {"enforcementLevel": "mandatory", "allowedClasses": ["Kafka"]},
     "image-pinned": {"stage": "prod", "requireDigestInProd": true}}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from eventing_platform.analysis.findings import Finding

from .model import (
    ADVISORY,
    MANDATORY,
    Resource,
    Rule,
    RuleConfig,
    Violation,
    cap_level,
    resolve_level,
    resolve_stage,
)
from .props import plain
from .registry import RULES

ENFORCEMENT_LEVELS = ("advisory", "mandatory", "remediate", "disabled")


class PolicyConfigError(ValueError):
    """A policy config file that cannot be used."""


def load_pack_config(path: str | Path) -> dict[str, Any]:
    """Read a ``--policy-pack-config`` JSON file."""
    p = Path(path)
    try:
        data = json.loads(p.read_text())
    except (OSError, ValueError) as err:
        raise PolicyConfigError(f"policy config {p}: {err}") from err
    if not isinstance(data, dict):
        raise PolicyConfigError(f"policy config {p}: expected a JSON object keyed by policy id (or 'all')")
    return data


def _level_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry if entry in ENFORCEMENT_LEVELS else None
    if isinstance(entry, Mapping):
        value = entry.get("enforcementLevel")
        return value if value in ENFORCEMENT_LEVELS else None
    return None


def rule_settings(rule: Rule, pack_config: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """``(configured enforcement level, config values)`` of one rule, as the CLI reconciles them."""
    pack_config = pack_config or {}
    level = rule.declared_level
    level = _level_of(pack_config.get("all")) or level
    entry = pack_config.get(rule.id)
    level = _level_of(entry) or level
    values = {k: v for k, v in entry.items() if k != "enforcementLevel"} if isinstance(entry, Mapping) else {}
    return level, values


def rule_config(rule: Rule, values: Mapping[str, Any] | None, stack_stage: Any) -> RuleConfig:
    """The :class:`RuleConfig` of a rule: defaults overlaid with ``values``; stage from config or stack."""
    values = dict(values or {})
    return RuleConfig(stage=resolve_stage(values.get("stage"), stack_stage), values={**rule.defaults(), **values})


def run_rule(rule: Rule, resources: Sequence[Resource], cfg: RuleConfig) -> list[tuple[Violation, Resource | None]]:
    """The violations of one rule over ``resources``, each with the resource concerned.

    A rule that raises (a bug: rules are tested never to) yields one violation at its own level
    instead of an exception, so a policy bug never passes silently nor aborts a plan.
    """
    out: list[tuple[Violation, Resource | None]] = []
    check, stack_check = rule.check, rule.stack_check
    if check is not None:
        for r in resources:
            if not rule.applies(r.type) or not cfg.applies_to(r.name, r.props):
                continue
            out.extend((v, r) for v in _safely(rule, partial(check, r.type, r.props, r.name, r.urn, cfg)))
    if stack_check is not None:
        violations = _safely(rule, partial(stack_check, resources, cfg))
        by_urn = {r.urn: r for r in resources} if any(v.urn for v in violations) else {}
        out.extend((v, by_urn.get(v.urn) if v.urn else None) for v in violations)
    return out


def _safely(rule: Rule, produce: Callable[[], Iterable[Violation]]) -> list[Violation]:
    try:
        return [v for v in produce() if isinstance(v, Violation)]
    except Exception as err:  # noqa: BLE001 - fail closed, never crash the caller
        return [Violation(f"policy {rule.id} failed on this input ({type(err).__name__}); treated as a violation",
                          fix="Report this policy bug; meanwhile check the resource by hand.", level=rule.level)]


def evaluate(
    resources: Iterable[Resource],
    *,
    stack_stage: Any = None,
    pack_config: Mapping[str, Any] | None = None,
    rules: Sequence[Rule] = RULES,
) -> list[Finding]:
    """Every finding of ``rules`` over a stack's resources (props are normalised with :func:`plain`):
    each violation completed with its policy id, severity, level (resolved for the stage and
    capped by the configured enforcement level), fix and resource."""
    resources = [Resource(r.type, r.name, r.urn, plain(r.props), r.parent, r.dependencies, r.property_dependencies) for r in resources]
    types = {r.type for r in resources}
    findings: list[Finding] = []
    for rule in rules:
        configured, values = rule_settings(rule, pack_config)
        if configured == "disabled":
            continue
        if rule.stack_check is None and not any(rule.applies(t) for t in types):
            continue  # a rule of resources only, none of its types in the stack: no pass over them
        cfg = rule_config(rule, values, stack_stage)
        for violation, resource in run_rule(rule, resources, cfg):
            level = cap_level(resolve_level(violation.level or rule.level, cfg.stage), configured)
            urn = violation.urn or (resource.urn if resource else None)
            findings.append(replace(
                violation,
                check=rule.id,
                level=level,
                severity=rule.severity,
                fix=violation.fix or rule.remediation,
                urn=urn,
                resource_type=resource.type if resource else None,
                resource_name=resource.name if resource else None,
            ))
    return findings


def evaluate_resource(
    type_: str,
    props: Any,
    name: str = "r",
    urn: str | None = None,
    *,
    stack_stage: Any = None,
    pack_config: Mapping[str, Any] | None = None,
    rules: Sequence[Rule] = RULES,
) -> list[Finding]:
    """Findings for one resource alone (stack rules see a stack of just this resource)."""
    urn = urn or f"urn:pulumi:test::eventing-platform::{type_}::{name}"
    return evaluate([Resource(type_, name, urn, props)], stack_stage=stack_stage, pack_config=pack_config, rules=rules)


def resources_from_record(record: Any) -> list[Resource]:
    """The resources of a ``eventing_platform.engine.PlanRecord`` (plain inputs: keep them in memory only)."""
    return [
        Resource(
            type=r.type,
            name=r.name,
            urn=r.urn,
            props=plain(r.plain_inputs()),
            parent=r.parent,
            dependencies=tuple(r.dependencies),
            property_dependencies={k: tuple(v) for k, v in dict(r.property_dependencies).items()},
        )
        for r in record.resources
    ]


__all__ = [
    "ADVISORY",
    "Finding",
    "MANDATORY",
    "PolicyConfigError",
    "evaluate",
    "evaluate_resource",
    "load_pack_config",
    "resources_from_record",
    "rule_config",
    "rule_settings",
    "run_rule",
]
