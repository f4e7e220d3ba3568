"""Trigger filters: typed models for both dialects (the evaluator: tests/events/test_knative_filters.py)."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import TriggerFilter, trigger_matches

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
        (lambda: F.exact_match("type", ""), "Knative skips such a filter"),
        (lambda: F.prefix_match("type", ""), "would match everything"),
        (lambda: F.suffix_match("type", ""), "would match everything"),
        (lambda: F.sql("   "), "cesql expression is empty"),
    ],
)
def test_bad_filters_are_rejected_at_construction(build, fragment):
    with pytest.raises(ArgsError, match="TriggerFilter") as info:
        build()
    assert fragment in str(info.value)


def test_the_evaluator_is_re_exported_at_its_old_path():
    from eventing_platform.events import knative_filters
    from eventing_platform.knative import filters

    for name in ("ANY_VALUE", "NOT_EVALUATED", "describe_filter", "evaluate_filter", "trigger_matches"):
        assert getattr(filters, name) is getattr(knative_filters, name)


def test_a_rendered_model_is_evaluated_as_knative_does():
    spec = {"filters": [F.all_of(F.exact_match("type", "order.created"), F.negate(F.prefix_match("source", "/x"))).render()]}
    assert trigger_matches(spec, EVENT) is True
    assert trigger_matches(spec, {**EVENT, "source": "/x/1"}) is False
