"""The servicer that converts each request once answers exactly as pulumi-policy's per-policy loop.

Both servicers run in this process on the requests the CLI sends (built by
``tests/policies/pack_client.py``); ``tests/policies`` drives the real pack process over gRPC.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pulumi_policy.policy as sdk
import pytest
from google.protobuf import empty_pb2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi_policy import EnforcementLevel, Policy, StackValidationPolicy

from eventing_platform.rules import PACK_NAME, pack_servicer, pack_wire
from eventing_platform.rules.model import Resource, Rule
from eventing_platform.rules.pack import PACK_DESCRIPTION, to_pulumi_policy, validating_servicer
from eventing_platform.rules.pack_servicer import rules_servicer
from eventing_platform.rules.registry import RULES
from tests.policies.pack_client import analyze_request, analyze_stack_request, configure_request
from tests.rules.cases import CASES, SEED_CASES, Case
from tests.rules.strategies import TYPES, wire_props
from tests.support.planned import planned_resources, stack_params

Servicer = Any


def servicer(one_conversion: bool, rules: Sequence[Rule] = RULES, extra: Sequence[Policy] = ()) -> Servicer:
    """The pack's servicer (``one_conversion``) or pulumi-policy's own loop, over ``rules``' policies."""
    policies: list[Policy] = [to_pulumi_policy(rule) for rule in rules]
    base = validating_servicer(sdk._PolicyAnalyzerServicer)
    cls = rules_servicer(base, list(zip(policies, rules, strict=True))) if one_conversion else base
    made = cls(PACK_NAME, "0.0.1", [*policies, *extra], EnforcementLevel.ADVISORY, None, PACK_DESCRIPTION)
    made._configure_runtime_settings = lambda: None  # it sets the Pulumi runtime's global config
    return made


def configure(made: Servicer, overrides: dict[str, Any] | None = None) -> Servicer:
    made.Configure(configure_request(made.GetAnalyzerInfo(empty_pb2.Empty(), None), overrides), None)
    return made


@pytest.fixture
def stage(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Sets the stack's stage as the CLI passes it to the pack (``PULUMI_CONFIG``)."""
    def set_stage(value: str) -> None:
        monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"eventing-platform:stage": value}))
    set_stage("dev")
    return set_stage


def answers(made: Servicer, resources: Sequence[Resource]) -> list[Any]:
    """Every ``Analyze`` response, then the ``AnalyzeStack`` one, as a preview asks them."""
    out = [made.Analyze(analyze_request(r.type, r.props, r.name, r.urn), None) for r in resources]
    return [*out, made.AnalyzeStack(analyze_stack_request(resources), None)]


def assert_same_answers(resources: Sequence[Resource], overrides: dict[str, Any] | None = None) -> None:
    expected = answers(configure(servicer(False), overrides), resources)
    got = answers(configure(servicer(True), overrides), resources)
    assert got == expected  # protobuf equality: every diagnostic, in order


def test_the_pack_declares_what_pulumi_policy_declares():
    info = servicer(True).GetAnalyzerInfo(empty_pb2.Empty(), None)
    assert info == servicer(False).GetAnalyzerInfo(empty_pb2.Empty(), None)
    assert [p.name for p in info.policies] == [r.id for r in RULES]


@pytest.mark.parametrize(("stack", "stage_name"), stack_params())
def test_shipped_stacks_get_the_same_answers(stage, stack, stage_name):
    stage(stage_name)
    assert_same_answers(planned_resources(stack, stage_name))


def _case_config(case: Case) -> dict[str, Any] | None:
    return {case.rule: dict(case.config)} if case.config else None


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_fixtures_get_the_same_answers(stage, case):
    stage(case.stage)
    assert_same_answers(case.resources, _case_config(case))


CONFIGS = [
    {"all": "advisory"},
    {"all": "remediate"},
    {"all": "disabled", "knative-no-inmemorychannel": "mandatory"},
    {"ask-cluster-hardening": {"stage": "prod"}},
    {"ask-cluster-hardening": {"enforcementLevel": "advisory", "stage": "prod"}, "image-pinned": "disabled"},
    {"no-cloud-credential-literals": {"excludeFor": ["*"]}, "env-no-literal-secrets": {"includeFor": ["nothing-*"]}},
]


