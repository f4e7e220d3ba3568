"""Alibaba Cloud naming rules as reusable pydantic field types (buckets, prefixes, regions, RAM...).

Every check raises ``ValueError`` with what is allowed and an example, which ``Args`` turns into
an ``ArgsError`` line naming the field and the bad value.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal

from pydantic import AfterValidator

REGIONS: tuple[str, ...] = (
    "cn-qingdao", "cn-beijing", "cn-zhangjiakou", "cn-huhehaote", "cn-wulanchabu",
    "cn-hangzhou", "cn-shanghai", "cn-nanjing", "cn-fuzhou", "cn-wuhan-lr", "cn-shenzhen",
    "cn-heyuan", "cn-guangzhou", "cn-chengdu", "cn-hongkong",
    "cn-shanghai-finance-1", "cn-shenzhen-finance-1", "cn-beijing-finance-1",
    "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-3", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ap-south-1",
    "us-east-1", "us-west-1", "na-south-1", "eu-west-1", "eu-central-1", "me-east-1",
    "me-central-1",
)
"""Alibaba Cloud region IDs accepted by :data:`Region` (public regions as of 2025)."""

_BUCKET = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
_RAM_ROLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$")
_RAM_POLICY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,127}$")
_RAM_USER = re.compile(r"^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$")
_BUS = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,126}$")
_RULE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,126}$")
_QUEUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,119}$")
_CLUSTER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
_TARGET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
_ROCKETMQ_TOPIC = re.compile(r"^[A-Za-z0-9_%-]{1,64}$")
_ROCKETMQ_GROUP = re.compile(r"^[A-Za-z0-9_%-]{1,60}$")


def check_region(value: str) -> str:
    """An Alibaba Cloud region ID such as ``cn-hangzhou``."""
    if value not in REGIONS:
        near = [r for r in REGIONS if r.split("-")[0] == value.split("-")[0]] or list(REGIONS)
        raise ValueError(f"is not an Alibaba Cloud region ID; use one of: {', '.join(near)}")
    return value


def check_bucket_name(value: str) -> str:
    """An OSS bucket name: 3-63 lowercase letters, digits or hyphens, starting and ending with a
    letter or digit."""
    if not _BUCKET.fullmatch(value):
        raise ValueError(
            "is not a valid OSS bucket name: use 3-63 lowercase letters, digits or '-', starting "
            "and ending with a letter or digit (e.g. 'eb-ask')"
        )
    return value


def check_object_prefix(value: str) -> str:
    """An object-key prefix such as ``zip/``: may be empty (the whole bucket); never starts with
    ``/`` or ``\\``; no wildcards (``*``/``?`` would widen RAM grants); at most 1023 bytes."""
    if value.startswith(("/", "\\")):
        raise ValueError(f"must not start with '/' or '\\': object keys are relative (use {value.lstrip('/').lstrip(chr(92))!r})")
    if "*" in value or "?" in value:
        raise ValueError("must not contain '*' or '?': a prefix is literal and wildcards would widen the RAM grant")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must not contain control characters")
    if len(value.encode()) > 1023:
        raise ValueError("is longer than an object key may be (1023 bytes)")
    return value


def check_ram_role_name(value: str) -> str:
    """A RAM role name: 1-64 letters, digits, '.' or '-'."""
    if not _RAM_ROLE.fullmatch(value):
        raise ValueError("is not a valid RAM role name: use 1-64 letters, digits, '.' or '-' (e.g. 'oss-unzip')")
    return value


def check_ram_policy_name(value: str) -> str:
    """A RAM policy name: 1-128 letters, digits or '-'."""
    if not _RAM_POLICY.fullmatch(value):
        raise ValueError("is not a valid RAM policy name: use 1-128 letters, digits or '-' (e.g. 'oss-unzip-access')")
    return value


def check_ram_user_name(value: str) -> str:
    """A RAM user name: 1-64 letters, digits, '.', '_' or '-', not starting with '-'."""
    if not _RAM_USER.fullmatch(value):
        raise ValueError("is not a valid RAM user name: use 1-64 letters, digits, '.', '_' or '-', not starting with '-'")
    return value


def check_event_bus_name(value: str) -> str:
    """A custom EventBridge bus name: 2-127 letters, digits, '_' or '-'; not ``default``."""
    if not _BUS.fullmatch(value):
        raise ValueError("is not a valid event bus name: use 2-127 letters, digits, '_' or '-' (e.g. 'unzip-completed')")
    if value == "default":
        raise ValueError("'default' is the cloud-service bus, which exists already; choose another name for a custom bus")
    return value


def check_event_source_name(value: str) -> str:
    """An EventBridge custom event source name: 2-127 letters, digits, '_' or '-'."""
    if not _BUS.fullmatch(value):
        raise ValueError("is not a valid event source name: use 2-127 letters, digits, '_' or '-' (e.g. 'orders-rocketmq')")
    return value


def check_rule_name(value: str) -> str:
    """An EventBridge rule name: 2-127 letters, digits, '_' or '-'."""
    if not _RULE.fullmatch(value):
        raise ValueError("is not a valid rule name: use 2-127 letters, digits, '_' or '-' (e.g. 'oss-unzip')")
    return value


def check_target_id(value: str) -> str:
    """A rule target ID: 1-128 letters, digits, '_' or '-'."""
    if not _TARGET_ID.fullmatch(value):
        raise ValueError("is not a valid target id: use 1-128 letters, digits, '_' or '-'")
    return value


def check_queue_name(value: str) -> str:
    """An MNS queue name: 1-120 letters, digits or '-', starting with a letter or digit."""
    if not _QUEUE.fullmatch(value):
        raise ValueError("is not a valid MNS queue name: use 1-120 letters, digits or '-', starting with a letter or digit")
    return value


def check_cluster_name(value: str) -> str:
    """A container-service cluster name: 1-63 letters, digits, '_' or '-'."""
    if not _CLUSTER.fullmatch(value):
        raise ValueError("is not a valid cluster name: use 1-63 letters, digits, '_' or '-', starting with a letter or digit")
    return value


def check_rocketmq_topic_name(value: str) -> str:
    """A RocketMQ 5.x topic name: 1-64 letters, digits, '_', '-' or '%'."""
    if not _ROCKETMQ_TOPIC.fullmatch(value or ""):
        raise ValueError(f"topic {value!r} is not a RocketMQ 5.x topic name: use 1-64 letters, digits, '_', '-' or '%'")
    return value


def check_rocketmq_group_id(value: str) -> str:
    """A RocketMQ 5.x consumer group ID: 1-60 letters, digits, '_', '-' or '%'."""
    if not _ROCKETMQ_GROUP.fullmatch(value or ""):
        raise ValueError(f"group {value!r} is not a RocketMQ 5.x group ID: use 1-60 letters, digits, '_', '-' or '%'")
    return value


def check_derived_names(prefix: str) -> None:
    """Raise ``ValueError`` unless the policy, role and user names derived from ``prefix`` are valid."""
    for check, name in ((check_ram_policy_name, f"{prefix}-oss"), (check_ram_role_name, f"{prefix}-rrsa"), (check_ram_user_name, f"{prefix}-user")):
        try:
            check(name)
        except ValueError as err:
            raise ValueError(f"name_prefix {prefix!r} gives the RAM name {name!r}, which {err}; use a shorter name_prefix") from None


def check_ipv4_cidr(value: str) -> str:
    """An IPv4 CIDR block with no host bits set, such as ``192.168.0.0/16``."""
    try:
        ipaddress.IPv4Network(value, strict=True)
    except ValueError as err:
        raise ValueError(f"is not an IPv4 CIDR block ({err}); use e.g. '192.168.0.0/16'") from None
    return value


Region = Annotated[str, AfterValidator(check_region)]
"""An Alibaba Cloud region ID (e.g. ``cn-hangzhou``)."""
BucketName = Annotated[str, AfterValidator(check_bucket_name)]
"""An OSS bucket name."""
ObjectPrefix = Annotated[str, AfterValidator(check_object_prefix)]
"""An OSS object-key prefix (may be empty)."""
RamRoleName = Annotated[str, AfterValidator(check_ram_role_name)]
"""A RAM role name."""
RamPolicyName = Annotated[str, AfterValidator(check_ram_policy_name)]
"""A RAM policy name."""
RamUserName = Annotated[str, AfterValidator(check_ram_user_name)]
"""A RAM user name."""
EventBusName = Annotated[str, AfterValidator(check_event_bus_name)]
"""A custom EventBridge bus name."""
EventSourceName = Annotated[str, AfterValidator(check_event_source_name)]
"""An EventBridge custom event source name."""
RuleName = Annotated[str, AfterValidator(check_rule_name)]
"""An EventBridge rule name."""
TargetId = Annotated[str, AfterValidator(check_target_id)]
"""An EventBridge rule target ID."""
QueueName = Annotated[str, AfterValidator(check_queue_name)]
"""An MNS queue name."""
ClusterName = Annotated[str, AfterValidator(check_cluster_name)]
"""A container-service cluster name."""
Ipv4Cidr = Annotated[str, AfterValidator(check_ipv4_cidr)]
"""An IPv4 CIDR block."""
RocketMQTopicName = Annotated[str, AfterValidator(check_rocketmq_topic_name)]
"""A RocketMQ 5.x topic name (1-64 letters, digits, ``_``, ``-``, ``%``)."""
RocketMQGroupId = Annotated[str, AfterValidator(check_rocketmq_group_id)]
"""A RocketMQ 5.x consumer group ID (1-60 letters, digits, ``_``, ``-``, ``%``)."""
RetryStrategy = Literal["BACKOFF_RETRY", "EXPONENTIAL_DECAY_RETRY"]
"""An EventBridge target's push retry strategy. ``BACKOFF_RETRY``: 3 retries 10-20 s apart.
``EXPONENTIAL_DECAY_RETRY``: up to 176 retries, 1 s doubling to 512 s, one day in all."""


def oss_object_arn(bucket: str, prefix: str = "") -> str:
    """The RAM resource for objects under ``prefix`` in ``bucket``: ``acs:oss:*:*:<bucket>/<prefix>*``."""
    return f"acs:oss:*:*:{bucket}/{prefix}*"


def oss_bucket_arn(bucket: str) -> str:
    """The RAM resource for the bucket itself (listing): ``acs:oss:*:*:<bucket>``."""
    return f"acs:oss:*:*:{bucket}"
