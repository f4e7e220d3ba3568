"""The typed EventPattern: factories for every operator, exact JSON, parsing back, errors, lint."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventing_platform.alicloud.event_pattern import (
    AnythingBut,
    AnythingButPrefix,
    CidrMatch,
    ContainsMatch,
    EventPattern,
    ExactMatch,
    ExistsMatch,
    Match,
    NumericMatch,
    PrefixMatch,
    SuffixMatch,
)
from eventing_platform.alicloud.oss_events import (
    SEED_OBJECT_CREATED_TYPES,
    object_created_pattern,
    oss_object_event,
)
from eventing_platform.alicloud.pattern_matcher import validate_pattern
from eventing_platform.errors import ArgsError

EVENTBRIDGE_MD = Path(__file__).resolve().parents[3].parent / "shared" / "reference" / "eventbridge.md"

# The seed's pattern as eventbridge.md prints it (line breaks and indentation folded to one space).
SEED_JSON = (
    '{"source": ["acs.oss"], "type": ["oss:ObjectCreated:PostObject", "oss:ObjectCreated:UploadPart", '
    '"oss:ObjectCreated:PutObject", "oss:ObjectCreated:UploadPartCopy", '
    '"oss:ObjectCreated:InitiateMultipartUpload", "oss:ObjectCreated:AppendObject", '
    '"oss:ObjectCreated:CompleteMultipartUpload"], "subject": [{"suffix": ".zip"}], '
    '"data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}}}'
)


def seed_pattern() -> EventPattern:
    return EventPattern.of(
        source=["acs.oss"],
        type=list(SEED_OBJECT_CREATED_TYPES),
        subject=[Match.suffix(".zip")],
        data={"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [Match.prefix("zip/")]}}},
    )


def test_the_seed_pattern_renders_byte_for_byte():
    assert seed_pattern().to_json() == SEED_JSON
    assert object_created_pattern("eb-ask", "zip/", ".zip", SEED_OBJECT_CREATED_TYPES).to_json() == SEED_JSON


@pytest.mark.skipif(not EVENTBRIDGE_MD.is_file(), reason=f"{EVENTBRIDGE_MD} not found (shared/ sits beside the clone in CI)")
def test_the_seed_pattern_is_the_one_in_eventbridge_md():
    text = EVENTBRIDGE_MD.read_text()
    block = re.search(r"```json\n(.*?)```", text, re.S)
    assert block, "no ```json block in eventbridge.md"
    folded = re.sub(r"\n\s*", " ", block.group(1).strip())
    assert seed_pattern().to_json() == folded


@pytest.mark.parametrize(
    ("condition", "cls", "rendered"),
    [
        (Match.exact("acs.oss"), ExactMatch, "acs.oss"),
        (Match.exact(5), ExactMatch, 5),
        (Match.exact(True), ExactMatch, True),
        (Match.exact(None), ExactMatch, None),
        (Match.empty(), ExactMatch, ""),
        (Match.prefix("acs."), PrefixMatch, {"prefix": "acs."}),
        (Match.suffix(".jpg"), SuffixMatch, {"suffix": ".jpg"}),
        (Match.contains("Normal"), ContainsMatch, {"contains": "Normal"}),
        (Match.anything_but("x"), AnythingBut, {"anything-but": "x"}),
        (Match.anything_but(123), AnythingBut, {"anything-but": 123}),
        (Match.anything_but("a", "b"), AnythingBut, {"anything-but": ["a", "b"]}),
        (Match.anything_but(["a"]), AnythingBut, {"anything-but": ["a"]}),
        (Match.anything_but_prefix("init"), AnythingButPrefix, {"anything-but": {"prefix": "init"}}),
        (Match.numeric(">", 0, "<=", 5), NumericMatch, {"numeric": [">", 0, "<=", 5]}),
        (Match.numeric("=", 2.5), NumericMatch, {"numeric": ["=", 2.5]}),
        (Match.cidr("10.0.0.0/24"), CidrMatch, {"cidr": "10.0.0.0/24"}),
        (Match.exists(), ExistsMatch, {"exists": True}),
        (Match.absent(), ExistsMatch, {"exists": False}),
    ],
)
def test_every_operator_has_a_factory_that_renders_its_json(condition, cls, rendered):
    assert isinstance(condition, cls)
    assert condition.render() == rendered
    assert EventPattern.from_dict({"f": [rendered]}).fields["f"] == [condition]


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda: Match.numeric(">", "x"), "must be a number"),
        (lambda: Match.numeric(">", 1.0e10), "outside -1.0e9..1.0e9"),
        (lambda: Match.numeric(">", 0.1234567), "more than 6 decimals"),
        (lambda: Match.numeric("==", 1), "not one of"),
        (lambda: Match.numeric(), "takes"),
        (lambda: Match.cidr("10.0.0.0/40"), "IPv4 block"),
        (lambda: Match.cidr("fe80::/10"), "IPv4 block"),
        (lambda: Match.anything_but(), "at least one value"),
        (lambda: Match.anything_but(True), "valid string"),
        (lambda: Match.anything_but_prefix(""), "non-empty"),
        (lambda: Match.prefix(""), "non-empty"),
        (lambda: Match.suffix(""), "non-empty"),
        (lambda: Match.contains(""), "non-empty"),
        (lambda: Match.prefix(3), "valid string"),
    ],
)
def test_factories_validate_their_arguments(make, fragment):
    with pytest.raises(ArgsError, match=fragment):
        make()


def test_plain_values_become_exact_matches_and_key_order_is_kept():
    p = EventPattern.of({"type": "t", "source": ["s", Match.prefix("x")]})
    assert list(p.render()) == ["type", "source"]
    assert p.render() == {"type": ["t"], "source": ["s", {"prefix": "x"}]}


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        ("{oops", "EventPattern", "not valid JSON"),
        ("[]", "EventPattern", "must be a JSON object"),
        ('{"a": []}', "EventPattern.a", "empty array"),
        ('{"data": {"b": [{"numeric": [">", 1e10]}]}}', "EventPattern.data.b[0]", "outside"),
        ('{"a": {"b": ["x"]}}', "EventPattern.a", "only 'data' holds nested fields"),
        ('{"data": {"b": {}}}', "EventPattern.data.b", "at least one sub-field"),
        ('{"data": {"oss": {"object": {"key": [{"prefixx": "zip/"}]}}}}', "EventPattern.data.oss.object.key[0]", "unknown operator"),
    ],
)
def test_parsing_names_the_bad_part(text, field, fragment):
    with pytest.raises(ArgsError, match=fragment) as err:
        EventPattern.from_json(text)
    assert err.value.problems[0].field == field


def test_the_empty_pattern_matches_every_event_and_empty_fields_are_refused():
    assert EventPattern.of({}).to_json() == "{}" and EventPattern.of({}).matches({"source": "x"})
    with pytest.raises(ArgsError, match="no conditions"):
        EventPattern.of(source=[])
    with pytest.raises(ArgsError, match="empty object"):
        EventPattern.of(data={})


def test_matches_uses_the_offline_matcher():
    p = seed_pattern()
    assert p.matches(oss_object_event("eb-ask", "zip/a.zip"))
    assert not p.matches(oss_object_event("eb-ask", "unzip/a.zip"))


def test_lint_flags_the_prefix_or_suffix_trap_only():
    trap = EventPattern.of(subject=[Match.prefix("zip/"), Match.suffix(".zip")])
    assert len(trap.lint()) == 1 and "ORed" in trap.lint()[0] and trap.lint()[0].startswith("subject")
    assert seed_pattern().lint() == []


@pytest.mark.parametrize(
    ("condition", "fragment"),
    [
        (Match.numeric(">", 5, "<", 1), "holds for no number"),
        (Match.numeric("=", 5, ">", 5), "holds for no number"),
        (Match.numeric("=", 5, "!=", 5), "holds for no number"),
        (Match.cidr("10.0.0.7/32"), "holds no host address"),
        (Match.cidr("10.0.0.6/31"), "holds no host address"),
    ],
)
def test_lint_flags_conditions_that_can_never_match(condition, fragment):
    pattern = EventPattern.of(data={"f": [condition]})
    assert [f for f in pattern.lint() if fragment in f and f.startswith("data.f")]
    assert not pattern.matches({"data": {"f": 5}}) and not pattern.matches({"data": {"f": "10.0.0.7"}})


@pytest.mark.parametrize("condition", [Match.numeric(">=", 5, "<=", 5), Match.numeric("!=", 5), Match.cidr("10.0.0.0/30"), Match.cidr("10.0.0.7")])
def test_lint_leaves_satisfiable_conditions_alone(condition):
    assert EventPattern.of(data={"f": [condition]}).lint() == []


def test_leaves_lists_dotted_paths_in_order():
    assert [path for path, _ in seed_pattern().leaves()] == ["source", "type", "subject", "data.oss.bucket.name", "data.oss.object.key"]


def test_object_created_pattern_leaves_out_empty_prefix_and_suffix():
    p = object_created_pattern("eb-ask", "", "").render()
    assert "subject" not in p and p["data"] == {"oss": {"bucket": {"name": ["eb-ask"]}}}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"bucket": "EB_ASK"}, "bucket"), ({"bucket": "eb-ask", "key_prefix": "/zip/"}, "key_prefix"),
     ({"bucket": "eb-ask", "types": ["oss:ObjectCreated:Put"]}, "types"), ({"bucket": "eb-ask", "types": []}, "types")],
)
def test_object_created_pattern_validates_its_inputs(kwargs, field):
    with pytest.raises(ArgsError) as err:
        object_created_pattern(**kwargs)
    assert err.value.problems[0].field == f"object_created_pattern.{field}"


# ------------------------------------------------------------------ round trips

scalars = st.one_of(st.text(max_size=8), st.integers(-1000, 1000), st.booleans(), st.none())
words = st.text(min_size=1, max_size=8)
operator_json = st.one_of(
    scalars,
    st.builds(lambda s: {"prefix": s}, words),
    st.builds(lambda s: {"suffix": s}, words),
    st.builds(lambda s: {"contains": s}, words),
    st.builds(lambda s: {"anything-but": s}, st.one_of(st.text(max_size=8), st.integers())),
    st.builds(lambda xs: {"anything-but": xs}, st.lists(st.text(max_size=4), max_size=3)),
    st.builds(lambda s: {"anything-but": {"prefix": s}}, words),
    st.builds(lambda a, d: {"numeric": [">", a, "<=", a + d]}, st.integers(-100, 100), st.integers(1, 100)),
    st.builds(lambda a: {"numeric": ["!=", a]}, st.integers(-100, 100)),
    st.builds(lambda b: {"exists": b}, st.booleans()),
    st.sampled_from([{"cidr": "10.0.0.0/24"}, {"cidr": "192.168.1.7/32"}, {"cidr": "192.168.1.7"}]),
)
conditions_json = st.lists(operator_json, min_size=1, max_size=3)
nested_json = st.recursive(
    conditions_json,
    lambda inner: st.dictionaries(st.text(alphabet="abcxyz-", min_size=1, max_size=4), inner, min_size=1, max_size=3),
    max_leaves=6,
).filter(lambda p: isinstance(p, dict))
patterns = st.builds(
    lambda attributes, data: {**attributes, **({} if data is None else {"data": data})},
    st.dictionaries(st.text(alphabet="abcxyz0", min_size=1, max_size=4).filter(lambda k: k != "data"), conditions_json, max_size=3),
    st.one_of(st.none(), nested_json),
)


@given(patterns)
def test_parse_then_render_is_the_identity(pattern):
    parsed = EventPattern.from_dict(pattern)
    assert parsed.render() == pattern
    assert parsed.to_json() == json.dumps(pattern)
    assert EventPattern.from_json(parsed.to_json()) == parsed
    validate_pattern(parsed.render())
