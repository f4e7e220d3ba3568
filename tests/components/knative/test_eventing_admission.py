"""Knative Eventing admission, re-expressed from knative/eventing's, knative/pkg's and
eventing-kafka-broker's validation tests through the components' args.

Each case names the upstream test file, test function and table entry; how inputs are
re-expressed is in ``admission_cases.py``. ``admission_catalogue.py`` lists every upstream case:
run here (or in ``test_serving_admission.py``), or why it does not apply.
"""

from __future__ import annotations

import base64

import pytest

from eventing_platform.knative import (
    ApiServerSourceArgs,
    BrokerArgs,
    ChannelArgs,
    ContainerSourceArgs,
    KafkaSourceArgs,
    ParallelArgs,
    PingSourceArgs,
    SequenceArgs,
    SinkBindingArgs,
    SubscriptionArgs,
    TriggerArgs,
)
from tests.components.knative.admission_cases import (
    ADMITTED,
    OURS,
    REFUSED,
    Case,
    judge,
    params,
)

IMAGE = "registry.example.com/team/source:1.2.3"


def ref(api_version: str, kind: str, name: str, namespace: str | None = None) -> dict[str, str]:
    """A reference as the args take it (``namespace`` left out when None)."""
    out = {"api_version": api_version, "kind": kind, "name": name}
    return out if namespace is None else {**out, "namespace": namespace}


def dest(api_version: str = "serving.knative.dev/v1", kind: str = "Service", name: str = "display", namespace: str | None = None) -> dict[str, object]:
    """A Destination with a ref."""
    return {"ref": ref(api_version, kind, name, namespace)}


SINK = dest()


# knative/pkg apis/duck/v1/destination_test.go TestValidateDestination, through a Trigger's subscriber.
def _subscriber(subscriber: object) -> TriggerArgs:
    return TriggerArgs(broker="default", subscriber=subscriber)


D = "destination_test.go TestValidateDestination/"
VALID_REF = ref("v1", "Service", "name", "namespace")
DESTINATION = [
    Case(D + "nil valid", lambda: TriggerArgs(broker="default", subscriber=SINK, delivery={"dead_letter_sink": None}), ADMITTED),
    Case(D + "valid ref", lambda: _subscriber({"ref": VALID_REF}), ADMITTED),
    Case(D + "invalid ref, missing name", lambda: _subscriber({"ref": {**VALID_REF, "name": ""}}), REFUSED, "TriggerArgs.subscriber.ref.name"),
    Case(D + "invalid ref, missing api version", lambda: _subscriber({"ref": {**VALID_REF, "api_version": ""}}), REFUSED,
         "TriggerArgs.subscriber.ref.api_version"),
    Case(D + "invalid ref, missing kind", lambda: _subscriber({"ref": {**VALID_REF, "kind": ""}}), REFUSED,
         "TriggerArgs.subscriber.ref.kind"),
    Case(D + "valid uri", lambda: _subscriber({"uri": "http://host"}), ADMITTED),
    Case(D + "invalid, uri has no host", lambda: _subscriber({"uri": "http:"}), REFUSED, "TriggerArgs.subscriber", "absolute http(s) URL"),
    Case(D + "invalid, uri is not absolute url", lambda: _subscriber({"uri": "//host"}), REFUSED, "TriggerArgs.subscriber", "absolute http(s) URL"),
    Case(D + "invalid, both uri and ref, uri is absolute URL", lambda: _subscriber({"ref": VALID_REF, "uri": "http://host"}), REFUSED,
         "TriggerArgs.subscriber", "relative path"),
    Case(D + "invalid, both ref, [apiVersion, kind, name] and uri  are nil", lambda: _subscriber({}), REFUSED, "TriggerArgs.subscriber", "a ref or a uri"),
    Case(D + "valid, both uri and ref, uri is not a absolute URL", lambda: _subscriber({"ref": VALID_REF, "uri": "/handler"}), ADMITTED),
]


# knative/eventing pkg/apis/duck/v1/delivery_types_test.go TestDeliverySpecValidation (delivery-timeout
# is enabled on a stock cluster), through a Trigger's delivery.
def _delivery(**delivery: object) -> TriggerArgs:
    return TriggerArgs(broker="default", subscriber=SINK, delivery=delivery)


