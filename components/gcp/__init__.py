"""Google Cloud components (needs the ``gcp`` extra: ``pulumi-gcp``).

Cloud Storage buckets and their Pub/Sub notifications, Pub/Sub topics and subscriptions with
dead-lettering, Workload Identity service accounts, enabled APIs, GKE Autopilot clusters and
Eventarc triggers into GKE.

Names are imported on first use (:mod:`eventing_platform.lazy_exports`), so
``eventing_platform.gcp.names`` (the naming rules, which the knative-gcp sources reuse) loads
without ``pulumi_gcp``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy_exports import lazy_exports

if TYPE_CHECKING:
    from .bucket import GcsBucket, GcsBucketArgs, LifecycleRule
    from .eventarc import EventarcGkeTrigger, EventarcGkeTriggerArgs
    from .gke import GkeAutopilotCluster, GkeAutopilotClusterArgs, gke_kubeconfig
    from .identity import IamGrant, WorkloadIdentity, WorkloadIdentityArgs
    from .notification import BucketNotification, BucketNotificationArgs
    from .pubsub import (
        DeadLetterSettings,
        PubSubSubscription,
        PubSubSubscriptionArgs,
        PubSubTopic,
        PubSubTopicArgs,
        RetryPolicy,
    )
    from .services import ProjectServices, ProjectServicesArgs

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
"""Public name -> the submodule that defines (or re-exports) it."""

__all__ = [
    "BucketNotification",
    "BucketNotificationArgs",
    "DeadLetterSettings",
    "EventarcGkeTrigger",
    "EventarcGkeTriggerArgs",
    "GcsBucket",
    "GcsBucketArgs",
    "GkeAutopilotCluster",
    "GkeAutopilotClusterArgs",
    "IamGrant",
    "LifecycleRule",
    "ProjectServices",
    "ProjectServicesArgs",
    "PubSubSubscription",
    "PubSubSubscriptionArgs",
    "PubSubTopic",
    "PubSubTopicArgs",
    "RetryPolicy",
    "WorkloadIdentity",
    "WorkloadIdentityArgs",
    "gke_kubeconfig",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
