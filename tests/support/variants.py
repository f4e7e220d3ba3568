"""Configs of the shipped stacks' opt-in paths, shared by the tests that plan them.

Each is ``{"config": {...}, "secrets": {...}}`` as :func:`tests.support.offline.plan` takes them.
"""

from __future__ import annotations

from typing import Any

ROCKETMQ_SOURCE: dict[str, Any] = {
    "config": {
        "event_path": "rocketmq-source",
        "rocketmq4_instance_id": "MQ_INST_1234567890_BXhFHryi",
        "rocketmq4_endpoint": "http://MQ_INST_1234567890_BXhFHryi.cn-hangzhou.mq-internal.aliyuncs.com:8080",
        "provided_kinds": '["rocketmq-source"]',
    },
    "secrets": {"rocketmq_access_key_id": "ak-id-placeholder", "rocketmq_access_key_secret": "ak-secret-placeholder"},
}
"""rocketmq-orders with the seed's RocketMQSource (an existing 4.x instance, the ACK component declared)."""

KNATIVE_GCP: dict[str, Any] = {"config": {"event_path": "knative-gcp", "provided_kinds": '["knative-gcp"]'}}
"""gcs-vision with the seed's knative-gcp CloudPubSubSource on a cluster that runs knative-gcp."""