V = "delivery_types_test.go TestDeliverySpecValidation/"
NOT_A_DURATION = "1985-04-12T23:20:50.52Z"
DELIVERY = [
    Case(V + "nil is valid", lambda: TriggerArgs(broker="default", subscriber=SINK, delivery=None), ADMITTED),
    Case(V + "invalid time format", lambda: _delivery(backoff_delay="invalid time"), REFUSED, "TriggerArgs.delivery.backoff_delay"),
    Case(V + "invalid deadLetterSink", lambda: _delivery(dead_letter_sink={}), REFUSED, "TriggerArgs.delivery.dead_letter_sink"),
    Case(V + "valid timeout", lambda: _delivery(timeout="PT2S"), ADMITTED),
    Case(V + "invalid timeout", lambda: _delivery(timeout=NOT_A_DURATION), REFUSED, "TriggerArgs.delivery.timeout"),
    Case(V + "zero timeout", lambda: _delivery(timeout="PT0S"), REFUSED, "TriggerArgs.delivery.timeout", "is zero"),
    Case(V + "valid backoffPolicy", lambda: _delivery(backoff_policy="exponential"), ADMITTED),
    Case(V + "valid backoffDelay", lambda: _delivery(backoff_delay="PT2S"), ADMITTED),
    Case(V + "invalid backoffDelay", lambda: _delivery(backoff_delay=NOT_A_DURATION), REFUSED, "TriggerArgs.delivery.backoff_delay"),
    Case(V + "negative retry", lambda: _delivery(retry=-1), REFUSED, "TriggerArgs.delivery.retry"),
    Case(V + "valid retry 0", lambda: _delivery(retry=0), ADMITTED),
    Case(V + "valid retry 1", lambda: _delivery(retry=1), ADMITTED),
    Case(OURS + "more than 100 retries", lambda: _delivery(retry=101), ADMITTED, "TriggerArgs.delivery.retry", differs="bounded retries"),
]


# knative/eventing pkg/apis/eventing/v1/broker_validation_test.go TestValidate, TestValidSpec.
B = "broker_validation_test.go "
CONFIG = {"namespace": "namespace", "name": "name", "kind": "kind", "api_version": "apiversion"}
BROKER = [
    Case(B + "TestValidate/empty annotation", lambda: BrokerArgs(broker_class=""), REFUSED, "BrokerArgs.broker_class"),
    Case(B + "TestValidate/valid empty", lambda: BrokerArgs(delivery=None), ADMITTED),
    Case(B + "TestValidate/valid config", lambda: BrokerArgs(config=CONFIG, delivery=None), ADMITTED),
    Case(B + "TestValidate/valid config, no namespace", lambda: BrokerArgs(config={**CONFIG, "namespace": None}, delivery=None), ADMITTED),
    Case(B + "TestValidate/invalid config, missing name", lambda: BrokerArgs(config={**CONFIG, "name": ""}), REFUSED, "BrokerArgs.config.name"),
    Case(B + "TestValidate/invalid config, missing apiVersion", lambda: BrokerArgs(config={**CONFIG, "api_version": ""}), REFUSED,
         "BrokerArgs.config.api_version", "is empty"),
    Case(B + "TestValidate/invalid config, missing kind", lambda: BrokerArgs(config={**CONFIG, "kind": ""}), REFUSED, "BrokerArgs.config.kind", "is empty"),
    Case(B + "TestValidate/invalid delivery, invalid delay string", lambda: BrokerArgs(delivery={"backoff_delay": "invalid time"}), REFUSED,
         "BrokerArgs.delivery.backoff_delay"),
    Case(B + "TestValidate/valid config, cross namespace allowed, namespace wide",
         lambda: BrokerArgs(namespace="ns2", config={"kind": "ConfigMap", "namespace": "ns3", "name": "cm", "api_version": "v1"}, delivery=None), ADMITTED),
    Case(B + "TestValidSpec/valid delivery", lambda: BrokerArgs(config=CONFIG, delivery={"backoff_policy": "exponential"}), ADMITTED),
]


# knative/eventing pkg/apis/eventing/v1/trigger_validation_test.go TestTriggerSpecValidation, TestFilterSpecValidation.
def _trigger(**kwargs: object) -> TriggerArgs:
    return TriggerArgs(**{"broker": "test-broker", "subscriber": dest(name="subscriber-test", namespace="namespace"), **kwargs})


def _filters(*filters: object) -> TriggerArgs:
    return _trigger(filters=list(filters))


