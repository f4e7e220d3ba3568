"""The offline EventBridge matcher on plain JSON: each operator, AND/OR, arrays, absent fields,
malformed patterns, and OSS events as EventBridge delivers them."""

from __future__ import annotations

import ipaddress
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventing_platform.alicloud.oss_events import (
    COMPLETED_OBJECT_TYPES,
    OBJECT_CREATED_TYPES,
    SEED_OBJECT_CREATED_TYPES,
    object_created_pattern,
    oss_object_event,
)
from eventing_platform.events.eventbridge_patterns import (
    InvalidPatternError,
    pattern_matches,
    pattern_matches_json,
)

SEED_PATTERN = {
    "source": ["acs.oss"],
    "type": list(SEED_OBJECT_CREATED_TYPES),
    "subject": [{"suffix": ".zip"}],
    "data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}},
}


def one_field(cond, value):
    """Does ``{"f": [cond]}`` match ``{"f": value}``?"""
    return pattern_matches({"f": [cond]}, {"f": value})


# ------------------------------------------------------------------ operators


@pytest.mark.parametrize(
    ("cond", "value", "expected"),
    [
        ("acs.oss", "acs.oss", True),
        ("acs.oss", "ACS.OSS", False),  # case-sensitive
        ("acs.oss", "acs.oss ", False),  # character by character
        (5, 5, True),
        (5, 5.0, True),
        (5, "5", False),
        (True, True, True),
        (True, 1, False),
        (None, None, True),
        (None, "null", False),
        ("", "", True),  # the empty-string operator
        ("", "x", False),
    ],
)
def test_exact_values_compare_with_type_and_case(cond, value, expected):
    assert one_field(cond, value) is expected


@pytest.mark.parametrize(
    ("cond", "value", "expected"),
    [
        ({"prefix": "zip/"}, "zip/a.zip", True),
        ({"prefix": "zip/"}, "unzip/a.zip", False),
        ({"prefix": "zip/"}, "ZIP/a.zip", False),
        ({"prefix": ""}, "anything", True),
        ({"prefix": "1"}, 12, False),  # strings only
        ({"suffix": ".zip"}, "a/b.zip", True),
        ({"suffix": ".zip"}, "a/b.zip.txt", False),
        ({"suffix": ".zip"}, "a/b.ZIP", False),
        ({"contains": "Normal"}, "a Normal day", True),
        ({"contains": "Normal"}, "a normal day", False),
        ({"anything-but": "x"}, "y", True),
        ({"anything-but": "x"}, "x", False),
        ({"anything-but": 123}, 124, True),
        ({"anything-but": 123}, 123, False),
        ({"anything-but": 123}, "123", True),  # a string is not the number
        ({"anything-but": ["a", "b"]}, "c", True),
        ({"anything-but": ["a", "b"]}, "b", False),
        ({"anything-but": {"prefix": "init"}}, "initiate", False),
        ({"anything-but": {"prefix": "init"}}, "complete", True),
        ({"anything-but": {"prefix": "init"}}, 5, False),
        ({"numeric": [">", 0, "<=", 5]}, 5, True),
        ({"numeric": [">", 0, "<=", 5]}, 0, False),
        ({"numeric": [">", 0, "<=", 5]}, 5.01, False),
        ({"numeric": [">=", 0, "<", 5]}, 0, True),
        ({"numeric": ["=", 3]}, 3.0, True),
        ({"numeric": ["=", 3]}, "3", False),
        ({"numeric": ["<", 10]}, True, False),  # a boolean is not a number
        ({"cidr": "10.0.0.0/24"}, "10.0.0.255", True),
        ({"cidr": "10.0.0.0/24"}, "10.0.1.0", False),
        ({"cidr": "10.0.0.0/24"}, "not-an-ip", False),
        ({"cidr": "10.0.0.0/24"}, "::1", False),
        ({"exists": True}, "anything", True),
        ({"exists": True}, None, True),
        ({"exists": False}, "anything", False),
    ],
)
def test_each_operator(cond, value, expected):
    assert one_field(cond, value) is expected


def test_exists_false_matches_an_absent_field_and_exists_true_does_not():
    assert pattern_matches({"f": [{"exists": False}]}, {}) is True
    assert pattern_matches({"f": [{"exists": True}]}, {}) is False
    assert pattern_matches({"a": {"b": [{"exists": False}]}}, {}) is True
    assert pattern_matches({"a": {"b": [{"exists": False}]}}, {"a": {"b": 1}}) is False


@pytest.mark.parametrize("cond", ["x", {"prefix": ""}, {"anything-but": "x"}, {"numeric": [">", 0]}, {"cidr": "0.0.0.0/0"}, ""])
def test_a_field_named_in_the_pattern_must_be_present(cond):
    assert pattern_matches({"f": [cond]}, {"g": "x"}) is False


