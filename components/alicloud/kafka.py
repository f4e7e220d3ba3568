"""ApsaraMQ for Kafka (alikafka): an instance with ACLs on, topics, consumer groups and SASL users
granted exactly the topics and groups they use; VPC-only unless clients outside the VPC need it.

Resources (pulumi-alicloud): ``alikafka.Instance`` (``deploy_type`` 5: VPC only; 4 with
``public_endpoint``: also the Internet SSL endpoint, SASL_SSL on port 9093, whose allow-list is an
``alikafka.InstanceAllowedIpAttachment`` on ``9093/9093``), ``alikafka.Topic``,
``alikafka.ConsumerGroup``, ``alikafka.SaslUser`` (password a Pulumi secret) and ``alikafka.SaslAcl``.
Endpoints (help.aliyun.com/en/apsaramq-for-kafka, "Comparison among endpoints"; terraform
``alikafka_instance``): default 9092 and SASL 9094 in the VPC; SSL 9093 on the Internet, only for
``deploy_type`` 4 instances (which need ``eip_max``, the Internet bandwidth).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, ClassVar, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import AfterValidator, Field, field_validator, model_validator

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from ..errors import CHILD_NAME_REASON

VPC_ONLY = 5
"""``deploy_type`` of an instance reachable from its VPC only."""
VPC_AND_INTERNET = 4
"""``deploy_type`` of an instance with the Internet SSL endpoint as well."""
INTERNET_PORT_RANGE = "9093/9093"
"""The allow-list port range of the Internet (SSL) endpoint."""
SASL_MECHANISMS = {"plain": "PLAIN", "scram": "SCRAM-SHA-256"}
"""alikafka SASL user type -> the client's SASL mechanism."""

