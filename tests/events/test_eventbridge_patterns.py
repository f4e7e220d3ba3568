"""The offline EventBridge matcher on plain JSON: each operator, AND/OR, arrays, absent fields,
malformed patterns, and OSS events as EventBridge delivers them."""

from __future__ import annotations

import ipaddress
import json
import re

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
    validate_pattern,
)
from eventing_platform.events.eventbridge_values import loads_keeping_number_text

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

ABSENT = object()
OBJECT = {"k": "v"}


def on(cond, value):
    """Does ``{"f": [cond]}`` match an event whose ``f`` is ``value`` (ABSENT: no ``f``)?"""
    return pattern_matches({"f": [cond]}, {} if value is ABSENT else {"f": value})


@pytest.mark.parametrize(
    ("cond", "value", "expected"),
    [
        ("acs.oss", "acs.oss", True),
        ("acs.oss", "ACS.OSS", False),  # case-sensitive
        ("acs.oss", "acs.oss ", False),  # character by character
        (5, 5, True),
        (5, 5.0, False),  # compared by text: 5 and 5.0 differ
        (5, "5", True),  # ... so the string "5" is the number 5
        (True, True, True),
        (True, "true", True),
        (True, 1, False),
        (None, None, True),
        (None, "null", False),
        ("null", None, False),
        ("", "", True),  # the empty-string operator
        ("", "x", False),
        ("a", ["b", "a"], True),  # an array matches when an element does
        ("a", ["a", {"x": 1}], False),  # ... and never when it holds an object
        ("a", [], False),
        ("a", OBJECT, False),
        ("a", ABSENT, False),
        (None, ABSENT, False),
    ],
)
def test_exact_values_compare_by_their_text(cond, value, expected):
    assert on(cond, value) is expected


def test_numbers_read_from_json_keep_the_text_they_were_written_with():
    event = loads_keeping_number_text('{"a": 300, "b": 300.0, "c": 3.0e2}')
    assert [pattern_matches({"data": {k: [300]}}, {"data": event}) for k in "abc"] == [True, False, False]
    assert pattern_matches_json('{"data": {"c": [3.0e2]}}', {"data": event})
    assert not pattern_matches_json('{"data": {"b": [3.0e2]}}', {"data": event})


