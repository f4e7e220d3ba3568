"""Tablestore: VPC-only instance bound to one vSwitch, encrypted tables."""

from __future__ import annotations

import pytest

from eventing_platform.alicloud import Column, Tablestore, TablestoreArgs, TablestoreTable
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components


def args(**kwargs) -> TablestoreArgs:
    base = {"instance_name": "barrage", "region": "cn-shanghai", "vswitch_id": "vsw-1",
            "tables": [TablestoreTable(name="barrage", primary_keys=[Column(name="id"), Column(name="ts", type="Integer")],
                                       defined_columns=[Column(name="text")])]}
    return TablestoreArgs(**{**base, **kwargs})


@pytest.fixture(scope="module")
def record():
    return run_components(lambda: {"endpoint": Tablestore("ots", args(tags={"t": "v"})).endpoint})


def test_instance_is_reachable_from_the_vpc_only(record):
    inputs = one(record.by_type("alicloud:ots/instance:Instance")).inputs
    assert inputs["name"] == "barrage" and inputs["accessedBy"] == "Vpc"
    assert inputs["networkTypeAcls"] == ["VPC"] and inputs["networkSourceAcls"] == ["TRUST_PROXY"]
    assert inputs["instanceType"] == "HighPerformance" and inputs["tags"] == {"t": "v"}
    attachment = one(record.by_type("alicloud:ots/instanceAttachment:InstanceAttachment")).inputs
    assert attachment == {"instanceName": "barrage", "vpcName": "eventingvpc", "vswitchId": "vsw-1"}


def test_console_access_can_be_turned_off():
    rec = run_components(lambda: Tablestore("ots", args(allow_console=False)))
    assert one(rec.by_type("alicloud:ots/instance:Instance")).inputs["networkSourceAcls"] == []


def test_endpoint_is_the_vpc_endpoint(record):
    assert record.outputs["endpoint"] == "https://barrage.cn-shanghai.vpc.tablestore.aliyuncs.com"


def test_table_keys_columns_and_encryption(record):
    table = one(record.by_type("alicloud:ots/table:Table")).inputs
    assert table["tableName"] == "barrage" and table["instanceName"] == "barrage"
    assert table["primaryKeys"] == [{"name": "id", "type": "String"}, {"name": "ts", "type": "Integer"}]
    assert table["definedColumns"] == [{"name": "text", "type": "String"}]
    assert table["timeToLive"] == -1 and table["maxVersion"] == 1
    assert table["enableSse"] is True and table["sseKeyType"] == "SSE_KMS_SERVICE"


def test_encryption_can_be_turned_off_explicitly():
    rec = run_components(lambda: Tablestore("ots", args(tables=[TablestoreTable(name="t", primary_keys=[Column(name="id")], encryption="none")])))
    table = one(rec.by_type("alicloud:ots/table:Table")).inputs
    assert table["enableSse"] is False and "sseKeyType" not in table


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"instance_name": "1barrage"}, "pattern"),
        ({"instance_name": "a-very-long-instance-name"}, "pattern"),
        ({"region": "Shanghai"}, "pattern"),
        ({"vpc_name": "my-vpc"}, "pattern"),
        ({"tables": []}, "at least 1"),
        ({"tables": [TablestoreTable(name="t", primary_keys=[Column(name="id")])] * 2}, "repeat"),
    ],
)
def test_bad_instance_args_are_rejected(kwargs, fragment):
    with pytest.raises(ArgsError, match="TablestoreArgs") as info:
        args(**kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"primary_keys": [Column(name="x", type="Double")]}, "must be String, Integer or Binary"),
        ({"primary_keys": [Column(name=f"k{i}") for i in range(5)]}, "at most 4"),
        ({"primary_keys": []}, "at least 1"),
        ({"primary_keys": [Column(name="id")], "defined_columns": [Column(name="id")]}, "repeat"),
        ({"primary_keys": [Column(name="id")], "time_to_live": 60}, "at least 86400"),
    ],
)
def test_bad_tables_are_rejected(kwargs, fragment):
    with pytest.raises(ArgsError, match="TablestoreTable") as info:
        TablestoreTable(name="t", **kwargs)
    assert fragment in str(info.value)


def test_internet_access_opens_the_public_endpoint():
    instance: list[Tablestore] = []
    record = run_components(lambda: instance.append(Tablestore("ots", args(internet_access=True))))
    inputs = one(record.by_type("alicloud:ots/instance:Instance")).inputs
    assert inputs["accessedBy"] == "Any" and inputs["networkTypeAcls"] == ["VPC", "INTERNET"]
    assert instance[0].public_endpoint == args().public_endpoint
    assert args().public_endpoint.endswith(".ots.aliyuncs.com") and ".vpc." not in args().public_endpoint


def test_a_vpc_only_instance_has_no_public_endpoint():
    instance: list[Tablestore] = []
    run_components(lambda: instance.append(Tablestore("ots", args())))
    assert instance[0].public_endpoint is None
