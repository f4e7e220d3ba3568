"""Stage, scoping and enforcement-level configuration, in memory and through the pulumi-policy wrappers."""

from __future__ import annotations

import json

import pytest
from pulumi_policy import ResourceValidationArgs, StackValidationArgs
from pulumi_policy.policy import PolicyResource, PolicyResourceOptions

from eventing_platform.rules.evaluate import PolicyConfigError, evaluate, load_pack_config
from eventing_platform.rules.model import resolve_stage
from eventing_platform.rules.pack import pulumi_policies, stack_stage_from_env, to_pulumi_policy
from eventing_platform.rules.registry import BY_ID
from tests.rules.cases import ASK, CHANNEL, SEED_004_CHANNEL, res

ASK_NO_PROTECTION = res(ASK, {"enableRrsa": True}, "cluster")


@pytest.mark.parametrize(("policy_stage", "stack_stage", "expected"), [
    (None, None, "dev"),
    (None, "dev", "dev"),
    (None, "prod", "prod"),
    (None, "staging", "prod"),
    ("prod", "dev", "prod"),
    ("dev", "prod", "dev"),
    (42, "prod", "prod"),
])
def test_stage_comes_from_policy_config_then_stack_config(policy_stage, stack_stage, expected):
    assert resolve_stage(policy_stage, stack_stage) == expected


def _levels(resources, **kw):
    return [(f.policy, f.level) for f in evaluate(resources, **kw) if f.policy == "ask-cluster-hardening"]


def test_prod_part_is_advisory_in_dev_and_mandatory_in_prod():
    assert _levels([ASK_NO_PROTECTION], stack_stage="dev") == [("ask-cluster-hardening", "advisory")]
    assert _levels([ASK_NO_PROTECTION], stack_stage="prod") == [("ask-cluster-hardening", "mandatory")]


def test_policy_config_stage_overrides_the_stack_stage():
    config = {"ask-cluster-hardening": {"stage": "prod"}}
    assert _levels([ASK_NO_PROTECTION], stack_stage="dev", pack_config=config) == [("ask-cluster-hardening", "mandatory")]


def test_configured_advisory_caps_and_disabled_removes():
    assert _levels([ASK_NO_PROTECTION], stack_stage="prod", pack_config={"ask-cluster-hardening": "advisory"}) == [("ask-cluster-hardening", "advisory")]
    assert _levels([ASK_NO_PROTECTION], stack_stage="prod", pack_config={"ask-cluster-hardening": {"enforcementLevel": "disabled"}}) == []
    assert _levels([ASK_NO_PROTECTION], stack_stage="prod", pack_config={"all": "advisory"}) == [("ask-cluster-hardening", "advisory")]
    assert _levels([ASK_NO_PROTECTION], stack_stage="prod", pack_config={"all": "disabled", "ask-cluster-hardening": "mandatory"}) == [("ask-cluster-hardening", "mandatory")]


@pytest.mark.parametrize(("config", "reported"), [
    ({}, True),
    ({"includeFor": ["other-*"]}, False),
    ({"includeFor": ["clus*"]}, True),
    ({"excludeFor": ["cluster"]}, False),
])
def test_include_and_exclude_patterns_scope_a_rule(config, reported):
    found = _levels([ASK_NO_PROTECTION], stack_stage="prod", pack_config={"ask-cluster-hardening": config})
    assert bool(found) is reported


def test_exclude_matches_kubernetes_metadata_name_in_stack_rules():
    channel = res(CHANNEL, SEED_004_CHANNEL, "pulumi-name")
    assert [f for f in evaluate([channel], stack_stage="prod") if f.policy == "knative-no-inmemorychannel"]
    config = {"knative-no-inmemorychannel": {"excludeFor": ["knative-eventing-demo-*"]}}
    assert not [f for f in evaluate([channel], stack_stage="prod", pack_config=config) if f.policy == "knative-no-inmemorychannel"]


def test_malformed_config_values_fall_back_to_defaults():
    config = {"knative-scale-bounds": {"maxScaleCap": "lots", "includeFor": "not-a-list"},
              "env-no-literal-secrets": {"extraNamePatterns": ["([unclosed"]}}
    evaluate([ASK_NO_PROTECTION], pack_config=config)  # no exception


def test_load_pack_config_reads_cli_format(tmp_path):
    path = tmp_path / "policy-config.json"
    path.write_text(json.dumps({"all": "advisory"}))
    assert load_pack_config(path) == {"all": "advisory"}
    path.write_text("[]")
    with pytest.raises(PolicyConfigError, match="JSON object"):
        load_pack_config(path)


def test_stage_is_read_from_pulumi_config_env(monkeypatch):
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"eventing-platform:stage": "prod"}))
    assert stack_stage_from_env() == "prod"
    monkeypatch.setenv("PULUMI_CONFIG", "not json")
    assert stack_stage_from_env() is None
    monkeypatch.delenv("PULUMI_CONFIG")
    assert stack_stage_from_env() is None


def test_pack_declares_every_rule_with_its_level_and_schema():
    policies = {p.name: p for p in pulumi_policies()}
    assert set(policies) == set(BY_ID)
    for rule_id, policy in policies.items():
        rule = BY_ID[rule_id]
        assert policy.enforcement_level.value == rule.declared_level
        assert {"stage", "includeFor", "excludeFor"} <= set(policy.config_schema.properties)
        assert policy.remediation_steps == rule.remediation


def test_resource_policy_wrapper_reports_with_plain_reporter(monkeypatch):
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"eventing-platform:stage": "dev"}))
    policy = to_pulumi_policy(BY_ID["ask-cluster-hardening"])
    reported = []
    args = ResourceValidationArgs(ASK, {"enableRrsa": False}, "urn:x", "cluster", None, None)
    policy.validate(args, lambda message, urn=None: reported.append(message))
    assert any("enableRrsa" in m for m in reported)
    # the deletion-protection part is advisory in dev: a plain reporter gets it marked as such
    assert any(m.startswith("[advisory]") and "deletionProtection" in m for m in reported)


def test_stack_policy_wrapper_sees_joins(monkeypatch):
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"eventing-platform:stage": "prod"}))
    policy = to_pulumi_policy(BY_ID["knative-no-inmemorychannel"])
    opts = PolicyResourceOptions(False, [], None, [], None, [], None)
    resource = PolicyResource(CHANNEL, SEED_004_CHANNEL, "urn:ch", "ch", opts, None, None, [], {})
    reported = []
    policy.validate(StackValidationArgs([resource], None), lambda message, urn=None: reported.append((message, urn)))
    assert reported and reported[0][1] == "urn:ch"