T = "trigger_validation_test.go TestTriggerSpecValidation/"
F = "trigger_validation_test.go TestFilterSpecValidation/"
SOURCE_AND_TYPE = {"type": "other_type", "source": "other_source"}
TYPE_FILTER = {"exact": {"type": "other_type"}}
TRIGGER = [
    Case(T + "invalid trigger spec", lambda: TriggerArgs(broker="", subscriber={}), REFUSED, "TriggerArgs.broker"),
    Case(T + "missing broker", lambda: _trigger(broker="", attributes=SOURCE_AND_TYPE), REFUSED, "TriggerArgs.broker"),
    Case(T + "missing attributes keys, match all", lambda: _trigger(attributes={}), ADMITTED),
    Case(T + "invalid attribute name, start with number", lambda: _trigger(attributes={"0invalid": "my-value"}), REFUSED, "TriggerArgs.attributes"),
    Case(T + "invalid attribute name, capital letters", lambda: _trigger(attributes={"invALID": "my-value"}), REFUSED, "TriggerArgs.attributes"),
    Case(T + "missing subscriber", lambda: _trigger(subscriber={}, attributes=SOURCE_AND_TYPE), REFUSED, "TriggerArgs.subscriber"),
    Case(T + "missing subscriber.ref.name", lambda: _trigger(subscriber=dest(name="", namespace="namespace"), attributes=SOURCE_AND_TYPE), REFUSED,
         "TriggerArgs.subscriber.ref.name"),
    Case(T + "valid SourceAndType filter", lambda: _trigger(attributes=SOURCE_AND_TYPE), ADMITTED),
    Case(T + "invalid delivery, invalid delay string", lambda: _trigger(delivery={"backoff_delay": "invalid time"}), REFUSED,
         "TriggerArgs.delivery.backoff_delay"),
    Case(F + "invalid exact filter attribute name, start with number", lambda: _filters({"exact": {"0invalid": "some-value"}}), REFUSED, "TriggerArgs.filters",
         "does not start with a letter"),
    Case(F + "invalid exact filter attribute name, capital letters", lambda: _filters({"exact": {"invALID": "some-value"}}), REFUSED, "TriggerArgs.filters.0.exact"),
    Case(F + "invalid multiple dialects", lambda: _filters({"exact": {"myext": "abc"}, "suffix": {"myext": "abc"}}), REFUSED, "TriggerArgs.filters.0",
         "exactly one of exact"),
    Case(F + "valid exact filter containing more than one attribute", lambda: _filters({"exact": {"myext": "abc", "anotherext": "xyz"}}), ADMITTED,
         "TriggerArgs.filters.0.exact", differs="one attribute per filter"),
    Case(F + "valid exact filter", lambda: _filters({"exact": {"valid": "abc"}}), ADMITTED),
    Case(F + "valid suffix filter containing more than one attribute", lambda: _filters({"suffix": {"myext": "abc", "anotherext": "xyz"}}), ADMITTED,
         "TriggerArgs.filters.0.suffix", differs="one attribute per filter"),
    Case(F + "suffix filter contains invalid attribute name", lambda: _filters({"suffix": {"invALID": "abc"}}), REFUSED, "TriggerArgs.filters.0.suffix"),
    Case(F + "valid suffix filter", lambda: _filters({"suffix": {"valid": "abc"}}), ADMITTED),
    Case(F + "valid prefix filter containing more than one attribute", lambda: _filters({"prefix": {"myext": "abc", "anotherext": "xyz"}}), ADMITTED,
         "TriggerArgs.filters.0.prefix", differs="one attribute per filter"),
    Case(F + "prefix filter contains invalid attribute name", lambda: _filters({"prefix": {"invALID": "abc"}}), REFUSED, "TriggerArgs.filters.0.prefix"),
    Case(F + "valid prefix filter", lambda: _filters({"prefix": {"valid": "abc"}}), ADMITTED),
    Case(F + "not nested expression is valid", lambda: _filters({"not": TYPE_FILTER}), ADMITTED),
    Case(F + "not nested expression is invalid", lambda: _filters({"not": {"prefix": {"invALID": "abc"}}}), REFUSED, "TriggerArgs.filters.0.not.prefix"),
    Case(F + "all filter is nil", lambda: _filters({}), ADMITTED, "TriggerArgs.filters.0", differs="filter entry without a dialect"),
    Case(F + "all filter is valid", lambda: _filters({"all": [TYPE_FILTER, {"exact": {"myattr": "myval"}}]}), ADMITTED),
    Case(F + "all filter sub expression is invalid", lambda: _filters({"all": [TYPE_FILTER, {"exact": {"myattr": "myval"}}, {"prefix": {"invALID": "abc"}}]}),
         REFUSED, "TriggerArgs.filters.0.all.2.prefix"),
    Case(F + "any filter is valid", lambda: _filters({"any": [TYPE_FILTER, {"exact": {"myattr": "myval"}}]}), ADMITTED),
    Case(F + "any filter sub expression is invalid", lambda: _filters({"any": [TYPE_FILTER, {"exact": {"myattr": "myval"}}, {"prefix": {"invALID": "abc"}}]}),
         REFUSED, "TriggerArgs.filters.0.any.2.prefix"),
    Case(F + "CE SQL with syntax error", lambda: _filters({"cesql": "this is wrong"}), REFUSED, differs="cesql syntax"),
    Case(F + "Valid CE SQL expression", lambda: _filters({"cesql": "type = 'dev.knative' AND ttl < 3"}), ADMITTED),
    Case(OURS + "filters and attributes together", lambda: _trigger(filters=[TYPE_FILTER], attributes=SOURCE_AND_TYPE), ADMITTED, "TriggerArgs",
         "set filters or attributes, not both", differs="filters and attributes together"),
    Case(OURS + "an empty all", lambda: _filters({"all": []}), ADMITTED, "TriggerArgs.filters.0.all", differs="empty all/any"),
    Case(OURS + "an empty any", lambda: _filters({"any": []}), ADMITTED, "TriggerArgs.filters.0.any", differs="empty all/any"),
    Case(OURS + "an empty exact value", lambda: _filters({"exact": {"type": ""}}), ADMITTED, "TriggerArgs.filters.0.exact", differs="empty filter value"),
    Case(OURS + "a filter attribute name longer than 20 characters", lambda: _filters({"exact": {"a" * 21: "x"}}), ADMITTED, "TriggerArgs.filters.0.exact",
         differs="CloudEvents attribute names"),
    Case(OURS + "a Broker name no Kubernetes object can have (the tables' test_broker)", lambda: _trigger(broker="test_broker"), ADMITTED,
         "TriggerArgs.broker", differs="Kubernetes object names"),
]