@pytest.mark.parametrize("overrides", CONFIGS, ids=json.dumps)
@pytest.mark.parametrize("stage_name", ["dev", "prod"])
def test_seeds_get_the_same_answers_under_every_config(stage, stage_name, overrides):
    stage(stage_name)
    fast, loop = servicer(True), servicer(False)
    for made in (fast, loop):  # configured before: the answers must follow the last Configure
        configure(made, {"all": "disabled"})
        answers(made, SEED_CASES[0].resources)
        configure(made, overrides)
    for seed in SEED_CASES:
        assert answers(fast, seed.resources) == answers(loop, seed.resources), seed.name


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(stack=st.lists(st.tuples(st.sampled_from(TYPES), wire_props), max_size=5))
def test_random_stacks_get_the_same_answers(stack):
    resources = [Resource(t or "x:y:Z", f"r{i}", f"urn:pulumi:t::p::{t}::r{i}", b if isinstance(b, dict) else {"value": b})
                 for i, (t, b) in enumerate(stack)]
    assert_same_answers(resources)


class Counted:
    """Wraps a function and counts its calls."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function, self.calls = function, 0

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        return self.function(*args)


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Counted]]:
    """Counts the servicer's conversions of requests, and pulumi-policy's own (which it must not use)."""
    counted = {
        "request": Counted(pack_wire.request_resource),
        "stack": Counted(pack_wire.stack_resources),
        "struct": Counted(pack_wire.plain_struct),
        "pulumi-policy": Counted(sdk.deserialize_properties),
    }
    monkeypatch.setattr(pack_servicer, "request_resource", counted["request"])
    monkeypatch.setattr(pack_servicer, "stack_resources", counted["stack"])
    monkeypatch.setattr(pack_wire, "plain_struct", counted["struct"])
    monkeypatch.setattr(sdk, "deserialize_properties", counted["pulumi-policy"])
    yield counted


@pytest.mark.parametrize("rule_count", [2, 8, len(RULES)])
def test_each_request_is_converted_once_whatever_the_number_of_rules(stage, conversions, rule_count):
    rules = RULES[:rule_count]
    assert any(r.is_stack_rule for r in rules) and not all(r.is_stack_rule for r in rules)
    resources = planned_resources("k8s-events", "dev")
    answers(configure(servicer(True, rules)), resources)
    assert conversions["request"].calls == len(resources)
    assert conversions["stack"].calls == 1
    assert conversions["struct"].calls == 2 * len(resources)  # each resource once in Analyze, once in AnalyzeStack
    assert conversions["pulumi-policy"].calls == 0


def test_nothing_is_converted_when_every_policy_is_disabled(stage, conversions):
    answers(configure(servicer(True), {"all": "disabled"}), planned_resources("k8s-events", "dev"))
    assert conversions["request"].calls == conversions["stack"].calls == conversions["pulumi-policy"].calls == 0


@pytest.mark.parametrize("one_conversion", [True, False])
def test_properties_pulumi_policy_cannot_read_fail_the_request_alike(stage, one_conversion):
    made = configure(servicer(one_conversion))
    with pytest.raises(ValueError, match="Fail to serialize NaN"):
        made.Analyze(analyze_request("kubernetes:apps/v1:Deployment", {"spec": {"replicas": float("nan")}}), None)


def test_a_pack_of_other_policies_answers_through_pulumi_policys_loop(stage, conversions):
    extra = StackValidationPolicy("extra", "An extra policy.", validate=lambda args, report: report("seen", None))
    made = servicer(True, extra=[extra])  # not configured: the config check refuses an id that is no rule's
    response = made.AnalyzeStack(analyze_stack_request(planned_resources("k8s-events", "dev")), None)
    assert "extra" in [d.policyName for d in response.diagnostics]
    assert conversions["stack"].calls == 0 and conversions["pulumi-policy"].calls > 0


def test_a_pulumi_policy_without_the_helpers_keeps_its_servicer():
    class Bare:
        pass

    assert rules_servicer(Bare, []) is Bare
