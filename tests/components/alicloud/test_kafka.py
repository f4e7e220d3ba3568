"""alikafka: VPC-only instance with ACL, topics, groups, SASL users with secret passwords and ACLs."""

from __future__ import annotations

import json

import pytest

from eventing_platform.alicloud import AliKafka, AliKafkaArgs, KafkaSaslUserSpec, KafkaTopic
from eventing_platform.alicloud.kafka import VPC_ONLY
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components

INSTANCE = "alicloud:alikafka/instance:Instance"
ACL = "alicloud:alikafka/saslAcl:SaslAcl"


def args(**kwargs) -> AliKafkaArgs:
    base = {
        "instance_name": "barrage", "vpc_id": "vpc-1", "vswitch_ids": ["vsw-1"],
        "topics": [KafkaTopic(name="barrage-info")], "consumer_groups": ["barrage-process"],
        "sasl_users": [
            KafkaSaslUserSpec(username="reader", password="pw_1", read_topics=["barrage-info"], groups=["barrage-process"]),
            KafkaSaslUserSpec(username="writer", password="pw_2", write_topics=["barrage-info"], mechanism="plain"),
        ],
    }
    return AliKafkaArgs(**{**base, **kwargs})


@pytest.fixture(scope="module")
def record():
    return run_components(lambda: {"sasl": AliKafka("barrage", args(kms_key_id="key-1", tags={"t": "v"})).sasl_endpoint})


def test_instance_is_vpc_only_with_acls_and_no_auto_creation(record):
    inputs = one(record.by_type(INSTANCE)).inputs
    assert inputs["deployType"] == VPC_ONLY == 5
    assert inputs["vpcId"] == "vpc-1" and inputs["vswitchIds"] == ["vsw-1"]
    assert json.loads(inputs["config"]) == {"enable.acl": "true", "enable.vpc_sasl_ssl": "false", "kafka.log.retention.hours": "72"}
    assert inputs["diskType"] == 1 and inputs["diskSize"] == 500 and inputs["ioMaxSpec"] == "alikafka.hw.2xlarge"
    assert inputs["enableAutoTopic"] == "disable" and inputs["enableAutoGroup"] is False
    assert inputs["kmsKeyId"] == "key-1" and inputs["tags"] == {"t": "v"}
    assert "eipMax" not in inputs


def test_sasl_endpoint_output_is_the_vpc_sasl_port(record):
    servers = record.outputs["sasl"].split(",")
    assert len(servers) == 3 and all(s.endswith("-vpc.alikafka.aliyuncs.com:9094") for s in servers)


def test_topic_and_group(record):
    topic = one(record.by_type("alicloud:alikafka/topic:Topic")).inputs
    assert topic["topic"] == "barrage-info" and topic["partitionNum"] == 12 and topic["localTopic"] is False and topic["remark"]
    assert one(record.by_type("alicloud:alikafka/consumerGroup:ConsumerGroup")).inputs["consumerId"] == "barrage-process"


def test_sasl_users_have_secret_passwords_and_only_their_acls(record):
    users = {r.inputs["username"]: r for r in record.by_type("alicloud:alikafka/saslUser:SaslUser")}
    assert {u: r.inputs["type"] for u, r in users.items()} == {"reader": "scram", "writer": "plain"}
    assert all(r.masked_inputs()["password"] == "[secret]" for r in users.values())
    grants = sorted((r.inputs["username"], r.inputs["aclResourceType"], r.inputs["aclResourceName"], r.inputs["aclOperationType"], r.inputs["aclResourcePatternType"]) for r in record.by_type(ACL))
    assert grants == [
        ("reader", "Group", "barrage-process", "Read", "LITERAL"),
        ("reader", "Topic", "barrage-info", "Read", "LITERAL"),
        ("writer", "Topic", "barrage-info", "Write", "LITERAL"),
    ]


