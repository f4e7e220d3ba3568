"""rocketmq-orders (seed 001): wiring, secrets, sample event, config errors."""

from __future__ import annotations

import json
import re

import pytest

from eventing_platform.engine.artefacts import dumps_json, dumps_manifests, manifests, plan_document
from stacks.config import ConfigError
from stacks.samples import load_sample
from tests.support.crds import requires_crds, validate_all
from tests.support.offline import one, plan
from tests.support.planned import planned
from tests.support.variants import ROCKETMQ_SOURCE

STACK = "rocketmq-orders"
SEED_ORDER = {"orderId": "123214342", "orderStatus": "completed", "userPhoneNo": "152122131323", "prodId": "2141412",
              "prodName": "test", "chargeMoney": "30.0", "chargeTime": "1584932320", "finishTime": "1584932320"}
CREDENTIAL_NAME = re.compile(r"(?i)pass|pwd|secret|token|key|credential|_AK$|_SK$")


def objects(record, kind):
    return [o for o in manifests(record) if o["kind"] == kind]


@pytest.fixture(scope="module")
def dev():
    return planned(STACK, "dev")


def test_alicloud_rocketmq_instance_topic_group_and_account_are_planned(dev):
    types = {r.type for r in dev.resources}
    for token in ("RocketMQInstance", "RocketMQTopic", "ConsumerGroup", "Account", "Acl"):
        assert any(t.startswith("alicloud:rocketmq/") and t.endswith(":" + token) for t in types), token
    topic = one(dev.by_type("alicloud:rocketmq/rocketMQTopic:RocketMQTopic")).inputs
    group = one(dev.by_type("alicloud:rocketmq/consumerGroup:ConsumerGroup")).inputs
    assert topic["topicName"] == "topic-knative" and group["consumerGroupId"] == "GID_Knative"


@pytest.fixture(scope="module")
def source_path():
    """The opt-in seed path: an existing RocketMQ 4.x instance, the ACK RocketMQSource, Broker and Trigger."""
    return plan(STACK, **ROCKETMQ_SOURCE)


def test_eventbridge_reads_the_5x_topic_with_the_acl_account_over_the_vpc(dev):
    source = one(dev.by_type("alicloud:eventbridge/eventSourceV2:EventSourceV2"))
    params = source.plain_inputs()["sourceRocketmqParameters"]
    assert source.masked_inputs()["sourceRocketmqParameters"] == "[secret]"  # it holds the password
    instance = one(dev.by_type("alicloud:rocketmq/rocketMQInstance:RocketMQInstance"))
    account = one(dev.by_type("alicloud:rocketmq/account:Account"))
    vpc = one(dev.by_type("alicloud:vpc/network:Network"))
    assert params["instanceType"] == "CLOUD_5" and params["authType"] == "ACL"
    assert params["instanceId"] == instance.id and params["instanceEndpoint"].startswith("rmq-cn-")
    assert params["instanceUsername"] == "knative-rocketmq-source" and params["instancePassword"] == account.plain_inputs()["password"]
    assert params["instanceNetwork"] == "PrivateNetwork" and params["instanceVpcId"] == vpc.id
    assert params["topic"] == "topic-knative" and params["groupId"] == "GID_Knative"
    assert source.inputs["eventBusName"] == "rocketmq-orders"


def test_the_rule_selects_the_topics_messages_and_delivers_to_order_service_in_the_vpc(dev):
    rule = one(dev.by_type("alicloud:eventbridge/rule:Rule")).inputs
    assert rule["eventBusName"] == "rocketmq-orders"
    assert json.loads(rule["filterPattern"]) == {"source": ["acs:mq"], "type": ["mq:Topic:SendMessage"], "data": {"topic": ["topic-knative"]}}
    (target,) = rule["targets"]
    params = {p["resourceKey"]: p.get("value") for p in target["paramLists"]}
    assert target["endpoint"] == "http://order-service.rocketmq-orders.example.com"
    assert params["Network"] == "PrivateNetwork" and params["VpcId"] == one(dev.by_type("alicloud:vpc/network:Network")).id
    assert params["SecurityGroupId"] == one(dev.by_type("alicloud:ecs/securityGroup:SecurityGroup")).id
    assert target["pushRetryStrategy"] == "EXPONENTIAL_DECAY_RETRY" and target["deadLetterQueue"]["arn"].endswith(":queues/rocketmq-orders-dead-letter")
    svc = next(o for o in objects(dev, "Service") if o["metadata"]["name"] == "order-service")
    assert "networking.knative.dev/visibility" not in svc["metadata"].get("labels", {})


def test_the_default_path_has_no_rocketmq_source_broker_or_trigger(dev):
    kinds = {o["kind"] for o in manifests(dev)}
    assert not kinds & {"RocketMQSource", "Broker", "Trigger", "Secret"}


