"""DeliveryPolicy: retries, backoff, dead-letter sink and timeout of a delivery hop."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    DeliveryPolicy,
    Destination,
)

DLS = Destination.service("dead-letter", "apps")


def test_delivery_defaults_are_reliable_retries_with_exponential_backoff():
    assert DeliveryPolicy().render() == {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"}


def test_delivery_renders_dead_letter_sink_and_timeout():
    rendered = DeliveryPolicy(retry=3, backoff_policy="linear", backoff_delay="PT2S", dead_letter_sink=DLS, timeout="PT10S").render()
    assert rendered == {
        "retry": 3, "backoffPolicy": "linear", "backoffDelay": "PT2S", "timeout": "PT10S",
        "deadLetterSink": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dead-letter", "namespace": "apps"}},
    }


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"backoff_delay": "2s"}, "ISO-8601"),
        ({"backoff_delay": "P"}, "ISO-8601"),
        ({"backoff_delay": "PT\u0665S"}, "ISO-8601"),  # an Arabic-Indic five
        ({"backoff_policy": "random"}, "'linear' or 'exponential'"),
        ({"retry": -1}, "greater than or equal to 0"),
    ],
)
def test_delivery_rejects_bad_values(kwargs, fragment):
    with pytest.raises(ArgsError, match="DeliveryPolicy") as info:
        DeliveryPolicy(**kwargs)
    assert fragment in str(info.value)