def test_options_change_the_instance_config():
    rec = run_components(lambda: AliKafka("k", args(vpc_sasl_ssl=True, retention_hours=168, disk_type="ultra", spec_type="professional")))
    inputs = one(rec.by_type(INSTANCE)).inputs
    assert json.loads(inputs["config"])["enable.vpc_sasl_ssl"] == "true"
    assert json.loads(inputs["config"])["kafka.log.retention.hours"] == "168"
    assert inputs["diskType"] == 0 and inputs["specType"] == "professional"


def test_mechanism_names_for_clients():
    assert KafkaSaslUserSpec(username="a", password="p", write_topics=["ttt"]).sasl_mechanism == "SCRAM-SHA-256"
    assert KafkaSaslUserSpec(username="a", password="p", write_topics=["ttt"], mechanism="plain").sasl_mechanism == "PLAIN"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"topics": []}, "at least 1"),
        ({"topics": [KafkaTopic(name="dup"), KafkaTopic(name="dup")]}, "repeat"),
        ({"sasl_users": [KafkaSaslUserSpec(username="u", password="p", write_topics=["other"])]}, "names topics ['other']"),
        ({"disk_size": 100}, "greater than or equal to 500"),
        ({"io_max_spec": "big"}, "pattern"),
        ({"service_version": "3.0"}, "'2.2.0' or '2.6.2'"),
    ],
)
def test_bad_instance_args_are_rejected_before_registration(kwargs, fragment):
    with pytest.raises(ArgsError, match="AliKafkaArgs") as info:
        args(**kwargs)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("build", "fragment"),
    [
        (lambda: KafkaTopic(name=""), "not an alikafka topic name"),
        (lambda: KafkaTopic(name="t1x", compact=True), "compact needs local_storage=True"),
        (lambda: KafkaSaslUserSpec(username="u", password="p", groups=["ggg"]), "granted no topic"),
        (lambda: KafkaSaslUserSpec(username="u", password="p", read_topics=["ttt"]), "reads without a consumer group"),
    ],
)
def test_bad_topic_and_user_values_are_rejected(build, fragment):
    with pytest.raises(ArgsError) as info:
        build()
    assert fragment in str(info.value)


def test_a_bad_password_is_rejected_without_echoing_it():
    with pytest.raises(ArgsError) as info:
        KafkaSaslUserSpec(username="u", password="has space!", write_topics=["ttt"])
    assert "letters, digits or '_'" in str(info.value) and "has space!" not in str(info.value)


def test_instance_errors_never_echo_a_sasl_password():
    with pytest.raises(ArgsError) as info:
        args(disk_size=1, sasl_users=[KafkaSaslUserSpec(username="u", password="plaintext_pw_123", write_topics=["barrage-info"])])
    assert "plaintext_pw_123" not in str(info.value)
    assert "plaintext_pw_123" not in repr(KafkaSaslUserSpec(username="u", password="plaintext_pw_123", write_topics=["ttt"]))


def test_a_public_endpoint_adds_the_internet_ssl_endpoint_and_its_allow_list():
    record = run_components(lambda: AliKafka("k", args(public_endpoint=True, internet_allowed_cidrs=["203.0.113.0/24"], eip_max=5)))
    instance = one(record.by_type("alicloud:alikafka/instance:Instance"))
    assert instance.inputs["deployType"] == 4 and instance.inputs["eipMax"] == 5
    assert all(s.endswith(":9093") for s in instance.outputs["sslDomainEndpoint"].split(","))
    allowed = one(record.by_type("alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment")).inputs
    assert allowed == {"instanceId": instance.id, "allowedType": "internet", "portRange": "9093/9093", "allowedIp": "203.0.113.0/24"}


def test_without_a_public_endpoint_there_is_no_internet_allow_list(record):
    assert not record.by_type("alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment")
    assert "eipMax" not in one(record.by_type("alicloud:alikafka/instance:Instance")).inputs
