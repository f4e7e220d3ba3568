"""The policy config is checked against the rules' config schemas before anything runs: unknown
ids and settings, bad levels and bad values are exit 2 with one line each (the pack's own check is
in tests/policies/test_policy_pack_grpc.py)."""

from __future__ import annotations

import json

import pytest

from eventing_platform.rules.pack_config import config_problems
from eventing_platform.rules.registry import RULES
from stacks.repository import main

GOOD = {
    "all": "advisory",
    "ram-no-static-access-key": {"allowedUsers": ["eb-ask-demo-user"]},
    "image-pinned": {"requireDigestInProd": True, "enforcementLevel": "mandatory"},
    "knative-broker-class": {"allowedClasses": ["Kafka"]},
    "knative-scale-bounds": {"maxScaleCap": 200, "includeFor": ["svc-*"], "stage": "prod"},
    "env-no-literal-secrets": {"extraNamePatterns": ["^MY_.*_KEY$"]},
    "bucket-versioning": "disabled",
}


def test_the_readme_config_and_every_rule_default_are_accepted():
    assert config_problems(GOOD) == []
    assert config_problems({r.id: {**r.defaults(), "enforcementLevel": r.declared_level} for r in RULES}) == []


@pytest.mark.parametrize(("config", "fragment"), [
    ({"knative-scale-bound": {"maxScaleCap": 1}}, "'knative-scale-bound': unknown policy id; did you mean 'knative-scale-bounds'?"),
    ({"no-such-thing-at-all": "advisory"}, "unknown policy id; known ids: all,"),
    ({"all": "warn"}, "'all': enforcement level 'warn' is not one of advisory, mandatory, remediate, disabled"),
    ({"image-pinned": "block"}, "'image-pinned': enforcement level 'block'"),
    ({"image-pinned": {"enforcementLevel": "Mandatory"}}, "'image-pinned'.enforcementLevel: enforcement level 'Mandatory'"),
    ({"knative-scale-bounds": {"maxScaleCap": "lots"}}, "'knative-scale-bounds'.maxScaleCap: must be an integer, got str"),
    ({"knative-scale-bounds": {"maxScaleCap": True}}, "maxScaleCap: must be an integer, got bool"),
    ({"knative-scale-bounds": {"maxScaleCap": -5}}, "maxScaleCap: must be at least 1, got -5"),
    ({"knative-scale-bounds": {"includeFor": "svc-*"}}, "includeFor: must be an array, got str"),
    ({"knative-scale-bounds": {"includeFor": [1]}}, "includeFor[0]: must be a string, got int"),
    ({"knative-scale-bounds": {"stage": "staging"}}, "stage: must be one of 'dev', 'prod'"),
    ({"env-no-literal-secrets": {"extraNamePatterns": ["([unclosed"]}}, "extraNamePatterns[0]: '([unclosed' is not a valid regular expression"),
    ({"image-pinned": {"requireDigest": True}}, "unknown setting 'requireDigest'; did you mean 'requireDigestInProd'?"),
    ({"image-pinned": 3}, "must be an enforcement level or an object of settings, got int"),
    ({"all": {"enforcementLevel": "advisory", "maxScaleCap": 3}}, "'all': takes only an enforcement level"),
    ([1, 2], "must be a JSON object keyed by policy id"),
])
def test_each_kind_of_bad_config_is_named(config, fragment):
    problems = config_problems(config)
    assert any(fragment in p for p in problems), problems


def test_a_bad_policy_config_is_exit_2_before_any_stack_is_planned(tmp_path, capsys, monkeypatch):
    from eventing_platform.cli import plan as cli_plan

    planned = []
    monkeypatch.setattr(cli_plan, "plan_stack", lambda stack: planned.append(stack) or pytest.fail("planned"))
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"knative-scale-bounds": {"maxScaleCap": "lots"}, "image-pined": "advisory"}))
    monkeypatch.setenv("EVENTING_PLATFORM_POLICY_CONFIG", str(path))
    assert main(["plan", "k8s-events", "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith(f"error: EVENTING_PLATFORM_POLICY_CONFIG {path}: ") for line in err)
    assert not planned and not (tmp_path / "out").exists()
