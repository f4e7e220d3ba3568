"""The oss-unzip stack (seed 000): wiring pinned to the seed, identity modes, stages, service kinds,
reusing a cluster, the loop guard through the CLI, and strict validation of every manifest."""

from __future__ import annotations

import functools
import json
import re

import pytest
import yaml

from eventing_platform.alicloud.oss_events import (
    COMPLETED_OBJECT_TYPES,
    SEED_OBJECT_CREATED_TYPES,
    oss_object_event,
)
from eventing_platform.alicloud.pattern_matcher import pattern_matches
from eventing_platform.engine.program import OFFLINE_SECRET
from eventing_platform.events.loop_guard import EventLoopError
from stacks.config import ConfigError, parse_config
from stacks.oss_unzip import SEED_IMAGE, Config, check_loops
from stacks.repository import main
from tests.support.crds import requires_crds, validate_all
from tests.support.offline import objects_of, one, plan

SEED_FILTER = (
    '{"source": ["acs.oss"], "type": ["oss:ObjectCreated:PostObject", "oss:ObjectCreated:UploadPart", '
    '"oss:ObjectCreated:PutObject", "oss:ObjectCreated:UploadPartCopy", '
    '"oss:ObjectCreated:InitiateMultipartUpload", "oss:ObjectCreated:AppendObject", '
    '"oss:ObjectCreated:CompleteMultipartUpload"], "subject": [{"suffix": ".zip"}], '
    '"data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}}}'
)
RULE = "alicloud:eventbridge/rule:Rule"
EXISTING = {
    "kubeconfig": "apiVersion: v1\nkind: Config\n",
    "oidc_provider_arn": "acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1",
    "oidc_issuer_url": "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1",
    "vpc_id": "vpc-abc123", "vswitch_id": "vsw-abc123", "security_group_id": "sg-abc123",
}


@functools.cache
def planned(stage: str = "dev", **config):
    secrets = {"kubeconfig": config.pop("kubeconfig")} if "kubeconfig" in config else None
    return plan("oss-unzip", config=config or None, secrets=secrets, stage=stage)


def inputs(record, token):
    return one(record.by_type(token)).plain_inputs()


def rule_target(record):
    return one(inputs(record, RULE)["targets"])


# ------------------------------------------------------------------ the seed's wiring


def test_the_rule_listens_on_the_cloud_service_bus_with_the_seed_pattern():
    rule = inputs(planned(), RULE)
    assert rule["eventBusName"] == "default" and rule["ruleName"] == "oss-unzip" and rule["status"] == "ENABLE"
    assert rule["filterPattern"] == SEED_FILTER


