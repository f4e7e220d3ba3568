"""Every rule against its passing and failing fixtures, the seeds' anti-patterns, and rule metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventing_platform.rules.evaluate import evaluate
from eventing_platform.rules.registry import BY_ID, RULES
from tests.rules.cases import CASES, SEED_CASES, Case

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "policies.md"


def _findings(case: Case, rule_id: str):
    config = {rule_id: dict(case.config)} if case.config else None
    return [f for f in evaluate(case.resources, stack_stage=case.stage, pack_config=config) if f.policy == rule_id]


def test_every_rule_has_a_passing_and_a_failing_fixture():
    missing = []
    for rule in RULES:
        cases = [c for c in CASES if c.rule == rule.id]
        if not any(c.expect is None for c in cases):
            missing.append(f"{rule.id}: no passing fixture")
        if not any(c.expect is not None for c in cases):
            missing.append(f"{rule.id}: no failing fixture")
    assert not missing, "\n".join(missing)


def test_every_fixture_names_a_known_rule():
    assert {c.rule for c in CASES} <= set(BY_ID)
    assert {c.rule for c in SEED_CASES} <= set(BY_ID)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect is None], ids=lambda c: c.id)
def test_rule_passes_compliant_fixture(case: Case):
    findings = _findings(case, case.rule)
    assert findings == [], [f.message for f in findings]


@pytest.mark.parametrize("case", [c for c in CASES if c.expect is not None], ids=lambda c: c.id)
def test_rule_reports_failing_fixture_at_its_level(case: Case):
    findings = _findings(case, case.rule)
    assert findings, f"{case.rule} reported nothing for {case.name}"
    levels = {f.level for f in findings}
    assert case.expect in levels, f"expected a {case.expect} finding, got {[(f.level, f.message) for f in findings]}"
    if case.expect == "advisory":
        assert levels == {"advisory"}, [(f.level, f.message) for f in findings]
    for f in findings:
        assert f.message and f.fix and f.urn, f


@pytest.mark.parametrize("seed", SEED_CASES, ids=lambda s: s.name)
def test_seed_antipattern_is_mandatory_under_its_rule(seed):
    findings = evaluate(seed.resources, stack_stage=seed.stage)
    assert any(f.policy == seed.rule and f.level == "mandatory" for f in findings), [(f.policy, f.level, f.message) for f in findings]


def test_inmemorychannel_is_allowed_in_dev_only():
    seed = next(s for s in SEED_CASES if s.rule == "knative-no-inmemorychannel")
    assert not [f for f in evaluate(seed.resources, stack_stage="dev") if f.policy == seed.rule]


def test_messages_never_repeat_a_credential_literal():
    seed = next(s for s in SEED_CASES if s.name == "000-access-key-literal")
    text = " ".join(f.message + f.fix for f in evaluate(seed.resources))
    assert "LTAI5tQx7Example9Key2abc" not in text
    assert "LTAI****" in text


def test_rule_metadata_is_complete():
    for rule in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id)
        assert rule.description.endswith(".") and rule.description.count(". ") == 0, rule.id
        assert rule.remediation.strip(), rule.id
        for key, schema in rule.schema().items():
            assert schema.get("description"), f"{rule.id}.{key} has no description"


def test_rule_ids_are_exactly_those_of_the_reference():
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} is absent (the shared reference docs are not beside this clone)")
    ids = [i for i in re.findall(r"^\| ([a-z0-9-]+) \|", REFERENCE.read_text(), re.M) if i != "id"]
    assert ids and set(ids) == set(BY_ID), sorted(set(ids) ^ set(BY_ID))