def test_the_order_created_sample_is_an_eventbridge_message_event_of_the_seed_order(dev):
    event = load_sample(STACK, "order-created")
    rule = one(dev.by_type("alicloud:eventbridge/rule:Rule")).inputs
    assert event["aliyuneventbusname"] == rule["eventBusName"] and event["data"]["topic"] == "topic-knative"
    assert json.loads(event["data"]["body"]) == SEED_ORDER


def test_rocketmq_source_reads_its_access_token_from_a_secret_the_stack_creates(source_path):
    source = one(objects(source_path, "RocketMQSource"))
    spec = source["spec"]
    assert spec["accessToken"] == {"secretKeyRef": {"name": "alirocketmqsource-secret", "key": "alirocketmqsource"}}
    assert spec["topic"] == "topic-knative" and spec["groupName"] == "GID_Knative"
    assert spec["instanceId"] == ROCKETMQ_SOURCE["config"]["rocketmq4_instance_id"]
    assert spec["sink"] == {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "order", "namespace": "rocketmq-orders"}
    secret = next(o for o in objects(source_path, "Secret") if o["metadata"]["name"] == "alirocketmqsource-secret")
    assert secret["stringData"] == {"alirocketmqsource": "<set at deploy time>"}
    assert not source_path.by_type("alicloud:rocketmq/rocketMQInstance:RocketMQInstance")


def test_access_token_holds_the_4x_endpoint_and_accesskey_as_a_secret(source_path):
    token = next(r for r in source_path.by_type("kubernetes:core/v1:Secret") if r.inputs["metadata"]["name"] == "alirocketmqsource-secret")
    masked = token.masked_inputs()["stringData"]
    assert masked == "[secret]" or masked == {"alirocketmqsource": "[secret]"}
    doc = json.loads(token.plain_inputs()["stringData"]["alirocketmqsource"])
    assert doc == {"url": ROCKETMQ_SOURCE["config"]["rocketmq4_endpoint"], "accessKeyId": "ak-id-placeholder", "accessKeySecret": "ak-secret-placeholder"}
    for text in (dumps_json(plan_document(source_path, "dev")), dumps_manifests(manifests(source_path)), json.dumps(source_path.masked_outputs())):
        assert doc["accessKeySecret"] not in text and doc["accessKeyId"] not in text


def test_source_service_account_may_only_get_its_token_secret(source_path):
    sa = next(o for o in objects(source_path, "ServiceAccount") if o["metadata"]["name"] == "alirocketmqsource-sa")
    role = one(objects(source_path, "Role"))
    binding = one(objects(source_path, "RoleBinding"))
    assert role["rules"] == [{"apiGroups": [""], "resourceNames": ["alirocketmqsource-secret"], "resources": ["secrets"], "verbs": ["get"]}]
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": sa["metadata"]["name"], "namespace": "rocketmq-orders"}]
    assert binding["roleRef"]["name"] == role["metadata"]["name"]
    assert not objects(source_path, "ClusterRoleBinding")


def test_trigger_filters_on_the_order_type_and_delivers_to_order_service(source_path):
    trigger = one(objects(source_path, "Trigger"))
    assert trigger["spec"]["broker"] == "order"
    assert trigger["spec"]["filter"]["attributes"] == {"type": "RocketMQEventType"}
    assert trigger["spec"]["subscriber"]["ref"]["name"] == "order-service"
    assert trigger["spec"]["subscriber"]["ref"]["kind"] == "Service"


def test_the_source_path_keeps_the_urns_the_seed_path_had():
    urns = {r.urn for r in plan(STACK, **ROCKETMQ_SOURCE).resources}
    for name in ("KubernetesSecret::rocketmq-orders-access-token", "ServiceAccountWithRole::alirocketmqsource-sa",
                 "RocketMQSource::rocketmqsource", "Broker::order", "Trigger::order-service-trigger", "KnativeService::dead-letter"):
        assert any(u.endswith(name) for u in urns), name