@pytest.mark.parametrize("event_type", ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PostObject", "oss:ObjectCreated:CompleteMultipartUpload"])
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_rendered_pattern_matches_an_upload_of_a_zip(stage, event_type):
    pattern = json.loads(inputs(planned(stage), RULE)["filterPattern"])
    assert pattern_matches(pattern, oss_object_event("eb-ask", "zip/x.zip", event_type))


@pytest.mark.parametrize(
    ("bucket", "key", "event_type"),
    [("eb-ask", "unzip/x.zip", "oss:ObjectCreated:PutObject"), ("eb-ask", "zip/x.zip.txt", "oss:ObjectCreated:PutObject"),
     ("other", "zip/x.zip", "oss:ObjectCreated:PutObject"), ("eb-ask", "zip/x.zip", "oss:ObjectRemoved:DeleteObject"),
     ("eb-ask", "x.zip", "oss:ObjectCreated:PutObject")],
)
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_rendered_pattern_matches_none_of_these(stage, bucket, key, event_type):
    pattern = json.loads(inputs(planned(stage), RULE)["filterPattern"])
    assert not pattern_matches(pattern, oss_object_event(bucket, key, event_type))


def test_the_target_is_the_service_unzip_url_with_exponential_retries_and_a_dead_letter_queue():
    record = planned()
    target = rule_target(record)
    service = one(record.by_type("kubernetes:core/v1:Service"))
    ip = service.outputs["status"]["loadBalancer"]["ingress"][0]["ip"]
    assert target["type"] == "http" and target["endpoint"] == f"http://{ip}/unzip"
    assert target["pushRetryStrategy"] == "EXPONENTIAL_DECAY_RETRY"
    queue = inputs(record, "alicloud:message/serviceQueue:ServiceQueue")
    assert target["deadLetterQueue"]["arn"] == f"acs:mns:cn-hangzhou:1234567890123456:queues/{queue['queueName']}"
    params = {p["resourceKey"]: p.get("value") for p in target["paramLists"]}
    assert params["url"] == target["endpoint"] and params["Network"] == "PrivateNetwork"
    cluster = inputs(record, "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")
    assert params["VpcId"] == cluster["vpcId"] and params["VSwitchIds"] == ",".join(cluster["vswitchIds"])
    assert params["SecurityGroupId"].startswith("sg-")
    assert service.plain_inputs()["metadata"]["annotations"] == {"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet"}


def test_the_unzip_service_runs_the_seed_image_hardened():
    deployment = one(objects_of(planned(), "Deployment"))
    assert deployment["metadata"]["name"] == "eb-ask-demo" and deployment["metadata"]["namespace"] == "oss-unzip"
    pod = deployment["spec"]["template"]["spec"]
    (c,) = pod["containers"]
    assert c["image"] == SEED_IMAGE
    assert c["ports"] == [{"containerPort": 8080, "name": "http"}]
    assert c["resources"] == {"requests": {"cpu": "500m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}}
    assert {"name": "OSS_ENDPOINT", "value": "oss-cn-hangzhou.aliyuncs.com"} in c["env"]
    assert c["securityContext"]["readOnlyRootFilesystem"] is True and c["volumeMounts"] == [{"name": "scratch-tmp", "mountPath": "/tmp"}]
    assert pod["serviceAccountName"] == "eb-ask-demo"


def test_the_bucket_is_private_encrypted_versioned_and_blocked():
    record = planned()
    assert inputs(record, "alicloud:oss/bucket:Bucket")["bucket"] == "eb-ask"
    assert inputs(record, "alicloud:oss/bucketAcl:BucketAcl")["acl"] == "private"
    assert inputs(record, "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock")["blockPublicAccess"] is True
    assert inputs(record, "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption")["sseAlgorithm"] == "AES256"
    assert inputs(record, "alicloud:oss/bucketVersioning:BucketVersioning")["status"] == "Enabled"


def test_a_custom_bus_for_unzip_completed_events():
    assert inputs(planned(), "alicloud:eventbridge/eventBus:EventBus")["eventBusName"] == "oss-unzip-completed"


def test_outputs_bucket_rule_service_url_and_a_secret_kubeconfig():
    record = planned()
    assert record.outputs["bucket"] == "eb-ask" and record.outputs["rule"] == "oss-unzip"
    assert record.outputs["service_url"] == "http://203.0.113.10" and record.outputs["unzip_url"] == "http://203.0.113.10/unzip"
    assert record.outputs["completed_bus"] == "oss-unzip-completed"
    assert "kubeconfig" in record.secret_outputs and record.masked_outputs()["kubeconfig"] == "[secret]"
    assert record.outputs["role_arn"].endswith(":role/eb-ask-demo-rrsa")


def test_the_service_declares_its_writes_for_the_event_flow():
    annotations = one(objects_of(planned(), "Deployment"))["metadata"]["annotations"]
    writes = json.loads(annotations["eventing-platform.dev/side-effects"])["writes"]
    assert writes == [{"bucket": "eb-ask", "prefix": "unzip/", "store": "oss", "suffixes": []}]


# ------------------------------------------------------------------ identity


def test_rrsa_by_default_no_access_key_and_the_cluster_has_rrsa_on():
    record = planned()
    assert record.by_type("alicloud:ram/accessKey:AccessKey") == [] and record.by_type("alicloud:ram/user:User") == []
    assert inputs(record, "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")["enableRrsa"] is True
    role = inputs(record, "alicloud:ram/role:Role")
    trust = json.loads(role["assumeRolePolicyDocument"])["Statement"][0]
    assert trust["Condition"]["StringEquals"]["oidc:sub"] == "system:serviceaccount:oss-unzip:eb-ask-demo"
    account = one(objects_of(record, "ServiceAccount"))
    assert account["metadata"]["annotations"] == {"pod-identity.alibabacloud.com/role-name": role["roleName"]}
    assert one(objects_of(record, "Namespace"))["metadata"]["labels"]["pod-identity.alibabacloud.com/injection"] == "on"


@pytest.mark.parametrize("config", [{}, {"credentials": "access-key"}], ids=["rrsa", "access-key"])
def test_ram_grants_read_on_the_input_and_write_on_the_output_prefix_only(config):
    record = planned(**config)
    doc = json.loads(inputs(record, "alicloud:ram/policy:Policy")["policyDocument"])
    assert doc == {"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:eb-ask/zip/*"]},
        {"Effect": "Allow", "Action": ["oss:PutObject", "oss:AbortMultipartUpload"], "Resource": ["acs:oss:*:*:eb-ask/unzip/*"]},
    ]}
    for token in ("alicloud:ram/rolePolicyAttachment:RolePolicyAttachment", "alicloud:ram/userPolicyAttachment:UserPolicyAttachment"):
        for attachment in record.by_type(token):
            assert attachment.plain_inputs()["policyType"] == "Custom"
    assert "FullAccess" not in json.dumps([r.plain_inputs() for r in record.resources])


