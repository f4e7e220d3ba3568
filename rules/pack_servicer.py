"""pulumi-policy's Analyzer servicer, answering ``Analyze`` and ``AnalyzeStack`` with one
conversion of each request for all the rules.

pulumi-policy's servicer loops over the policies and, for each, converts the request again
(``MessageToDict``, ``deserialize_properties``, proxies; for ``AnalyzeStack`` every resource of
the stack and the links between them), then calls the policy. With 30 policies that is 30
conversions of every request: a Deployment with 2,000 containers took the pack 9.4 s of CPU,
where evaluating the rules in memory takes 0.17 s.
:func:`rules_servicer` subclasses it so that ``Analyze`` and ``AnalyzeStack`` convert the request
once (:mod:`eventing_platform.rules.pack_wire`) and run every enabled policy's rule on it, in
the policies' order, with the level and config pulumi-policy resolved for that policy (its own
``_get_enforcement_level`` and ``_get_policy_config``, read once per ``Configure``), reporting
through its own ``_create_report_violation``: the same diagnostics as its loop, in the same
order. Everything else (``GetAnalyzerInfo``: the 30 policies with their ids, levels, schemas;
``Configure``; ``Remediate``) is pulumi-policy's. A servicer whose policies are not exactly the
rules' policies, or a pulumi-policy without those helpers, answers through its own loop.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel, Policy, StackValidationPolicy

from .evaluate import rule_config, run_rule
from .model import Rule, RuleConfig, Violation
from .pack_findings import diagnostic_level, diagnostic_message, stack_stage_from_env
from .pack_wire import request_resource, stack_resources
from .props import plain

SDK_HELPERS = ("_configure_runtime_settings", "_create_report_violation", "_get_enforcement_level", "_get_policy_config")
"""The methods of pulumi-policy's servicer the one-conversion path relies on (pulumi-policy 1.18 to 1.21)."""


@dataclass(frozen=True)
class PolicyRun:
    """One enabled policy as a request runs it."""

    policy: Policy
    """The pulumi-policy policy (its name, description and severity go into each diagnostic)."""
    rule: Rule
    """The rule it runs."""
    configured: str
    """The enforcement level pulumi-policy resolved for it: ``mandatory`` or ``advisory``
    (``remediate`` runs as ``mandatory``, as pulumi-policy's loop runs it)."""
    config: RuleConfig
    """The rule's config: its ``Configure`` values over the schema defaults, and the stage."""


@dataclass(frozen=True)
class ConfiguredRuns:
    """The enabled policies after a ``Configure``, in the pack's order."""

    resource: tuple[PolicyRun, ...]
    """Resource policies (``Analyze``)."""
    stack: tuple[PolicyRun, ...]
    """Stack policies (``AnalyzeStack``)."""
    _by_type: dict[str, tuple[PolicyRun, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def resource_runs_for(self, type_: str) -> tuple[PolicyRun, ...]:
        """The resource policies whose rule applies to ``type_`` (a rule's ``applies`` depends on the
        type only, so it is asked once per type instead of once per request)."""
        runs = self._by_type.get(type_)
        if runs is None:
            runs = self._by_type[type_] = tuple(run for run in self.resource if run.rule.applies(type_))
        return runs


def _sdk_has_helpers(base: type) -> bool:
    return all(callable(getattr(base, name, None)) for name in SDK_HELPERS)


def rules_servicer(base: type, bound: Sequence[tuple[Policy, Rule]]) -> type:
    """``base`` (pulumi-policy's ``_PolicyAnalyzerServicer`` or a subclass) answering ``Analyze``
    and ``AnalyzeStack`` with one conversion per request, for a pack of exactly the policies of
    ``bound`` (each with the rule it runs), in that order. ``base`` itself when pulumi-policy
    lacks the helpers (:data:`SDK_HELPERS`)."""
    if not _sdk_has_helpers(base):
        return base
    bound = tuple(bound)
    report_factory = getattr(base, "_create_report_violation")  # noqa: B009 (a name mypy does not know on a type)
    severity_too = "severity" in inspect.signature(report_factory).parameters  # pulumi-policy >= 1.19

    class RulesServicer(base):  # type: ignore[misc]  # a base known only at run time
        def __init__(self, name: str, version: str, policies: Sequence[Policy], *args: Any, **kwargs: Any) -> None:
            super().__init__(name, version, policies, *args, **kwargs)
            self._one_conversion = len(policies) == len(bound) and all(p is q for p, (q, _) in zip(policies, bound, strict=True))
            self._runs: ConfiguredRuns | None = None
            self._runtime_configured = False

        def Configure(self, request: Any, context: Any) -> Any:  # noqa: N802 (gRPC method name)
            response = super().Configure(request, context)
            self._runs = None
            return response

        def _policy_runs(self) -> ConfiguredRuns:
            """The policies the last ``Configure`` enabled (pulumi-policy's defaults before one)."""
            runs = self._runs
            if runs is None:
                stage = stack_stage_from_env()
                resource_runs: list[PolicyRun] = []
                stack_runs: list[PolicyRun] = []
                for policy, rule in bound:
                    level = self._get_enforcement_level(policy)
                    if level == EnforcementLevel.DISABLED:
                        continue
                    configured = EnforcementLevel.MANDATORY if level == EnforcementLevel.REMEDIATE else level
                    config = rule_config(rule, plain(self._get_policy_config(policy.name) or {}), stage)
                    run = PolicyRun(policy, rule, configured.value, config)
                    (stack_runs if isinstance(policy, StackValidationPolicy) else resource_runs).append(run)
                runs = self._runs = ConfiguredRuns(tuple(resource_runs), tuple(stack_runs))
            return runs

        def _configure_runtime(self) -> None:
            # pulumi-policy configures the Pulumi runtime from the environment at every request
            # (about 50 us: PULUMI_CONFIG parsed again); the environment does not change, so once.
            if not self._runtime_configured:
                self._configure_runtime_settings()
                self._runtime_configured = True

        def _report(self, response: Any, run: PolicyRun, violation: Violation, urn: str | None) -> None:
            level = EnforcementLevel(diagnostic_level(run.rule, violation, run.config.stage, run.configured))
            extra = (run.policy.severity,) if severity_too else ()
            report = self._create_report_violation(response, run.policy.name, run.policy.description, level, *extra)
            report(diagnostic_message(run.rule, violation), urn)

        def Analyze(self, request: Any, context: Any) -> Any:  # noqa: N802
            if not self._one_conversion:
                return super().Analyze(request, context)
            self._configure_runtime()
            response = analyzer_pb2.AnalyzeResponse()
            runs = self._policy_runs()
            if runs.resource:  # pulumi-policy converts the request for every enabled resource policy
                resource = request_resource(request)
                for run in runs.resource_runs_for(resource.type):
                    for violation, _ in run_rule(run.rule, [resource], run.config):
                        self._report(response, run, violation, None)
            return response

        def AnalyzeStack(self, request: Any, context: Any) -> Any:  # noqa: N802
            if not self._one_conversion:
                return super().AnalyzeStack(request, context)
            self._configure_runtime()
            response = analyzer_pb2.AnalyzeResponse()
            runs = self._policy_runs()
            if runs.stack:
                resources = stack_resources(request)
                for run in runs.stack:
                    for violation, resource in run_rule(run.rule, resources, run.config):
                        self._report(response, run, violation, violation.urn or (resource.urn if resource else None))
            return response

    return RulesServicer


__all__ = ["SDK_HELPERS", "ConfiguredRuns", "PolicyRun", "rules_servicer"]