def test_order_service_scales_with_load_from_config(dev):
    svc = next(o for o in objects(dev, "Service") if o["metadata"]["name"] == "order-service")
    template = svc["spec"]["template"]
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "1"
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "20"
    assert template["spec"]["containerConcurrency"] == 10
    tuned = plan(STACK, config={"min_scale": 0, "max_scale": 50, "container_concurrency": 4})
    svc = next(o for o in objects(tuned, "Service") if o["metadata"]["name"] == "order-service")
    assert svc["spec"]["template"]["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "50"
    assert svc["spec"]["template"]["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "0"
    assert svc["spec"]["template"]["spec"]["containerConcurrency"] == 4


def test_broker_dead_letters_and_is_durable_in_prod(source_path):
    broker = one(objects(source_path, "Broker"))
    assert broker["metadata"]["annotations"]["eventing.knative.dev/broker.class"] == "MTChannelBasedBroker"
    assert broker["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"
    prod = plan(STACK, stage="prod", **ROCKETMQ_SOURCE)
    assert one(objects(prod, "Broker"))["metadata"]["annotations"]["eventing.knative.dev/broker.class"] == "Kafka"
    assert one(objects(prod, "Broker"))["spec"]["config"]["name"] == "kafka-broker-config"
    assert any(r.type == "kubernetes:yaml/v2:ConfigGroup" for r in prod.resources)  # the Kafka Broker install


def test_no_workload_has_a_credential_like_env_var_with_a_literal_value(dev):
    for stage in ("dev", "prod"):
        for svc in objects(planned(STACK, stage), "Service"):
            for container in (svc.get("spec", {}).get("template", {}).get("spec", {}) or {}).get("containers", []):
                for env in container.get("env", []):
                    if CREDENTIAL_NAME.search(env["name"]):
                        assert "valueFrom" in env and "value" not in env, (svc["metadata"]["name"], env["name"])


def test_tablestore_keys_and_existing_vpc_are_wired_when_configured():
    record = plan(STACK, config={"vpc_id": "vpc-abc123", "vswitch_ids": '["vsw-abc123"]', "security_group_id": "sg-abc123", "ots_instance_name": "orders"},
                  secrets={"ots_access_key_id": "id-value", "ots_access_key_secret": "secret-value", "rocketmq_password": "configured-pass"})
    assert not record.by_type("alicloud:vpc/network:Network") and not record.by_type("random:index/randomPassword:RandomPassword")
    assert not record.by_type("alicloud:ecs/securityGroup:SecurityGroup")
    instance = one(record.by_type("alicloud:rocketmq/rocketMQInstance:RocketMQInstance")).inputs
    assert instance["networkInfo"]["vpcInfo"] == {"vpcId": "vpc-abc123", "vswitches": [{"vswitchId": "vsw-abc123"}]}
    svc = next(o for o in objects(record, "Service") if o["metadata"]["name"] == "order-service")
    env = {e["name"]: e for e in svc["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["OTS_TEST_KEYID"]["valueFrom"]["secretKeyRef"] == {"name": "order-service-ots", "key": "access-key-id"}
    assert env["OTS_TEST_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "order-service-ots", "key": "access-key-secret"}
    assert env["OTS_TEST_INSTANCENAME"] == {"name": "OTS_TEST_INSTANCENAME", "value": "orders"}
    text = dumps_json(plan_document(record, "dev")) + dumps_manifests(manifests(record))
    assert "secret-value" not in text and "configured-pass" not in text and "id-value" not in text


@pytest.mark.parametrize(
    ("config", "secrets", "fragment"),
    [
        ({"min_scale": 30, "max_scale": 20}, {}, "min_scale (30) is above max_scale (20)"),
        ({"container_concurrency": -1}, {}, "greater than or equal to 0"),
        ({"vpc_id": "vpc-abc"}, {}, "set vpc_id and vswitch_ids together"),
        ({"stage": "prod", "broker_class": "MTChannelBasedBroker"}, {}, "use 'Kafka' in prod"),
        ({"topic": "bad topic"}, {}, "not a RocketMQ 5.x topic name"),
        ({"rocketmq_msg_process_spec": "rmq.u2.2xlarge"}, {}, "rmq.u2.2xlarge' does not belong to rocketmq_series 'standard'"),
        ({}, {"rocketmq_password": "short"}, "rocketmq_password must be 8-64 characters"),
        ({}, {"ots_access_key_id": "x"}, "set ots_access_key_id and ots_access_key_secret together"),
        ({"vpc_id": "vpc-abc", "vswitch_ids": '["vsw-abc"]'}, {}, "needs security_group_id"),
        ({"event_path": "rocketmq-source"}, {}, "set rocketmq4_instance_id, rocketmq4_endpoint, rocketmq_access_key_id, rocketmq_access_key_secret"),
        ({**ROCKETMQ_SOURCE["config"], "provided_kinds": "[]"}, ROCKETMQ_SOURCE["secrets"], "add 'rocketmq-source' to provided_kinds"),
        ({"rocketmq4_instance_id": "MQ_INST_1_x"}, {}, "rocketmq4_instance_id describe the 4.x instance of event_path 'rocketmq-source'"),
    ],
)
def test_bad_config_fails_with_a_clear_message_and_registers_nothing(config, secrets, fragment):
    with pytest.raises(ConfigError) as info:
        plan(STACK, config=config, secrets=secrets)
    assert fragment in str(info.value)
    assert "'short'" not in str(info.value)


@requires_crds
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_object_passes_the_strict_schema_check(stage):
    assert validate_all(planned(STACK, stage)) >= 5
    assert validate_all(plan(STACK, stage=stage, **ROCKETMQ_SOURCE)) >= 10
