"""One finding type: what plan checks return, what policy rules yield and what reports read."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.findings import ADVISORY, MANDATORY, Finding
from eventing_platform.analysis.flow.loops import LOOP_CHECK, Loop
from eventing_platform.rules.evaluate import evaluate_resource
from eventing_platform.rules.model import Violation


def test_a_rules_violation_is_a_finding():
    assert Violation is Finding
    assert Violation("bad", fix="do this", level="prod", urn="urn:x") == Finding("bad", "do this", "prod", "urn:x")


@pytest.mark.parametrize(
    ("finding", "line"),
    [
        (Finding("the loop", check=LOOP_CHECK, level=MANDATORY), "the loop"),
        (Finding("no DLQ", fix="Set one.", check="eventbridge-target-dead-letter", level=ADVISORY), "no DLQ; fix: Set one."),
    ],
)
def test_a_finding_is_one_line_with_its_fix(finding, line):
    assert finding.line() == line


@pytest.mark.parametrize(("level", "blocking"), [(MANDATORY, True), (ADVISORY, False), ("prod", False), (None, False)])
def test_only_a_mandatory_finding_blocks(level, blocking):
    assert Finding("m", level=level).blocking is blocking


def test_where_a_finding_is_the_urn_else_the_name():
    assert Finding("m", urn="urn:a", resource_name="a").resource == "urn:a"
    assert Finding("m", resource_name="broker:demo/default").resource == "broker:demo/default"
    assert Finding("m").resource is None


def test_evaluate_completes_what_a_rule_yields():
    props = {"eventBusName": "default", "ruleName": "r", "filterPattern": "{not json", "targets": []}
    (finding,) = [f for f in evaluate_resource("alicloud:eventbridge/rule:Rule", props, "r") if f.check == "eventbridge-pattern-sane"]
    assert finding.policy == finding.check and finding.level == MANDATORY and finding.severity == "high"
    assert finding.fix and finding.urn and finding.resource_type == "alicloud:eventbridge/rule:Rule" and finding.resource_name == "r"


@pytest.mark.parametrize(("certain", "level"), [(True, MANDATORY), (False, ADVISORY)])
def test_a_loop_becomes_a_finding_blocking_when_certain(certain, level):
    loop = Loop("broker", ("a", "b", "a"), "event loop (broker): ...", certain=certain)
    finding = loop.finding(None, "knative-service:a")
    assert (finding.check, finding.level, finding.message, finding.resource) == (LOOP_CHECK, level, loop.message, "knative-service:a")
