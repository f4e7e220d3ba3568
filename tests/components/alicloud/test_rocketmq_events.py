"""RocketMQEventSource: EventBridge reading a RocketMQ 5.x topic with an ACL account over the VPC."""

from __future__ import annotations

import json

import pytest

from eventing_platform.alicloud.rocketmq_events import (
    RocketMQEventSource,
    RocketMQEventSourceArgs,
    rocketmq_message_pattern,
)
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components


def args(**kwargs) -> RocketMQEventSourceArgs:
    base = {"event_source_name": "orders", "event_bus_name": "orders-bus", "region": "cn-hangzhou", "instance_id": "rmq-cn-1",
            "endpoint": "rmq-cn-1-vpc.cn-hangzhou.rmq.aliyuncs.com:8080", "topic": "orders", "group_id": "GID_orders",
            "username": "reader", "password": "s3cret-pass", "vpc_id": "vpc-1", "vswitch_ids": ["vsw-1", "vsw-2"],
            "security_group_id": "sg-1"}
    return RocketMQEventSourceArgs(**{**base, **kwargs})


def test_the_source_reads_a_5x_instance_with_acl_over_the_vpc():
    record = run_components(lambda: RocketMQEventSource("orders", args()))
    source = one(record.by_type("alicloud:eventbridge/eventSourceV2:EventSourceV2"))
    params = source.plain_inputs()["sourceRocketmqParameters"]
    assert params == {
        "instanceType": "CLOUD_5", "instanceId": "rmq-cn-1", "instanceEndpoint": "rmq-cn-1-vpc.cn-hangzhou.rmq.aliyuncs.com:8080",
        "instanceNetwork": "PrivateNetwork", "instanceVpcId": "vpc-1", "instanceVswitchIds": "vsw-1,vsw-2",
        "instanceSecurityGroupId": "sg-1", "authType": "ACL", "instanceUsername": "reader", "instancePassword": "s3cret-pass",
        "topic": "orders", "groupId": "GID_orders", "offset": "CONSUME_FROM_LAST_OFFSET", "regionId": "cn-hangzhou",
    }
    assert source.masked_inputs()["sourceRocketmqParameters"] == "[secret]"
    assert source.inputs["eventBusName"] == "orders-bus" and source.inputs["eventSourceName"] == "orders"


def test_the_pattern_selects_the_message_events_of_the_topic():
    pattern = rocketmq_message_pattern("orders")
    assert json.loads(pattern.to_json()) == {"source": ["acs:mq"], "type": ["mq:Topic:SendMessage"], "data": {"topic": ["orders"]}}
    event = {"specversion": "1.0", "id": "1", "source": "acs:mq", "type": "mq:Topic:SendMessage", "data": {"topic": "orders", "body": "{}"}}
    assert pattern.matches(event) and not pattern.matches({**event, "data": {"topic": "other"}})


@pytest.mark.parametrize(("values", "field"), [({"event_source_name": "x"}, "event_source_name"), ({"vswitch_ids": []}, "vswitch_ids"),
                                               ({"offset": "middle"}, "offset")])
def test_bad_source_args_name_the_field_and_never_the_password(values, field):
    with pytest.raises(ArgsError) as info:
        args(**values)
    assert field in str(info.value) and "s3cret-pass" not in str(info.value)