def test_or_within_a_field_and_across_its_conditions():
    pattern = {"subject": [{"prefix": "a"}, {"suffix": ".zip"}]}
    assert pattern_matches(pattern, {"subject": "a.txt"})  # prefix only: still matches (the OR trap)
    assert pattern_matches(pattern, {"subject": "b.zip"})
    assert not pattern_matches(pattern, {"subject": "b.txt"})


def test_and_across_keys_and_nesting():
    pattern = {"source": ["acs.oss"], "data": {"oss": {"bucket": {"name": ["eb-ask"]}}}}
    assert pattern_matches(pattern, {"source": "acs.oss", "data": {"oss": {"bucket": {"name": "eb-ask"}}}})
    assert not pattern_matches(pattern, {"source": "acs.mns", "data": {"oss": {"bucket": {"name": "eb-ask"}}}})
    assert not pattern_matches(pattern, {"source": "acs.oss", "data": {"oss": {"bucket": {"name": "other"}}}})
    assert not pattern_matches(pattern, {"source": "acs.oss", "data": "eb-ask"})  # not an object
    assert not pattern_matches(pattern, {"source": "acs.oss"})


def test_an_array_in_the_event_matches_when_any_element_does():
    assert pattern_matches({"tags": ["b"]}, {"tags": ["a", "b"]})
    assert pattern_matches({"tags": [{"prefix": "x"}]}, {"tags": ["a", "xy"]})
    assert not pattern_matches({"tags": ["c"]}, {"tags": ["a", "b"]})


def test_filter_pattern_strings_are_parsed():
    assert pattern_matches_json('{"source": ["acs.oss"]}', {"source": "acs.oss"})
    with pytest.raises(InvalidPatternError, match="not valid JSON"):
        pattern_matches_json("{not json", {})


# ------------------------------------------------------------------ malformed patterns


@pytest.mark.parametrize(
    ("pattern", "path", "fragment"),
    [
        ({}, "(pattern)", "empty pattern"),
        ([], "(pattern)", "must be a JSON object"),
        ({"a": []}, "a", "empty array"),
        ({"a": "x"}, "a", "wrap it"),
        ({"a": {}}, "a", "at least one sub-field"),
        ({"a": [{"prefix": 1}]}, "a[0]", "takes a string"),
        ({"a": [{"prefix": "x", "suffix": "y"}]}, "a[0]", "exactly one key"),
        ({"a": [{"regex": "x"}]}, "a[0]", "unknown operator"),
        ({"a": [[1]]}, "a[0]", "a value or an operator"),
        ({"a": [{"anything-but": []}]}, "a[0]", "excludes nothing"),
        ({"a": [{"anything-but": {"suffix": "x"}}]}, "a[0]", "only"),
        ({"a": [{"anything-but": [True]}]}, "a[0]", "strings or numbers"),
        ({"a": [{"numeric": [">", "1"]}]}, "a[0]", "must be a number"),
        ({"a": [{"numeric": ["~", 1]}]}, "a[0]", "not one of"),
        ({"a": [{"numeric": [">", 5, "<", 1]}]}, "a[0]", "is empty"),
        ({"a": [{"numeric": ["<", 5, ">", 1]}]}, "a[0]", "lower bound"),
        ({"a": [{"numeric": [">", 1, "<", 2, "=", 3]}]}, "a[0]", "takes"),
        ({"a": [{"cidr": "10.0.0.0/33"}]}, "a[0]", "IPv4 CIDR"),
        ({"a": [{"exists": "yes"}]}, "a[0]", "true or false"),
        ({"a": {"b": [{"exists": 1}]}}, "a.b[0]", "true or false"),
    ],
)
def test_malformed_patterns_are_refused_with_the_path(pattern, path, fragment):
    with pytest.raises(InvalidPatternError, match=fragment) as err:
        pattern_matches(pattern, {"a": "x"})
    assert err.value.path == path


# ------------------------------------------------------------------ OSS events