# knative/eventing pkg/apis/flows/v1 parallel_validation_test.go and sequence_validation_test.go.
FLOW_DEST = dest("testAPIVersion", "testKind", "test-name", "test-namespace")
NO_API_VERSION = {"ref": {**ref("testAPIVersion", "testKind", "test-name", "test-namespace"), "api_version": ""}}
VALID_DELIVERY = {"backoff_policy": "exponential"}
INVALID_DELIVERY = {"backoff_delay": "invalid delay"}


def _branch(**kwargs: object) -> dict[str, object]:
    return {"filter": FLOW_DEST, "subscriber": FLOW_DEST, "reply": FLOW_DEST, "delivery": VALID_DELIVERY, **kwargs}


def _step(**kwargs: object) -> dict[str, object]:
    return {"destination": FLOW_DEST, "delivery": VALID_DELIVERY, **kwargs}


P = "parallel_validation_test.go "
S = "sequence_validation_test.go "
FLOWS = [
    Case(P + "TestParallelValidate/valid", lambda: ParallelArgs(branches=[_branch()], reply=FLOW_DEST), ADMITTED),
    Case(P + "TestParallelValidate/invalid", lambda: ParallelArgs(branches=[], reply=FLOW_DEST), REFUSED, "ParallelArgs.branches"),
    Case(P + "TestParallelSpecValidate/branches with invalid filter", lambda: ParallelArgs(branches=[_branch(filter=NO_API_VERSION)], reply=FLOW_DEST),
         REFUSED, "ParallelArgs.branches.0.filter.ref.api_version"),
    Case(P + "TestParallelSpecValidate/branches with invalid subscriber", lambda: ParallelArgs(branches=[_branch(subscriber=NO_API_VERSION)], reply=FLOW_DEST),
         REFUSED, "ParallelArgs.branches.0.subscriber.ref.api_version"),
    Case(P + "TestParallelSpecValidate/branches with invalid reply", lambda: ParallelArgs(branches=[_branch(reply=NO_API_VERSION)], reply=FLOW_DEST),
         REFUSED, "ParallelArgs.branches.0.reply.ref.api_version"),
    Case(P + "TestParallelSpecValidate/invalid reply", lambda: ParallelArgs(branches=[_branch()], reply=NO_API_VERSION), REFUSED,
         "ParallelArgs.reply.ref.api_version"),
    Case(S + "TestSequenceValidate/valid", lambda: SequenceArgs(steps=[_step()], reply=FLOW_DEST), ADMITTED),
    Case(S + "TestSequenceValidate/invalid", lambda: SequenceArgs(steps=[], reply=FLOW_DEST), REFUSED, "SequenceArgs.steps"),
    Case(S + "TestSequenceSpecValidate/invalid steps", lambda: SequenceArgs(steps=[_step(delivery=INVALID_DELIVERY)], reply=FLOW_DEST), REFUSED,
         "SequenceArgs.steps.0.delivery.backoff_delay"),
    Case(S + "TestSequenceSpecValidate/invalid reply", lambda: SequenceArgs(steps=[_step()], reply=NO_API_VERSION), REFUSED,
         "SequenceArgs.reply.ref.api_version"),
    Case(S + "TestSequenceStepValidate/valid", lambda: SequenceArgs(steps=[_step()]), ADMITTED),
    Case(S + "TestSequenceStepValidate/invalid destination", lambda: SequenceArgs(steps=[_step(destination=NO_API_VERSION)]), REFUSED,
         "SequenceArgs.steps.0.destination.ref.api_version"),
    Case(S + "TestSequenceStepValidate/invalid delivery", lambda: SequenceArgs(steps=[_step(delivery=INVALID_DELIVERY)]), REFUSED,
         "SequenceArgs.steps.0.delivery.backoff_delay"),
    # Refused for the delivery; the empty apiVersion alone is the gap of the cases above.
    Case(S + "TestSequenceStepValidate/invalid destination & invalid delivery",
         lambda: SequenceArgs(steps=[_step(destination=NO_API_VERSION, delivery=INVALID_DELIVERY)]), REFUSED, "SequenceArgs.steps.0.delivery.backoff_delay"),
]


