"""Differential test: the production matcher against a model of the reference engine.

The model (``tests/support/rocketmq_pattern_model.py``) is written from Apache RocketMQ
EventBridge's Java source (``PatternEvaluatorBuilder``, ``PatternEvaluator``,
``PatternCondition``, ``NumericOperators``, and the libraries it runs on). First it is checked
against the upstream tests themselves (``PatternEvaluatorTest.java``); then hypothesis draws
patterns (valid and malformed) and events of every kind of value, and both must refuse the same
patterns and give the same verdicts.

The draw stays inside the domain where the reference is followed: the deliberate differences
(``NOT_FOLLOWED``: ``contains``, anything-but suffix/true/false/null, bounds with more than 6
decimals, top-level names outside the configured set, numbers in ``data`` whose text JsonPath
rewrites) are pinned by ``test_the_deliberate_differences_are_real``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventing_platform.events.eventbridge_patterns import (
    NOT_FOLLOWED,
    InvalidPatternError,
    pattern_matches,
)
from tests.events.test_eventbridge_reference_cases import EVALUATOR_CASES
from tests.support import rocketmq_pattern_model as reference

EXTENSIONS = frozenset({"aliyunregionid", "eventbusname"})
"""Extension names the model is configured with (those of the upstream tests and defaults)."""

REFUSED = "refused"


def production(pattern: Any, event: Any) -> bool | str:
    try:
        return pattern_matches(pattern, event)
    except InvalidPatternError:
        return REFUSED


def model(pattern: Any, event: Any) -> bool | str:
    try:
        evaluator = reference.build(json.dumps(pattern), EXTENSIONS)
    except reference.InvalidEventPattern:
        return REFUSED
    return evaluator.test_event_pattern(reference.gson_parse(json.dumps(event)))


@pytest.mark.parametrize(("upstream", "pattern", "event", "expected"), EVALUATOR_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(EVALUATOR_CASES)])
def test_the_model_reproduces_the_upstream_verdicts(upstream, pattern, event, expected):
    """The model gives PatternEvaluatorTest.java's verdicts (so it is a model of that engine)."""
    assert reference.matches(pattern, event, EXTENSIONS) is expected


# ------------------------------------------------------------------ the draw

# Numbers whose text survives JsonPath's rewrite (see test_the_deliberate_differences_are_real).
NUMBERS = st.one_of(st.integers(-5, 300), st.sampled_from([0.5, 2.5, 1.25, 300.0, -0.75, 10**10, 120, 119.99]))
STRINGS = st.one_of(
    st.text(alphabet="ab.1", max_size=3),
    st.sampled_from(["300", "true", "null", "10.0.0.1", "10.0.0.0", "10.0.0.255", "10.0.1.5", "0.0.0.0", "010.0.0.1"]),
)
SCALARS = st.one_of(STRINGS, NUMBERS, st.booleans(), st.none())
OPS = st.sampled_from(["=", "!=", ">", ">=", "<", "<="])
TEXTS = STRINGS.filter(bool)
COMPARISONS = st.lists(st.tuples(OPS, st.one_of(NUMBERS, st.sampled_from([1.0e9, -1.0e9]))), min_size=1, max_size=2)