@pytest.mark.parametrize("event_type", ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PostObject", "oss:ObjectCreated:CompleteMultipartUpload"])
def test_the_seed_pattern_matches_an_upload_of_a_zip_under_zip(event_type):
    assert pattern_matches(SEED_PATTERN, oss_object_event("eb-ask", "zip/x.zip", event_type))


@pytest.mark.parametrize(
    ("bucket", "key", "event_type"),
    [
        ("eb-ask", "unzip/x.zip", "oss:ObjectCreated:PutObject"),  # the service's own output
        ("eb-ask", "zip/x.zip.txt", "oss:ObjectCreated:PutObject"),  # not a zip
        ("other-bucket", "zip/x.zip", "oss:ObjectCreated:PutObject"),
        ("eb-ask", "zip/x.zip", "oss:ObjectRemoved:DeleteObject"),  # a delete
        ("eb-ask", "x.zip", "oss:ObjectCreated:PutObject"),  # outside zip/
        ("eb-ask", "archive/zip/x.zip", "oss:ObjectCreated:PutObject"),
        ("eb-ask", "zip/x.zip", "oss:ObjectCreated:CopyObject"),  # not one of the seed's seven
    ],
)
def test_the_seed_pattern_matches_none_of_these(bucket, key, event_type):
    assert not pattern_matches(SEED_PATTERN, oss_object_event(bucket, key, event_type))


def test_the_completing_types_skip_per_part_events():
    pattern = object_created_pattern("eb-ask", "zip/", ".zip", COMPLETED_OBJECT_TYPES).render()
    assert pattern_matches(pattern, oss_object_event("eb-ask", "zip/x.zip", "oss:ObjectCreated:CompleteMultipartUpload"))
    for part in ("InitiateMultipartUpload", "UploadPart", "UploadPartCopy"):
        assert not pattern_matches(pattern, oss_object_event("eb-ask", "zip/x.zip", f"oss:ObjectCreated:{part}"))


def test_the_seed_sample_event_from_its_repository_is_understood():
    # hack/put-object.json of serverless-k8s-examples/oss-unzip, trimmed to the matched fields
    event = json.loads("""{"data": {"oss": {"bucket": {"name": "eb-ask"}, "object": {"key": "zip/demo.zip"}}},
        "subject": "acs:oss:cn-hangzhou:15812045431****:eb-ask/zip/demo.zip",
        "source": "acs.oss", "type": "oss:ObjectCreated:PutObject"}""")
    assert pattern_matches(SEED_PATTERN, event)


# ------------------------------------------------------------------ properties

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False))


@given(text, text)
def test_prefix_and_suffix_hold_exactly_for_strings_built_from_them(head, tail):
    assert one_field({"prefix": head}, head + tail)
    assert one_field({"suffix": tail}, head + tail)
    assert one_field({"contains": tail}, head + tail + head)
    assert one_field({"prefix": head}, tail) is tail.startswith(head)


@given(text, text)
def test_anything_but_is_the_negation_of_exact_for_present_strings(excluded, value):
    assert one_field({"anything-but": excluded}, value) is (not one_field(excluded, value))
    assert one_field({"anything-but": {"prefix": excluded}}, value) is (not value.startswith(excluded))


@given(numbers, numbers, numbers)
def test_numeric_ranges_agree_with_python_comparisons(a, b, x):
    lo, hi = min(a, b), max(a, b)
    if lo == hi:
        return
    assert one_field({"numeric": [">", lo, "<=", hi]}, x) is (lo < x <= hi)
    assert one_field({"numeric": [">=", lo, "<", hi]}, x) is (lo <= x < hi)


@given(st.integers(0, 2**32 - 1), st.integers(8, 32), st.integers(0, 2**32 - 1))
def test_cidr_agrees_with_ipaddress(base, prefix_len, address):
    net = ipaddress.IPv4Network((base, prefix_len), strict=False)
    ip = str(ipaddress.IPv4Address(address))
    assert one_field({"cidr": str(net)}, ip) is (ipaddress.IPv4Address(address) in net)


conditions = st.one_of(
    text, numbers, st.booleans(), st.none(),
    st.builds(lambda s: {"prefix": s}, text), st.builds(lambda s: {"suffix": s}, text),
    st.builds(lambda s: {"anything-but": s}, text), st.builds(lambda b: {"exists": b}, st.booleans()),
)
values = st.one_of(text, numbers, st.booleans(), st.none())


@given(st.lists(conditions, min_size=1, max_size=4), values)
def test_or_within_a_list_is_any_of_its_conditions(conds, value):
    assert pattern_matches({"f": conds}, {"f": value}) is any(one_field(c, value) for c in conds)


@given(st.dictionaries(st.sampled_from("abcde"), st.lists(conditions, min_size=1, max_size=3), min_size=1, max_size=4),
       st.dictionaries(st.sampled_from("abcdef"), values, max_size=6))
def test_and_across_keys_is_all_of_them(pattern, event):
    expected = all(pattern_matches({k: v}, event) for k, v in pattern.items())
    assert pattern_matches(pattern, event) is expected


@given(st.sampled_from(OBJECT_CREATED_TYPES), st.text(alphabet="abz/.-_", max_size=20))
def test_a_rule_never_matches_keys_under_a_disjoint_prefix(event_type, rest):
    pattern = object_created_pattern("eb-ask", "zip/", ".zip", OBJECT_CREATED_TYPES).render()
    assert not pattern_matches(pattern, oss_object_event("eb-ask", "unzip/" + rest, event_type))
