"""kafka-barrage (seed 003): Kafka, Tablestore, ASK, ECI and FC services, KafkaSource, secrets."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from eventing_platform.analysis.reachability import unreachable
from eventing_platform.engine.artefacts import dumps_json, dumps_manifests, manifests, plan_document
from stacks.config import ConfigError
from tests.support.crds import requires_crds, validate_all
from tests.support.offline import one, plan
from tests.support.planned import planned

STACK = "kafka-barrage"
CREDENTIAL_NAME = re.compile(r"(?i)pass|pwd|secret|token|key|credential|tracing|_AK$|_SK$")


def objects(record, kind):
    return [o for o in manifests(record) if o["kind"] == kind]


def service(record, name):
    return next(o for o in objects(record, "Service") if o["apiVersion"] == "serving.knative.dev/v1" and o["metadata"]["name"] == name)


def env_of(svc):
    return {e["name"]: e for e in svc["spec"]["template"]["spec"]["containers"][0].get("env", [])}


@pytest.fixture(scope="module")
def dev():
    return planned(STACK, "dev")


@pytest.fixture(scope="module")
def configured():
    return plan(STACK, config={"fc_role_arn": "acs:ram::1234567890123456:role/knative-fc"}, secrets={
        "ots_access_key_id": "ak-id-value", "ots_access_key_secret": "ak-secret-value",
        "tracing_endpoint": "http://tracing-analysis-dc-sh.aliyuncs.com/adapt_token@x/api/traces",
        "kafka_producer_password": "configured_pw_1",
    })


def test_kafka_with_topic_barrage_info_and_least_privilege_users(dev):
    instance = one(dev.by_type("alicloud:alikafka/instance:Instance")).inputs
    assert instance["deployType"] == 4 and instance["eipMax"] == 3  # the HomePage on FC needs the Internet SSL endpoint
    allowed = one(dev.by_type("alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment")).inputs
    assert (allowed["allowedType"], allowed["portRange"], allowed["allowedIp"]) == ("internet", "9093/9093", "0.0.0.0/0")
    assert one(dev.by_type("alicloud:alikafka/topic:Topic")).inputs["topic"] == "barrage-info"
    users = {r.inputs["username"] for r in dev.by_type("alicloud:alikafka/saslUser:SaslUser")}
    assert users == {"barrage-source", "barrage-producer"}
    grants = sorted((r.inputs["username"], r.inputs["aclResourceName"], r.inputs["aclOperationType"]) for r in dev.by_type("alicloud:alikafka/saslAcl:SaslAcl"))
    assert grants == [("barrage-producer", "barrage-info", "Write"), ("barrage-source", "barrage-info", "Read"), ("barrage-source", "barrage-process", "Read")]


def test_tablestore_instance_and_table_barrage(dev):
    instance = one(dev.by_type("alicloud:ots/instance:Instance")).inputs
    assert instance["name"] == "barrage" and instance["accessedBy"] == "Any" and instance["networkTypeAcls"] == ["VPC", "INTERNET"]
    assert one(dev.by_type("alicloud:ots/table:Table")).inputs["tableName"] == "barrage"


def _secret(record, name):
    return next(r for r in record.by_type("kubernetes:core/v1:Secret") if r.inputs["metadata"]["name"] == name).plain_inputs()["stringData"]


def test_the_homepage_on_fc_gets_public_endpoints_and_the_processor_on_eci_vpc_ones(dev):
    producer = _secret(dev, "barrage-kafka-producer")
    assert all(s.endswith(":9093") and "-vpc." not in s for s in producer["bootstrapServers"].split(","))
    assert producer["securityProtocol"] == "SASL_SSL"
    assert _secret(dev, "barrage-tablestore")["endpoint"] == "https://barrage.cn-shanghai.ots.aliyuncs.com"
    process = next(o for o in manifests(dev) if o["kind"] == "Service" and o["metadata"]["name"] == "test-barrage-process")
    env = {e["name"]: e.get("value") for e in process["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["OTS_ENDPOINT"] == "https://barrage.cn-shanghai.vpc.tablestore.aliyuncs.com"
    assert all(s.endswith(":9094") for s in one([o for o in manifests(dev) if o["kind"] == "KafkaSource"])["spec"]["bootstrapServers"])
    assert unreachable(dev) == []


def test_vpc_endpoints_for_the_homepage_on_fc_are_unreachable():
    record = plan(STACK, config={"homepage_endpoints": "vpc"})
    problems = unreachable(record)
    assert sorted(p.endpoint.what for p in problems) == ["a VPC endpoint of alikafka instance barrage-kafka",
                                                          "the VPC endpoint of Tablestore instance barrage"]
    assert all("demo-barrage on Function Compute" in p.message for p in problems)


def test_the_homepage_on_eci_keeps_everything_vpc_only():
    record = plan(STACK, config={"homepage_workload": "eci"})
    assert one(record.by_type("alicloud:alikafka/instance:Instance")).inputs["deployType"] == 5
    assert one(record.by_type("alicloud:ots/instance:Instance")).inputs["accessedBy"] == "Vpc"
    assert not record.by_type("alicloud:alikafka/instanceAllowedIpAttachment:InstanceAllowedIpAttachment")
    homepage = next(o for o in manifests(record) if o["kind"] == "Service" and o["metadata"]["name"] == "demo-barrage")
    assert "workload.serving.knative.aliyun.com/class" not in (homepage["metadata"].get("annotations") or {})
    assert unreachable(record) == []


def test_everything_runs_on_an_ask_cluster_with_knative(dev):
    cluster = one(dev.by_type("alicloud:cs/serverlessKubernetes:ServerlessKubernetes")).inputs
    assert cluster["enableRrsa"] is True
    assert {"name": "knative"} in cluster["addons"]
    provider = one(dev.by_type("pulumi:providers:kubernetes"))
    k8s = [r for r in dev.resources if r.custom and r.type.startswith("kubernetes:")]
    assert k8s and all(r.provider and r.provider.startswith(provider.urn) for r in k8s)


def test_process_service_on_eci_with_the_seed_scaling(dev):
    svc = service(dev, "test-barrage-process")
    template = svc["spec"]["template"]
    annotations = template["metadata"]["annotations"]
    assert annotations["autoscaling.knative.dev/min-scale"] == "0"
    assert annotations["autoscaling.knative.dev/max-scale"] == "100"
    assert annotations["k8s.aliyun.com/eci-image-snapshot-id"] == "imc-uf636kjjx8xr4e75npex"
    assert template["spec"]["containerConcurrency"] == 2
    assert template["spec"]["serviceAccountName"] == "barrage-install-sa"
    assert template["metadata"]["labels"] == {"danmu.role": "manager"}
    container = one(template["spec"]["containers"])
    assert container["ports"] == [{"containerPort": 8000, "name": "http1"}] and container["args"] == ["/manager"]
    env = env_of(svc)
    assert env["OTS_ENDPOINT"]["value"] == "https://barrage.cn-shanghai.vpc.tablestore.aliyuncs.com"
    assert env["OTS_KEYID"]["valueFrom"]["secretKeyRef"] == {"name": "barrage-tablestore-credentials", "key": "access-key-id"}
    assert env["OTS_SECRET"]["valueFrom"]["secretKeyRef"] == {"name": "barrage-tablestore-credentials", "key": "access-key-secret"}
    assert "TRACING" not in env


def test_homepage_runs_on_function_compute_with_settings_from_secrets(dev):
    svc = service(dev, "demo-barrage")
    assert svc["metadata"]["annotations"]["workload.serving.knative.aliyun.com/class"] == "fc"
    annotations = svc["spec"]["template"]["metadata"]["annotations"]
    assert annotations["fc.revision.serving.knative.aliyun.com/code-space"] == "image"
    assert json.loads(annotations["fc.revision.serving.knative.aliyun.com/domain"]) == {"domain": "barrage.demo.knative.top", "path": "/*"}
    env = env_of(svc)
    for name, (secret, key) in {
        "KAFKA_SERVER": ("barrage-kafka-producer", "bootstrapServers"), "KAFKA_USER": ("barrage-kafka-producer", "user"),
        "KAFKA_PWD": ("barrage-kafka-producer", "password"), "KAFKA_TOPIC": ("barrage-kafka-producer", "topic"),
        "OTS_ENDPOINT": ("barrage-tablestore", "endpoint"), "OTS_INSTANCENAME": ("barrage-tablestore", "instance-name"),
        "TABLE_NAME": ("barrage-tablestore", "table-name"), "OTS_KEYID": ("barrage-tablestore-credentials", "access-key-id"),
    }.items():
        assert env[name]["valueFrom"]["secretKeyRef"] == {"name": secret, "key": key}, name


def test_kafka_source_reads_barrage_info_with_sasl_from_a_secret_into_the_process_service(dev):
    src = one(objects(dev, "KafkaSource"))["spec"]
    assert src["topics"] == ["barrage-info"] and src["consumerGroup"] == "barrage-process"
    assert src["sink"]["ref"]["name"] == "test-barrage-process" and src["sink"]["ref"]["kind"] == "Service"
    assert all(s.endswith(":9094") for s in src["bootstrapServers"]) and len(src["bootstrapServers"]) == 3
    assert src["net"]["sasl"]["password"] == {"secretKeyRef": {"name": "barrage-kafka-source", "key": "password"}}
    assert src["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"
    secret = next(r for r in dev.by_type("kubernetes:core/v1:Secret") if r.inputs["metadata"]["name"] == "barrage-kafka-source")
    data = secret.plain_inputs()["stringData"]
    assert data["user"] == "barrage-source" and data["saslType"] == "SCRAM-SHA-256"
    user = next(r for r in dev.by_type("alicloud:alikafka/saslUser:SaslUser") if r.inputs["username"] == "barrage-source")
    assert user.plain_inputs()["password"] == data["password"]


def test_configured_credentials_and_tracing_become_secrets_never_plaintext(configured):
    names = {o["metadata"]["name"] for o in objects(configured, "Secret")}
    assert {"barrage-tablestore-credentials", "barrage-tracing"} <= names
    env = env_of(service(configured, "test-barrage-process"))
    assert env["TRACING"]["valueFrom"]["secretKeyRef"] == {"name": "barrage-tracing", "key": "endpoint"}
    assert service(configured, "demo-barrage")["spec"]["template"]["metadata"]["annotations"][
        "fc.revision.serving.knative.aliyun.com/role-arm"] == "acs:ram::1234567890123456:role/knative-fc"
    assert len(configured.by_type("random:index/randomPassword:RandomPassword")) == 1
    text = dumps_json(plan_document(configured, "dev")) + dumps_manifests(manifests(configured)) + json.dumps(configured.masked_outputs())
    for plaintext in ("ak-id-value", "ak-secret-value", "adapt_token", "configured_pw_1"):
        assert plaintext not in text


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_no_workload_has_a_credential_like_env_var_with_a_literal_value(stage, configured):
    for record in (planned(STACK, stage), configured):
        for obj in objects(record, "Service"):
            for container in ((obj.get("spec") or {}).get("template") or {}).get("spec", {}).get("containers", []):
                for env in container.get("env", []):
                    if CREDENTIAL_NAME.search(env["name"]):
                        assert "valueFrom" in env and "value" not in env, (obj["metadata"]["name"], env["name"])


def test_kubeconfig_output_is_secret(dev):
    assert "kubeconfig" in dev.secret_outputs


@pytest.mark.parametrize(
    ("config", "secrets", "fragment"),
    [
        ({"process_min_scale": 5, "process_max_scale": 2}, {}, "process_min_scale (5) is above process_max_scale (2)"),
        ({"process_concurrency": -2}, {}, "greater than or equal to 0"),
        ({"process_image_snapshot_id": "snapshot"}, {}, "pattern"),
        ({"fc_role_arn": "acs:ram::xxxx:role/knative-fc"}, {}, "pattern"),
        ({"kafka_source_user": "same", "kafka_producer_user": "same"}, {}, "must differ"),
        ({"kafka_sasl_mechanism": "gssapi"}, {}, "'scram' or 'plain'"),
        ({}, {"kafka_source_password": "has space"}, "kafka_source_password must be 1-64 letters"),
        ({}, {"ots_access_key_secret": "x"}, "set ots_access_key_id and ots_access_key_secret together"),
        ({"process_image": "registry.example.com/app:latest"}, {}, "latest"),
    ],
)
def test_bad_config_fails_with_a_clear_message(config, secrets, fragment):
    with pytest.raises(ConfigError) as info:
        plan(STACK, config=config, secrets=secrets)
    assert fragment in str(info.value)
    assert "has space" not in str(info.value)


@requires_crds
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_object_passes_the_strict_schema_check(stage):
    assert validate_all(planned(STACK, stage)) >= 10


@requires_crds
def test_configured_variant_passes_the_strict_schema_check(configured):
    assert validate_all(configured) >= 12


@pytest.mark.parametrize("region", ["cn-shanghai", "cn-hangzhou"])
def test_region_places_every_cloud_resource_and_names_the_tablestore_endpoint(region):
    """One key: the resources' provider and the endpoint the services are given cannot disagree."""
    record = plan(STACK, config={"region": region})
    provider = one(record.by_type("pulumi:providers:alicloud"))
    assert provider.inputs["region"] == region
    cloud = [r for r in record.resources if r.custom and r.type.startswith("alicloud:")]
    assert cloud and all((r.provider or "").startswith(provider.urn + "::") for r in cloud)
    assert _secret(record, "barrage-tablestore")["endpoint"] == f"https://barrage.{region}.ots.aliyuncs.com"
    assert record.outputs["tablestore_endpoint"] == f"https://barrage.{region}.vpc.tablestore.aliyuncs.com"


def test_a_zone_outside_the_region_is_refused():
    with pytest.raises(ConfigError, match="zone_id 'cn-hangzhou-j' is not in region 'cn-shanghai'"):
        plan(STACK, config={"zone_id": "cn-hangzhou-j"})


def test_the_seed_image_cache_can_be_removed_from_the_stack_config():
    """The seed's ECI image cache lives in its author's account: `pulumi config rm` must unset it."""
    from eventing_platform.engine.program import plan_stack, read_stack_file
    from stacks.repository import PROGRAM

    shipped = read_stack_file(PROGRAM, STACK)
    key = "eventing-platform:process_image_snapshot_id"
    annotation = "k8s.aliyun.com/eci-image-snapshot-id"
    with_cache = service(plan_stack(shipped), "test-barrage-process")["spec"]["template"]["metadata"]["annotations"]
    assert with_cache[annotation] == shipped.config[key]
    removed = dataclasses.replace(shipped, config={k: v for k, v in shipped.config.items() if k != key})
    annotations = service(plan_stack(removed), "test-barrage-process")["spec"]["template"]["metadata"].get("annotations", {})
    assert annotation not in annotations
