"""An MNS (Simple Message Queue) queue, typically an EventBridge dead-letter queue.

Uses ``message.ServiceQueue`` (``alicloud:message/serviceQueue:ServiceQueue``), which replaces
the deprecated ``mns.Queue``. EventBridge names a dead-letter queue by ARN; :class:`MnsQueue`
computes ``acs:mns:<region>:<account-id>:queues/<queue>`` with the account ID of the caller
(``alicloud.get_account``).

Two spellings of that ARN are in use, and EventBridge takes both:

- ``acs:mns:<region>:<account>:queues/<queue>``: the form EventBridge itself writes (the
  ``subject`` of the events of an MNS event source, help page "Create a custom event source of
  the MNS type"), and the form the Terraform provider's acceptance test for
  ``alicloud_event_bridge_rule`` passes as ``dead_letter_queue.arn`` against a real queue
  (aliyun/terraform-provider-alicloud ``alicloud/resource_alicloud_event_bridge_rule_test.go``,
  ``local.mns_endpoint``);
- ``acs:mns:<region>:<account>:/queues/<queue>``: the form of the EventBridge API reference
  example for ``PutTargets``/``CreateRule`` ``DeadLetterQueue.Arn`` (the SDK models'
  ``@example``), of RAM resource ARNs for MNS, of ROS's ``ArnWithSlash`` attribute, and of an
  earlier version of the same Terraform acceptance test.

This package renders the first (unchanged from before, so no deployed rule changes) and accepts
both in :func:`check_mns_queue_arn`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, model_validator

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from ..errors import ArgsError, Problem
from .names import QueueName, Region, check_queue_name

_MNS_QUEUE_ARN = re.compile(r"^acs:mns:(?P<region>[a-z0-9-]+):(?P<account>[0-9*]+):/?queues/(?P<queue>[^/]+)$", re.ASCII)


def mns_queue_arn(region: str, account_id: str, queue_name: str) -> str:
    """``acs:mns:<region>:<account-id>:queues/<queue>``, the ARN EventBridge takes (see the module)."""
    return f"acs:mns:{region}:{account_id}:queues/{queue_name}"


def check_mns_queue_arn(value: str) -> str:
    """Accept an MNS queue ARN in either spelling (``...:queues/<q>`` or ``...:/queues/<q>``) whose
    queue name is valid; ``ValueError`` naming the part that is wrong otherwise."""
    match = _MNS_QUEUE_ARN.fullmatch(value)
    if match is None:
        raise ValueError(
            f"{value!r} is not an MNS queue ARN; use 'acs:mns:<region>:<account-id>:queues/<queue>' (MnsQueue.arn)"
        )
    try:
        check_queue_name(match.group("queue"))
    except ValueError as err:
        raise ValueError(f"{value!r} names queue {match.group('queue')!r}, which {err}") from None
    return value


class MnsQueueArgs(Args):
    """Arguments of :class:`MnsQueue`. Defaults suit a dead-letter queue: keep messages 7 days."""

    region: Input[Region]
    """Region of the queue (the same as the rule that dead-letters into it). Required."""
    queue_name: Input[QueueName] | None = None
    """Queue name. Default: the component name."""
    message_retention_period: Annotated[int, Field(ge=60, le=604800)] = 604800
    """Seconds a message is kept. Default 604800 (7 days, the maximum)."""
    visibility_timeout: Annotated[int, Field(ge=1, le=43200)] = 30
    """Seconds a received message stays invisible. Default 30."""
    maximum_message_size: Annotated[int, Field(ge=1024, le=65536)] = 65536
    """Largest message in bytes. Default 65536 (the maximum, so no event is refused)."""
    polling_wait_seconds: Annotated[int, Field(ge=0, le=30)] = 0
    """Long-polling wait. Default 0."""
    delay_seconds: Annotated[int, Field(ge=0, le=604800)] = 0
    """Delivery delay. Default 0."""
    enable_sse: bool = False
    """Encrypt messages at rest (needs SSE enabled for the account first). Default False."""
    kms_key_id: StrInput | None = None
    """KMS key for SSE; without it MNS-managed keys are used. Default none."""
    account_id: StrInput | None = None
    """Account ID for the ARN. Default: the caller's (``alicloud.get_account``)."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags. Default none."""

    @model_validator(mode="after")
    def _sse(self) -> MnsQueueArgs:
        if self.kms_key_id is not None and not self.enable_sse:
            raise ValueError("kms_key_id needs enable_sse=True; set it or drop kms_key_id")
        return self


class MnsQueue(Component[MnsQueueArgs]):
    """An MNS queue. Attributes: ``queue`` (``message.ServiceQueue``), ``queue_name``, ``arn``."""

    TYPE = "eventing-platform:alicloud:MnsQueue"
    ARGS = MnsQueueArgs

    def __init__(self, name: str, args: MnsQueueArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        queue_name = args.queue_name or name
        try:
            if is_plain(queue_name):
                check_queue_name(queue_name)
        except ValueError as err:
            raise ArgsError([Problem("MnsQueue.name", f"{err}; or set queue_name", queue_name)]) from None
        super().__init__(name, args, opts)
        self.queue_name = queue_name
        n, o = self.child("queue")
        sse: dict[str, bool | StrInput] = {}
        if args.enable_sse:
            sse = {"enable_sse": True, "sse_type": "KMS" if args.kms_key_id is not None else "SMQ"}
            if args.kms_key_id is not None:
                sse["kms_key_id"] = args.kms_key_id
        self.queue = alicloud.message.ServiceQueue(
            n,
            queue_name=queue_name,
            message_retention_period=args.message_retention_period,
            visibility_timeout=args.visibility_timeout,
            maximum_message_size=args.maximum_message_size,
            polling_wait_seconds=args.polling_wait_seconds,
            delay_seconds=args.delay_seconds,
            tags=args.tags or None,
            opts=o,
            **sse,
        )
        account = args.account_id
        if account is None:
            account = alicloud.get_account_output(opts=pulumi.InvokeOptions(parent=self)).id
        self.arn: pulumi.Output[str] = pulumi.Output.all(args.region, account, self.queue.queue_name).apply(
            lambda v: mns_queue_arn(*v)
        )
        self.register_outputs({"arn": self.arn, "queue_name": queue_name})