@pytest.mark.parametrize(
    ("cond", "value", "expected"),
    [
        ({"prefix": "zip/"}, "zip/a.zip", True),
        ({"prefix": "zip/"}, "unzip/a.zip", False),
        ({"prefix": "zip/"}, "ZIP/a.zip", False),
        ({"prefix": "1"}, 12, False),  # strings only
        ({"prefix": "t"}, True, False),
        ({"prefix": "n"}, None, False),
        ({"prefix": "zip/"}, ["x", "zip/a"], True),
        ({"prefix": "zip/"}, OBJECT, False),
        ({"suffix": ".zip"}, "a/b.zip", True),
        ({"suffix": ".zip"}, "a/b.zip.txt", False),
        ({"suffix": ".zip"}, "a/b.ZIP", False),
        ({"contains": "Normal"}, "a Normal day", True),
        ({"contains": "Normal"}, "a normal day", False),
        ({"contains": "1"}, 212, False),
        ({"anything-but": "x"}, "y", True),
        ({"anything-but": "x"}, "x", False),
        ({"anything-but": "x"}, None, True),  # null is present and is not "x"
        ({"anything-but": "x"}, ["x", "y"], True),  # some element is not "x"
        ({"anything-but": "x"}, ["x"], False),
        ({"anything-but": "x"}, [], False),
        ({"anything-but": "x"}, OBJECT, False),
        ({"anything-but": "x"}, ABSENT, False),
        ({"anything-but": 123}, 124, True),
        ({"anything-but": 123}, 123, False),
        ({"anything-but": 123}, "123", False),  # same text
        ({"anything-but": 123}, 123.0, True),  # other text
        ({"anything-but": ["a", "b"]}, "c", True),
        ({"anything-but": ["a", "b"]}, "b", False),
        ({"anything-but": []}, "a", True),  # excludes nothing: any present value
        ({"anything-but": []}, ABSENT, False),
        ({"anything-but": {"prefix": "init"}}, "initiate", False),
        ({"anything-but": {"prefix": "init"}}, "complete", True),
        ({"anything-but": {"prefix": "init"}}, 5, True),  # a number does not start with "init"
        ({"anything-but": {"prefix": "init"}}, None, True),
        ({"numeric": [">", 0, "<=", 5]}, 5, True),
        ({"numeric": [">", 0, "<=", 5]}, 0, False),
        ({"numeric": [">", 0, "<=", 5]}, 5.01, False),
        ({"numeric": [">", 0, "<=", 5]}, 5.00000005, True),  # equal to 5 within 1e-7
        ({"numeric": [">", 5]}, 5.00000005, False),
        ({"numeric": [">=", 0, "<", 5]}, 0, True),
        ({"numeric": ["=", 3]}, 3.0, True),
        ({"numeric": ["=", 3]}, "3", False),  # numbers only
        ({"numeric": ["!=", 3]}, 4, True),
        ({"numeric": ["!=", 3]}, 3, False),
        ({"numeric": [">", 5, "<", 3]}, 4, False),  # valid, satisfied by no number
        ({"numeric": ["<", 10]}, True, False),  # a boolean is not a number
        ({"numeric": ["<", 10]}, None, False),
        ({"numeric": ["<", 10]}, [20, 3], True),
        ({"numeric": ["<", 10]}, 10**400, False),  # huge: an infinite double
        ({"cidr": "10.0.0.0/24"}, "10.0.0.1", True),
        ({"cidr": "10.0.0.0/24"}, "10.0.0.254", True),
        ({"cidr": "10.0.0.0/24"}, "10.0.0.0", False),  # the network address
        ({"cidr": "10.0.0.0/24"}, "10.0.0.255", False),  # the broadcast address
        ({"cidr": "10.0.0.0/24"}, "10.0.1.0", False),
        ({"cidr": "10.0.0.0/24"}, "010.000.000.001", True),  # decimal parts, leading zeros allowed
        ({"cidr": "10.0.0.0/24"}, "not-an-ip", False),
        ({"cidr": "10.0.0.0/24"}, "::1", False),
        ({"cidr": "10.0.0.0/24"}, 167772161, False),
        ({"cidr": "10.0.0.7/32"}, "10.0.0.7", False),  # a /32 holds no host address
        ({"cidr": "10.0.0.6/31"}, "10.0.0.7", False),
        ({"cidr": "0.0.0.0/0"}, "1.2.3.4", True),
        ({"cidr": "0.0.0.0/0"}, "0.0.0.0", False),
        ({"cidr": "10.0.0.7"}, "10.0.0.7", True),  # an address without a mask: that address
        ({"cidr": "10.0.0.7"}, "10.0.0.8", False),
        ({"exists": True}, "anything", True),
        ({"exists": True}, None, True),
        ({"exists": True}, 0, True),
        ({"exists": True}, ["a"], True),
        ({"exists": True}, [], False),  # an empty array has no element to be present
        ({"exists": True}, OBJECT, False),  # an object matches no condition
        ({"exists": True}, ABSENT, False),
        ({"exists": False}, ABSENT, True),
        ({"exists": False}, "anything", False),
        ({"exists": False}, None, False),
        ({"exists": False}, OBJECT, False),
    ],
)
def test_each_operator_on_every_kind_of_value(cond, value, expected):
    assert on(cond, value) is expected


def test_exists_false_matches_an_absent_field_and_exists_true_does_not():
    assert pattern_matches({"f": [{"exists": False}]}, {}) is True
    assert pattern_matches({"f": [{"exists": True}]}, {}) is False
    assert pattern_matches({"data": {"b": [{"exists": False}]}}, {"data": {}}) is True
    assert pattern_matches({"data": {"b": [{"exists": False}]}}, {"data": {"b": 1}}) is False


