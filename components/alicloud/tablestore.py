"""Tablestore (OTS): an instance reachable from one VPC (and the Internet when asked), and its
tables (encrypted at rest).

Resources (pulumi-alicloud): ``ots.Instance`` (``accessed_by`` ``Vpc`` and network ACLs VPC only;
``Any`` with ``INTERNET`` for ``internet_access``), ``ots.InstanceAttachment`` (binds the VPC) and
``ots.Table``. Endpoints (alibabacloud.com/help/en/tablestore/latest/endpoint):
``https://<instance>.<region>.vpc.tablestore.aliyuncs.com`` in a bound VPC,
``https://<instance>.<region>.ots.aliyuncs.com`` on the Internet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, model_validator

from ..args import Args, Input, StrInput, computed
from ..component import Component
from ..errors import CHILD_NAME_REASON

_INSTANCE_NAME = r"^[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]$"
_VPC_NAME = r"^[A-Za-z][A-Za-z0-9]{2,15}$"
_TABLE_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,254}$"
_COLUMN_NAME = r"^[A-Za-z_][A-Za-z0-9_]{0,254}$"
_REGION = r"^[a-z]{2,3}-[a-z0-9-]+$"


class Column(Args):
    """A primary-key or defined column."""

    name: Annotated[str, Field(pattern=_COLUMN_NAME)]
    """Column name. Required."""
    type: Literal["String", "Integer", "Binary", "Double", "Boolean"] = "String"
    """Column type (primary keys: ``String``, ``Integer`` or ``Binary``). Default ``String``."""


class TablestoreTable(Args):
    """One table."""

    plain_reasons: ClassVar[Mapping[str, str]] = {"name": CHILD_NAME_REASON}

    name: Annotated[str, Field(pattern=_TABLE_NAME)]
    """Table name. Required."""
    primary_keys: Annotated[list[Column], Field(min_length=1, max_length=4)]
    """1-4 primary-key columns, in order. Required."""
    defined_columns: Annotated[list[Column], Field(max_length=32)] = Field(default_factory=list)
    """Pre-defined attribute columns (for secondary indexes). Default none."""
    time_to_live: int = -1
    """Seconds rows are kept (``-1`` = forever, else at least 86400). Default -1."""
    max_version: Annotated[int, Field(ge=1)] = 1
    """Versions kept per cell. Default 1."""
    encryption: Literal["kms-service", "none"] = "kms-service"
    """Server-side encryption with the KMS service key, or none. Default ``kms-service``."""

    @model_validator(mode="after")
    def _rules(self) -> TablestoreTable:
        bad = [c.name for c in self.primary_keys if c.type not in ("String", "Integer", "Binary")]
        if bad:
            raise ValueError(f"primary keys {bad} must be String, Integer or Binary")
        names = [c.name for c in self.primary_keys + self.defined_columns]
        if len(set(names)) != len(names):
            raise ValueError(f"columns {names} repeat; each column name must be unique")
        if self.time_to_live != -1 and self.time_to_live < 86400:
            raise ValueError(f"time_to_live {self.time_to_live} must be -1 (forever) or at least 86400 seconds")
        return self


class TablestoreArgs(Args):
    """Arguments of :class:`Tablestore`."""

    instance_name: Input[Annotated[str, Field(pattern=_INSTANCE_NAME)]]
    """Instance name: 3-16 letters, digits or '-', starting with a letter (part of its endpoint
    host name, so unique in the region). Required."""
    region: Input[Annotated[str, Field(pattern=_REGION)]]
    """Region of the instance (the provider's), used for the endpoint, e.g. ``cn-shanghai``. Required."""
    vswitch_id: StrInput
    """vSwitch of the VPC that may reach the instance. Required."""
    vpc_name: Annotated[str, Field(pattern=_VPC_NAME)] = "eventingvpc"
    """Alias of the VPC binding (3-16 letters or digits, starting with a letter). Default ``eventingvpc``."""
    instance_type: Literal["HighPerformance", "Capacity"] = "HighPerformance"
    """Instance type. Default ``HighPerformance``."""
    internet_access: bool = False
    """Also accept requests from the Internet on the public endpoint (for clients outside the VPC,
    e.g. a Function Compute workload without VPC access). Default False: the VPC only."""
    allow_console: bool = True
    """Also allow the Alibaba Cloud console (``TRUST_PROXY``) to read data. Default True."""
    tables: Annotated[list[TablestoreTable], Field(min_length=1)]
    """Tables. Required, at least one."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags on the instance. Default none."""

    @model_validator(mode="after")
    def _unique(self) -> TablestoreArgs:
        names = [t.name for t in self.tables]
        if len(set(names)) != len(names):
            raise ValueError(f"tables {names} repeat; each must be unique")
        return self

    @property
    def vpc_endpoint(self) -> StrInput:
        """The instance's VPC endpoint, e.g. ``https://barrage.cn-shanghai.vpc.tablestore.aliyuncs.com``
        (an ``Output`` when the instance name or region is one)."""
        return computed(
            lambda instance, region: f"https://{instance}.{region}.vpc.tablestore.aliyuncs.com", self.instance_name, self.region
        )

    @property
    def public_endpoint(self) -> str:
        """The instance's public endpoint, e.g. ``https://barrage.cn-shanghai.ots.aliyuncs.com``
        (it answers only with ``internet_access``)."""
        return f"https://{self.instance_name}.{self.region}.ots.aliyuncs.com"


class Tablestore(Component[TablestoreArgs]):
    """A Tablestore instance reachable from one VPC only, and its encrypted tables.

    Attributes: ``instance``, ``instance_name``, ``attachment``, ``tables`` (dict by name),
    ``endpoint`` (the VPC endpoint URL), ``public_endpoint`` (with ``internet_access``, else None).
    """

    TYPE = "eventing-platform:alicloud:Tablestore"
    ARGS = TablestoreArgs

    def __init__(self, name: str, args: TablestoreArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        n, o = self.child("instance")
        self.instance = alicloud.ots.Instance(
            n,
            name=args.instance_name,
            description="managed by eventing-platform",
            instance_type=args.instance_type,
            accessed_by="Any" if args.internet_access else "Vpc",
            network_type_acls=["VPC", "INTERNET"] if args.internet_access else ["VPC"],
            network_source_acls=["TRUST_PROXY"] if args.allow_console else [],
            tags=args.tags or None,
            opts=o,
        )
        self.instance_name: pulumi.Output[str] = self.instance.name
        n, o = self.child("vpc-attachment")
        self.attachment = alicloud.ots.InstanceAttachment(
            n, instance_name=self.instance.name, vpc_name=args.vpc_name, vswitch_id=args.vswitch_id, opts=o,
        )
        self.tables = {t.name: self._table(t) for t in args.tables}
        self.endpoint = args.vpc_endpoint
        self.public_endpoint = args.public_endpoint if args.internet_access else None
        self.register_outputs({"instance_name": self.instance_name, "endpoint": self.endpoint, "tables": list(self.tables)})

    def _table(self, t: TablestoreTable) -> alicloud.ots.Table:
        n, o = self.child(f"table-{re.sub(r'[^a-z0-9-]+', '-', t.name.lower()).strip('-')}")
        sse: dict[str, bool | str] = {"enable_sse": True, "sse_key_type": "SSE_KMS_SERVICE"} if t.encryption == "kms-service" else {"enable_sse": False}
        return alicloud.ots.Table(
            n,
            instance_name=self.instance.name,
            table_name=t.name,
            primary_keys=[{"name": c.name, "type": c.type} for c in t.primary_keys],
            defined_columns=[{"name": c.name, "type": c.type} for c in t.defined_columns] or None,
            time_to_live=t.time_to_live,
            max_version=t.max_version,
            **sse,
            opts=o,
        )
