"""Trigger filters: typed models for both dialects and the offline evaluator ``trigger_matches``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventing_platform.errors import ArgsError
from eventing_platform.knative import TriggerFilter, describe_filter, trigger_matches
from eventing_platform.knative.filters import NOT_EVALUATED, evaluate_filter

EVENT = {
    "specversion": "1.0", "id": "1", "source": "/orders/eu", "type": "order.created",
    "subject": "orders/123.json", "tenant": "acme", "priority": 5, "urgent": True, "data": {"type": "not-an-attribute"},
}
F = TriggerFilter


@pytest.mark.parametrize(
    ("flt", "rendered"),
    [
        (F.exact_match("type", "order.created"), {"exact": {"type": "order.created"}}),
        (F.prefix_match("source", "/orders"), {"prefix": {"source": "/orders"}}),
        (F.suffix_match("subject", ".json"), {"suffix": {"subject": ".json"}}),
        (F.all_of(F.exact_match("type", "a"), F.exact_match("source", "b")), {"all": [{"exact": {"type": "a"}}, {"exact": {"source": "b"}}]}),
        (F.any_of(F.exact_match("type", "a")), {"any": [{"exact": {"type": "a"}}]}),
        (F.negate(F.prefix_match("type", "dev.")), {"not": {"prefix": {"type": "dev."}}}),
        (F.sql("type = 'x'"), {"cesql": "type = 'x'"}),
        (F(**{"not": F.exact_match("type", "a")}), {"not": {"exact": {"type": "a"}}}),
    ],
    ids=["exact", "prefix", "suffix", "all", "any", "not", "cesql", "not-by-alias"],
)
def test_each_dialect_renders_the_knative_json(flt, rendered):
    assert flt.render() == rendered


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: F(exact={"type": "a", "source": "b"}), "exactly one attribute"),
        (lambda: F(exact={}), "exactly one attribute"),
        (lambda: F(exact={"type": "a"}, cesql="true"), "exactly one of exact, prefix, suffix, all, any, not, cesql"),
        (lambda: F(), "got none"),
        (lambda: F.all_of(), "at least one nested filter"),
        (lambda: F.any_of(), "at least one nested filter"),
        (lambda: F.exact_match("Type", "a"), "not a CloudEvents attribute name"),
        (lambda: F.exact_match("a-b", "a"), "not a CloudEvents attribute name"),
        (lambda: F.exact_match("x" * 21, "a"), "not a CloudEvents attribute name"),
        (lambda: F.exact_match("type\n", "a"), "not a CloudEvents attribute name"),
        (lambda: F.prefix_match("type", ""), "would match everything"),
        (lambda: F.suffix_match("type", ""), "would match everything"),
        (lambda: F.sql("   "), "cesql expression is empty"),
    ],
)
def test_bad_filters_are_rejected_at_construction(build, fragment):
    with pytest.raises(ArgsError, match="TriggerFilter") as info:
        build()
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"exact": {"type": "order.created"}}, True),
        ({"exact": {"type": "order.updated"}}, False),
        ({"exact": {"missing": ""}}, False),
        ({"prefix": {"source": "/orders"}}, True),
        ({"prefix": {"source": "/payments"}}, False),
        ({"suffix": {"subject": ".json"}}, True),
        ({"suffix": {"subject": ".zip"}}, False),
        ({"exact": {"priority": "5"}}, True),
        ({"exact": {"urgent": "true"}}, True),
        ({"exact": {"tenant": "acme"}}, True),
        ({"exact": {"data": "x"}}, False),
        ({"all": [{"exact": {"type": "order.created"}}, {"prefix": {"source": "/orders"}}]}, True),
        ({"all": [{"exact": {"type": "order.created"}}, {"prefix": {"source": "/x"}}]}, False),
        ({"any": [{"exact": {"type": "x"}}, {"suffix": {"subject": ".json"}}]}, True),
        ({"any": [{"exact": {"type": "x"}}, {"suffix": {"subject": ".zip"}}]}, False),
        ({"any": []}, True),
        ({"not": {"exact": {"type": "order.created"}}}, False),
        ({"not": {"exact": {"type": "x"}}}, True),
        ({"cesql": "type = 'order.created'"}, NOT_EVALUATED),
        ({"any": [{"exact": {"type": "order.created"}}, {"cesql": "false"}]}, True),
        ({"any": [{"exact": {"type": "x"}}, {"cesql": "true"}]}, NOT_EVALUATED),
        ({"all": [{"exact": {"type": "x"}}, {"cesql": "true"}]}, False),
        ({"all": [{"exact": {"type": "order.created"}}, {"cesql": "true"}]}, NOT_EVALUATED),
        ({"not": {"cesql": "true"}}, NOT_EVALUATED),
    ],
)
def test_evaluate_filter_follows_knative_semantics_with_cesql_left_undecided(flt, expected):
    assert evaluate_filter(flt, EVENT) is expected


def test_filters_list_must_all_match_and_wins_over_legacy_attributes():
    spec = {"filters": [{"exact": {"type": "order.created"}}, {"prefix": {"source": "/orders"}}], "filter": {"attributes": {"type": "nope"}}}
    assert trigger_matches(spec, EVENT) is True
    spec["filters"].append({"exact": {"tenant": "other"}})
    assert trigger_matches(spec, EVENT) is False


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"type": "order.created"}, True),
        ({"type": "order.created", "source": "/orders/eu"}, True),
        ({"type": "order.created", "source": "/other"}, False),
        ({"type": ""}, True),
        ({"missing": ""}, True),
        ({"missing": "x"}, False),
    ],
)
def test_legacy_attributes_match_exactly_with_empty_meaning_any(attributes, expected):
    assert trigger_matches({"filter": {"attributes": attributes}}, EVENT) is expected


def test_a_trigger_without_filter_passes_every_event():
    assert trigger_matches({"broker": "default"}, EVENT) is True
    assert trigger_matches({"filters": [], "filter": {}}, EVENT) is True


def test_cesql_anywhere_it_decides_gives_none():
    assert trigger_matches({"filters": [{"cesql": "type LIKE 'order.%'"}]}, EVENT) is None


@pytest.mark.parametrize("bad", [{"regex": {"type": ".*"}}, {}, "exact"])
def test_unknown_or_malformed_dialects_raise_a_clear_error(bad):
    with pytest.raises(ValueError, match="dialect|non-empty object"):
        trigger_matches({"filters": [bad]}, EVENT)


@pytest.mark.parametrize(
    ("spec", "summary"),
    [
        ({"filter": {"attributes": {"type": "order.created", "source": ""}}}, "type = order.created AND source = *"),
        ({"filters": [{"exact": {"type": "a"}}, {"not": {"suffix": {"subject": ".zip"}}}]}, "type = a AND NOT subject ends with .zip"),
        ({"filters": [{"any": [{"prefix": {"type": "a."}}, {"cesql": "x = 1"}]}]}, "(type starts with a. OR cesql: x = 1)"),
        ({}, "all events"),
    ],
)
def test_describe_filter_summarises_in_one_line(spec, summary):
    assert describe_filter(spec) == summary


_value = st.text(alphabet="abc./-", max_size=8)


@given(actual=_value, expected=_value)
def test_prefix_suffix_and_exact_agree_with_string_semantics(actual, expected):
    event = {"type": actual}
    assert evaluate_filter({"exact": {"type": expected}}, event) is (actual == expected)
    assert evaluate_filter({"prefix": {"type": expected}}, event) is actual.startswith(expected)
    assert evaluate_filter({"suffix": {"type": expected}}, event) is actual.endswith(expected)
    assert evaluate_filter({"not": {"exact": {"type": expected}}}, event) is (actual != expected)