@pytest.mark.parametrize("data", [{}, None, "text", [1], {"a": "flat"}, {"a": None}])
def test_a_field_under_data_is_absent_unless_every_step_is_an_object_holding_it(data):
    assert pattern_matches({"data": {"a": {"b": [{"exists": False}]}}}, {"data": data})
    assert not pattern_matches({"data": {"a": {"b": [{"exists": True}]}}}, {"data": data})


def test_a_pattern_on_data_needs_an_event_with_data():
    assert not pattern_matches({"data": {"a": [{"exists": False}]}}, {"source": "x"})


@pytest.mark.parametrize("event", [{}, {"source": "x"}, {"data": {"a": 1}}])
def test_the_empty_pattern_matches_every_event(event):
    assert pattern_matches({}, event)


@pytest.mark.parametrize("cond", ["x", {"prefix": "x"}, {"anything-but": "x"}, {"numeric": [">", 0]}, {"cidr": "0.0.0.0/0"}, ""])
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
        ([], "(pattern)", "must be a JSON object"),
        ({"Source": ["x"]}, "(pattern)", "not a CloudEvents attribute name"),
        ({"my-ext": ["x"]}, "(pattern)", "not a CloudEvents attribute name"),
        ({"a": []}, "a", "empty array"),
        ({"a": "x"}, "a", "wrap it"),
        ({"a": {"b": ["x"]}}, "a", "only 'data' holds nested fields"),
        ({"data": ["x"]}, "data", "JSON object"),
        ({"data": {}}, "data", "at least one sub-field"),
        ({"data": {"a": {}}}, "data.a", "at least one sub-field"),
        ({"data": {"": ["x"]}}, "data", "non-empty strings"),
        ({"a": [{"prefix": 1}]}, "a[0]", "takes a string"),
        ({"a": [{"prefix": ""}]}, "a[0]", "non-empty string"),
        ({"a": [{"suffix": ""}]}, "a[0]", "non-empty string"),
        ({"a": [{"contains": ""}]}, "a[0]", "non-empty string"),
        ({"a": [{"prefix": "x", "suffix": "y"}]}, "a[0]", "exactly one key"),
        ({"a": [{"regex": "x"}]}, "a[0]", "unknown operator"),
        ({"a": [[1]]}, "a[0]", "arrays do not nest"),
        ({"a": [{"anything-but": {"suffix": "x"}}]}, "a[0]", "only"),
        ({"a": [{"anything-but": {"prefix": ""}}]}, "a[0]", "non-empty string"),
        ({"a": [{"anything-but": {}}]}, "a[0]", "only"),
        ({"a": [{"anything-but": True}]}, "a[0]", "takes a string, a number"),
        ({"a": [{"anything-but": None}]}, "a[0]", "takes a string, a number"),
        ({"a": [{"anything-but": [True]}]}, "a[0]", "strings or numbers"),
        ({"a": [{"anything-but": [None]}]}, "a[0]", "strings or numbers"),
        ({"a": [{"anything-but": [["x"]]}]}, "a[0]", "strings or numbers"),
        ({"a": [{"numeric": [">", "1"]}]}, "a[0]", "must be a number"),
        ({"a": [{"numeric": ["~", 1]}]}, "a[0]", "not one of"),
        ({"a": [{"numeric": [1234, 5]}]}, "a[0]", "not one of"),
        ({"a": [{"numeric": 123}]}, "a[0]", "takes"),
        ({"a": [{"numeric": [">", 1, "<", 2, "=", 3]}]}, "a[0]", "takes"),
        ({"a": [{"numeric": [">", 1.0e10]}]}, "a[0]", "outside -1.0e9..1.0e9"),
        ({"a": [{"numeric": [">", -1000000000.5]}]}, "a[0]", "outside -1.0e9..1.0e9"),
        ({"a": [{"numeric": [">", 0.1234567]}]}, "a[0]", "more than 6 decimals"),
        ({"a": [{"numeric": [">", 1e-7]}]}, "a[0]", "more than 6 decimals"),
        ({"a": [{"cidr": "10.0.0.0/33"}]}, "a[0]", "IPv4 block"),
        ({"a": [{"cidr": "10.0.0.256/24"}]}, "a[0]", "IPv4 block"),
        ({"a": [{"cidr": "fe80::/10"}]}, "a[0]", "IPv4 block"),
        ({"a": [{"cidr": "fefefef"}]}, "a[0]", "IPv4 block"),
        ({"a": [{"cidr": ""}]}, "a[0]", "IPv4 block"),
        ({"a": [{"cidr": 12345}]}, "a[0]", "IPv4 block"),
        ({"a": [{"exists": "yes"}]}, "a[0]", "true or false"),
        ({"data": {"a": {"b": [{"exists": 1}]}}}, "data.a.b[0]", "true or false"),
    ],
)
def test_malformed_patterns_are_refused_with_the_path(pattern, path, fragment):
    with pytest.raises(InvalidPatternError, match=re.escape(fragment)) as err:
        pattern_matches(pattern, {"a": "x"})
    assert err.value.path == path


