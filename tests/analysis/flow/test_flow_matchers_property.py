"""The two matchers the event flow relies on, against hand-checked cases and each other.

``EventPatternCondition`` evaluates EventBridge patterns with the Alibaba Cloud domain's
``pattern_matches``; ``TriggerCondition`` evaluates Trigger filters with the Knative domain's
``trigger_matches``. Here both are pinned to cases worked out by hand, and hypothesis checks that,
for every operator the two dialects share, they agree with each other and with plain string
semantics.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventing_platform.analysis.flow.conditions import EventPatternCondition, TriggerCondition

SEED = {
    "source": ["acs.oss"],
    "type": ["oss:ObjectCreated:PostObject", "oss:ObjectCreated:UploadPart", "oss:ObjectCreated:PutObject",
             "oss:ObjectCreated:UploadPartCopy", "oss:ObjectCreated:InitiateMultipartUpload",
             "oss:ObjectCreated:AppendObject", "oss:ObjectCreated:CompleteMultipartUpload"],
    "subject": [{"suffix": ".zip"}],
    "data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}},
}


def oss(key: str, etype: str = "oss:ObjectCreated:PutObject", bucket: str = "eb-ask") -> dict:
    return {"source": "acs.oss", "type": etype, "subject": f"acs:oss:cn-hangzhou:1:{bucket}/{key}",
            "data": {"oss": {"bucket": {"name": bucket}, "object": {"key": key}}}}


# (pattern, event, expected): each worked out from eventbridge.md by hand.
EVENTBRIDGE_CASES = [
    (SEED, oss("zip/a.zip"), True),
    (SEED, oss("zip/deep/a.zip"), True),
    (SEED, oss("unzip/a.zip"), False),                       # key prefix
    (SEED, oss("zip/a.txt"), False),                         # subject suffix
    (SEED, oss("zip/a.zip", bucket="other"), False),         # bucket name
    (SEED, oss("zip/a.zip", "oss:ObjectCreated:CopyObject"), False),  # type not listed
    (SEED, {**oss("zip/a.zip"), "source": "acs.mns"}, False),
    (SEED, {k: v for k, v in oss("zip/a.zip").items() if k != "data"}, False),  # field missing
    ({"type": [{"prefix": "oss:"}, {"suffix": ":PutObject"}]}, {"type": "mns:PutObject"}, True),  # OR in array
    ({"type": [{"anything-but": "a"}]}, {"type": "b"}, True),
    ({"type": [{"anything-but": ["a", "b"]}]}, {"type": "b"}, False),
    ({"type": [{"anything-but": {"prefix": "oss:"}}]}, {"type": "oss:x"}, False),
    ({"data": {"size": [{"numeric": [">", 0, "<=", 5]}]}}, {"data": {"size": 5}}, True),
    ({"data": {"size": [{"numeric": [">", 0, "<=", 5]}]}}, {"data": {"size": 6}}, False),
    ({"data": {"ip": [{"cidr": "10.0.0.0/24"}]}}, {"data": {"ip": "10.0.0.77"}}, True),
    ({"data": {"ip": [{"cidr": "10.0.0.0/24"}]}}, {"data": {"ip": "10.0.1.1"}}, False),
    ({"subject": [{"exists": False}]}, {"type": "x"}, True),
    ({"subject": [{"exists": True}]}, {"type": "x"}, False),
    ({"subject": [""]}, {"subject": ""}, True),
    ({"subject": [{"contains": "Normal"}]}, {"subject": "a-Normal-b"}, True),
    ({"type": ["Oss"]}, {"type": "oss"}, False),             # case-sensitive
]


@pytest.mark.parametrize(("pattern", "event", "expected"), EVENTBRIDGE_CASES)
def test_eventbridge_pattern_hand_checked(pattern, event, expected):
    assert EventPatternCondition(pattern).evaluate(event) is expected


ORDER = {"specversion": "1.0", "id": "1", "type": "order.created", "source": "/shop/orders", "subject": "123.zip"}

# (trigger spec, event, expected): each worked out from knative.md by hand; None = cesql.
KNATIVE_CASES = [
    ({}, ORDER, True),                                                   # no filter: everything
    ({"filter": {"attributes": {"type": "order.created"}}}, ORDER, True),
    ({"filter": {"attributes": {"type": "order.paid"}}}, ORDER, False),
    ({"filter": {"attributes": {"type": "", "source": "/shop/orders"}}}, ORDER, True),  # "" = any
    ({"filter": {"attributes": {"myext": "x"}}}, ORDER, False),          # missing extension
    ({"filters": [{"exact": {"type": "order.created"}}]}, ORDER, True),
    ({"filters": [{"prefix": {"type": "order."}}]}, ORDER, True),
    ({"filters": [{"suffix": {"subject": ".zip"}}]}, ORDER, True),
    ({"filters": [{"suffix": {"subject": ".tar"}}]}, ORDER, False),
    ({"filters": [{"not": {"exact": {"type": "order.created"}}}]}, ORDER, False),
    ({"filters": [{"any": [{"exact": {"type": "a"}}, {"prefix": {"source": "/shop"}}]}]}, ORDER, True),
    ({"filters": [{"all": [{"exact": {"type": "order.created"}}, {"prefix": {"source": "/bank"}}]}]}, ORDER, False),
    ({"filters": [{"prefix": {"type": "order."}}, {"exact": {"source": "/other"}}]}, ORDER, False),  # list = AND
    ({"filters": [{"exact": {"type": "x"}}], "filter": {"attributes": {"type": "order.created"}}}, ORDER, False),  # filters win
    ({"filters": [{"cesql": "type = 'order.created'"}]}, ORDER, None),    # not evaluated
    ({"filters": [{"exact": {"type": "nope"}}, {"cesql": "true"}]}, ORDER, False),  # decided without cesql
]


@pytest.mark.parametrize(("spec", "event", "expected"), KNATIVE_CASES)
def test_knative_trigger_filter_hand_checked(spec, event, expected):
    assert TriggerCondition(spec).evaluate(event) is expected


def test_cesql_summary_says_it_is_not_evaluated():
    assert "not evaluated" in TriggerCondition({"filters": [{"cesql": "type = 'x'"}]}).summary()


TEXT = st.text(alphabet="ab.:/-", min_size=0, max_size=8)
OPERAND = st.text(alphabet="ab.:/-", min_size=1, max_size=4)


@given(value=TEXT, operand=OPERAND)
def test_prefix_agrees_across_dialects_and_with_str_startswith(value, operand):
    event = {"type": value, "source": "/s"}
    eb = EventPatternCondition({"type": [{"prefix": operand}]}).evaluate(event)
    kn = TriggerCondition({"filters": [{"prefix": {"type": operand}}]}).evaluate(event)
    assert eb is kn is value.startswith(operand)


@given(value=TEXT, operand=OPERAND)
def test_suffix_agrees_across_dialects_and_with_str_endswith(value, operand):
    event = {"type": value, "source": "/s"}
    eb = EventPatternCondition({"type": [{"suffix": operand}]}).evaluate(event)
    kn = TriggerCondition({"filters": [{"suffix": {"type": operand}}]}).evaluate(event)
    assert eb is kn is value.endswith(operand)


@given(value=TEXT, operand=OPERAND)
def test_exact_agrees_across_all_three_dialects(value, operand):
    event = {"type": value, "source": "/s"}
    eb = EventPatternCondition({"type": [operand]}).evaluate(event)
    kn = TriggerCondition({"filters": [{"exact": {"type": operand}}]}).evaluate(event)
    legacy = TriggerCondition({"filter": {"attributes": {"type": operand}}}).evaluate(event)
    assert eb is kn is legacy is (value == operand)


@given(value=TEXT, operand=OPERAND)
def test_anything_but_is_not_exact(value, operand):
    event = {"type": value, "source": "/s"}
    eb = EventPatternCondition({"type": [{"anything-but": operand}]}).evaluate(event)
    kn = TriggerCondition({"filters": [{"not": {"exact": {"type": operand}}}]}).evaluate(event)
    assert eb is kn is (value != operand)


@given(t=TEXT, s=TEXT, p1=OPERAND, p2=OPERAND)
def test_and_across_keys_is_all_and_or_within_a_key_is_any(t, s, p1, p2):
    event = {"type": t, "source": s}
    both = EventPatternCondition({"type": [{"prefix": p1}], "source": [{"prefix": p2}]}).evaluate(event)
    all_of = TriggerCondition({"filters": [{"all": [{"prefix": {"type": p1}}, {"prefix": {"source": p2}}]}]}).evaluate(event)
    assert both is all_of is (t.startswith(p1) and s.startswith(p2))
    either = EventPatternCondition({"type": [{"prefix": p1}, {"suffix": p2}]}).evaluate(event)
    any_of = TriggerCondition({"filters": [{"any": [{"prefix": {"type": p1}}, {"suffix": {"type": p2}}]}]}).evaluate(event)
    assert either is any_of is (t.startswith(p1) or t.endswith(p2))


@given(value=TEXT, operand=OPERAND)
def test_missing_attribute_never_matches_in_either_dialect(value, operand):
    event = {"source": value}
    assert EventPatternCondition({"type": [{"prefix": operand}]}).evaluate(event) is False
    assert TriggerCondition({"filters": [{"prefix": {"type": operand}}]}).evaluate(event) is False


@given(key=st.text(alphabet="zipun/.x", max_size=10))
def test_seed_pattern_is_prefix_and_suffix_by_hand(key):
    assert EventPatternCondition(SEED).evaluate(oss(key)) is (key.startswith("zip/") and key.endswith(".zip"))
