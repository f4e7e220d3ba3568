"""The pack started exactly as the Pulumi CLI starts it, driven over pulumirpc.Analyzer.

One pack process per stage for the whole module (the stage reaches the pack as the CLI passes
it: ``eventing-platform:stage`` in ``PULUMI_CONFIG``).
"""

from __future__ import annotations

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.runtime.proto import analyzer_pb2

from eventing_platform.rules.model import Resource
from eventing_platform.rules.registry import BY_ID
from tests.policies.pack_client import PackProcess
from tests.rules.cases import ASK, SEED_CASES, res
from tests.rules.strategies import TYPES, wire_props
from tests.support.planned import planned_resources, stack_params

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def packs():
    started: dict[str, PackProcess] = {}

    def get(stage: str) -> PackProcess:
        if stage not in started:
            started[stage] = PackProcess({"eventing-platform:stage": stage, "eventing-platform:scenario": "test"}, stack=f"test-{stage}")
        return started[stage]

    yield get
    for pack in started.values():
        errors = pack.stderr_text()
        pack.close()
        assert "Traceback" not in errors, errors


def test_pack_lists_every_policy_with_its_level_and_type(packs):
    info = packs("dev").info
    assert info.name == "eventing-platform"
    assert len(info.policies) >= 25
    listed = {p.name: p for p in info.policies}
    assert set(listed) == set(BY_ID)
    for name, policy in listed.items():
        rule = BY_ID[name]
        assert policy.enforcementLevel == (analyzer_pb2.MANDATORY if rule.declared_level == "mandatory" else analyzer_pb2.ADVISORY)
        expected_type = analyzer_pb2.POLICY_TYPE_STACK if rule.is_stack_rule else analyzer_pb2.POLICY_TYPE_RESOURCE
        assert policy.policy_type == expected_type, name
        assert policy.description and policy.remediation_steps
        assert "stage" in policy.configSchema.properties


@pytest.mark.parametrize("seed", SEED_CASES, ids=lambda s: s.name)
def test_seed_antipattern_is_reported_mandatory_over_grpc(packs, seed):
    diagnostics = packs(seed.stage).analyze_all(seed.resources)
    hits = [d for d in diagnostics if d.policy == seed.rule]
    assert any(d.level == "mandatory" for d in hits), [(d.policy, d.level) for d in diagnostics]


def test_stage_decides_the_level_of_prod_parts_over_grpc(packs):
    cluster = res(ASK, {"enableRrsa": True}, "cluster")
    assert [d.level for d in packs("dev").analyze_all([cluster]) if d.policy == "ask-cluster-hardening"] == ["advisory"]
    assert [d.level for d in packs("prod").analyze_all([cluster]) if d.policy == "ask-cluster-hardening"] == ["mandatory"]


def test_policy_config_overrides_stage_and_level_over_grpc(packs):
    pack = packs("dev")
    cluster = res(ASK, {"enableRrsa": False}, "cluster")
    try:
        pack.configure({"ask-cluster-hardening": {"stage": "prod"}})
        assert sorted(d.level for d in pack.analyze_all([cluster]) if d.policy == "ask-cluster-hardening") == ["mandatory", "mandatory"]
        pack.configure({"ask-cluster-hardening": {"enforcementLevel": "advisory", "stage": "prod"}})
        assert sorted(d.level for d in pack.analyze_all([cluster]) if d.policy == "ask-cluster-hardening") == ["advisory", "advisory"]
        pack.configure({"ask-cluster-hardening": "disabled"})
        assert not [d for d in pack.analyze_all([cluster]) if d.policy == "ask-cluster-hardening"]
    finally:
        pack.configure()


@pytest.mark.parametrize(("overrides", "fragment"), [
    ({"knative-scale-bounds": {"maxScaleCap": "lots"}}, "'knative-scale-bounds'.maxScaleCap: must be an integer"),
    ({"knative-scale-bounds": {"maxScaleCap": 0}}, "maxScaleCap: must be at least 1"),
    ({"knative-scale-bounds": {"includeFor": "svc-*"}}, "includeFor: must be an array"),
    ({"env-no-literal-secrets": {"extraNamePatterns": ["([unclosed"]}}, "is not a valid regular expression"),
    ({"image-pinned": {"requireDigest": True}}, "unknown setting 'requireDigest'; did you mean 'requireDigestInProd'?"),
])
def test_a_bad_policy_config_is_refused_when_the_cli_configures_the_pack(packs, overrides, fragment):
    pack = packs("dev")
    try:
        with pytest.raises(grpc.RpcError) as err:
            pack.configure(overrides)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert fragment in err.value.details() and "eventing-platform policy config" in err.value.details()
    finally:
        pack.configure()


def _no_crash(diagnostics):
    bad = [d for d in diagnostics if "failed on this input" in d.message or "can't run policy" in d.message]
    assert not bad, bad


# Whether each rule survives random trees is tests/rules/test_policy_robustness.py's job (in memory,
# 120 and 80 examples); these check the wire path (any property tree converts, reaches the rules
# and comes back as diagnostics), whose value shapes fewer draws over gRPC cover.
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(type_=st.sampled_from(TYPES), bag=wire_props)
def test_random_property_trees_cause_no_rpc_error(packs, type_, bag):
    try:
        diagnostics = packs("prod").analyze(type_ or "x:y:Z", bag if isinstance(bag, dict) else {"value": bag})
    except grpc.RpcError as err:  # pragma: no cover - the failure being tested for
        pytest.fail(f"Analyze failed for {type_}: {err}")
    _no_crash(diagnostics)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(stack=st.lists(st.tuples(st.sampled_from(TYPES), wire_props), max_size=6))
def test_random_stacks_cause_no_rpc_error(packs, stack):
    resources = [Resource(t or "x:y:Z", f"r{i}", f"urn:pulumi:t::p::{t}::r{i}", b if isinstance(b, dict) else {"value": b}) for i, (t, b) in enumerate(stack)]
    try:
        diagnostics = packs("dev").analyze_stack(resources)
    except grpc.RpcError as err:  # pragma: no cover
        pytest.fail(f"AnalyzeStack failed: {err}")
    _no_crash(diagnostics)


@pytest.mark.parametrize(("stack", "stage"), stack_params())
def test_shipped_stack_has_no_mandatory_diagnostic_over_grpc(packs, stack, stage):
    resources = planned_resources(stack, stage)
    diagnostics = packs(stage).analyze_all(resources)
    mandatory = [f"{d.policy}: {d.urn}: {d.message}" for d in diagnostics if d.level == "mandatory"]
    assert not mandatory, "\n".join(mandatory)
