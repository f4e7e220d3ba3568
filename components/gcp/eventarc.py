"""An Eventarc trigger delivering a Pub/Sub topic's messages, as CloudEvents, to a Service in a GKE cluster.

What replaces knative-gcp's CloudPubSubSource (archived upstream) with a component Google
maintains: Eventarc Standard (GA) creates and owns the Pub/Sub subscription on the topic and, for
each message, POSTs a ``google.cloud.pubsub.topic.v1.messagePublished`` CloudEvent whose data is
the Pub/Sub push body (``{subscription, message{data, attributes, messageId, publishTime}}``: what
CloudPubSubSource sent, so consumers do not change) to ``http://<service>.<namespace><path>`` in
the cluster, through an event forwarder Eventarc runs there. GKE as a destination is **Preview**
(Pre-GA terms), needs Workload Identity (on by default on Autopilot) and a cluster with a public
endpoint (docs.cloud.google.com/eventarc/standard/docs/overview,
``.../eventarc/standard/docs/gke/route-trigger-cloud-pubsub``).

``gcloud eventarc gke-destinations init`` (a one-time step per project) grants the Eventarc
service agent ``roles/compute.viewer``, ``roles/container.developer`` and
``roles/iam.serviceAccountAdmin`` so it can install the forwarder; this component makes the same
grants (``grant_service_agent``), from Google's documentation of that command (not checked
against a live project). The trigger runs as its own service account with
``roles/eventarc.eventReceiver`` (pulumi-gcp ``eventarc.Trigger``, ``destination.gke``).
"""

from __future__ import annotations

import re
from typing import Annotated

import pulumi
import pulumi_gcp as gcp
from pydantic import AfterValidator, Field

from ..args import Args, Input, StrInput, computed
from ..component import Component
from ..kubernetes.names import DnsLabel
from ..redaction import check_no_credentials
from .names import ClusterName, ProjectInput, Region, ServiceAccountId

MESSAGE_PUBLISHED = "google.cloud.pubsub.topic.v1.messagePublished"
"""The event type of a Pub/Sub message (the same as knative-gcp's CloudPubSubSource)."""
EVENT_RECEIVER = "roles/eventarc.eventReceiver"
"""The role a trigger's service account needs to receive events."""
GKE_DESTINATION_AGENT_ROLES = ("roles/compute.viewer", "roles/container.developer", "roles/iam.serviceAccountAdmin")
"""What ``gcloud eventarc gke-destinations init`` grants the Eventarc service agent."""
EVENTARC_API = "eventarc.googleapis.com"
"""The API Eventarc needs enabled."""


def _check_path(value: str) -> str:
    return check_no_credentials(value, "keep the credential in a Kubernetes Secret the receiving Service reads")


class EventarcGkeTriggerArgs(Args):
    """Arguments of :class:`EventarcGkeTrigger`."""

    project: ProjectInput
    """Project of the trigger, the topic and the cluster (Eventarc needs them in one project). Required."""
    location: Input[Region]
    """Region of the trigger (the cluster's region). Required."""
    topic: StrInput
    """The Pub/Sub topic: ``projects/<p>/topics/<t>`` or a topic ID in ``project``. Required."""
    cluster: Input[ClusterName]
    """Name of the GKE cluster the Service runs in. Required."""
    cluster_location: Input[Region]
    """Region (or zone) of that cluster. Required."""
    namespace: Input[DnsLabel]
    """Namespace of the destination Service. Required."""
    service: Input[DnsLabel]
    """Name of the destination Kubernetes Service (a Channel's or Broker's Service, or a workload's). Required."""
    path: Annotated[str, Field(pattern=r"^/[\x21-\x7e]*$"), AfterValidator(_check_path)] = "/"
    """Request path on the Service. Default ``/``."""
    trigger_name: Input[Annotated[str, Field(pattern=r"^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]] | None = None
    """Trigger name. Default: the component name."""
    service_account_id: Input[ServiceAccountId]
    """ID of the service account the trigger runs as (created here). Required."""
    max_attempts: Annotated[int, Field(ge=1, le=100)] = 5
    """Delivery attempts per message (``retry_policy.max_attempts``, 1-100). Default 5 (Eventarc's own)."""
    grant_service_agent: bool = True
    """Grant the Eventarc service agent what ``gcloud eventarc gke-destinations init`` grants. Default
    True; False when the project did that step already."""


class EventarcGkeTrigger(Component[EventarcGkeTriggerArgs]):
    """A service account, its ``eventReceiver`` grant, the Eventarc service agent's grants and the trigger.

    Children: ``<name>-service-account``, ``<name>-event-receiver``, ``<name>-agent`` (the service
    agent identity) and ``<name>-agent-<role>`` (with ``grant_service_agent``), ``<name>-trigger``.
    Attributes: ``trigger``, ``trigger_name``, ``service_account`` (``email``).
    """

    TYPE = "eventing-platform:gcp:EventarcGkeTrigger"
    ARGS = EventarcGkeTriggerArgs

    def __init__(self, name: str, args: EventarcGkeTriggerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.trigger_name: Input[str] = args.trigger_name or name
        n, o = self.child("service-account")
        self.service_account = gcp.serviceaccount.Account(
            n, account_id=args.service_account_id, project=args.project,
            display_name=computed(lambda trigger: f"Eventarc trigger {trigger}", self.trigger_name),
            description=computed(lambda trigger: f"Runs the Eventarc trigger {trigger} (no keys).", self.trigger_name), opts=o,
        )
        n, o = self.child("event-receiver")
        receiver = gcp.projects.IAMMember(n, project=args.project, role=EVENT_RECEIVER, member=self.service_account.member, opts=o)
        waits: list[pulumi.Resource] = [receiver]
        if args.grant_service_agent:
            n, o = self.child("agent")
            agent = gcp.projects.ServiceIdentity(n, project=args.project, service=EVENTARC_API, opts=o)
            for role in GKE_DESTINATION_AGENT_ROLES:
                n, o = self.child(f"agent-{re.sub(r'[^a-z0-9]+', '-', role.rsplit('/', 1)[-1].lower())}")
                waits.append(gcp.projects.IAMMember(n, project=args.project, role=role, member=agent.member, opts=o))
        topic = computed(lambda t, project: t if "/" in t else f"projects/{project}/topics/{t}", args.topic, args.project)
        n, o = self.child("trigger", depends_on=waits)
        self.trigger = gcp.eventarc.Trigger(
            n,
            name=self.trigger_name,
            project=args.project,
            location=args.location,
            matching_criterias=[{"attribute": "type", "value": MESSAGE_PUBLISHED}],
            transport={"pubsub": {"topic": topic}},
            destination={"gke": {
                "cluster": args.cluster, "location": args.cluster_location,
                "namespace": args.namespace, "service": args.service, "path": args.path,
            }},
            service_account=self.service_account.email,
            retry_policy={"max_attempts": args.max_attempts},
            opts=o,
        )
        self.register_outputs({"trigger_name": self.trigger_name, "service_account": self.service_account.email})