VALID_CONDITIONS = st.one_of(
    SCALARS,
    st.builds(lambda s: {"prefix": s}, TEXTS),
    st.builds(lambda s: {"suffix": s}, TEXTS),
    st.builds(lambda v: {"anything-but": v}, st.one_of(STRINGS, NUMBERS, st.lists(st.one_of(STRINGS, NUMBERS), max_size=3))),
    st.builds(lambda s: {"anything-but": {"prefix": s}}, TEXTS),
    st.builds(lambda pairs: {"numeric": [x for pair in pairs for x in pair]}, COMPARISONS),
    st.builds(lambda c: {"cidr": c}, st.sampled_from(["10.0.0.0/24", "10.0.0.1", "0.0.0.0/0", "10.0.0.4/31", "10.0.0.0/30"])),
    st.builds(lambda b: {"exists": b}, st.booleans()),
)
MALFORMED_CONDITIONS = st.sampled_from([  # refused by both
    [1], {}, {"prefix": "a", "suffix": "b"}, {"regex": "a"}, {"prefix": ""}, {"suffix": 1}, {"prefix": ["a"]},
    {"numeric": [">", 1.0e10]}, {"numeric": ["==", 1]}, {"numeric": [">", "5"]}, {"numeric": [">", 1, "<"]},
    {"numeric": 5}, {"cidr": "10.0.0.0/33"}, {"cidr": "x"}, {"cidr": ""}, {"exists": "true"},
    {"anything-but": [[1]]}, {"anything-but": {}}, {"anything-but": {"prefix": "a", "suffix": "b"}},
])
VALID_LEAVES = st.lists(VALID_CONDITIONS, min_size=1, max_size=3)
LEAVES = st.one_of(VALID_LEAVES, VALID_LEAVES, VALID_LEAVES, st.lists(st.one_of(VALID_CONDITIONS, MALFORMED_CONDITIONS), max_size=3))
DATA_KEYS = st.sampled_from(["a", "b", "c-d"])
DATA_PATTERNS = st.recursive(
    LEAVES, lambda inner: st.dictionaries(DATA_KEYS, inner, min_size=1, max_size=2), max_leaves=4
).filter(lambda node: isinstance(node, dict))
ATTRIBUTES = st.sampled_from(["source", "type", "subject", "time", "aliyunregionid"])
PATTERNS = st.builds(
    lambda attrs, data: {**attrs, **({} if data is None else {"data": data})},
    st.dictionaries(ATTRIBUTES, LEAVES, max_size=2),
    st.one_of(st.none(), DATA_PATTERNS, DATA_PATTERNS, st.sampled_from([["x"], {}])),
)

VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(DATA_KEYS, inner, max_size=2)),
    max_leaves=5,
)
EVENTS = st.builds(
    lambda attrs, data: {**attrs, **({} if data is None else {"data": data})},
    st.dictionaries(ATTRIBUTES, VALUES, max_size=5),
    st.one_of(st.none(), VALUES, st.dictionaries(DATA_KEYS, VALUES, min_size=1, max_size=3)),
)


@settings(max_examples=200, deadline=None)
@given(PATTERNS, EVENTS)
def test_production_agrees_with_the_reference_model(pattern, event):
    assert production(pattern, event) == model(pattern, event)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(DATA_KEYS, LEAVES, min_size=1, max_size=2), st.dictionaries(DATA_KEYS, VALUES, max_size=3))
def test_production_agrees_with_the_reference_model_on_data_fields(fields, data):
    pattern, event = {"data": fields}, {"data": data}
    assert production(pattern, event) == model(pattern, event)


# ------------------------------------------------------------------ the deliberate differences

# (NOT_FOLLOWED key, pattern, event, production, reference model)
DIFFERENCES = [
    ("unknown top-level fields", {"myext": ["x"]}, {"myext": "x"}, True, REFUSED),
    ("anything-but suffix", {"subject": [{"anything-but": {"suffix": ".png"}}]}, {"subject": "a.jpg"}, REFUSED, True),
    ("anything-but true, false or null", {"source": [{"anything-but": None}]}, {"source": "x"}, REFUSED, True),
    ("anything-but true, false or null", {"source": [{"anything-but": [True]}]}, {"source": "x"}, REFUSED, True),
    ("contains", {"source": [{"contains": "os"}]}, {"source": "acs.oss"}, True, REFUSED),
    ("numbers in data lose their text", {"data": {"n": [12345678.5]}}, {"data": {"n": 12345678.5}}, True, False),
    ("numbers in data lose their text", {"data": {"n": [1e-05]}}, {"data": {"n": 1e-05}}, True, False),
    ("numeric decimals", {"source": [{"numeric": ["=", 1.1234567]}]}, {"source": 1.1234567}, REFUSED, True),
]


@pytest.mark.parametrize(("reason", "pattern", "event", "ours", "theirs"), DIFFERENCES)
def test_the_deliberate_differences_are_real(reason, pattern, event, ours, theirs):
    """Each entry of NOT_FOLLOWED that the model can show: production and model do differ there."""
    assert reason in NOT_FOLLOWED
    assert production(pattern, event) == ours
    assert model(pattern, event) == theirs