# knative/eventing pkg/apis/messaging/v1 channel, subscribable_channelable and subscription validation tests.
def _subscription(**kwargs: object) -> SubscriptionArgs:
    return SubscriptionArgs(**{"channel": CHANNEL, "subscriber": ROUTE, **kwargs})


C = "channel_validation_test.go TestChannelValidation/"
SC = "subscribable_channelable_validation_test.go validationTests/"
SU = "subscription_validation_test.go "
SS = SU + "TestSubscriptionSpecValidation/"
CHANNEL = ref("messaging.knative.dev/v1", "MyChannel", "subscribed-channel")
ROUTE = dest("serving.knative.dev/v1", "Route", "subscriber", "namespace")
REPLY = dest("messaging.knative.dev/v1", "MyChannel", "to-channel", "namespace")
EMPTY_CHANNEL = ref("", "", "")
MESSAGING = [
    Case(C + "invalid Delivery", lambda: ChannelArgs(delivery={"retry": 3, "backoff_policy": "exponential", "backoff_delay": "invalid-delay"}), REFUSED,
         "ChannelArgs.delivery.backoff_delay"),
    Case(C + "valid Delivery", lambda: ChannelArgs(delivery={"retry": 3, "backoff_policy": "exponential", "backoff_delay": "PT0.5S"}), ADMITTED),
    Case(C + "valid minimal spec", lambda: ChannelArgs(delivery=None), ADMITTED),
    Case(SC + "valid kref", lambda: _subscription(channel=ref("messaging.knative.dev/v1", "MyChannel", "boaty-mcboatface")), ADMITTED),
    Case(SC + "missing kind", lambda: _subscription(channel=ref("messaging.knative.dev/v1", "", "boaty-mcboatface")), REFUSED,
         "SubscriptionArgs.channel.kind"),
    Case(SC + "contains namespace", lambda: _subscription(channel=ref("messaging.knative.dev/v1", "MyChannel", "boaty-mcboatface", "my-namespace")),
         REFUSED, "SubscriptionArgs.channel.namespace"),
    Case(SU + "TestSubscriptionValidation/empty channel", lambda: SubscriptionArgs(channel=EMPTY_CHANNEL), REFUSED, "SubscriptionArgs.channel"),
    Case(SS + "valid minimal spec", lambda: _subscription(), ADMITTED),
    Case(SS + "valid with reply", lambda: _subscription(reply=REPLY), ADMITTED),
    Case(SS + "valid with delivery", lambda: _subscription(delivery={"retry": 3, "backoff_policy": "exponential", "backoff_delay": "PT0.5S"}), ADMITTED),
    Case(SS + "empty Channel", lambda: SubscriptionArgs(channel=EMPTY_CHANNEL), REFUSED, "SubscriptionArgs.channel"),
    Case(SS + "missing name in Channel", lambda: _subscription(channel={**CHANNEL, "name": ""}), REFUSED, "SubscriptionArgs.channel.name"),
    Case(SS + "missing Subscriber and Reply", lambda: SubscriptionArgs(channel=CHANNEL), REFUSED, "SubscriptionArgs.subscriber"),
    Case(SS + "empty Subscriber and Reply", lambda: _subscription(subscriber={}, reply={}), REFUSED, "SubscriptionArgs.subscriber"),
    Case(SS + "empty Reply", lambda: _subscription(reply={}), ADMITTED, "SubscriptionArgs.reply", differs="empty destination"),
    Case(SS + "missing Subscriber", lambda: SubscriptionArgs(channel=CHANNEL, reply=REPLY), REFUSED, "SubscriptionArgs.subscriber"),
    Case(SS + "empty Subscriber", lambda: _subscription(subscriber={}, reply=REPLY), REFUSED, "SubscriptionArgs.subscriber"),
    Case(SS + "missing name in channel, and missing subscriber", lambda: SubscriptionArgs(channel={**CHANNEL, "name": ""}), REFUSED,
         "SubscriptionArgs.channel.name"),
    Case(SS + "empty", lambda: SubscriptionArgs(), REFUSED, "SubscriptionArgs.channel"),
    Case(SS + "missing name in Subscriber.Ref", lambda: _subscription(subscriber=dest("messaging.knative.dev/v1", "MyChannel", "", "namespace")), REFUSED,
         "SubscriptionArgs.subscriber.ref.name"),
    Case(SS + "empty name in Subscriber.Ref", lambda: _subscription(reply=dest("messaging.knative.dev/v1", "MyChannel", "", "namespace")), REFUSED,
         "SubscriptionArgs.reply.ref.name"),
    Case(SS + "invalid Delivery", lambda: _subscription(delivery={"retry": 3, "backoff_policy": "exponential", "backoff_delay": "invalid-delay"}), REFUSED,
         "SubscriptionArgs.delivery.backoff_delay"),
    Case(SS + "non-empty Channel namespace", lambda: _subscription(channel={**CHANNEL, "namespace": "subscribed-channel-namespace"}), REFUSED,
         "SubscriptionArgs.channel.namespace"),
    Case(SU + "TestValidChannel/missing name", lambda: _subscription(channel={**CHANNEL, "name": ""}), REFUSED, "SubscriptionArgs.channel.name"),
    Case(SU + "TestValidChannel/missing apiVersion", lambda: _subscription(channel={**CHANNEL, "api_version": ""}), REFUSED,
         "SubscriptionArgs.channel.api_version"),
]