@pytest.mark.parametrize(
    "cond",
    [{"numeric": [">=", -1.0e9, "<=", 1.0e9]}, {"numeric": ["=", 0.123456]}, {"numeric": ["=", 1.50]},
     {"numeric": [">", 5, ">", 3]}, {"anything-but": []}, {"cidr": "0.0.0.0/0"}, {"cidr": "10.0.0.7/32"}],
)
def test_limits_and_combinations_the_reference_accepts(cond):
    validate_pattern({"f": [cond]})


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
operand = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6)
numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(-1e6, 1e6, allow_nan=False))
bounds = st.integers(-10**6, 10**6)


@given(operand, operand)
def test_prefix_and_suffix_hold_exactly_for_strings_built_from_them(head, tail):
    assert one_field({"prefix": head}, head + tail)
    assert one_field({"suffix": tail}, head + tail)
    assert one_field({"contains": tail}, head + tail + head)
    assert one_field({"prefix": head}, tail) is tail.startswith(head)


@given(text, operand)
def test_anything_but_is_the_negation_of_exact_for_present_strings(value, excluded):
    assert one_field({"anything-but": excluded}, value) is (not one_field(excluded, value))
    assert one_field({"anything-but": {"prefix": excluded}}, value) is (not value.startswith(excluded))


@given(bounds, bounds, numbers)
def test_numeric_ranges_agree_with_comparisons_within_the_tolerance(a, b, x):
    lo, hi = min(a, b), max(a, b)
    above_lo, within_hi = x - lo > 1e-7, x - hi <= 1e-7
    assert one_field({"numeric": [">", lo, "<=", hi]}, x) is (above_lo and within_hi)
    assert one_field({"numeric": [">=", lo, "<", hi]}, x) is (lo - x <= 1e-7 and hi - x > 1e-7)


@given(st.integers(0, 2**32 - 1), st.integers(0, 32), st.integers(0, 2**32 - 1))
def test_cidr_holds_the_host_addresses_of_the_block(base, prefix_len, address):
    net = ipaddress.IPv4Network((base, prefix_len), strict=False)
    ip = ipaddress.IPv4Address(address)
    hosts = net.num_addresses > 2 and ip not in (net.network_address, net.broadcast_address) and address != 0
    assert one_field({"cidr": str(net)}, str(ip)) is (ip in net and hosts)


conditions = st.one_of(
    text, numbers, st.booleans(), st.none(),
    st.builds(lambda s: {"prefix": s}, operand), st.builds(lambda s: {"suffix": s}, operand),
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
