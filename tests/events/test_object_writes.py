"""The write analysis: which events object writes can cause that a pattern may match.

Pinned here: the witnesses are real events of the write that the pattern matches (sound), no
event the write can cause and the pattern matches is missed (complete, checked against random
keys), and whatever cannot be read counts as a match (conservative).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventing_platform.events.eventbridge_patterns import pattern_matches
from eventing_platform.events.gcs_events import storage_object_event
from eventing_platform.events.object_writes import (
    ANY_OSS_WRITE,
    WriteScope,
    witness_keys,
    write_witnesses,
    writes_may_match,
)
from eventing_platform.events.oss_events import (
    OBJECT_CREATED_TYPES,
    SEED_OBJECT_CREATED_TYPES,
    WRITE_EVENT_TYPES,
    oss_object_event,
)

SEED_PATTERN = {
    "source": ["acs.oss"],
    "type": list(SEED_OBJECT_CREATED_TYPES),
    "subject": [{"suffix": ".zip"}],
    "data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}},
}
PUT = "oss:ObjectCreated:PutObject"
COPY = "oss:ObjectCreated:CopyObject"


def oss(bucket: str | None = "eb-ask", prefix: str = "", suffixes: tuple[str, ...] = (), types=WRITE_EVENT_TYPES) -> WriteScope:
    return WriteScope(store="oss", bucket=bucket, prefix=prefix, suffixes=suffixes, event_types=tuple(types))


def test_witness_keys_combine_the_written_prefix_with_the_patterns_strings():
    keys = witness_keys("unzip/", [], ["zip/", ".zip", "acs:oss:cn-hangzhou:1:eb-ask/unzip/a/"], "eb-ask")
    assert "unzip/x.zip" in keys and "unzip/a/x" in keys
    assert all(k.startswith("unzip/") for k in keys)
    assert witness_keys("out/", [".txt"], [".zip"], "b") == ["out/x.txt"]


def test_writes_under_the_input_prefix_are_witnessed_with_every_matching_type():
    witnesses = write_witnesses(oss(prefix="zip/out/"), SEED_PATTERN)
    assert witnesses and all(w.key.startswith("zip/out/") and w.key.endswith(".zip") for w in witnesses)
    first = [w.event_type for w in witnesses if w.key == witnesses[0].key]
    assert first == [t for t in WRITE_EVENT_TYPES if t in SEED_OBJECT_CREATED_TYPES]
    assert all(pattern_matches(SEED_PATTERN, w.event) for w in witnesses)


@pytest.mark.parametrize(
    "scope",
    [
        oss(prefix="unzip/"),
        oss(bucket="other-bucket", prefix="zip/"),
        oss(prefix="zip/", suffixes=(".txt", ".csv")),
        oss(prefix="zip/", types=[COPY]),
    ],
)
def test_writes_the_seed_pattern_cannot_match_have_no_witness(scope):
    assert write_witnesses(scope, SEED_PATTERN) == []
    assert not writes_may_match(scope, SEED_PATTERN)


def test_example_keys_come_first_and_keys_outside_the_scope_are_ignored():
    witnesses = write_witnesses(oss(prefix="zip/"), SEED_PATTERN, examples=["elsewhere/a.zip", "zip/b/example.zip"])
    assert witnesses[0].key == "zip/b/example.zip"
    assert all(w.key != "elsewhere/a.zip" for w in witnesses)


def test_the_region_given_is_the_one_in_the_subject():
    pattern = {"subject": [{"prefix": "acs:oss:cn-beijing:"}]}
    assert not writes_may_match(oss(), pattern, region="cn-hangzhou")
    assert writes_may_match(oss(), pattern, region="cn-beijing")
    assert writes_may_match(oss(), pattern)  # the plan does not say: any region


@pytest.mark.parametrize(
    ("pattern", "scope", "expected"),
    [
        # malformed or unknown parts cannot be evaluated: they may match
        ({"data": {"oss": {"object": {"key": "zip/"}}}}, oss(prefix="unzip/"), True),
        ({"data": {"oss": {"object": {"key": [{"prefix": 3}]}}}}, oss(prefix="unzip/"), True),
        ({"data": {"oss": {"object": {"key": [{"bogus": "zip/"}]}}}}, oss(prefix="unzip/"), True),
        ({"data": {"oss": ["not", "an", "object"]}}, oss(prefix="unzip/"), True),
        ({"data": {"oss": {"object": {"key": {"nested": ["zip/"]}}}}}, oss(prefix="unzip/"), True),
        ({"data": {"oss": {"object": {"size": [{"numeric": ["<", 0]}]}}}}, oss(), True),  # not decided by the write
        # an empty list matches nothing
        ({"data": {"oss": {"object": {"key": []}}}}, oss(), False),
        # any bucket: whichever name the pattern tests
        ({"data": {"oss": {"bucket": {"name": ["other"]}}}}, oss(bucket=None), True),
        ({"data": {"oss": {"bucket": {"name": [{"anything-but": {"prefix": "eb"}}]}}}}, oss(bucket=None), True),
        ({"data": {"oss": {"bucket": {"name": [{"anything-but": {"prefix": "eb"}}]}}}}, oss(), False),
        ({"subject": [{"prefix": "acs:oss:r:1:other/zip/"}]}, ANY_OSS_WRITE, True),
        ({"subject": [{"prefix": "acs:oss:r:1:other/zip/"}]}, oss(), False),
        # prefix, suffix, contains, exact on the key and the subject together
        ({"subject": [{"suffix": ".zip"}], "data": {"oss": {"object": {"key": [{"prefix": "zip/"}]}}}}, oss(prefix="zip/out/", suffixes=(".zip",)), True),
        ({"subject": [{"suffix": "a.zip"}]}, oss(prefix="out/", suffixes=(".zip",)), True),
        ({"subject": [{"suffix": ".zip"}]}, oss(prefix="out/", suffixes=(".txt",)), False),
        ({"subject": [{"contains": "/in/"}], "data": {"oss": {"object": {"key": [{"suffix": ".zip"}]}}}}, oss(prefix="out/"), True),
        ({"data": {"oss": {"object": {"key": ["out/report.csv"]}}}}, oss(prefix="out/"), True),
        ({"data": {"oss": {"object": {"key": ["in/report.csv"]}}}}, oss(prefix="out/"), False),
        ({"subject": ["acs:oss:cn-hangzhou:42:eb-ask/out/a"]}, oss(prefix="out/"), True),
        # anything-but and exists
        ({"data": {"oss": {"object": {"key": [{"anything-but": {"prefix": "out/"}}]}}}}, oss(prefix="out/"), False),
        ({"data": {"oss": {"object": {"key": [{"anything-but": {"prefix": "out/x"}}]}}}}, oss(prefix="out/"), True),
        ({"data": {"oss": {"object": {"key": [{"anything-but": ["out/x", "out/y"]}]}}}}, oss(prefix="out/"), True),
        ({"data": {"oss": {"object": {"key": [{"exists": True}]}}}}, oss(), True),
        ({"data": {"oss": {"object": {"key": [{"exists": False}]}}}}, oss(), False),
        # type and source
        ({"type": [{"prefix": "oss:ObjectRemoved:"}]}, oss(), False),
        ({"type": [{"prefix": "oss:ObjectCreated:"}]}, oss(types=[COPY]), True),
        ({"source": [{"anything-but": "acs.oss"}]}, oss(), False),
        # numbers never equal a key; an IP-looking key can be in a CIDR block
        ({"data": {"oss": {"object": {"key": [{"numeric": [">", 0]}]}}}}, oss(), False),
        ({"data": {"oss": {"object": {"key": [{"cidr": "10.0.0.0/8"}]}}}}, oss(), True),
    ],
)
def test_may_match_is_precise_on_what_a_write_decides_and_conservative_elsewhere(pattern, scope, expected):
    assert writes_may_match(scope, pattern) is expected


def test_cloud_storage_writes_are_witnessed_against_a_notification_filter():
    notification = {"type": ["google.cloud.storage.object.v1.finalized"], "data": {"name": [{"prefix": "uploads/in/"}]}}
    scope = WriteScope(store="gcs", bucket="images", prefix="uploads/", event_types=("OBJECT_FINALIZE",))
    witnesses = write_witnesses(scope, notification)
    assert witnesses and witnesses[0].key.startswith("uploads/in/")
    assert witnesses[0].event == storage_object_event("images", witnesses[0].key)
    assert not writes_may_match(WriteScope(store="gcs", bucket="images", prefix="done/", event_types=("OBJECT_FINALIZE",)), notification)


def test_witnesses_of_several_patterns_are_those_any_of_them_matches():
    zips = {"data": {"oss": {"object": {"key": [{"suffix": ".zip"}]}}}}
    csvs = {"data": {"oss": {"object": {"key": [{"suffix": ".csv"}]}}}}
    keys = {w.key for w in write_witnesses(oss(prefix="out/"), zips, csvs)}
    assert any(k.endswith(".zip") for k in keys) and any(k.endswith(".csv") for k in keys)
    assert write_witnesses(oss(prefix="out/")) == []


# --------------------------------------------------------------------------- properties

FRAGMENTS = ["zip/", "unzip/", "out/", "a", ".zip", ".txt", "/", "eb-ask", "acs:oss:cn-hangzhou:1:eb-ask/"]
fragments = st.sampled_from(FRAGMENTS)
strings = st.lists(fragments, max_size=3).map("".join)
operands = st.lists(fragments, min_size=1, max_size=3).map("".join)  # EventBridge refuses empty ones
conditions = st.one_of(
    strings,
    operands.map(lambda s: {"prefix": s}),
    operands.map(lambda s: {"suffix": s}),
    operands.map(lambda s: {"contains": s}),
    strings.map(lambda s: {"anything-but": s}),
    operands.map(lambda s: {"anything-but": {"prefix": s}}),
    st.booleans().map(lambda b: {"exists": b}),
)
fields = st.lists(conditions, min_size=1, max_size=2)
patterns = st.fixed_dictionaries(
    {},
    optional={
        "type": st.lists(st.sampled_from(OBJECT_CREATED_TYPES), min_size=1, max_size=3),
        "subject": fields,
        "data": st.fixed_dictionaries({"oss": st.fixed_dictionaries({}, optional={
            "bucket": st.fixed_dictionaries({"name": fields}),
            "object": st.fixed_dictionaries({"key": fields}),
        }).filter(bool)}),
    },
).filter(bool)
scopes = st.builds(
    oss,
    bucket=st.sampled_from(["eb-ask", "other", None]),
    prefix=st.sampled_from(["", "zip/", "out/", "a"]),
    suffixes=st.sampled_from([(), (".zip",), (".txt", ".zip")]),
    types=st.sampled_from([WRITE_EVENT_TYPES, (PUT,), (COPY,)]),
)


@settings(max_examples=150, deadline=None)
@given(patterns, scopes)
def test_every_witness_is_an_event_of_the_write_that_the_pattern_matches(pattern, scope):
    for w in write_witnesses(scope, pattern)[:20]:
        assert w.key.startswith(scope.prefix) and (not scope.suffixes or w.key.endswith(scope.suffixes))
        assert scope.bucket in (None, w.bucket) and w.event_type in scope.event_types
        assert pattern_matches(pattern, w.event)


@settings(max_examples=150, deadline=None)
@given(patterns, scopes, st.lists(fragments, max_size=4).map("".join), st.sampled_from(["eb-ask", "other"]))
def test_no_write_the_pattern_matches_is_missed(pattern, scope, tail, bucket):
    key = scope.prefix + tail + (scope.suffixes[0] if scope.suffixes else "")
    bucket = scope.bucket or bucket
    if key and any(pattern_matches(pattern, oss_object_event(bucket, key, t)) for t in scope.event_types):
        assert writes_may_match(scope, pattern)