def test_access_key_mode_delivers_the_key_through_a_secret_only():
    record = planned(credentials="access-key")
    key = inputs(record, "alicloud:ram/accessKey:AccessKey")
    assert "secretFile" not in key and "pgpKey" not in key
    (c,) = one(objects_of(record, "Deployment"))["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in c["env"]}
    ref = {"secretKeyRef": {"name": "eb-ask-demo-oss-credentials", "key": "access-key-id"}}
    assert env["OSS_ACCESSKEYID"] == {"name": "OSS_ACCESSKEYID", "valueFrom": ref}
    assert env["OSS_ACCESSKEYSECRET"]["valueFrom"]["secretKeyRef"]["key"] == "access-key-secret"
    secret = one(objects_of(record, "Secret"))
    assert secret["metadata"]["name"] == "eb-ask-demo-oss-credentials"
    assert secret["stringData"] == {"access-key-id": "<set at deploy time>", "access-key-secret": "<set at deploy time>"}
    from eventing_platform.engine.outputs_alicloud import OFFLINE_ACCESS_KEY_SECRET

    assert OFFLINE_ACCESS_KEY_SECRET not in json.dumps([r.masked_inputs() for r in record.resources])
    assert OFFLINE_ACCESS_KEY_SECRET not in json.dumps(record.masked_outputs())
    assert record.by_type("alicloud:ram/role:Role") == []


@pytest.mark.parametrize("config", [{}, {"credentials": "access-key"}, {"service_kind": "knative"}], ids=["rrsa", "access-key", "knative"])
def test_no_credential_like_env_var_has_a_literal_value(config):
    record = planned(**config)
    credential = re.compile(r"password|passwd|pwd|secret|token|access.?key|_ak$|_sk$|credential|private.?key", re.I)
    for obj in objects_of(record, "Deployment") + objects_of(record, "Service"):
        spec = obj.get("spec", {}).get("template", {}).get("spec", {})
        for c in spec.get("containers", []):
            for e in c.get("env", []):
                if credential.search(e["name"]):
                    assert "value" not in e and "valueFrom" in e, e


# ------------------------------------------------------------------ stages and options


def test_dev_uses_the_seed_types_and_prod_the_completing_ones():
    assert json.loads(inputs(planned("dev"), RULE)["filterPattern"])["type"] == list(SEED_OBJECT_CREATED_TYPES)
    assert json.loads(inputs(planned("prod"), RULE)["filterPattern"])["type"] == list(COMPLETED_OBJECT_TYPES)


def test_prod_protects_the_bucket_and_the_cluster():
    record = planned("prod")
    assert inputs(record, "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")["deletionProtection"] is True
    assert inputs(planned("dev"), "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")["deletionProtection"] is False
    assert inputs(record, "alicloud:oss/bucket:Bucket")["tags"] == {"scenario": "oss-unzip", "stage": "prod"}


def test_the_cluster_the_stack_deploys_into_has_the_public_api_endpoint_its_credential_needs():
    """cs.get_cluster_credential always returns the Internet kubeconfig (PrivateIpAddress=false)."""
    assert inputs(planned(), "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")["endpointPublicAccessEnabled"] is True
    with pytest.raises(ConfigError, match="public_api_endpoint=false: the stack deploys into the cluster it creates"):
        planned(public_api_endpoint="false")


def test_public_delivery_as_in_the_seed():
    record = planned(target_network="public")
    params = {p["resourceKey"]: p.get("value") for p in rule_target(record)["paramLists"]}
    assert params["Network"] == "PublicNetwork" and "VpcId" not in params
    assert one(objects_of(record, "Service"))["metadata"]["annotations"]["service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"] == "internet"


def test_a_knative_service_when_configured():
    record = planned(service_kind="knative", min_scale="1", max_scale="4")
    assert objects_of(record, "Deployment") == []
    ksvc = one(objects_of(record, "Service"))
    assert ksvc["apiVersion"] == "serving.knative.dev/v1" and ksvc["metadata"]["name"] == "eb-ask-demo"
    template = ksvc["spec"]["template"]
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/min-scale"] == "1"
    assert template["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "4"
    assert template["spec"]["serviceAccountName"] == "eb-ask-demo"
    assert rule_target(record)["endpoint"] == "http://eb-ask-demo.oss-unzip.example.com/unzip"
    assert {"name": "knative"} in inputs(record, "alicloud:cs/serverlessKubernetes:ServerlessKubernetes")["addons"]


def test_other_prefixes_bucket_and_region_flow_everywhere():
    record = planned(bucket="my-archives", input_prefix="in/", output_prefix="out/", suffix=".tar", region="cn-shanghai")
    pattern = json.loads(inputs(record, RULE)["filterPattern"])
    assert pattern["data"]["oss"] == {"bucket": {"name": ["my-archives"]}, "object": {"key": [{"prefix": "in/"}]}}
    assert pattern["subject"] == [{"suffix": ".tar"}]
    doc = json.loads(inputs(record, "alicloud:ram/policy:Policy")["policyDocument"])
    assert [s["Resource"] for s in doc["Statement"]] == [["acs:oss:*:*:my-archives/in/*"], ["acs:oss:*:*:my-archives/out/*"]]
    (c,) = one(objects_of(record, "Deployment"))["spec"]["template"]["spec"]["containers"]
    assert {"name": "OSS_ENDPOINT", "value": "oss-cn-shanghai.aliyuncs.com"} in c["env"]
    assert rule_target(record)["deadLetterQueue"]["arn"].startswith("acs:mns:cn-shanghai:")
    assert one(record.by_type("pulumi:providers:alicloud")).plain_inputs()["region"] == "cn-shanghai"


def test_an_existing_cluster_is_reused_from_a_secret_kubeconfig():
    record = planned(**EXISTING)
    assert record.by_type("alicloud:cs/serverlessKubernetes:ServerlessKubernetes") == []
    assert one(record.by_type("pulumi:providers:kubernetes")).masked_inputs()["kubeconfig"] == "[secret]"
    role = inputs(record, "alicloud:ram/role:Role")
    assert json.loads(role["assumeRolePolicyDocument"])["Statement"][0]["Principal"]["Federated"] == [EXISTING["oidc_provider_arn"]]
    params = {p["resourceKey"]: p.get("value") for p in rule_target(record)["paramLists"]}
    assert (params["VpcId"], params["VSwitchIds"], params["SecurityGroupId"]) == ("vpc-abc123", "vsw-abc123", "sg-abc123")
    assert "kubeconfig" in record.secret_outputs
    assert EXISTING["kubeconfig"] not in json.dumps([r.masked_inputs() for r in record.resources])


# ------------------------------------------------------------------ bad config


@pytest.mark.parametrize(
    ("values", "key", "fragment"),
    [
        ({"bucket": "EB_ASK"}, "bucket", "3-63 lowercase"),
        ({"bucket": "ab"}, "bucket", "3-63 lowercase"),
        ({"input_prefix": "/zip/"}, "input_prefix", "must not start with '/'"),
        ({"output_prefix": "unzip/*"}, "output_prefix", "wildcards"),
        ({"region": "cn-hangzou"}, "region", "not an Alibaba Cloud region"),
        ({"credentials": "static"}, "credentials", "'rrsa' or 'access-key'"),
        ({"retry_strategy": "BACKOFF_RETRY"}, "retry_strategy", "use EXPONENTIAL_DECAY_RETRY"),
        ({"retry_strategy": "NEVER"}, "retry_strategy", "EXPONENTIAL_DECAY_RETRY"),
        ({"object_created_types": ["oss:ObjectCreated:Nope"]}, "object_created_types", "unknown OSS object-created types"),
        ({"min_scale": 5, "max_scale": 2}, "min_scale, max_scale", "min_scale (5) is above max_scale (2)"),
        ({"kubeconfig": "x"}, "credentials, kubeconfig, oidc_provider_arn, oidc_issuer_url", "set oidc_provider_arn and oidc_issuer_url"),
        ({"kubeconfig": "x", "credentials": "access-key"}, "target_network, kubeconfig, vpc_id, vswitch_id, security_group_id", "set vpc_id, vswitch_id and security_group_id"),
        ({"oidc_provider_arn": EXISTING["oidc_provider_arn"]}, "credentials, kubeconfig, oidc_provider_arn, oidc_issuer_url", "need kubeconfig"),
        ({"vpc_id": "vpc-1"}, "target_network, kubeconfig, vpc_id, vswitch_id, security_group_id", "need kubeconfig"),
        ({"zone_id": "cn-shanghai-b"}, "region, zone_id", "not in region 'cn-hangzhou'"),
        ({"completed_bus": "default"}, "completed_bus", "cloud-service bus"),
        ({"namespace": ""}, "namespace", "is empty"),
        ({"output_prefix": ""}, "output_prefix", "is empty"),
        ({"suffix": ""}, "suffix", "is empty"),
        ({"suffix": "*.zip"}, "suffix", "pattern"),
        ({"service_name": "x" * 60}, "service_name", "use a shorter name_prefix"),
        ({"service_name": "Eb_Ask"}, "service_name", "RFC 1035"),
    ],
)
def test_bad_config_names_the_key_value_and_fix(values, key, fragment):
    with pytest.raises(ConfigError, match=re.escape(fragment)) as err:
        parse_config(Config, {k: json.dumps(v) if isinstance(v, list) else v for k, v in values.items()})
    assert any(p.field == key for p in err.value.problems), err.value.problems


def test_bad_config_through_the_cli_exits_2_and_writes_nothing(tmp_path, capsys):
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--config", "bucket=Bad_Bucket"]) == 2
    assert "oss-unzip: bucket:" in capsys.readouterr().err and not (tmp_path / "oss-unzip").exists()


# ------------------------------------------------------------------ the loop guard


@pytest.mark.parametrize(
    "override",
    ["input_prefix=", "output_prefix=zip/out/", "input_prefix=unzip/", "input_prefix=u", "output_prefix=z"],
)
def test_self_triggering_layouts_exit_1_with_the_loop_drawn_and_reported(override, tmp_path, capsys):
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--config", override]) == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: oss-unzip: [event-loop] event loop: rule 'oss-unzip'")
    assert "Traceback" not in err
    folder = tmp_path / "oss-unzip"
    assert {"plan.json", "flow.mmd", "policy-report.json", "policy-report.sarif"} <= {p.name for p in folder.iterdir()}
    assert "class " in (folder / "flow.mmd").read_text() and " loop" in (folder / "flow.mmd").read_text()
    sarif = json.loads((folder / "policy-report.sarif").read_text())
    assert any(r["ruleId"] == "event-loop" and r["level"] == "error" for r in sarif["runs"][0]["results"])


@pytest.mark.parametrize("override", ["suffix=.tar.gz", "output_prefix=out/", "input_prefix=zip/in/", "output_prefix=zipped/"])
def test_layouts_that_keep_input_and_output_apart_plan(override, tmp_path):
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--config", override]) == 0


def test_the_loop_guard_runs_before_anything_is_registered():
    config = parse_config(Config, {"output_prefix": "zip/out/"})
    with pytest.raises(EventLoopError, match="loop") as err:
        check_loops(config)
    assert len(err.value.loops) == 1 and "zip/out/" in err.value.loops[0]
    with pytest.raises(EventLoopError):
        plan("oss-unzip", config={"output_prefix": "zip/out/"})


def test_a_loop_error_is_a_run_error_so_pulumi_up_prints_no_traceback():
    import pulumi

    assert issubclass(EventLoopError, pulumi.RunError) and issubclass(EventLoopError, RuntimeError)


def test_the_default_layout_has_no_loop():
    check_loops(parse_config(Config, {}))
    check_loops(parse_config(Config, {"stage": "prod"}))


# ------------------------------------------------------------------ fidelity


@requires_crds
@pytest.mark.parametrize(
    ("stage", "config"),
    [("dev", {}), ("prod", {}), ("dev", {"credentials": "access-key"}), ("dev", {"service_kind": "knative"}),
     ("prod", {"service_kind": "knative", "credentials": "access-key"})],
    ids=["dev", "prod", "access-key", "knative", "prod-knative-access-key"],
)
def test_every_manifest_validates_strictly(stage, config):
    assert validate_all(planned(stage, **config)) >= 3


def test_manifests_yaml_is_written_and_holds_no_secret(tmp_path):
    assert main(["plan", "oss-unzip", "--out", str(tmp_path), "--config", "credentials=access-key",
                 "--secret", f"kubeconfig={OFFLINE_SECRET}", "--config", "target_network=public"]) in (0, 1)
    docs = list(yaml.safe_load_all((tmp_path / "oss-unzip" / "manifests.yaml").read_text()))
    assert {d["kind"] for d in docs} >= {"Namespace", "ServiceAccount", "Secret", "Deployment", "Service"}
    text = (tmp_path / "oss-unzip" / "manifests.yaml").read_text() + (tmp_path / "oss-unzip" / "plan.json").read_text()
    assert OFFLINE_SECRET not in text and "offline-placeholder-access-key-secret" not in text
