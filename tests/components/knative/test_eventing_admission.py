"""Knative Eventing admission, re-expressed from knative/eventing's and eventing-kafka-broker's validation tests.

Each case names the upstream test file and table entry. The catalogue of every upstream case,
taken or not applicable, is ``tests/components/knative/admission_catalogue.py``.
"""

from __future__ import annotations

import base64

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    ApiServerResource,
    DeliveryPolicy,
    Destination,
    KReference,
    PingSourceArgs,
    SubscriptionArgs,
    TriggerArgs,
    TriggerFilter,
)

ADMITTED, REFUSED = True, False
SINK = Destination.service("display")
CHANNEL = KReference(api_version="messaging.knative.dev/v1", kind="Channel", name="ch")


def _ping(**kwargs):
    return PingSourceArgs(sink=SINK, **kwargs)


def _trigger(**kwargs):
    return TriggerArgs(broker="default", subscriber=SINK, **kwargs)


# (upstream case, build, verdict)
CASES = [
    # sources/v1 ping_validation_test.go TestPingSourceValidation
    ("ping_validation_test.go valid spec", lambda: _ping(schedule="*/2 * * * *"), ADMITTED),
    ("ping_validation_test.go valid spec with schedule every 5 seconds", lambda: _ping(schedule="0/5 * * * * *"), ADMITTED),
    ("ping_validation_test.go valid spec with schedule including seconds", lambda: _ping(schedule="10 0/5 * * * ?"), ADMITTED),
    ("ping_validation_test.go valid spec with timezone", lambda: _ping(schedule="*/2 * * * *", timezone="Europe/Paris"), ADMITTED),
    ("ping_validation_test.go valid spec with invalid timezone", lambda: _ping(schedule="*/2 * * * *", timezone="Knative/Land"), REFUSED),
    ("ping_validation_test.go invalid schedule", lambda: _ping(schedule="2"), REFUSED),
    ("ping_validation_test.go valid spec with data", lambda: _ping(schedule="*/2 * * * *", content_type="application/json", data='{"msg": "Hello World"}'), ADMITTED),
    ("ping_validation_test.go valid spec with dataBase64", lambda: _ping(schedule="*/2 * * * *", content_type="text/plain", data_base64="SGVsbG8gV29ybGQu"), ADMITTED),
    ("ping_validation_test.go invalid spec with data and dataBase64 both set",
     lambda: _ping(schedule="*/2 * * * *", content_type="text/plain", data="Hello world", data_base64="SGVsbG8gV29ybGQu"), REFUSED),
    ("ping_validation_test.go invalid spec: dataBase64 is invalid base64 string",
     lambda: _ping(schedule="*/2 * * * *", content_type="text/plain", data_base64="$$$ invalid base64 string $$$"), REFUSED),
    ("ping_validation_test.go invalid spec: contentType=application/json, data is invalid JSON format",
     lambda: _ping(schedule="*/2 * * * *", content_type="application/json", data="Invalid JSON"), REFUSED),
    ("ping_validation_test.go invalid spec: contentType=application/json, decoded dataBase64 is invalid JSON format",
     lambda: _ping(schedule="*/2 * * * *", content_type="application/json", data_base64=base64.b64encode(b"Invalid JSON").decode()), REFUSED),
    ("ping_validation_test.go big data ok", lambda: _ping(schedule="*/2 * * * *", content_type="text/plain", data="x" * 5000), ADMITTED),
    ("ping_validation_test.go unsupported @every descriptor", lambda: _ping(schedule="@every 2h"), REFUSED),
    ("ping_validation_test.go unsupported @every descriptor with TZ", lambda: _ping(schedule="@every 2h", timezone="Europe/Paris"), REFUSED),
    # duck/v1 delivery_types_test.go TestDeliverySpecValidation (delivery-timeout is enabled by default)
    ("delivery_types_test.go valid timeout", lambda: DeliveryPolicy(timeout="PT2S"), ADMITTED),
    ("delivery_types_test.go zero timeout", lambda: DeliveryPolicy(timeout="PT0S"), REFUSED),
    ("delivery_types_test.go invalid timeout", lambda: DeliveryPolicy(timeout="junk"), REFUSED),
    ("delivery_types_test.go invalid backoffDelay", lambda: DeliveryPolicy(backoff_delay="junk"), REFUSED),
    ("delivery_types_test.go invalid backoffPolicy", lambda: DeliveryPolicy(backoff_policy="garbage"), REFUSED),
    ("delivery_types_test.go negative retry", lambda: DeliveryPolicy(retry=-1), REFUSED),
    ("delivery_types_test.go valid backoffDelay", lambda: DeliveryPolicy(backoff_delay="PT2S"), ADMITTED),
    # eventing/v1 trigger_validation_test.go
    ("trigger_validation_test.go invalid attribute name, start with number",
     lambda: _trigger(attributes={"0invalid": "my-value"}), REFUSED),
    ("trigger_validation_test.go valid attribute name, contains number", lambda: _trigger(attributes={"source0": "x"}), ADMITTED),
    ("trigger_validation_test.go invalid attribute name, capital letters", lambda: _trigger(attributes={"invALID": "x"}), REFUSED),
    ("trigger_validation_test.go Valid: attribute names in exact filter", lambda: _trigger(filters=[TriggerFilter.exact_match("type", "x")]), ADMITTED),
    ("trigger_validation_test.go Invalid: exact filter with attribute starting with number",
     lambda: _trigger(filters=[TriggerFilter.all_of(TriggerFilter.exact_match("1type", "x"))]), REFUSED),
    ("trigger_validation_test.go Invalid: multiple dialects", lambda: _trigger(filters=[TriggerFilter(exact={"type": "a"}, prefix={"type": "b"})]), REFUSED),
    ("trigger_validation_test.go invalid trigger spec, missing broker", lambda: TriggerArgs(broker="", subscriber=SINK), REFUSED),
    # messaging/v1 subscription_validation_test.go
    ("subscription_validation_test.go valid minimal spec", lambda: SubscriptionArgs(channel=CHANNEL, subscriber=SINK), ADMITTED),
    ("subscription_validation_test.go channel with namespace (cross-namespace links disabled)",
     lambda: SubscriptionArgs(channel=KReference(api_version="messaging.knative.dev/v1", kind="Channel", name="ch", namespace="other"), subscriber=SINK, namespace="mine"), REFUSED),
    ("subscription_validation_test.go missing name in channel", lambda: SubscriptionArgs(channel={"api_version": "v1", "kind": "Channel", "name": ""}, subscriber=SINK), REFUSED),
    ("subscription_validation_test.go missing subscriber", lambda: SubscriptionArgs(channel=CHANNEL, subscriber=None), REFUSED),
    # knative/pkg duck/v1 destination_test.go TestValidateDestination
    ("destination_test.go invalid, uri is not absolute url", lambda: Destination.url("/path"), REFUSED),
    ("destination_test.go invalid, both uri and ref, uri is absolute URL", lambda: Destination(ref=SINK.ref, uri="http://x.example/p"), REFUSED),
    ("destination_test.go valid ref and relative uri", lambda: Destination(ref=SINK.ref, uri="/path"), ADMITTED),
    ("destination_test.go invalid, both uri and ref are empty", lambda: Destination(), REFUSED),
    # sources/v1 apiserver_validation_test.go
    ("apiserver_validation_test.go valid resource", lambda: ApiServerResource(api_version="v1", kind="Foo"), ADMITTED),
    ("apiserver_validation_test.go invalid apiVersion", lambda: ApiServerResource(api_version="v1/v2/v3", kind="Foo"), REFUSED),
    ("apiserver_validation_test.go missing kind", lambda: ApiServerResource(api_version="v1", kind=" "), REFUSED),
]


@pytest.mark.parametrize(("case", "build", "verdict"), CASES, ids=[c[0] for c in CASES])
def test_eventing_objects_are_admitted_or_refused_as_the_webhook_would(case, build, verdict):
    if verdict is ADMITTED:
        build()
        return
    with pytest.raises(ArgsError) as info:
        build()
    assert all(": " in line for line in str(info.value).splitlines())