# knative/eventing pkg/apis/sources/v1 apiserver, container, ping and sinkbinding validation tests.
def _apiserver(**kwargs: object) -> ApiServerSourceArgs:
    return ApiServerSourceArgs(**{
        "mode": "Resource", "resources": [{"api_version": "v1", "kind": "Foo"}], "sink": dest("v1", "broker", "default"),
        "service_account_name": "watcher", **kwargs,
    })


def _container(**kwargs: object) -> ContainerSourceArgs:
    return ContainerSourceArgs(**{"image": IMAGE, "sink": dest("eventing.knative.dev/v1", "Broker", "default"), "service_account_name": "sender", **kwargs})


def _ping(**kwargs: object) -> PingSourceArgs:
    return PingSourceArgs(**{"schedule": "*/2 * * * *", "sink": dest("v1", "broker", "default"), **kwargs})


def _binding(**kwargs: object) -> SinkBindingArgs:
    return SinkBindingArgs(**{
        "binding_name": "matt", "namespace": "moore", "subject": {"api_version": "apps/v1", "kind": "Deployment", "name": "jeanne", "namespace": "moore"},
        "sink": dest(name="gemma", namespace="namespace"), **kwargs,
    })


AS = "apiserver_validation_test.go TestAPIServerValidation/"
CS = "container_validation_test.go TestContainerSourceValidation/"
PS = "ping_validation_test.go TestPingSourceValidation/"
SB = "sinkbinding_validation_test.go TestSinkBindingValidation/"
BAD_EXTENSION = {"Invalid_type": "any value"}
BIG = '"' + "a" * 4998 + '"'
SOURCES = [
    Case(AS + "valid spec", lambda: _apiserver(), ADMITTED),
    Case(AS + "empty sink", lambda: _apiserver(sink={}), REFUSED, "ApiServerSourceArgs.sink"),
    Case(AS + "invalid mode", lambda: _apiserver(mode="Test"), REFUSED, "ApiServerSourceArgs.mode"),
    Case(AS + "invalid apiVersion", lambda: _apiserver(resources=[{"api_version": "v1/v2/v3", "kind": "Foo"}]), REFUSED,
         "ApiServerSourceArgs.resources.0.api_version"),
    Case(AS + "missing kind", lambda: _apiserver(resources=[{"api_version": "v1", "kind": ""}]), REFUSED, "ApiServerSourceArgs.resources.0.kind"),
    Case(AS + "empty resources", lambda: _apiserver(resources=[]), REFUSED, "ApiServerSourceArgs.resources"),
    Case(OURS + "an empty watched apiVersion", lambda: _apiserver(resources=[{"api_version": "", "kind": "Foo"}]), ADMITTED,
         "ApiServerSourceArgs.resources.0.api_version", differs="empty watched apiVersion"),
    Case(CS + "missing container image", lambda: _container(image=""), REFUSED, "ContainerSourceArgs.image"),
    Case(CS + "empty sink", lambda: _container(sink={}), REFUSED, "ContainerSourceArgs.sink"),
    Case(CS + "invalid spec ceOverrides validation", lambda: _container(ce_extensions=BAD_EXTENSION), REFUSED, "ContainerSourceArgs.ce_extensions"),
    Case(OURS + "an extension name with an uppercase letter", lambda: _container(ce_extensions={"Team": "orders"}), ADMITTED,
         "ContainerSourceArgs.ce_extensions", differs="CloudEvents attribute names"),
    Case(OURS + "an extension named like a context attribute", lambda: _container(ce_extensions={"source": "x"}), ADMITTED,
         "ContainerSourceArgs.ce_extensions", differs="CloudEvents attribute names"),
    Case(PS + "valid spec", lambda: _ping(), ADMITTED),
    Case(PS + "valid spec with schedule every 5 seconds", lambda: _ping(schedule="0/5 * * * * *"), ADMITTED),
    Case(PS + "valid spec with schedule including seconds", lambda: _ping(schedule="10 0/5 * * * ?"), ADMITTED),
    Case(PS + "valid spec with timezone", lambda: _ping(timezone="Europe/Paris"), ADMITTED),
    Case(PS + "valid spec with invalid timezone", lambda: _ping(timezone="Knative/Land"), REFUSED, "PingSourceArgs.timezone"),
    Case(PS + "empty sink", lambda: _ping(sink={}), REFUSED, "PingSourceArgs.sink"),
    Case(PS + "invalid schedule", lambda: _ping(schedule="2"), REFUSED, "PingSourceArgs.schedule"),
    Case(PS + "valid spec with data", lambda: _ping(content_type="application/json", data='{"msg": "Hello World"}'), ADMITTED),
    Case(PS + "valid spec with dataBase64", lambda: _ping(content_type="text/plain", data_base64="SGVsbG8gV29ybGQu"), ADMITTED),
    Case(PS + "invalid spec with data and dataBase64 both set", lambda: _ping(content_type="text/plain", data="Hello world", data_base64="SGVsbG8gV29ybGQu"),
         REFUSED, "PingSourceArgs.data_base64"),
    Case(PS + "invalid spec: dataBase64 is invalid base64 string", lambda: _ping(content_type="text/plain", data_base64="$$$ invalid base64 string $$$"),
         REFUSED, "PingSourceArgs.data_base64"),
    Case(PS + "invalid spec: contentType=application/json, data is invalid JSON format", lambda: _ping(content_type="application/json", data="Invalid JSON"),
         REFUSED, "PingSourceArgs.data"),
    Case(PS + "invalid spec: contentType=application/json, decoded dataBase64 is invalid JSON format",
         lambda: _ping(content_type="application/json", data_base64=base64.b64encode(b"Invalid JSON").decode()), REFUSED, "PingSourceArgs.data_base64"),
    Case(PS + "big data ok", lambda: _ping(content_type="text/plain", data=BIG), ADMITTED),
    Case(PS + "big data still ok", lambda: _ping(content_type="text/plain", data=BIG), ADMITTED),
    Case(PS + "unsupported @every descriptor", lambda: _ping(schedule="@every 2h"), REFUSED, "PingSourceArgs.schedule"),
    Case(PS + "unsupported @every descriptor with TZ", lambda: _ping(schedule="@every 2h", timezone="Europe/Paris"), REFUSED, "PingSourceArgs.schedule"),
    Case(PS + "invalid spec ceOverrides validation", lambda: _ping(timezone="Europe/Paris", ce_extensions=BAD_EXTENSION), REFUSED, "PingSourceArgs.ce_extensions"),
    Case(OURS + "data that is not JSON with a +json content type", lambda: _ping(content_type="application/cloudevents+json", data="not JSON"), ADMITTED,
         "PingSourceArgs.data", differs="JSON data for +json media types"),
    Case(OURS + "a time zone inside the schedule", lambda: _ping(schedule="CRON_TZ=Europe/Paris */2 * * * *"), ADMITTED, "PingSourceArgs.schedule",
         differs="time zone inside the schedule"),
    Case(SB + "missing subject namespace", lambda: _binding(subject={"api_version": "apps/v1", "kind": "Deployment", "name": "jeanne"}), ADMITTED,
         defaulted="sinkbinding_defaults.go SinkBinding.SetDefaults sets subject.namespace to the binding's"),
    Case(SB + "invalid subject namespace",
         lambda: _binding(subject={"api_version": "apps/v1", "kind": "Deployment", "name": "jeanne", "namespace": "lorefice"}), REFUSED,
         "SinkBindingArgs.subject.namespace"),
    Case(SB + "missing sink information", lambda: _binding(sink={}), REFUSED, "SinkBindingArgs.sink"),
    Case(SB + "invalid spec ceOverrides validation", lambda: _binding(binding_name="gabo", namespace="test",
         subject={"api_version": "apps/v1", "kind": "Deployment", "name": "jeanne", "namespace": "test"}, ce_extensions=BAD_EXTENSION), REFUSED,
         "SinkBindingArgs.ce_extensions"),
]


