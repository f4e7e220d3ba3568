"""Knative Trigger filters evaluated offline: Knative's own test cases in our words, the kinds of
values (missing attributes, extensions, empty strings, case, nesting) and the project's cases.

Upstream (knative/eventing): ``pkg/eventfilter/attributes/filter_test.go`` and
``pkg/eventfilter/subscriptionsapi/{exact,prefix,suffix,all,any,not,no,cesql}_filter_test.go``.
Their ``passFilter``/``failFilter`` stubs are written here as an exact filter that passes or
fails the event; ``NewAllFilter()`` with no member as an ``all`` whose only member Knative skips.
Not taken: ``filters_map_test.go`` (a cache of built filters, no semantics); the
``cesql_filter_test.go`` verdicts (CESQL is not evaluated: every such case gives ``None``).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventing_platform.events.knative_filters import (
    FAIL,
    NO_FILTER,
    NOT_EVALUATED,
    NOT_FOLLOWED,
    PASS,
    ZERO_TIME,
    describe_filter,
    evaluate_filter,
    filter_outcomes,
    go_time_text,
    lookup_attribute,
    materialize,
    trigger_matches,
)

# attributes/filter_test.go
A_TYPE, A_SOURCE, A_EXT, A_EXT_VALUE, A_SUBJECT = "com.example.someevent", "/mycontext", "myextension", "my-extension-value", "mysubject"
A_EVENT = {"specversion": "1.0", "type": A_TYPE, "source": A_SOURCE, "id": "1234"}


def attributes(t, s, **more):
    return {"filter": {"attributes": {"type": t, "source": s, **more}}}


ATTRIBUTES_CASES = [
    ("Wrong type", attributes("some-other-type", ""), A_EVENT, FAIL),
    ("Wrong source", attributes("", "some-other-source"), A_EVENT, FAIL),
    ("Any", attributes("", ""), A_EVENT, PASS),
    ("Specific", attributes(A_TYPE, A_SOURCE), A_EVENT, PASS),
    ("Extension with attribs", attributes(A_TYPE, A_SOURCE, myextension=A_EXT_VALUE), {**A_EVENT, A_EXT: A_EXT_VALUE}, PASS),
    ("Any Extension with attribs - without Extension in Event", attributes(A_TYPE, A_SOURCE, myextension=""), A_EVENT, FAIL),
    ("Any Extension with attribs - with Extension in Event", attributes(A_TYPE, A_SOURCE, myextension=""), {**A_EVENT, A_EXT: A_EXT_VALUE}, PASS),
    ("Subject with attribs", attributes(A_TYPE, A_SOURCE, subject=A_SUBJECT), {**A_EVENT, "subject": A_SUBJECT}, PASS),
    ("Any Subject with attribs - without Subject in Event", attributes(A_TYPE, A_SOURCE, subject=""), A_EVENT, FAIL),
    ("Any Subject with attribs - with Subject in Event", attributes(A_TYPE, A_SOURCE, subject=""), {**A_EVENT, "subject": A_SUBJECT}, PASS),
    ("Any with attribs - Arrival extension", attributes("", ""), {**A_EVENT, "knativearrivaltime": "2019-08-26T23:38:17.834384404Z"}, PASS),
    ("Wrong Extension with attribs", attributes(A_TYPE, A_SOURCE, myextension="some-other-extension-value"), {**A_EVENT, A_EXT: A_EXT_VALUE}, FAIL),
]


@pytest.mark.parametrize(("name", "spec", "event", "want"), ATTRIBUTES_CASES, ids=[c[0] for c in ATTRIBUTES_CASES])
def test_attributes_filter_test_cases(name, spec, event, want):
    """attributes/filter_test.go TestAttributesFilter_Filter."""
    assert filter_outcomes(spec, event) == {want}


def test_all_supported_attribute_fields_v1():
    """attributes/filter_test.go TestAllSupportedAttributeFieldsV1: every known attribute by name."""
    event = {**A_EVENT, "dataschema": "wow", "subject": "cool", "datacontenttype": "cheers;mate"}
    spec = {"filter": {"attributes": {
        "specversion": "1.0", "type": A_TYPE, "source": A_SOURCE, "subject": "cool", "id": "1234", "time": ZERO_TIME,
        "dataschema": "wow", "schemaurl": "wow", "datacontenttype": "cheers;mate", "datamediatype": "cheers",
    }}}
    assert filter_outcomes(spec, event) == {PASS}


def test_v03_event():
    """attributes/filter_test.go TestV03Event: datacontentencoding of a 0.3 event."""
    event = {"specversion": "0.3", "type": A_TYPE, "source": A_SOURCE, "id": "1", "datacontentencoding": "perfect"}
    assert filter_outcomes({"filter": {"attributes": {"datacontentencoding": "perfect"}}}, event) == {PASS}


# subscriptionsapi/*_filter_test.go
TYPE, SOURCE, EXT, EXT_VALUE = "dev.knative.example", "knativesource", "myextension", "my-extension-value"
EVENT = {"specversion": "1.0", "type": TYPE, "source": SOURCE, "id": "1234", "knativebrokerttl": 20}
WITH_EXT = {**EVENT, EXT: EXT_VALUE}

COMPARE_CASES = [
    ("exact", "Wrong type", {"type": "some-other-type"}, EVENT, FAIL),
    ("exact", "Wrong source", {"source": "some-other-source"}, EVENT, FAIL),
    ("exact", "Wrong extension", {EXT: "some-other-extension"}, EVENT, FAIL),
    ("exact", "Match type", {"type": TYPE}, EVENT, PASS),
    ("exact", "Match extension", {EXT: EXT_VALUE}, WITH_EXT, PASS),
    ("exact", "Missing attribute", {"missingattribute": "missingvalue"}, EVENT, FAIL),
    ("exact", "Multiple: Wrong type and source", {"type": "some-other-type", "source": "some-other-source"}, EVENT, FAIL),
    ("exact", "Multiple: Match type and wrong source", {"type": TYPE, "source": "some-other-source"}, EVENT, FAIL),
    ("exact", "Multiple: Match type and match source", {"type": TYPE, "source": SOURCE}, EVENT, PASS),
    ("exact", "Multiple: Match type and miss extension", {"type": TYPE, EXT: EXT_VALUE}, EVENT, FAIL),
    ("exact", "Multiple: Match type and match extension", {"type": TYPE, EXT: EXT_VALUE}, WITH_EXT, PASS),
    ("prefix", "Missing attribute", {"some-other-attribute": "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Wrong type prefix", {"type": "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Wrong source prefix", {"source": "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Wrong extension prefix", {EXT: "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Match type prefix", {"type": "dev.knative"}, EVENT, PASS),
    ("prefix", "Match extension prefix", {EXT: "my-extension"}, WITH_EXT, PASS),
    ("prefix", "Multiple: Wrong type and source", {"type": "wrong.prefix", "source": "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Multiple: Match type and wrong source", {"type": "dev.knative", "source": "wrong.prefix"}, EVENT, FAIL),
    ("prefix", "Multiple: Match type and match source", {"type": "dev.knative", "source": "knative"}, EVENT, PASS),
    ("prefix", "Multiple: Match type and missing extension", {"type": "dev.knative", EXT: "attri.prefix"}, EVENT, FAIL),
    ("prefix", "Multiple: Match type and match extension", {"type": "dev.knative", EXT: "my-extension"}, WITH_EXT, PASS),
    ("suffix", "Missing attribute", {"some-other-attribute": "wrong.suffix"}, EVENT, FAIL),
    ("suffix", "Wrong type suffix", {"type": "wrong.suffix"}, EVENT, FAIL),
    ("suffix", "Wrong source suffix", {"source": "wrong.suffix"}, EVENT, FAIL),
    ("suffix", "Wrong extension suffix", {EXT: "wrong.suffix"}, EVENT, FAIL),
    ("suffix", "Match type suffix", {"type": ".knative.example"}, EVENT, PASS),
    ("suffix", "Match extension suffix", {EXT: "extension-value"}, WITH_EXT, PASS),
]


@pytest.mark.parametrize(("dialect", "name", "filters", "event", "want"), COMPARE_CASES, ids=[f"{c[0]}-{c[1]}" for c in COMPARE_CASES])
def test_exact_prefix_suffix_filter_test_cases(dialect, name, filters, event, want):
    """exact_filter_test.go, prefix_filter_test.go, suffix_filter_test.go (single and multiple)."""
    assert materialize({dialect: filters})(event) == {want}


def test_exact_time_match_is_stable():
    """exact_filter_test.go TestExactTimeMatchIsStable: the time as Go writes it, every time."""
    event = {**EVENT, "time": "2020-03-21T12:34:56.780Z"}
    flt = materialize({"exact": {"time": "2020-03-21T12:34:56.78Z"}})
    assert all(flt(event) == {PASS} for _ in range(1000))


P = {"exact": {"type": TYPE}}  # passFilter
X = {"exact": {"type": "x"}}  # failFilter
NOTHING = {"exact": {"type": ""}}  # a member Knative cannot build, so skips


def all_(*members):
    return {"all": list(members) or [NOTHING]}


def any_(*members):
    return {"any": list(members) or [NOTHING]}


FOLD_CASES = [
    ("all_filter_test TestAllFilter_Flat Empty", all_(), NO_FILTER),
    ("all One Pass", all_(P), PASS), ("all One Fail", all_(X), FAIL),
    ("all Pass and Fail", all_(P, X), FAIL), ("all Pass and Pass", all_(P, P), PASS), ("all Fail and Fail", all_(X, X), FAIL),
    ("All(All(Pass))", all_(all_(P)), PASS), ("All(All(Fail))", all_(all_(X)), FAIL),
    ("All(Pass,All(Fail))", all_(P, all_(X)), FAIL), ("All(Pass,All(Pass))", all_(P, all_(P)), PASS),
    ("All(Fail,All(Fail))", all_(X, all_(X)), FAIL), ("All(Fail,All(Pass))", all_(X, all_(P)), FAIL),
    ("All(Pass,All(Pass,Fail))", all_(P, all_(P, X)), FAIL), ("All(Pass,All(Pass,Pass))", all_(P, all_(P, P)), PASS),
    ("All(Pass,All(Fail,Fail))", all_(P, all_(X, X)), FAIL), ("All(Fail,All(Pass,Fail))", all_(X, all_(P, X)), FAIL),
    ("All(Fail,All(Pass,Pass))", all_(X, all_(P, P)), FAIL), ("All(Fail,All(Fail,Fail))", all_(X, all_(X, X)), FAIL),
    ("any_filter_test TestAnyFilter_Flat Empty", any_(), NO_FILTER),
    ("any One Pass", any_(P), PASS), ("any One Fail", any_(X), FAIL),
    ("any Pass and Fail", any_(P, X), PASS), ("any Pass and Pass", any_(P, P), PASS), ("any Fail and Fail", any_(X, X), FAIL),
    ("Any(Any(Pass))", any_(any_(P)), PASS), ("Any(Any(Fail))", any_(any_(X)), FAIL),
    ("Any(Pass,Any(Fail))", any_(P, any_(X)), PASS), ("Any(Pass,Any(Pass))", any_(P, any_(P)), PASS),
    ("Any(Fail,Any(Fail))", any_(X, any_(X)), FAIL), ("Any(Fail,Any(Pass))", any_(X, any_(P)), PASS),
    ("Any(Pass,Any(Pass,Fail))", any_(P, any_(P, X)), PASS), ("Any(Pass,Any(Pass,Pass))", any_(P, any_(P, P)), PASS),
    ("Any(Pass,Any(Fail,Fail))", any_(P, any_(X, X)), PASS), ("Any(Fail,Any(Pass,Fail))", any_(X, any_(P, X)), PASS),
    ("Any(Fail,Any(Pass,Pass))", any_(X, any_(P, P)), PASS), ("Any(Fail,Any(Fail,Fail))", any_(X, any_(X, X)), FAIL),
    ("not_filter_test TestNotFilter Empty", {"not": NOTHING}, NO_FILTER),
    ("Not Pass", {"not": P}, FAIL), ("Not Fail", {"not": X}, PASS),
]


@pytest.mark.parametrize(("name", "flt", "want"), FOLD_CASES, ids=[c[0] for c in FOLD_CASES])
def test_all_any_not_filter_test_cases(name, flt, want):
    """all_filter_test.go, any_filter_test.go, not_filter_test.go: flat and nested."""
    assert materialize(flt)(EVENT) == {want}


def test_no_filter_test_and_the_broker_delivers_unless_fail():
    """no_filter_test.go TestNoFilter, and filter_handler.go: only FailFilter drops the event."""
    assert filter_outcomes({"filters": []}, EVENT) == {NO_FILTER}
    assert filter_outcomes({}, EVENT) == {NO_FILTER}
    assert trigger_matches({}, EVENT) is True
    assert trigger_matches({"filters": [all_()]}, EVENT) is True  # NoFilter is delivered


@pytest.mark.parametrize(
    "expression",
    ["type = 'wrong.type'", f"type = '{TYPE}'", f"{EXT} = '{EXT_VALUE}'", "knativebrokerttl < 30", "missingattribute < 5"],
)
def test_cesql_filter_test_expressions_are_not_evaluated(expression):
    """cesql_filter_test.go: no Python CESQL implementation, so each gives None, not a verdict."""
    assert trigger_matches({"filters": [{"cesql": expression}]}, WITH_EXT) is NOT_EVALUATED


# ------------------------------------------------------------------ kinds of values


@pytest.mark.parametrize(
    ("event", "name", "expected"),
    [
        ({"type": "t"}, "subject", ("", True)),  # a known attribute is always present
        ({"type": "t"}, "myext", (None, False)),  # an extension only when the event has it
        ({"myext": None}, "myext", (None, False)),  # null: the Go SDK deletes it
        ({"myext": 7}, "myext", (7, True)),
        ({"myext": 7.9}, "myext", (7, True)),  # numbers are 32-bit integers
        ({"myext": True}, "myext", (True, True)),
        ({"data": {"x": 1}}, "data", (None, False)),  # the body is no attribute
        ({"datacontenttype": "application/json; charset=utf-8"}, "datamediatype", ("application/json", True)),
        ({"specversion": "1.0", "datacontentencoding": "base64"}, "datacontentencoding", ("", True)),
        ({}, "time", (ZERO_TIME, True)),
        ({"time": "2020-03-21T12:34:56.780+00:00"}, "time", ("2020-03-21T12:34:56.78Z", True)),
        ({"time": "2020-03-21T12:34:56.000000000+08:00"}, "time", ("2020-03-21T12:34:56+08:00", True)),
    ],
)
def test_lookup_attribute_reads_events_as_knative_does(event, name, expected):
    assert lookup_attribute(event, name) == expected


@pytest.mark.parametrize(
    ("flt", "event", "expected"),
    [
        ({"exact": {"myext": "7"}}, {"myext": 7}, True),  # formatted with %v
        ({"exact": {"myext": "true"}}, {"myext": True}, True),
        ({"exact": {"type": "Order.Created"}}, {"type": "order.created"}, False),  # case-sensitive
        ({"exact": {"type": ""}}, {"type": "x"}, True),  # skipped: Knative cannot build it
        ({"prefix": {"type": ""}}, {"type": "x"}, True),
        ({"not": {"exact": {"type": ""}}}, {"type": "x"}, True),  # not of nothing: NoFilter
        ({"prefix": {"subject": "a"}}, {"type": "x"}, False),  # absent subject reads as ""
        ({"exact": {"subject": "a", "type": "x"}}, {"type": "x", "subject": "a"}, True),
        ({"all": [], "exact": {"type": "x"}}, {"type": "x"}, True),  # an empty dialect is no dialect
        ({"any": []}, {"type": "x"}, True),
        ({"exact": {"type": "x"}, "prefix": {"type": "y"}}, {"type": "x"}, True),  # the first dialect is read
    ],
)
def test_filters_on_every_kind_of_value(flt, event, expected):
    assert evaluate_filter(flt, event) is expected


@pytest.mark.parametrize(
    ("attributes", "event", "expected"),
    [
        ({"myext": "7"}, {"myext": 7}, False),  # legacy compares strings only
        ({"myext": ""}, {"myext": 7}, True),
        ({"myext": ""}, {"myext": ""}, False),  # "" is any value but the empty one
        ({"subject": ""}, {"type": "x"}, False),
        ({"time": ""}, {"type": "x"}, True),  # time is always present (the zero time)
        ({}, {"type": "x"}, True),
    ],
)
def test_legacy_attributes_on_every_kind_of_value(attributes, event, expected):
    assert trigger_matches({"filter": {"attributes": attributes}}, event) is expected


# ------------------------------------------------------------------ the project's cases

PROJECT_EVENT = {
    "specversion": "1.0", "id": "1", "source": "/orders/eu", "type": "order.created",
    "subject": "orders/123.json", "tenant": "acme", "priority": 5, "urgent": True, "data": {"type": "not-an-attribute"},
}


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"exact": {"type": "order.created"}}, True),
        ({"exact": {"type": "order.updated"}}, False),
        ({"exact": {"missing": "x"}}, False),
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
    assert evaluate_filter(flt, PROJECT_EVENT) is expected


def test_filters_list_must_all_match_and_wins_over_legacy_attributes():
    spec = {"filters": [{"exact": {"type": "order.created"}}, {"prefix": {"source": "/orders"}}], "filter": {"attributes": {"type": "nope"}}}
    assert trigger_matches(spec, PROJECT_EVENT) is True
    spec["filters"].append({"exact": {"tenant": "other"}})
    assert trigger_matches(spec, PROJECT_EVENT) is False


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"type": "order.created"}, True),
        ({"type": "order.created", "source": "/orders/eu"}, True),
        ({"type": "order.created", "source": "/other"}, False),
        ({"type": ""}, True),
        ({"missing": ""}, False),  # "" needs the attribute present
        ({"missing": "x"}, False),
    ],
)
def test_legacy_attributes_match_exactly_with_empty_meaning_any_present_value(attributes, expected):
    assert trigger_matches({"filter": {"attributes": attributes}}, PROJECT_EVENT) is expected


def test_a_trigger_without_filter_passes_every_event():
    assert trigger_matches({"broker": "default"}, PROJECT_EVENT) is True
    assert trigger_matches({"filters": [], "filter": {}}, PROJECT_EVENT) is True


def test_cesql_anywhere_it_decides_gives_none():
    assert trigger_matches({"filters": [{"cesql": "type LIKE 'order.%'"}]}, PROJECT_EVENT) is None


@pytest.mark.parametrize("bad", [{"regex": {"type": ".*"}}, {}, "exact"])
def test_unknown_or_malformed_dialects_raise_a_clear_error(bad):
    with pytest.raises(ValueError, match="dialect|non-empty object"):
        trigger_matches({"filters": [bad]}, PROJECT_EVENT)


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


@pytest.mark.parametrize(
    ("text", "go"),
    [("2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z"), ("2020-01-01T00:00:00.5000Z", "2020-01-01T00:00:00.5Z"),
     ("2020-01-01T00:00:00.123456789123-05:00", "2020-01-01T00:00:00.123456789-05:00"), ("not a time", "not a time")],
)
def test_go_time_text(text, go):
    assert go_time_text(text) == go


_value = st.text(alphabet="abc./-", max_size=8)
_operand = st.text(alphabet="abc./-", min_size=1, max_size=8)


@given(actual=_value, expected=_operand)
def test_prefix_suffix_and_exact_agree_with_string_semantics(actual, expected):
    event = {"type": actual}
    assert evaluate_filter({"exact": {"type": expected}}, event) is (actual == expected)
    assert evaluate_filter({"prefix": {"type": expected}}, event) is actual.startswith(expected)
    assert evaluate_filter({"suffix": {"type": expected}}, event) is actual.endswith(expected)
    assert evaluate_filter({"not": {"exact": {"type": expected}}}, event) is (actual != expected)


@pytest.mark.parametrize(
    ("reason", "spec", "event", "ours"),
    [
        ("cesql", {"filters": [{"cesql": "true"}]}, EVENT, NOT_EVALUATED),
        ("events the Go SDK refuses", {"filters": [{"exact": {"myext": "{'a': 1}"}}]}, {**EVENT, "myext": {"a": 1}}, True),
    ],
)
def test_where_we_deliberately_differ(reason, spec, event, ours):
    assert reason in NOT_FOLLOWED
    assert trigger_matches(spec, event) is ours
