"""The rules as pulumi-policy policies (what ``policies/__main__.py`` hands to ``PolicyPack``).

Enforcement: the pack declares ``mandatory`` for mandatory and "prod" rules, ``advisory`` for
advisory ones. Each finding then gets its own level: "prod" parts (and advisory parts of
mandatory rules) are reported as advisory unless the stage is prod, and the level configured
with ``--policy-pack-config`` caps it (``advisory`` makes a rule non-blocking, ``disabled``
turns it off). The stage is the stack config ``eventing-platform:stage`` that the engine passes
to the pack in ``PULUMI_CONFIG``, unless a policy's config sets ``stage``.
"""

from __future__ import annotations

import types as pytypes
from collections.abc import Callable
from typing import Any, TypedDict

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyPack,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from . import PACK_NAME
from .evaluate import rule_config, run_rule
from .model import (
    ADVISORY,
    MANDATORY,
    Resource,
    Rule,
    Violation,
)
from .pack_config import config_problems
from .pack_findings import diagnostic_level, diagnostic_message, stack_stage_from_env
from .pack_servicer import rules_servicer
from .props import plain
from .registry import RULES

_LEVELS = {
    MANDATORY: EnforcementLevel.MANDATORY,
    ADVISORY: EnforcementLevel.ADVISORY,
}
_SEVERITIES = {
    "critical": Severity.CRITICAL,
    "high": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "low": Severity.LOW,
}


def _configured_level(report_violation: ReportViolation) -> str | None:
    """The enforcement level pulumi-policy bound into ``report_violation`` (None if not readable)."""
    try:
        names = report_violation.__code__.co_freevars
        closure = report_violation.__closure__ or ()
        value = closure[names.index("enforcement_level")].cell_contents
        return str(value.value) if isinstance(value, EnforcementLevel) else None
    except Exception:  # noqa: BLE001 - a plain callable (e.g. in unit tests)
        return None


def _reporter_at(report_violation: ReportViolation, level: str) -> ReportViolation | None:
    """A copy of pulumi-policy's ``report_violation`` that reports at ``level`` instead.

    pulumi-policy fixes one enforcement level per policy; a rule whose findings differ in level
    (advisory parts of a mandatory rule, "prod" parts outside prod) needs a per-finding level.
    The SDK's reporter is a closure over ``enforcement_level``; this rebinds that one cell.
    Returns None when the reporter does not have that shape.
    """
    try:
        names = report_violation.__code__.co_freevars
        index = names.index("enforcement_level")
        cells = list(report_violation.__closure__ or ())
        cells[index] = pytypes.CellType(_LEVELS[level])
        return pytypes.FunctionType(
            report_violation.__code__, report_violation.__globals__, report_violation.__name__,
            report_violation.__defaults__, tuple(cells),
        )
    except Exception:  # noqa: BLE001
        return None


def _report(rule: Rule, violation: Violation, stage: str, report_violation: ReportViolation, urn: str | None) -> None:
    configured = _configured_level(report_violation) or rule.declared_level
    level = diagnostic_level(rule, violation, stage, configured)
    message = diagnostic_message(rule, violation)
    reporter = report_violation
    if level != configured and configured in (MANDATORY, ADVISORY, "remediate"):
        reporter = _reporter_at(report_violation, level) or report_violation
        if reporter is report_violation:
            message = f"[{level}] {message}"
    reporter(message, urn)


def _resource_validator(rule: Rule) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        cfg = rule_config(rule, plain(args.get_config() or {}), stack_stage_from_env())
        props = plain(args.props)
        resource = Resource(str(args.resource_type), str(args.name), str(args.urn), props)
        if not rule.applies(resource.type):
            return
        for violation, _ in run_rule(rule, [resource], cfg):
            _report(rule, violation, cfg.stage, report_violation, None)

    return validate


def _policy_resource(r: Any) -> Resource:
    deps = tuple(getattr(d, "urn", "") for d in (getattr(r, "dependencies", None) or []))
    prop_deps = {
        str(k): tuple(getattr(d, "urn", "") for d in (v or []))
        for k, v in (getattr(r, "property_dependencies", None) or {}).items()
    }
    parent = getattr(getattr(r, "parent", None), "urn", None)
    return Resource(str(r.resource_type), str(r.name), str(r.urn), plain(r.props), parent, deps, prop_deps)


