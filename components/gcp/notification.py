"""Cloud Storage -> Pub/Sub notification, with the storage service agent's publisher grant first."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import pulumi
import pulumi_gcp as gcp
from pydantic import Field, field_validator

from eventing_platform.events.gcs_events import StorageNotificationType

from ..args import Args
from ..component import Component
from .names import BucketInput, ProjectInput, TopicInput

StorageEventType = StorageNotificationType
"""Cloud Storage notification event types (JSON API names); defined in
:mod:`eventing_platform.events.gcs_events`."""

_ATTRIBUTE_KEY = re.compile(r"^[A-Za-z0-9_.~+%-]{1,256}$")


def _new_objects() -> list[StorageEventType]:
    return ["OBJECT_FINALIZE"]


class BucketNotificationArgs(Args):
    """Arguments of :class:`BucketNotification`."""

    bucket: BucketInput
    """Name of the bucket to watch. Required."""
    project: ProjectInput
    """Project ID of the bucket (its storage service agent publishes). Required."""
    topic: TopicInput
    """Pub/Sub topic ID (short name) that receives the notifications. Required."""
    topic_project: ProjectInput | None = None
    """Project ID of the topic. Default: ``project``."""
    event_types: Annotated[list[StorageEventType], Field(min_length=1)] = Field(default_factory=_new_objects)
    """Which object events are sent. Default ``["OBJECT_FINALIZE"]`` (new objects and overwrites)."""
    object_name_prefix: Annotated[str, Field(min_length=1, max_length=1024)] | None = None
    """Only objects whose name starts with this. Default: every object."""
    payload_format: Literal["JSON_API_V1", "NONE"] = "JSON_API_V1"
    """Message body: the object's JSON metadata or nothing. Default ``JSON_API_V1``."""
    custom_attributes: dict[str, str] = Field(default_factory=dict)
    """Extra Pub/Sub attributes on every message. Default none."""

    @field_validator("event_types")
    @classmethod
    def _unique_events(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists an event type more than once; list each once")
        return value

    @field_validator("custom_attributes")
    @classmethod
    def _attribute_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not _ATTRIBUTE_KEY.fullmatch(key) or key.lower().startswith("goog"):
                raise ValueError(f"attribute key {key!r} is not valid: 1-256 URL-safe characters, not starting with 'goog'")
        return value


class BucketNotification(Component[BucketNotificationArgs]):
    """A bucket notification to a Pub/Sub topic that does not race its IAM grant.

    Cloud Storage publishes as the project's storage service agent
    (``service-<number>@gs-project-accounts.iam.gserviceaccount.com``), looked up with
    ``gcp.storage.get_project_service_account``. It is granted ``roles/pubsub.publisher`` on the
    topic, and the notification ``depends_on`` that grant: created in parallel, the notification
    fails because Cloud Storage checks the permission when the notification is created.

    Attributes: ``publisher_grant``, ``notification``, ``service_agent`` (member string output),
    ``topic_name`` (``projects/<p>/topics/<id>``).
    """

    TYPE = "eventing-platform:gcp:BucketNotification"
    ARGS = BucketNotificationArgs

    def __init__(self, name: str, args: BucketNotificationArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        topic_project = args.topic_project or args.project
        agent = gcp.storage.get_project_service_account_output(
            project=args.project,
            opts=pulumi.InvokeOutputOptions(parent=self, depends_on=self._inherited_deps or None),
        )
        self.service_agent: pulumi.Output[str] = agent.member
        self.topic_name: pulumi.Output[str] = pulumi.Output.concat("projects/", topic_project, "/topics/", args.topic)
        n, o = self.child("publisher")
        self.publisher_grant = gcp.pubsub.TopicIAMMember(
            n,
            project=topic_project,
            topic=args.topic,
            role="roles/pubsub.publisher",
            member=self.service_agent,
            opts=o,
        )
        n, o = self.child("notification", depends_on=[self.publisher_grant])
        self.notification = gcp.storage.Notification(
            n,
            bucket=args.bucket,
            topic=self.topic_name,
            payload_format=args.payload_format,
            event_types=list(args.event_types),
            object_name_prefix=args.object_name_prefix,
            custom_attributes=dict(args.custom_attributes) or None,
            opts=o,
        )
        self.register_outputs({"topic_name": self.topic_name, "service_agent": self.service_agent})
