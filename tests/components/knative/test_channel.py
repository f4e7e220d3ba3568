"""Channel: InMemoryChannel or KafkaChannel template, delivery, address."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    Channel,
    ChannelArgs,
    DeliveryPolicy,
    Destination,
    KafkaChannelSettings,
)
from tests.support.offline import objects_of, one, run_components

DLS = Destination.service("dead-letter", "apps")


def test_in_memory_channel_uses_the_imc_template_and_delivery():
    record = run_components(lambda: Channel("events", ChannelArgs(namespace="apps", delivery=DeliveryPolicy(dead_letter_sink=DLS))))
    ch = one(objects_of(record, "Channel"))
    assert ch["spec"]["channelTemplate"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}
    assert ch["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"


def test_kafka_channel_uses_the_kafka_template_with_topic_settings():
    args = ChannelArgs(kind="kafka", kafka=KafkaChannelSettings(num_partitions=6, replication_factor=3, retention_duration="PT24H"))
    record = run_components(lambda: Channel("events", args))
    template = one(objects_of(record, "Channel"))["spec"]["channelTemplate"]
    assert template == {
        "apiVersion": "messaging.knative.dev/v1beta1", "kind": "KafkaChannel",
        "spec": {"numPartitions": 6, "replicationFactor": 3, "retentionDuration": "PT24H"},
    }


def test_channel_url_output_is_its_address():
    record = run_components(lambda: {"url": Channel("events", ChannelArgs(namespace="apps")).url})
    assert record.outputs["url"] == "http://events-kn-channel.apps.svc.cluster.local"


def test_channel_rejects_unknown_kind():
    with pytest.raises(ArgsError, match="ChannelArgs.kind.*'in-memory' or 'kafka'"):
        ChannelArgs(kind="nats")