# eventing-kafka-broker control-plane/pkg/apis/sources/v1beta1/kafka_validation_test.go TestKafka_Validate.
def _kafka(**kwargs: object) -> KafkaSourceArgs:
    return KafkaSourceArgs(**{
        "bootstrap_servers": ["kafka:9092"], "topics": ["test-topic"], "consumer_group": "ks-group",
        "sink": dest("v1", "Service", "test-service", "test-service-name"), **kwargs,
    })


K = "kafka_validation_test.go TestKafka_Validate/"
KAFKA = [
    Case(K + "no bootstrap servers", lambda: _kafka(bootstrap_servers=[]), REFUSED, "KafkaSourceArgs.bootstrap_servers"),
    Case(K + "no topics", lambda: _kafka(topics=[]), REFUSED, "KafkaSourceArgs.topics"),
    Case(K + "invalid ordering", lambda: _kafka(ordering="badOrder"), REFUSED, "KafkaSourceArgs.ordering"),
    Case(K + "valid ordering", lambda: _kafka(ordering="ordered"), ADMITTED),
    Case(K + "invalid initialOffset", lambda: _kafka(initial_offset="badbOffset"), REFUSED, "KafkaSourceArgs.initial_offset"),
    Case(OURS + "a topic name Kafka refuses", lambda: _kafka(topics=["test topic"]), ADMITTED, "KafkaSourceArgs.topics",
         differs="Kafka names and addresses"),
]

CASES = DESTINATION + DELIVERY + BROKER + TRIGGER + FLOWS + MESSAGING + SOURCES + KAFKA


@pytest.mark.parametrize("case", params(CASES))
def test_eventing_objects_are_admitted_or_refused_as_the_webhook_would(case: Case) -> None:
    judge(case)
