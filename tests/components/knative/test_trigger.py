"""Trigger: broker, both filter dialects, subscriber, delivery."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    DeliveryPolicy,
    Destination,
    Trigger,
    TriggerArgs,
    TriggerFilter,
    trigger_matches,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

SVC = Destination.service("order-service", "apps")
F = TriggerFilter


def render(**kwargs) -> dict:
    args = TriggerArgs(broker="order", subscriber=SVC, namespace="apps", **kwargs)
    record = run_components(lambda: {"summary": Trigger("orders", args).filter_summary})
    return one(objects_of(record, "Trigger"))


def test_legacy_attributes_render_as_filter_attributes():
    trigger = render(attributes={"type": "order.created", "source": ""})
    assert trigger["apiVersion"] == "eventing.knative.dev/v1"
    assert trigger["spec"] == {
        "broker": "order",
        "filter": {"attributes": {"source": "", "type": "order.created"}},
        "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "order-service", "namespace": "apps"}},
    }


def test_filters_dialect_renders_in_order_with_delivery():
    trigger = render(
        filters=[F.exact_match("type", "order.created"), F.negate(F.suffix_match("subject", ".tmp")), F.sql("priority > 3")],
        delivery=DeliveryPolicy(retry=2, dead_letter_sink=Destination.url("https://dlq.example.com/")),
        trigger_name="order-service-trigger", labels={"team": "orders"},
    )
    assert trigger["metadata"]["name"] == "order-service-trigger"
    assert trigger["metadata"]["labels"]["team"] == "orders"
    assert trigger["spec"]["filters"] == [
        {"exact": {"type": "order.created"}}, {"not": {"suffix": {"subject": ".tmp"}}}, {"cesql": "priority > 3"},
    ]
    assert "filter" not in trigger["spec"]
    assert trigger["spec"]["delivery"]["deadLetterSink"] == {"uri": "https://dlq.example.com/"}


def test_subscriber_may_be_a_uri():
    args = TriggerArgs(broker="b", subscriber=Destination.url("https://hook.example.com/x"))
    assert args.render_spec()["subscriber"] == {"uri": "https://hook.example.com/x"}


def test_unfiltered_trigger_is_allowed_but_reported():
    args = TriggerArgs(broker="b", subscriber=SVC)
    assert not args.filtered and "filter" not in args.render_spec() and "filters" not in args.render_spec()
    assert TriggerArgs(broker="b", subscriber=SVC, attributes={"type": "x"}).filtered


def test_filter_summary_and_evaluator_read_the_rendered_spec():
    args = TriggerArgs(broker="b", subscriber=SVC, filters=[F.prefix_match("type", "order.")])
    record = run_components(lambda: {"summary": Trigger("t", args).filter_summary})
    assert record.outputs["summary"] == "type starts with order."
    spec = one(objects_of(record, "Trigger"))["spec"]
    assert trigger_matches(spec, {"type": "order.created"}) is True
    assert trigger_matches(spec, {"type": "payment.created"}) is False


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"filters": [F.exact_match("type", "a")], "attributes": {"type": "a"}}, "not both"),
        ({"attributes": {"Type": "a"}}, "not a CloudEvents attribute name"),
        ({"broker": ""}, "RFC 1123 label"),
        ({"subscriber": {}}, "needs a ref or a uri"),
        ({"filters": [{"exact": {"type": "a", "source": "b"}}]}, "exactly one attribute"),
    ],
)
def test_bad_trigger_args_are_rejected_with_field_and_fix(kwargs, fragment):
    base = {"broker": "order", "subscriber": SVC}
    with pytest.raises(ArgsError) as info:
        TriggerArgs(**{**base, **kwargs})
    assert fragment in str(info.value)


@requires_crds
@pytest.mark.parametrize(
    "kwargs",
    [
        {"attributes": {"type": "order.created"}},
        {"filters": [F.all_of(F.exact_match("type", "a"), F.any_of(F.prefix_match("source", "/x"), F.sql("true")))],
         "delivery": DeliveryPolicy(dead_letter_sink=SVC)},
        {},
    ],
    ids=["legacy", "filters", "unfiltered"],
)
def test_rendered_trigger_passes_the_strict_crd_check(kwargs):
    validate_object(render(**kwargs))
