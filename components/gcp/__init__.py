"""Google Cloud components (needs the ``gcp`` extra: ``pulumi-gcp``).

Cloud Storage buckets and their Pub/Sub notifications, Pub/Sub topics and subscriptions with
dead-lettering, Workload Identity service accounts, enabled APIs, GKE Autopilot clusters and
Eventarc triggers into GKE.

Names are imported lazily, so ``eventing_platform.gcp.names`` (the naming rules, which the
knative-gcp sources reuse) loads without ``pulumi_gcp``.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BucketNotification": "notification",
    "BucketNotificationArgs": "notification",
    "DeadLetterSettings": "pubsub",
    "EventarcGkeTrigger": "eventarc",
    "EventarcGkeTriggerArgs": "eventarc",
    "GcsBucket": "bucket",
    "GcsBucketArgs": "bucket",
    "GkeAutopilotCluster": "gke",
    "GkeAutopilotClusterArgs": "gke",
    "IamGrant": "identity",
    "LifecycleRule": "bucket",
    "ProjectServices": "services",
    "ProjectServicesArgs": "services",
    "PubSubSubscription": "pubsub",
    "PubSubSubscriptionArgs": "pubsub",
    "PubSubTopic": "pubsub",
    "PubSubTopicArgs": "pubsub",
    "RetryPolicy": "pubsub",
    "WorkloadIdentity": "identity",
    "WorkloadIdentityArgs": "identity",
    "gke_kubeconfig": "gke",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
