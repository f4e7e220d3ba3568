"""KafkaSource: servers, topics, consumer group, SASL/TLS from Secrets, offsets, delivery."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    DeliveryPolicy,
    Destination,
    KafkaSasl,
    KafkaSource,
    KafkaSourceArgs,
    KafkaTls,
)
from eventing_platform.kubernetes import SecretKeyRef
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

SINK = Destination.service("test-barrage-process", "barrage")
BASE = {"bootstrap_servers": "k1.example.com:9094,k2.example.com:9094", "topics": ["barrage-info"], "sink": SINK}


def render(**kwargs) -> dict:
    args = KafkaSourceArgs(**{**BASE, "namespace": "barrage", **kwargs})
    record = run_components(lambda: KafkaSource("barrage-source", args))
    return one(objects_of(record, "KafkaSource"))


def test_minimal_source_splits_servers_and_retries_by_default():
    src = render()
    assert src["apiVersion"] == "sources.knative.dev/v1beta1"
    assert src["metadata"]["name"] == "barrage-source"
    assert src["spec"] == {
        "bootstrapServers": ["k1.example.com:9094", "k2.example.com:9094"],
        "topics": ["barrage-info"],
        "initialOffset": "latest",
        "sink": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "test-barrage-process", "namespace": "barrage"}},
        "delivery": {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"},
    }


def test_every_option_is_rendered():
    src = render(
        bootstrap_servers=["a.example.com:9093", "b.example.com:9093,c.example.com:9093"],
        topics=["t1", "t2"], consumer_group="barrage-process", initial_offset="earliest",
        consumers=3, ordering="ordered", ce_extensions={"tenant": "demo"}, source_name="src", labels={"app": "barrage"},
        sasl=KafkaSasl.from_secret("kafka-auth"),
        tls=KafkaTls(ca_cert=SecretKeyRef(name="kafka-ca", key="ca.crt"), cert=SecretKeyRef(name="kafka-mtls", key="tls.crt"), key=SecretKeyRef(name="kafka-mtls", key="tls.key")),
        delivery=DeliveryPolicy(retry=2, dead_letter_sink=Destination.service("dead-letter"), timeout="PT10S"),
    )
    spec = src["spec"]
    assert src["metadata"]["name"] == "src" and src["metadata"]["labels"]["app"] == "barrage"
    assert spec["bootstrapServers"] == ["a.example.com:9093", "b.example.com:9093", "c.example.com:9093"]
    assert spec["topics"] == ["t1", "t2"] and spec["consumerGroup"] == "barrage-process"
    assert spec["initialOffset"] == "earliest" and spec["consumers"] == 3 and spec["ordering"] == "ordered"
    assert spec["ceOverrides"] == {"extensions": {"tenant": "demo"}}
    assert spec["net"]["sasl"] == {
        "enable": True,
        "user": {"secretKeyRef": {"name": "kafka-auth", "key": "user"}},
        "password": {"secretKeyRef": {"name": "kafka-auth", "key": "password"}},
        "type": {"secretKeyRef": {"name": "kafka-auth", "key": "saslType"}},
    }
    assert spec["net"]["tls"] == {
        "enable": True,
        "caCert": {"secretKeyRef": {"name": "kafka-ca", "key": "ca.crt"}},
        "cert": {"secretKeyRef": {"name": "kafka-mtls", "key": "tls.crt"}},
        "key": {"secretKeyRef": {"name": "kafka-mtls", "key": "tls.key"}},
    }
    assert spec["delivery"]["timeout"] == "PT10S"


def test_sasl_keys_are_configurable_and_mechanism_optional():
    sasl = KafkaSasl.from_secret("auth", user_key="username", password_key="pw", type_key=None).render()
    assert sasl == {"enable": True, "user": {"secretKeyRef": {"name": "auth", "key": "username"}}, "password": {"secretKeyRef": {"name": "auth", "key": "pw"}}}


def test_tls_with_system_roots_only_enables_tls():
    assert KafkaTls().render() == {"enable": True}


def test_servers_from_an_output_are_split_when_resolved():
    def build():
        KafkaSource("s", KafkaSourceArgs(**{**BASE, "bootstrap_servers": pulumi.Output.from_input("x-1.vpc:9094,x-2.vpc:9094")}))

    src = one(objects_of(run_components(build), "KafkaSource"))
    assert src["spec"]["bootstrapServers"] == ["x-1.vpc:9094", "x-2.vpc:9094"]


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"topics": [""]}, "topics.0", "not a Kafka topic name"),
        ({"topics": []}, "topics", "at least 1"),
        ({"topics": ["a", "a"]}, "topics", "repeat"),
        ({"topics": ["bad topic"]}, "topics.0", "not a Kafka topic name"),
        ({"topics": ["barrage-info\n"]}, "topics.0", "not a Kafka topic name"),
        ({"bootstrap_servers": []}, "bootstrap_servers", "at least one broker"),
        ({"bootstrap_servers": " , "}, "bootstrap_servers", "at least one broker"),
        ({"bootstrap_servers": "kafka.example.com"}, "bootstrap_servers", "not 'host:port'"),
        ({"consumers": 0}, "consumers", "greater than or equal to 1"),
        ({"initial_offset": "newest"}, "initial_offset", "'earliest' or 'latest'"),
        ({"consumer_group": "bad group"}, "consumer_group", "pattern"),
        ({"ce_extensions": {"Bad-Name": "x"}}, "ce_extensions", "not a CloudEvents attribute name"),
        ({"tls": KafkaTls.model_construct(cert=SecretKeyRef(name="c", key="k"))}, "tls", "cert and key go together"),
    ],
)
def test_bad_source_args_are_rejected_with_field_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        KafkaSourceArgs(**{**BASE, **kwargs})
    assert f"KafkaSourceArgs.{field}" in str(info.value)
    assert fragment in str(info.value)


def test_mutual_tls_needs_both_cert_and_key():
    with pytest.raises(ArgsError, match="cert and key go together"):
        KafkaTls(cert=SecretKeyRef(name="c", key="tls.crt"))


@requires_crds
def test_full_option_source_passes_the_strict_crd_check():
    validate_object(render(
        consumer_group="g1", sasl=KafkaSasl.from_secret("auth"), tls=KafkaTls(ca_cert=SecretKeyRef(name="ca", key="ca.crt")),
        consumers=2, ordering="unordered", ce_extensions={"tenant": "t"},
        delivery=DeliveryPolicy(dead_letter_sink=Destination.service("dead-letter"), timeout="PT5S"),
    ))