def _stack_validator(rule: Rule) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        cfg = rule_config(rule, plain(args.get_config() or {}), stack_stage_from_env())
        resources = [_policy_resource(r) for r in args.resources]
        for violation, resource in run_rule(rule, resources, cfg):
            _report(rule, violation, cfg.stage, report_violation, violation.urn or (resource.urn if resource else None))

    return validate


class _PolicyFields(TypedDict):
    """The keyword arguments resource and stack policies share."""

    name: str
    description: str
    enforcement_level: EnforcementLevel
    config_schema: PolicyConfigSchema
    severity: Severity
    remediation_steps: str
    tags: list[str]


def to_pulumi_policy(rule: Rule) -> ResourceValidationPolicy | StackValidationPolicy:
    """One rule as a pulumi-policy policy (stack policy when it joins resources)."""
    common = _PolicyFields(
        name=rule.id,
        description=rule.description,
        enforcement_level=_LEVELS[rule.declared_level],
        config_schema=PolicyConfigSchema(properties=rule.schema()),
        severity=_SEVERITIES[rule.severity],
        remediation_steps=rule.remediation,
        tags=list(rule.tags),
    )
    if rule.is_stack_rule:
        return StackValidationPolicy(validate=_stack_validator(rule), **common)
    return ResourceValidationPolicy(validate=_resource_validator(rule), **common)


def pulumi_policies() -> list[ResourceValidationPolicy | StackValidationPolicy]:
    """Every rule as a pulumi-policy policy."""
    return [to_pulumi_policy(rule) for rule in RULES]


PACK_DESCRIPTION = "Security and reliability rules for event-driven serverless platforms (Knative, Alibaba Cloud, Google Cloud)."
"""The pack's description, as the Pulumi CLI lists it."""


_LEVEL_NAMES = {0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate"}
"""``pulumirpc.EnforcementLevel`` values -> names."""


def pack_config_from_request(request: Any) -> dict[str, Any]:
    """The policy config a ``ConfigureAnalyzerRequest`` carries, in the ``--policy-pack-config`` format."""
    from google.protobuf import json_format

    return {
        name: {"enforcementLevel": _LEVEL_NAMES.get(entry.enforcementLevel, str(entry.enforcementLevel)),
               **json_format.MessageToDict(entry.properties)}
        for name, entry in request.policyConfig.items()
    }


def validating_servicer(base: type) -> type:
    """pulumi-policy's Analyzer servicer class, refusing a policy config the rules' schemas reject.

    The Pulumi CLI sends the config (``--policy-pack-config``) in ``Configure`` when the analysis
    starts; a bad one ends it with ``INVALID_ARGUMENT`` and one line per problem, instead of being
    silently ignored.
    """

    class ValidatingServicer(base):  # type: ignore[misc]  # a base known only at run time
        def Configure(self, request: Any, context: Any) -> Any:  # noqa: N802 (gRPC method name)
            problems = config_problems(pack_config_from_request(request))
            if problems:
                import grpc

                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"{PACK_NAME} policy config: " + "; ".join(problems))
            return super().Configure(request, context)

    return ValidatingServicer


def policy_pack() -> PolicyPack:
    """Construct the pack: this serves the Analyzer gRPC API and does not return (call it from a
    pack's ``__main__.py`` only). Its ``Configure`` refuses a policy config the rules' schemas
    reject; its ``Analyze`` and ``AnalyzeStack`` convert each request once for all the rules
    (:func:`eventing_platform.rules.pack_servicer.rules_servicer`)."""
    import pulumi_policy.policy as sdk

    policies: list[Policy] = list(pulumi_policies())
    servicer = getattr(sdk, "_PolicyAnalyzerServicer", None)
    if isinstance(servicer, type):  # a pulumi-policy that renamed it serves without the config check
        # The pack's process serves only this pack, so replacing the module's class is safe.
        servicer = rules_servicer(validating_servicer(servicer), list(zip(policies, RULES, strict=True)))
        setattr(sdk, "_PolicyAnalyzerServicer", servicer)  # noqa: B010 (the checker refuses assigning to a class)
    return PolicyPack(
        name=PACK_NAME,
        policies=policies,
        enforcement_level=EnforcementLevel.ADVISORY,
        description=PACK_DESCRIPTION,
    )


__all__ = [
    "PACK_DESCRIPTION", "pack_config_from_request", "policy_pack", "pulumi_policies", "stack_stage_from_env",
    "to_pulumi_policy", "validating_servicer",
]
