"""The rule model shared by the policy pack, the offline ``plan`` check and the tests.

A :class:`Rule` is plain data plus plain functions:

- ``check(resource_type, props, name, urn, config) -> Iterable[Violation]`` for one resource;
- ``stack_check(resources, config) -> Iterable[Violation]`` for rules that join resources
  (a Trigger and its Broker, a bucket and its public access block, ...).

A :data:`Violation` is the project's one finding type
(:class:`eventing_platform.analysis.findings.Finding`) as a rule yields it.

``props`` are plain data (see :func:`eventing_platform.rules.props.plain`), secrets in plaintext, unknown values
as :data:`eventing_platform.rules.props.UNKNOWN`. Neither function may raise on any input.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventing_platform.analysis.findings import ADVISORY as ADVISORY
from eventing_platform.analysis.findings import MANDATORY as MANDATORY
from eventing_platform.analysis.findings import Finding

from .props import as_int, as_str, get, is_true, str_list

PROD = "prod"
"""Advisory, raised to mandatory when the stack's stage is ``prod``."""
LEVELS = (MANDATORY, ADVISORY, PROD)

SEVERITIES = ("critical", "high", "medium", "low")

STAGE_KEY = "eventing-platform:stage"
"""The stack config key the stage is read from (as the engine passes it in ``PULUMI_CONFIG``)."""
STAGES = ("dev", "prod")

COMMON_SCHEMA: dict[str, dict[str, Any]] = {
    "stage": {
        "type": "string",
        "enum": list(STAGES),
        "description": "Overrides the stage read from the stack config `eventing-platform:stage` "
        "(default: that value, 'dev' when unset; any other value counts as 'prod').",
    },
    "includeFor": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Glob patterns of resource names (Pulumi name or Kubernetes metadata.name); "
        "when non-empty the rule checks only matching resources. Default: [] (all).",
    },
    "excludeFor": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Glob patterns of resource names the rule skips. Default: [].",
    },
}


def resolve_stage(policy_stage: Any = None, stack_stage: Any = None) -> str:
    """The stage a rule runs for: policy config first, then the stack config; default ``dev``.

    Any stage other than ``dev`` and ``prod`` counts as ``prod`` (fail closed).
    """
    for value in (policy_stage, stack_stage):
        if isinstance(value, str) and value.strip():
            return "dev" if value.strip().lower() == "dev" else "prod"
    return "dev"


def resolve_level(level: str, stage: str) -> str:
    """``mandatory``/``advisory`` for a rule or violation level at ``stage``."""
    if level == PROD:
        return MANDATORY if stage == "prod" else ADVISORY
    return MANDATORY if level == MANDATORY else ADVISORY


def cap_level(level: str, configured: str) -> str:
    """A finding's level capped by the enforcement level configured for its policy."""
    return MANDATORY if level == MANDATORY and configured in (MANDATORY, "remediate") else ADVISORY


Violation = Finding
"""What a rule's check yields: a :class:`~eventing_platform.analysis.findings.Finding` with
``message`` and, where they differ from the rule's, ``fix``, ``level`` (``mandatory``,
``advisory`` or ``prod``) and, for stack rules, the ``urn`` of the resource concerned.
``evaluate`` completes it (policy id, severity, resolved level, resource)."""


