"""No rule raises on any input: random property trees, odd types, deep nesting, random stacks."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventing_platform.rules.evaluate import evaluate, rule_config
from eventing_platform.rules.model import Resource
from eventing_platform.rules.props import UNKNOWN, plain
from eventing_platform.rules.registry import RULES
from tests.rules.strategies import KEYS, TYPES, props, trees

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
config_values = st.dictionaries(st.sampled_from(["stage", "includeFor", "excludeFor", "allowNames", "allowedUsers", "maxRetry", "maxScaleCap",
                                                 "requireDigestInProd", "scanKubernetesSecrets", "exemptTypes", "trustedBrokerConfigs", "extraNamePatterns"]),
                                trees, max_size=4)


@SETTINGS
@given(type_=st.sampled_from(TYPES), bag=props, stage=st.one_of(st.none(), st.sampled_from(["dev", "prod", "x"])), values=config_values)
def test_no_resource_check_raises_on_random_props(type_, bag, stage, values):
    data = plain(bag)
    for rule in RULES:
        if rule.check is None:
            continue
        cfg = rule_config(rule, values, stage)
        for v in rule.check(type_, data, "name", "urn", cfg):
            assert isinstance(v.message, str) and v.message


resources = st.builds(
    Resource,
    type=st.sampled_from(TYPES),
    name=st.sampled_from(["a", "b", "c", "default", ""]),
    urn=st.sampled_from(["u1", "u2", "u3", "u4"]),
    props=props.map(plain),
    property_dependencies=st.dictionaries(st.sampled_from(["bucket", "topic", "deadLetterPolicy"]), st.lists(st.sampled_from(["u1", "u2", "u3"]), max_size=2).map(tuple), max_size=2),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stack=st.lists(resources, max_size=5), stage=st.sampled_from(["dev", "prod"]), values=config_values)
def test_no_rule_raises_on_random_stacks(stack, stage, values):
    """Through the evaluator, whose safety net turns an exception into a 'failed on this input' finding."""
    config = {rule.id: values for rule in RULES}
    findings = evaluate(stack, stack_stage=stage, pack_config=config)
    crashes = [f for f in findings if "failed on this input" in f.message]
    assert not crashes, crashes


def test_deeply_nested_and_odd_values_do_not_raise():
    deep: object = "leaf"
    for _ in range(3000):
        deep = {"spec": deep, "containers": [deep] if isinstance(deep, str) else []}
    deep_json = "[" * 5000 + "]" * 5000
    odd_bags = [None, [], "text", 1.5, UNKNOWN, {"spec": UNKNOWN}, {"filterPattern": deep_json, "policyDocument": deep_json},
                {"metadata": {"annotations": {"eventing-platform.dev/side-effects": deep_json}}}, deep, {k: UNKNOWN for k in KEYS}]
    for bag in odd_bags:
        data = plain(bag)
        for rule in RULES:
            cfg = rule_config(rule, {}, "prod")
            for type_ in [t for t in TYPES if rule.applies(t)] + ["weird"]:
                if rule.check is not None:
                    list(rule.check(type_, data, "n", "u", cfg))
                if rule.stack_check is not None:
                    list(rule.stack_check([Resource(type_, "n", "u", data)], cfg))
    assert json.loads("[]") == []
