"""RocketMQ 5.x: VPC-only instance with ACL, topics, groups, least-privilege accounts."""

from __future__ import annotations

import pulumi
import pytest

from eventing_platform.alicloud import (
    RocketMQ,
    RocketMQAccess,
    RocketMQArgs,
    RocketMQConsumerGroup,
    RocketMQTopic,
)
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components

INSTANCE = "alicloud:rocketmq/rocketMQInstance:RocketMQInstance"
ACL = "alicloud:rocketmq/acl:Acl"


def args(**kwargs) -> RocketMQArgs:
    base = {
        "instance_name": "orders", "vpc_id": "vpc-1", "vswitch_ids": ["vsw-1"],
        "topics": [RocketMQTopic(name="orders"), RocketMQTopic(name="orders-dlq", message_type="NORMAL")],
        "consumer_groups": [RocketMQConsumerGroup(group_id="GID_orders", dead_letter_topic="orders-dlq")],
        "accounts": [RocketMQAccess(username="source", password="s3cretpass", subscribe_topics=["orders"], groups=["GID_orders"])],
    }
    return RocketMQArgs(**{**base, **kwargs})


@pytest.fixture(scope="module")
def record():
    return run_components(lambda: {"endpoint": RocketMQ("orders", args(tags={"team": "orders"})).endpoint})


def test_instance_is_vpc_only_with_acl_and_no_vpc_auth_bypass(record):
    inputs = one(record.by_type(INSTANCE)).inputs
    assert inputs["serviceCode"] == "rmq" and inputs["seriesCode"] == "standard" and inputs["subSeriesCode"] == "cluster_ha"
    assert inputs["networkInfo"]["internetInfo"] == {"internetSpec": "disable", "flowOutType": "uninvolved"}
    assert inputs["networkInfo"]["vpcInfo"] == {"vpcId": "vpc-1", "vswitches": [{"vswitchId": "vsw-1"}]}
    assert inputs["aclInfo"] == {"aclTypes": ["default", "apache_acl"], "defaultVpcAuthFree": False}
    assert inputs["productInfo"] == {"msgProcessSpec": "rmq.s2.2xlarge", "messageRetentionTime": 72, "traceOn": False}
    assert inputs["tags"] == {"team": "orders"}


def test_endpoint_output_is_the_vpc_tcp_endpoint(record):
    assert record.outputs["endpoint"].endswith("-vpc.cn-shanghai.rmq.aliyuncs.com:8080")


def test_topics_and_group_with_retry_policy_and_dead_letter(record):
    topics = {r.inputs["topicName"]: r.inputs for r in record.by_type("alicloud:rocketmq/rocketMQTopic:RocketMQTopic")}
    assert set(topics) == {"orders", "orders-dlq"} and topics["orders"]["messageType"] == "NORMAL"
    group = one(record.by_type("alicloud:rocketmq/consumerGroup:ConsumerGroup")).inputs
    assert group["consumerGroupId"] == "GID_orders" and group["deliveryOrderType"] == "Concurrently"
    assert group["consumeRetryPolicy"] == {"retryPolicy": "DefaultRetryPolicy", "maxRetryTimes": 16, "deadLetterTargetTopic": "orders-dlq"}


def test_account_password_is_secret_and_acls_grant_only_what_was_declared(record):
    account = one(record.by_type("alicloud:rocketmq/account:Account"))
    assert account.masked_inputs()["password"] == "[secret]"
    assert account.inputs["username"] == "source" and account.inputs["accountStatus"] == "ENABLE"
    grants = sorted((r.inputs["resourceType"], r.inputs["resourceName"], tuple(r.inputs["actions"]), r.inputs["decision"]) for r in record.by_type(ACL))
    assert grants == [("Group", "GID_orders", ("Sub",), "Allow"), ("Topic", "orders", ("Sub",), "Allow")]


def test_publisher_account_gets_pub_and_sub_only_on_its_topics():
    rec = run_components(lambda: RocketMQ("o", args(accounts=[RocketMQAccess(
        username="app", password=pulumi.Output.secret("whatever-long"), publish_topics=["orders"],
        subscribe_topics=["orders"], groups=["GID_orders"])])))
    grants = sorted((r.inputs["resourceName"], tuple(r.inputs["actions"])) for r in rec.by_type(ACL))
    assert grants == [("GID_orders", ("Sub",)), ("orders", ("Pub", "Sub"))]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"msg_process_spec": "rmq.p2.2xlarge"}, "does not belong to series 'standard'"),
        ({"series": "ultimate", "msg_process_spec": "rmq.u2.2xlarge", "sub_series": "single_node"}, "only comes as sub_series 'cluster_ha'"),
        ({"sub_series": "serverless"}, "at least two vswitch_ids"),
        ({"topics": []}, "at least 1"),
        ({"topics": [RocketMQTopic(name="orders"), RocketMQTopic(name="orders")]}, "repeat"),
        ({"consumer_groups": [RocketMQConsumerGroup(group_id="GID_orders", dead_letter_topic="nope")]}, "dead_letter_topic 'nope' is not one of topics"),
        ({"accounts": [RocketMQAccess(username="x", password="longenough", subscribe_topics=["other"], groups=["GID_orders"])]}, "names topics ['other']"),
        ({"vswitch_ids": []}, "at least 1"),
        ({"instance_name": "x"}, "pattern"),
    ],
)
def test_bad_instance_args_are_rejected_before_registration(kwargs, fragment):
    with pytest.raises(ArgsError, match="RocketMQArgs") as info:
        args(**kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: RocketMQTopic(name=""), "not a RocketMQ 5.x topic name"),
        (lambda: RocketMQTopic(name="orders", message_type="BATCH"), "'NORMAL'"),
        (lambda: RocketMQConsumerGroup(group_id="g" * 61), "not a RocketMQ 5.x group ID"),
        (lambda: RocketMQAccess(username="x", password="longenough", groups=["g"]), "granted no topic"),
        (lambda: RocketMQAccess(username="x", password="longenough", subscribe_topics=["t"]), "without a consumer group"),
    ],
)
def test_bad_topic_group_and_account_values_are_rejected(build, fragment):
    with pytest.raises(ArgsError) as info:
        build()
    assert fragment in str(info.value)


def test_a_short_password_is_rejected_without_echoing_it():
    with pytest.raises(ArgsError) as info:
        RocketMQAccess(username="x", password="tiny", subscribe_topics=["t"], groups=["g"])
    assert "8-64 characters" in str(info.value) and "tiny" not in str(info.value)


def test_instance_errors_never_echo_an_account_password():
    with pytest.raises(ArgsError) as info:
        args(msg_process_spec="rmq.p2.2xlarge", accounts=[RocketMQAccess(username="source", password="plaintext-pw-123", subscribe_topics=["orders"], groups=["GID_orders"])])
    assert "plaintext-pw-123" not in str(info.value)
    assert "plaintext-pw-123" not in repr(RocketMQAccess(username="s", password="plaintext-pw-123", publish_topics=["t"]))