@dataclass(frozen=True)
class Resource:
    """A resource as a stack rule sees it."""

    type: str
    """Type token, e.g. ``kubernetes:eventing.knative.dev/v1:Trigger``."""
    name: str
    """The Pulumi resource name."""
    urn: str
    """The resource URN."""
    props: Any
    """Plain properties (inputs; secrets in plaintext)."""
    parent: str | None = None
    """URN of the parent resource. Default: none."""
    dependencies: tuple[str, ...] = ()
    """URNs the resource depends on. Default: none."""
    property_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per input property, the URNs its value came from. Default: none."""

    def deps_of(self, prop: str) -> tuple[str, ...]:
        """URNs the property ``prop`` depends on."""
        try:
            value = self.property_dependencies.get(prop, ())
            return tuple(v for v in value if isinstance(v, str))
        except Exception:  # noqa: BLE001
            return ()


@dataclass(frozen=True)
class RuleConfig:
    """The configuration one rule runs with: the stage and its config values (defaults applied)."""

    stage: str
    """``dev`` or ``prod``."""
    values: Mapping[str, Any] = field(default_factory=dict)
    """Config properties (schema defaults overlaid with the policy pack config)."""

    @property
    def prod(self) -> bool:
        """True when the stage is prod."""
        return self.stage == "prod"

    def strings(self, key: str) -> list[str]:
        """A list-of-strings setting (anything else reads as empty)."""
        return str_list(self.values.get(key))

    def integer(self, key: str, default: int) -> int:
        """An integer setting, ``default`` when missing or malformed."""
        value = as_int(self.values.get(key))
        return default if value is None else value

    def flag(self, key: str, default: bool = False) -> bool:
        """A boolean setting."""
        value = self.values.get(key)
        return default if value is None else is_true(value)

    def applies_to(self, name: Any, props: Any) -> bool:
        """False when ``includeFor``/``excludeFor`` exclude a resource (Pulumi name or metadata.name)."""
        names = [n for n in (as_str(name), as_str(get(props, "metadata", "name"))) if n]
        include, exclude = self.strings("includeFor"), self.strings("excludeFor")
        if include and not any(fnmatch.fnmatchcase(n, p) for n in names for p in include):
            return False
        return not any(fnmatch.fnmatchcase(n, p) for n in names for p in exclude)


ResourceCheck = Callable[[str, Any, str, str, RuleConfig], Iterable[Violation]]
StackCheck = Callable[[Sequence[Resource], RuleConfig], Iterable[Violation]]
TypeMatcher = Callable[[str], bool]


@dataclass(frozen=True)
class Rule:
    """One policy: id, metadata, the types it applies to and its check functions."""

    id: str
    """The policy id (kebab-case), exactly as in shared/reference/policies.md."""
    description: str
    """One sentence: what the rule requires."""
    level: str
    """``mandatory``, ``advisory`` or ``prod`` (advisory, mandatory when the stage is prod)."""
    severity: str
    """``critical``, ``high``, ``medium`` or ``low``."""
    remediation: str
    """How to fix a violation, in general."""
    applies: TypeMatcher
    """True for the type tokens the rule checks."""
    check: ResourceCheck | None = None
    """The per-resource check. Default: none."""
    stack_check: StackCheck | None = None
    """The whole-stack check (joins). Default: none. With one, the pack runs the rule as a stack policy."""
    config: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """JSON-schema properties of the rule's own settings (each with a ``default`` where it has one)."""
    tags: tuple[str, ...] = ()
    """Tags (cloud, area). Default: none."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", self.id):
            raise ValueError(f"rule id {self.id!r} is not kebab-case")
        if self.level not in LEVELS:
            raise ValueError(f"rule {self.id}: level {self.level!r} is not one of {LEVELS}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.id}: severity {self.severity!r} is not one of {SEVERITIES}")
        if self.check is None and self.stack_check is None:
            raise ValueError(f"rule {self.id} has neither check nor stack_check")

    @property
    def is_stack_rule(self) -> bool:
        """True when the rule joins resources (a stack policy in the pack)."""
        return self.stack_check is not None

    @property
    def declared_level(self) -> str:
        """The enforcement level the pack declares: mandatory for ``mandatory`` and ``prod`` rules.

        Findings of ``prod`` rules (and ``prod``/advisory parts of mandatory rules) are lowered
        to advisory per finding when the stage is not prod.
        """
        return ADVISORY if self.level == ADVISORY else MANDATORY

    @property
    def level_text(self) -> str:
        """Human text of the level."""
        return {MANDATORY: "mandatory", ADVISORY: "advisory", PROD: "advisory; mandatory when the stage is prod"}[self.level]

    def schema(self) -> dict[str, dict[str, Any]]:
        """The full config schema: common settings plus the rule's own."""
        return {**COMMON_SCHEMA, **{k: dict(v) for k, v in self.config.items()}}

    def defaults(self) -> dict[str, Any]:
        """Default values of the rule's settings."""
        return {k: v["default"] for k, v in self.schema().items() if "default" in v}


def types(*tokens: str) -> TypeMatcher:
    """A matcher for exact type tokens."""
    wanted = frozenset(tokens)
    return lambda t: t in wanted


def glob_types(*patterns: str) -> TypeMatcher:
    """A matcher for type-token glob patterns."""
    return lambda t: isinstance(t, str) and any(fnmatch.fnmatchcase(t, p) for p in patterns)
