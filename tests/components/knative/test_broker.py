"""Broker: class annotation, config, delivery, address."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import Broker, BrokerArgs, BrokerConfig, DeliveryPolicy, Destination
from eventing_platform.knative.broker import BROKER_CLASS_ANNOTATION
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

DLS = Destination.service("dead-letter", "apps")


def render(**kwargs) -> tuple[dict, dict]:
    record = run_components(lambda: {"url": Broker("orders", BrokerArgs(namespace="apps", **kwargs)).url})
    return one(objects_of(record, "Broker")), record.outputs


def test_default_broker_is_channel_based_with_reliable_delivery():
    broker, outputs = render()
    assert broker["apiVersion"] == "eventing.knative.dev/v1"
    assert broker["metadata"]["name"] == "orders" and broker["metadata"]["namespace"] == "apps"
    assert broker["metadata"]["annotations"] == {BROKER_CLASS_ANNOTATION: "MTChannelBasedBroker"}
    assert broker["spec"] == {"delivery": {"retry": 5, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S"}}
    assert outputs["url"] == "http://broker-ingress.knative-eventing.svc.cluster.local/apps/orders"


def test_kafka_class_defaults_to_the_kafka_broker_config_map():
    broker, _ = render(broker_class="Kafka")
    assert broker["metadata"]["annotations"][BROKER_CLASS_ANNOTATION] == "Kafka"
    assert broker["spec"]["config"] == {"apiVersion": "v1", "kind": "ConfigMap", "name": "kafka-broker-config", "namespace": "knative-eventing"}


def test_explicit_config_delivery_name_and_labels_are_rendered():
    broker, _ = render(
        broker_name="order", labels={"team": "orders"},
        config=BrokerConfig.configmap("config-br-default-channel"),
        delivery=DeliveryPolicy(retry=3, backoff_policy="linear", backoff_delay="PT1S", dead_letter_sink=DLS),
    )
    assert broker["metadata"]["name"] == "order" and broker["metadata"]["labels"]["team"] == "orders"
    assert broker["spec"]["config"]["name"] == "config-br-default-channel"
    assert broker["spec"]["delivery"]["deadLetterSink"] == {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dead-letter", "namespace": "apps"}}
    assert broker["spec"]["delivery"]["retry"] == 3


def test_delivery_can_be_left_to_the_cluster_default():
    broker, _ = render(delivery=None)
    assert "delivery" not in broker["spec"]


def test_destination_points_at_the_broker_object():
    seen = {}

    def build():
        seen["dest"] = Broker("orders", BrokerArgs(broker_name="order", namespace="apps")).destination

    run_components(build)
    assert seen["dest"].render() == {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "order", "namespace": "apps"}}


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"broker_class": "InMemory"}, "'MTChannelBasedBroker' or 'Kafka'"),
        ({"broker_class": "Kafka", "config": BrokerConfig(name="x", kind="Secret")}, "reads a ConfigMap"),
        ({"broker_name": "Orders"}, "RFC 1123 label"),
        ({"config": {"name": "Bad_Name"}}, "RFC 1123 subdomain"),
        ({"config": {"name": "x", "kind": ""}}, "BrokerArgs.config.kind: is empty, which Knative refuses"),
        ({"config": {"name": "x", "api_version": " "}}, "BrokerArgs.config.api_version: is empty, which Knative refuses"),
    ],
)
def test_bad_broker_args_are_rejected_with_the_field_named(kwargs, fragment):
    with pytest.raises(ArgsError, match="BrokerArgs") as info:
        BrokerArgs(**kwargs)
    assert fragment in str(info.value)


def test_a_bad_component_name_is_rejected_before_registration():
    with pytest.raises(ArgsError, match="Broker.name"):
        run_components(lambda: Broker("Bad_Name", BrokerArgs()))


@requires_crds
@pytest.mark.parametrize("broker_class", ["MTChannelBasedBroker", "Kafka"])
def test_rendered_broker_passes_the_strict_crd_check(broker_class):
    broker, _ = render(broker_class=broker_class, delivery=DeliveryPolicy(dead_letter_sink=DLS, timeout="PT5S"))
    validate_object(broker)
