"""The outputs the adapters declare: what each component registers, typed and described.

A component's outputs for other languages are exactly what it passes to ``register_outputs``
(:attr:`eventing_platform.component.Component.registered_outputs`); this table gives each its
type and description in the schema. :mod:`.generate` fails when a component registers an
output missing here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class OutputSpec:
    """One output as the schema shows it."""

    type: str
    """The Python type of its value, as the adapter's annotation spells it (``str``, ``list[str]``)."""
    description: str
    """What it holds, in one or two sentences."""
    optional: bool = False
    """True when the component may register ``None`` for it (then it is absent)."""


_ADDRESS = (
    "The address events are sent to (`status.address.url`; the cluster-local address until the "
    "status is known)."
)
_KUBECONFIG = "A kubeconfig for the cluster (a secret)."

OUTPUTS: Mapping[str, OutputSpec] = {
    "access_key_id": OutputSpec("str", "The AccessKey's ID (a secret)."),
    "arn": OutputSpec("str", "The queue's ARN (`acs:mns:<region>:<account>:queues/<name>`), e.g. for a dead-letter target."),
    "binding_name": OutputSpec("str", "`metadata.name` of the SinkBinding."),
    "broker_name": OutputSpec("str", "`metadata.name` of the Broker (what a Trigger's `broker` takes)."),
    "bucket_name": OutputSpec("str", "The bucket's name."),
    "channel_name": OutputSpec("str", "`metadata.name` of the Channel."),
    "cluster_id": OutputSpec("str", "The cluster's ID."),
    "consumer_groups": OutputSpec("list[str]", "The consumer groups created, by name."),
    "email": OutputSpec("str", "The Google service account's email."),
    "event_source_name": OutputSpec("str", "The EventBridge event source's name."),
    "endpoint": OutputSpec("str", "The endpoint clients connect to."),
    "event_bus_name": OutputSpec("str", "The event bus's name."),
    "filter_pattern": OutputSpec("str", "The rule's event pattern as the JSON text EventBridge stores."),
    "filter_summary": OutputSpec("str", "The Trigger's filter in one line, e.g. `type = order.created`."),
    "instance_id": OutputSpec("str", "The instance's ID."),
    "instance_name": OutputSpec("str", "The instance's name."),
    "kubeconfig": OutputSpec("str", _KUBECONFIG),
    "kubernetes_service_account_name": OutputSpec("str", "The Kubernetes service account bound to the Google service account."),
    "mode": OutputSpec("str", "How the workload gets credentials: `rrsa` or `access-key`."),
    "namespace_name": OutputSpec("str", "The namespace's name."),
    "parallel_name": OutputSpec("str", "`metadata.name` of the Parallel."),
    "path": OutputSpec("str", "The full resource path (`projects/<project>/...`)."),
    "policy_name": OutputSpec("str", "The RAM policy's name."),
    "provides": OutputSpec("list[str]", "The prerequisites the install provides (ids of the catalogue of installs)."),
    "queue_name": OutputSpec("str", "The queue's name."),
    "role_arn": OutputSpec("str", "The RAM role's ARN."),
    "role_name": OutputSpec("str", "The RAM role's name."),
    "rule_name": OutputSpec("str", "The rule's name."),
    "sasl_endpoint": OutputSpec("str", "The instance's SASL endpoint."),
    "secret_name": OutputSpec("str", "`metadata.name` of the Secret."),
    "sequence_name": OutputSpec("str", "`metadata.name` of the Sequence."),
    "service_account_name": OutputSpec("str", "`metadata.name` of the ServiceAccount."),
    "service_agent": OutputSpec("str", "The IAM member of the service agent that was granted access (`serviceAccount:...`)."),
    "service_name": OutputSpec("str", "`metadata.name` of the Knative Service."),
    "services": OutputSpec("list[str]", "The APIs enabled, sorted."),
    "source_name": OutputSpec("str", "`metadata.name` of the source object."),
    "subscription_name": OutputSpec("str", "The subscription's name."),
    "tables": OutputSpec("list[str]", "The tables created, by name."),
    "topic_name": OutputSpec("str", "The topic's name."),
    "topics": OutputSpec("list[str]", "The topics created, by name."),
    "trigger_name": OutputSpec("str", "`metadata.name` of the Trigger."),
    "url": OutputSpec("str", _ADDRESS),
    "user_name": OutputSpec("str", "The RAM user's name."),
    "workload_name": OutputSpec("str", "`metadata.name` of the Deployment and the Service."),
    "workload_pool": OutputSpec("str", "The cluster's Workload Identity pool (`<project>.svc.id.goog`)."),
}
"""Outputs by name, as most components mean them."""

COMPONENT_OUTPUTS: Mapping[tuple[str, str], OutputSpec] = {
    ("BucketNotification", "topic_name"): OutputSpec("str", "The topic notified, as `projects/<project>/topics/<id>`."),
    ("ContainerWorkload", "url"): OutputSpec(
        "str", "The load balancer's address for a `LoadBalancer` Service, else the Service's cluster-local address.",
    ),
    ("EventarcGkeTrigger", "service_account"): OutputSpec("str", "The email of the Google service account the trigger runs as."),
    ("EventarcGkeTrigger", "trigger_name"): OutputSpec("str", "The Eventarc trigger's name."),
    ("GcsBucket", "url"): OutputSpec("str", "The bucket's `gs://` URL."),
    ("GkeAutopilotCluster", "endpoint"): OutputSpec("str", "The cluster's API server address."),
    ("GkeAutopilotCluster", "kubeconfig"): OutputSpec(
        "str", "A kubeconfig for the cluster that authenticates with `gke-gcloud-auth-plugin` (a secret)."
    ),
    ("KnativeService", "url"): OutputSpec(
        "str", "The Service's URL (`status.url`; the cluster-local address until the status is known)."
    ),
    ("OssWorkloadIdentity", "role_arn"): OutputSpec(
        "str", "The RRSA role's ARN (absent with `mode: access-key`).", optional=True
    ),
    ("PubSubSubscription", "path"): OutputSpec("str", "The subscription's path, `projects/<project>/subscriptions/<id>`."),
    ("PubSubTopic", "path"): OutputSpec("str", "The topic's path, `projects/<project>/topics/<id>`."),
    ("RocketMQ", "endpoint"): OutputSpec("str", "The instance's VPC endpoint."),
    ("Tablestore", "endpoint"): OutputSpec(
        "str", "The instance's VPC endpoint, e.g. `https://<instance>.<region>.vpc.tablestore.aliyuncs.com`."
    ),
}
"""Outputs that mean something more specific for one component: ``(component, output)``."""


def output_spec(component: str, name: str) -> OutputSpec:
    """The schema form of ``component``'s output ``name``; ``KeyError`` when there is none."""
    return COMPONENT_OUTPUTS.get((component, name)) or OUTPUTS[name]