_TOPIC = re.compile(r"^[A-Za-z0-9._-]{3,249}$")
_GROUP = re.compile(r"^[A-Za-z0-9._-]{3,249}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PASSWORD = re.compile(r"^[A-Za-z0-9_]{1,64}$")


def _check_topic(value: str) -> str:
    if not _TOPIC.fullmatch(value or ""):
        raise ValueError(f"topic {value!r} is not an alikafka topic name: use 3-249 letters, digits, '.', '_' or '-'")
    return value


def _check_group(value: str) -> str:
    if not _GROUP.fullmatch(value or ""):
        raise ValueError(f"group {value!r} is not an alikafka group ID: use 3-249 letters, digits, '.', '_' or '-'")
    return value


KafkaTopicName = Annotated[str, AfterValidator(_check_topic)]
"""An alikafka topic name (3-249 letters, digits, ``.``, ``_``, ``-``)."""
KafkaGroupId = Annotated[str, AfterValidator(_check_group)]
"""An alikafka consumer group ID (3-249 letters, digits, ``.``, ``_``, ``-``)."""


class KafkaTopic(Args):
    """One topic."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"name": CHILD_NAME_REASON}

    name: KafkaTopicName
    """Topic name. Required."""
    partitions: Annotated[int, Field(ge=1, le=360)] = 12
    """Partitions. Default 12."""
    remark: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    """Description (the provider requires one). Default ``managed by eventing-platform``."""
    local_storage: bool = False
    """Local storage engine (needed for compaction) instead of cloud storage. Default False."""
    compact: bool = False
    """Compact cleanup policy (needs ``local_storage``). Default False (delete)."""

    @model_validator(mode="after")
    def _compact_needs_local(self) -> KafkaTopic:
        if self.compact and not self.local_storage:
            raise ValueError(f"topic {self.name!r}: compact needs local_storage=True")
        return self


class KafkaSaslUserSpec(Args):
    """A SASL user and the only topics and groups it may use (ACLs)."""

    plain_reasons: ClassVar[Mapping[str, str]] = {
        "username": CHILD_NAME_REASON,
        "read_topics": CHILD_NAME_REASON,
        "write_topics": CHILD_NAME_REASON,
        "groups": CHILD_NAME_REASON,
    }

    username: Annotated[str, Field(pattern=_USERNAME.pattern)]
    """User name (1-64 letters, digits, ``_`` or ``-``). Required."""
    password: StrInput = Field(repr=False)
    """Password (1-64 letters, digits or ``_``): pass a Pulumi secret; it is wrapped as one
    regardless. Required."""
    mechanism: Literal["scram", "plain"] = "scram"
    """``scram`` (SCRAM-SHA-256: the password never crosses the network) or ``plain``. Default ``scram``."""
    read_topics: list[KafkaTopicName] = Field(default_factory=list)
    """Topics it may read. Default none."""
    write_topics: list[KafkaTopicName] = Field(default_factory=list)
    """Topics it may write. Default none."""
    groups: list[KafkaGroupId] = Field(default_factory=list)
    """Consumer groups it may read as. Default none."""

    secret_fields = frozenset({"password"})

    @field_validator("password")
    @classmethod
    def _password(cls, value: StrInput) -> StrInput:
        if is_plain(value) and not _PASSWORD.fullmatch(value):
            raise ValueError("password must be 1-64 letters, digits or '_' (value hidden)")
        return value

    @model_validator(mode="after")
    def _grants(self) -> KafkaSaslUserSpec:
        if not (self.read_topics or self.write_topics):
            raise ValueError(f"SASL user {self.username!r} is granted no topic; list read_topics or write_topics")
        if self.read_topics and not self.groups:
            raise ValueError(f"SASL user {self.username!r} reads without a consumer group; list the groups it reads as")
        return self

    @property
    def sasl_mechanism(self) -> str:
        """The client-side mechanism name (``SCRAM-SHA-256`` or ``PLAIN``)."""
        return SASL_MECHANISMS[self.mechanism]


class AliKafkaArgs(Args):
    """Arguments of :class:`AliKafka`."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"consumer_groups": CHILD_NAME_REASON}

    instance_name: Input[Annotated[str, Field(min_length=3, max_length=64)]]
    """Instance name (3-64 characters). Required."""
    vpc_id: StrInput
    """VPC the instance is reachable from. Required."""
    vswitch_ids: Annotated[Sequence[StrInput], Field(min_length=1)]
    """vSwitches in that VPC. Required."""
    zone_id: StrInput | None = None
    """Zone to deploy in. Default: the first vSwitch's."""
    security_group: StrInput | None = None
    """Security group. Default: one the service creates."""
    service_version: Literal["2.2.0", "2.6.2"] = "2.6.2"
    """Kafka version. Default ``2.6.2``."""
    spec_type: Literal["normal", "professional", "professionalForHighRead"] = "normal"
    """Edition. Default ``normal``."""
    io_max_spec: Annotated[str, Field(pattern=r"^alikafka\.(hw|hr)\.[0-9]*x?large$")] = "alikafka.hw.2xlarge"
    """Traffic specification. Default ``alikafka.hw.2xlarge``."""
    disk_type: Literal["ssd", "ultra"] = "ssd"
    """Disk category. Default ``ssd``."""
    disk_size: Annotated[int, Field(ge=500, le=96000)] = 500
    """Disk size in GB. Default 500."""
    partition_num: Annotated[int, Field(ge=50)] = 50
    """Partitions bought beyond the base quota. Default 50."""
    paid_type: Literal["PostPaid", "PrePaid"] = "PostPaid"
    """Billing. Default ``PostPaid``."""
    public_endpoint: bool = False
    """Also serve the Internet SSL endpoint (SASL_SSL, port 9093; ``deploy_type`` 4) for clients
    outside the VPC (a Function Compute workload without VPC access). Default False: VPC only."""
    eip_max: Annotated[int, Field(ge=1, le=5000)] = 3
    """Internet bandwidth in MB/s with ``public_endpoint`` (ignored without). Default 3."""
    internet_allowed_cidrs: list[Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$")]] = Field(
        default_factory=lambda: ["0.0.0.0/0"])
    """Addresses allowed on the Internet endpoint with ``public_endpoint``. Default ``0.0.0.0/0``:
    Function Compute has no fixed egress addresses; every client still needs SASL and TLS."""
    vpc_sasl_ssl: bool = False
    """Also offer SASL_SSL inside the VPC (``enable.vpc_sasl_ssl``; clients then need the
    instance's CA certificate). Default False: SASL_PLAINTEXT on the VPC-only endpoint."""
    retention_hours: Annotated[int, Field(ge=24, le=480)] = 72
    """Message retention (``kafka.log.retention.hours``). Default 72."""
    kms_key_id: StrInput | None = None
    """KMS key encrypting the disks. Default none (service-managed)."""
    topics: Annotated[list[KafkaTopic], Field(min_length=1)]
    """Topics. Required, at least one."""
    consumer_groups: list[KafkaGroupId] = Field(default_factory=list)
    """Consumer groups. Default none."""
    sasl_users: list[KafkaSaslUserSpec] = Field(default_factory=list)
    """SASL users, each granted only its topics and groups. Default none."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags on the instance. Default none."""

    @model_validator(mode="after")
    def _consistent(self) -> AliKafkaArgs:
        topics = [t.name for t in self.topics]
        for kind, names in (("topics", topics), ("consumer_groups", self.consumer_groups), ("sasl_users", [u.username for u in self.sasl_users])):
            if len(set(names)) != len(names):
                raise ValueError(f"{kind} {names} repeat; each must be unique")
        for u in self.sasl_users:
            unknown_topics = sorted(set(u.read_topics + u.write_topics) - set(topics))
            unknown_groups = sorted(set(u.groups) - set(self.consumer_groups))
            if unknown_topics or unknown_groups:
                raise ValueError(
                    f"SASL user {u.username!r} names topics {unknown_topics} / groups {unknown_groups} "
                    f"this instance does not create (topics {topics}, groups {self.consumer_groups})"
                )
        return self

    def instance_config(self) -> str:
        """The instance ``config`` JSON: ACLs (SASL users) on, optional VPC SASL_SSL, retention."""
        return json.dumps({
            "enable.acl": "true",
            "enable.vpc_sasl_ssl": "true" if self.vpc_sasl_ssl else "false",
            "kafka.log.retention.hours": str(self.retention_hours),
        }, sort_keys=True)


class AliKafka(Component[AliKafkaArgs]):
    """An ApsaraMQ for Kafka instance (VPC-only unless ``public_endpoint``) with its topics, groups and SASL users.

    Attributes: ``instance``, ``instance_id``, ``sasl_endpoint`` (comma-separated ``host:port``
    of the VPC SASL endpoint), ``public_endpoint`` (the Internet SSL endpoint with
    ``public_endpoint``, else None), ``topics`` / ``consumer_groups`` / ``sasl_users`` (dicts by
    name), ``passwords`` (username -> secret output).
    """

    TYPE = "eventing-platform:alicloud:AliKafka"
    ARGS = AliKafkaArgs

    def __init__(self, name: str, args: AliKafkaArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        n, o = self.child("instance")
        self.instance = alicloud.alikafka.Instance(
            n,
            name=args.instance_name,
            deploy_type=VPC_AND_INTERNET if args.public_endpoint else VPC_ONLY,
            eip_max=args.eip_max if args.public_endpoint else None,
            vpc_id=args.vpc_id,
            vswitch_ids=list(args.vswitch_ids),
            zone_id=args.zone_id,
            security_group=args.security_group,
            service_version=args.service_version,
            spec_type=args.spec_type,
            io_max_spec=args.io_max_spec,
            disk_type=1 if args.disk_type == "ssd" else 0,
            disk_size=args.disk_size,
            partition_num=args.partition_num,
            paid_type=args.paid_type,
            config=args.instance_config(),
            kms_key_id=args.kms_key_id,
            enable_auto_topic="disable",
            enable_auto_group=False,
            tags=args.tags or None,
            opts=o,
        )
        self.instance_id: pulumi.Output[str] = self.instance.id
        self.sasl_endpoint: pulumi.Output[str] = self.instance.sasl_domain_endpoint
        self.public_endpoint: pulumi.Output[str] | None = None
        if args.public_endpoint:
            self.public_endpoint = self.instance.ssl_domain_endpoint
            for i, cidr in enumerate(args.internet_allowed_cidrs):
                n, o = self.child(f"internet-allowed-{i}")
                alicloud.alikafka.InstanceAllowedIpAttachment(
                    n, instance_id=self.instance.id, allowed_type="internet", port_range=INTERNET_PORT_RANGE, allowed_ip=cidr, opts=o,
                )
        self.topics = {t.name: self._topic(t) for t in args.topics}
        self.consumer_groups = {g: self._group(g) for g in args.consumer_groups}
        self.sasl_users: dict[str, alicloud.alikafka.SaslUser] = {}
        self.passwords: dict[str, pulumi.Output[str]] = {}
        for u in args.sasl_users:
            self._sasl_user(u)
        self.register_outputs({
            "instance_id": self.instance_id,
            "sasl_endpoint": self.sasl_endpoint,
            "topics": list(self.topics),
            "consumer_groups": list(self.consumer_groups),
        })

    def _topic(self, t: KafkaTopic) -> alicloud.alikafka.Topic:
        n, o = self.child(f"topic-{_slug(t.name)}")
        return alicloud.alikafka.Topic(
            n, instance_id=self.instance.id, topic=t.name, partition_num=t.partitions,
            remark=t.remark or "managed by eventing-platform",
            local_topic=t.local_storage, compact_topic=t.compact if t.local_storage else None, opts=o,
        )

    def _group(self, group: str) -> alicloud.alikafka.ConsumerGroup:
        n, o = self.child(f"group-{_slug(group)}")
        return alicloud.alikafka.ConsumerGroup(
            n, instance_id=self.instance.id, consumer_id=group, remark="managed by eventing-platform", opts=o,
        )

    def _sasl_user(self, u: KafkaSaslUserSpec) -> None:
        password = pulumi.Output.secret(u.password)
        n, o = self.child(f"sasl-user-{_slug(u.username)}")
        user = alicloud.alikafka.SaslUser(
            n, instance_id=self.instance.id, username=u.username, password=password, type=u.mechanism, opts=o,
        )
        self.sasl_users[u.username] = user
        self.passwords[u.username] = password
        grants: list[tuple[str, str, str, pulumi.Resource]] = []
        grants += [("Topic", t, "Read", self.topics[t]) for t in u.read_topics]
        grants += [("Topic", t, "Write", self.topics[t]) for t in u.write_topics]
        grants += [("Group", g, "Read", self.consumer_groups[g]) for g in u.groups]
        for kind, resource, operation, target in grants:
            n, o = self.child(
                f"acl-{_slug(u.username)}-{kind.lower()}-{_slug(resource)}-{operation.lower()}",
                depends_on=[user, target],
            )
            alicloud.alikafka.SaslAcl(
                n, instance_id=self.instance.id, username=u.username, acl_resource_type=kind,
                acl_resource_name=resource, acl_resource_pattern_type="LITERAL",
                acl_operation_type=operation, opts=o,
            )


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-") or "x"
