"""Fixtures for every rule: compliant baselines and failing mutations, plus the seeds' anti-patterns.

Each :class:`Case` is a small stack (one or more resources) with the level at which the rule
under test must report (``None``: it must report nothing). The meta-test in
``test_policy_rules.py`` fails when a rule has no passing or no failing case.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from eventing_platform.rules.model import Resource

M, A = "mandatory", "advisory"
NS = "apps"


def res(type_: str, props: Any, name: str = "r", deps: dict[str, tuple[str, ...]] | None = None) -> Resource:
    """A resource with a URN derived from type and name."""
    return Resource(type_, name, urn(type_, name), props, property_dependencies=deps or {})


def urn(type_: str, name: str) -> str:
    return f"urn:pulumi:test::eventing-platform::{type_}::{name}"


@dataclass(frozen=True)
class Case:
    """One fixture: a stack, the rule under test and what it must report."""

    rule: str
    name: str
    resources: tuple[Resource, ...]
    expect: str | None
    stage: str = "dev"
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}:{self.stage}"


def container(**overrides: Any) -> dict[str, Any]:
    """A hardened container (passes every container rule)."""
    c = {
        "name": "app",
        "image": "registry.example.com/team/app:v1.2.3",
        "ports": [{"containerPort": 8080}],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}},
        "securityContext": {
            "privileged": False, "allowPrivilegeEscalation": False, "runAsNonRoot": True, "runAsUser": 65532,
            "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"},
        },
        "env": [{"name": "OSS_ENDPOINT", "value": "oss-cn-hangzhou.aliyuncs.com"},
                {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}],
    }
    c.update(overrides)
    return c


def ksvc(name: str = "svc", containers: list | None = None, annotations: dict | None = None, top_annotations: dict | None = None, **spec: Any) -> dict[str, Any]:
    """A Knative Service with a hardened container and sane scale bounds."""
    meta: dict[str, Any] = {"name": name, "namespace": NS}
    if top_annotations:
        meta["annotations"] = top_annotations
    return {
        "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": meta,
        "spec": {"template": {
            "metadata": {"annotations": annotations if annotations is not None else {"autoscaling.knative.dev/min-scale": "0", "autoscaling.knative.dev/max-scale": "5"}},
            "spec": {"serviceAccountName": name, "containers": containers or [container()], **spec},
        }},
    }


def deployment(containers: list | None = None, namespace: str | None = NS, **pod: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": "dep"}
    if namespace is not None:
        meta["namespace"] = namespace
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta,
            "spec": {"template": {"spec": {"serviceAccountName": "dep", "containers": containers or [container()], **pod}}}}


KSVC = "kubernetes:serving.knative.dev/v1:Service"
DEPLOY = "kubernetes:apps/v1:Deployment"
POD = "kubernetes:core/v1:Pod"
JOB = "kubernetes:batch/v1:Job"
CSRC = "kubernetes:sources.knative.dev/v1:ContainerSource"
BROKER = "kubernetes:eventing.knative.dev/v1:Broker"
TRIGGER = "kubernetes:eventing.knative.dev/v1:Trigger"
CHANNEL = "kubernetes:messaging.knative.dev/v1:Channel"
IMC = "kubernetes:messaging.knative.dev/v1:InMemoryChannel"
SUBSCRIPTION = "kubernetes:messaging.knative.dev/v1:Subscription"
KAFKASOURCE = "kubernetes:sources.knative.dev/v1beta1:KafkaSource"
CONFIGMAP = "kubernetes:core/v1:ConfigMap"
SECRET = "kubernetes:core/v1:Secret"
FC3 = "alicloud:fc/v3Function:V3Function"
RULE = "alicloud:eventbridge/rule:Rule"
RAM_POLICY = "alicloud:ram/policy:Policy"
USER_ATTACH = "alicloud:ram/userPolicyAttachment:UserPolicyAttachment"
ROLE_ATTACH = "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment"
ACCESS_KEY = "alicloud:ram/accessKey:AccessKey"
ASK = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"
OSS = "alicloud:oss/bucket:Bucket"
OSS_ACL = "alicloud:oss/bucketAcl:BucketAcl"
OSS_POLICY = "alicloud:oss/bucketPolicy:BucketPolicy"
OSS_PAB = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
OSS_SSE = "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption"
OSS_VER = "alicloud:oss/bucketVersioning:BucketVersioning"
GCS = "gcp:storage/bucket:Bucket"
KAFKA = "alicloud:alikafka/instance:Instance"
OTS = "alicloud:ots/instance:Instance"
RMQ5 = "alicloud:rocketmq/rocketMQInstance:RocketMQInstance"
RMQ4 = "alicloud:rocketmq/instance:Instance"
GCS_MEMBER = "gcp:storage/bucketIAMMember:BucketIAMMember"
TOPIC_BINDING = "gcp:pubsub/topicIAMBinding:TopicIAMBinding"
SA_KEY = "gcp:serviceaccount/key:Key"
GKE = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
PUBSUB_SUB = "gcp:pubsub/subscription:Subscription"

SEED_PATTERN = {
    "source": ["acs.oss"],
    "type": ["oss:ObjectCreated:PostObject", "oss:ObjectCreated:UploadPart", "oss:ObjectCreated:PutObject",
             "oss:ObjectCreated:UploadPartCopy", "oss:ObjectCreated:InitiateMultipartUpload",
             "oss:ObjectCreated:AppendObject", "oss:ObjectCreated:CompleteMultipartUpload"],
    "subject": [{"suffix": ".zip"}],
    "data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}},
}
GOOD_PATTERN = {
    "source": ["acs.oss"],
    "type": ["oss:ObjectCreated:PutObject", "oss:ObjectCreated:PostObject", "oss:ObjectCreated:CompleteMultipartUpload"],
    "subject": [{"suffix": ".zip"}],
    "data": {"oss": {"bucket": {"name": ["eb-ask"]}, "object": {"key": [{"prefix": "zip/"}]}}},
}
GOOD_TARGET = {
    "targetId": "unzip", "type": "http", "endpoint": "http://unzip.example/unzip",
    "pushRetryStrategy": "EXPONENTIAL_DECAY_RETRY", "deadLetterQueue": {"arn": "acs:mns:cn-hangzhou:123:/queues/dlq"},
    "paramLists": [{"resourceKey": "body", "form": "ORIGINAL"}],
}


def eb_rule(pattern: Any = None, targets: list | None = None, name: str = "unzip-rule") -> Resource:
    p = GOOD_PATTERN if pattern is None else pattern
    return res(RULE, {"eventBusName": "default", "ruleName": name,
                      "filterPattern": p if isinstance(p, str) else json.dumps(p),
                      "targets": [GOOD_TARGET] if targets is None else targets}, name)


def ram_policy(statements: list, version: Any = "1", name: str = "unzip-policy") -> Resource:
    return res(RAM_POLICY, {"policyName": name, "policyDocument": json.dumps({"Version": version, "Statement": statements})}, name)


GOOD_STATEMENTS = [
    {"Effect": "Allow", "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:eb-ask/zip/*"]},
    {"Effect": "Allow", "Action": ["oss:PutObject"], "Resource": ["acs:oss:*:*:eb-ask/unzip/*"]},
]


def oss_bucket(name: str = "eb-ask", **props: Any) -> Resource:
    return res(OSS, {"bucket": name, **props}, f"{name}-bucket")


def oss_set(name: str = "eb-ask", pab: bool = True, sse: str | None = "KMS", versioning: str | None = "Enabled", by_dep: bool = False) -> list[Resource]:
    """A bucket with its separate config resources (joined by name, or by property dependency)."""
    bucket = oss_bucket(name)
    ref = {"bucket": (bucket.urn,)} if by_dep else {}
    ref_value = "04da6b54-80e4-46f7-96ec-b56ff0331ba9" if by_dep else name
    out = [bucket, res(OSS_ACL, {"bucket": ref_value, "acl": "private"}, f"{name}-acl", ref)]
    if pab:
        out.append(res(OSS_PAB, {"bucket": ref_value, "blockPublicAccess": True}, f"{name}-pab", ref))
    if sse:
        out.append(res(OSS_SSE, {"bucket": ref_value, "sseAlgorithm": sse}, f"{name}-sse", ref))
    if versioning:
        out.append(res(OSS_VER, {"bucket": ref_value, "status": versioning}, f"{name}-ver", ref))
    return out


def delivery(dls: bool = True, retry: Any = 5, **more: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"retry": retry, "backoffPolicy": "exponential", "backoffDelay": "PT0.5S", **more}
    if dls:
        d["deadLetterSink"] = {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "dead-letter", "namespace": NS}}
    if retry is None:
        d.pop("retry")
    return d


def broker(name: str = "default", cls: str | None = "Kafka", config: dict | None = None, dlv: dict | None = None) -> Resource:
    meta: dict[str, Any] = {"name": name, "namespace": NS}
    if cls is not None:
        meta["annotations"] = {"eventing.knative.dev/broker.class": cls}
    spec: dict[str, Any] = {"delivery": delivery() if dlv is None else dlv}
    if config is not None:
        spec["config"] = config
    return res(BROKER, {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "metadata": meta, "spec": spec}, f"{name}-broker")


def trigger(broker_name: str = "default", dlv: dict | None = None, filt: dict | None = None, filters: list | None = None, name: str = "t") -> Resource:
    spec: dict[str, Any] = {"broker": broker_name, "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "svc"}}}
    if dlv is not None:
        spec["delivery"] = dlv
    if filt is not None:
        spec["filter"] = filt
    if filters is not None:
        spec["filters"] = filters
    return res(TRIGGER, {"apiVersion": "eventing.knative.dev/v1", "kind": "Trigger", "metadata": {"name": name, "namespace": NS}, "spec": spec}, f"{name}-trigger")


def channel(name: str = "ch", template_kind: str | None = "KafkaChannel", dlv: dict | None = None) -> Resource:
    spec: dict[str, Any] = {"delivery": delivery() if dlv is None else dlv}
    if template_kind is not None:
        spec["channelTemplate"] = {"apiVersion": "messaging.knative.dev/v1beta1", "kind": template_kind}
    return res(CHANNEL, {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "metadata": {"name": name, "namespace": NS}, "spec": spec}, f"{name}-channel")


def subscription(channel_name: str = "ch", dlv: dict | None = None) -> Resource:
    spec: dict[str, Any] = {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": channel_name},
                            "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "svc"}}}
    if dlv is not None:
        spec["delivery"] = dlv
    return res(SUBSCRIPTION, {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription", "metadata": {"name": "sub", "namespace": NS}, "spec": spec}, "sub")


def pubsub_sub(name: str, topic: str, dlq_topic: str | None = None, attempts: Any = 10, retry: bool = True, deps: dict | None = None) -> Resource:
    props: dict[str, Any] = {"name": name, "topic": topic}
    if dlq_topic is not None:
        props["deadLetterPolicy"] = {"deadLetterTopic": dlq_topic, "maxDeliveryAttempts": attempts}
    if retry:
        props["retryPolicy"] = {"minimumBackoff": "10s", "maximumBackoff": "600s"}
    return res(PUBSUB_SUB, props, name, deps)


def _mut(obj: dict, path: tuple, value: Any) -> dict:
    out = copy.deepcopy(obj)
    cur = out
    for step in path[:-1]:
        cur = cur[step]
    if value is _DELETE:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return out


_DELETE = object()
C0 = ("spec", "template", "spec", "containers", 0)

FAKE_ALIBABA_KEY = "LTAI5tQx7Example9Key2abc"
FAKE_AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
FAKE_PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEexample\n-----END RSA PRIVATE KEY-----"
FAKE_GCP_KEY = json.dumps({"type": "service_account", "project_id": "p", "private_key_id": "x", "private_key": "k", "client_email": "a@p.iam.gserviceaccount.com"})


def _one(rule: str, name: str, resources: Any, expect: str | None, stage: str = "dev", config: dict | None = None) -> Case:
    items = tuple(resources) if isinstance(resources, (list, tuple)) else (resources,)
    return Case(rule, name, items, expect, stage, config or {})


CASES: list[Case] = [
    # env-no-literal-secrets
    _one("env-no-literal-secrets", "secret-key-ref", res(KSVC, ksvc()), None),
    _one("env-no-literal-secrets", "fc-plain-env", res(FC3, {"environmentVariables": {"OSS_ENDPOINT": "oss-cn-hangzhou.aliyuncs.com"}}), None),
    _one("env-no-literal-secrets", "password-literal", res(DEPLOY, deployment([container(env=[{"name": "DB_PASSWORD", "value": "hunter2"}])])), M),
    _one("env-no-literal-secrets", "pem-in-env", res(POD, {"metadata": {"namespace": NS}, "spec": {"containers": [container(env=[{"name": "CERT", "value": FAKE_PEM}])]}}), M),
    _one("env-no-literal-secrets", "init-container-token", res(JOB, {"spec": {"template": {"spec": {"containers": [container()], "initContainers": [container(env=[{"name": "API_TOKEN", "value": "t"}])]}}}}), M),
    _one("env-no-literal-secrets", "fc-access-key", res(FC3, {"environmentVariables": {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": "x"}}), M),
    _one("env-no-literal-secrets", "allow-listed-name", res(DEPLOY, deployment([container(env=[{"name": "TOKEN_URL", "value": "https://sts.example/token"}])])), None, config={"allowNames": ["TOKEN_URL"]}),
    # no-cloud-credential-literals
    _one("no-cloud-credential-literals", "clean-stack", [res(KSVC, ksvc()), res(RULE, {"filterPattern": "{}"})], None),
    _one("no-cloud-credential-literals", "key-in-k8s-secret-exempt", res(SECRET, {"stringData": {"id": FAKE_ALIBABA_KEY}}), None),
    _one("no-cloud-credential-literals", "alibaba-key-in-annotation", res(KSVC, ksvc(top_annotations={"note": f"key {FAKE_ALIBABA_KEY}"})), M),
    _one("no-cloud-credential-literals", "aws-key-in-fc-env", res(FC3, {"environmentVariables": {"X": FAKE_AWS_KEY}}), M),
    _one("no-cloud-credential-literals", "gcp-key-json", res("gcp:cloudfunctions/function:Function", {"environmentVariables": {"CREDS": FAKE_GCP_KEY}}), M),
    _one("no-cloud-credential-literals", "pem-anywhere", res("random:index/randomId:RandomId", {"keepers": {"k": FAKE_PEM}}), M),
    _one("no-cloud-credential-literals", "access-key-outputs-exempt", res(ACCESS_KEY, {"userName": "u", "id": FAKE_ALIBABA_KEY}), None),
    _one("no-cloud-credential-literals", "secret-scanned-when-configured", res(SECRET, {"stringData": {"id": FAKE_ALIBABA_KEY}}), M, config={"scanKubernetesSecrets": True}),
    # ram-no-broad-system-policy
    _one("ram-no-broad-system-policy", "custom-policy", res(ROLE_ATTACH, {"policyType": "Custom", "policyName": "unzip-policy", "roleName": "r"}), None),
    _one("ram-no-broad-system-policy", "narrow-system-policy", res(ROLE_ATTACH, {"policyType": "System", "policyName": "AliyunOSSReadOnlyAccess", "roleName": "r"}), None),
    _one("ram-no-broad-system-policy", "administrator", res(ROLE_ATTACH, {"policyType": "System", "policyName": "AdministratorAccess", "roleName": "r"}), M),
    _one("ram-no-broad-system-policy", "allow-listed", res(ROLE_ATTACH, {"policyType": "System", "policyName": "AliyunOSSFullAccess", "roleName": "r"}), None, config={"allowedPolicies": ["AliyunOSSFullAccess"]}),
    # ram-policy-least-privilege
    _one("ram-policy-least-privilege", "scoped", ram_policy(GOOD_STATEMENTS), None),
    _one("ram-policy-least-privilege", "legacy-statements", res(RAM_POLICY, {"statements": [{"effect": "Allow", "actions": ["oss:GetObject"], "resources": ["acs:oss:*:*:eb-ask/zip/*"]}], "version": "1"}), None),
    _one("ram-policy-least-privilege", "allow-star", ram_policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}]), M),
    _one("ram-policy-least-privilege", "oss-star-on-star", ram_policy([{"Effect": "Allow", "Action": ["oss:*"], "Resource": ["*"]}]), M),
    _one("ram-policy-least-privilege", "bad-version", ram_policy(GOOD_STATEMENTS, version="2012-10-17"), M),
    _one("ram-policy-least-privilege", "not-json", res(RAM_POLICY, {"policyDocument": "{not json"}), M),
    _one("ram-policy-least-privilege", "unscoped-oss-is-advisory", ram_policy([{"Effect": "Allow", "Action": ["oss:ListBuckets"], "Resource": ["acs:oss:*:*:*"]}]), A),
    # ram-no-static-access-key
    _one("ram-no-static-access-key", "allow-listed-user", res(ACCESS_KEY, {"userName": "unzip-bot"}), None, config={"allowedUsers": ["unzip-*"]}),
    _one("ram-no-static-access-key", "denied", res(ACCESS_KEY, {"userName": "unzip-bot"}), M),
    _one("ram-no-static-access-key", "secret-file", res(ACCESS_KEY, {"userName": "unzip-bot", "secretFile": "/tmp/ak.txt"}), M, config={"allowedUsers": ["unzip-bot"]}),
    # ask-cluster-hardening
    _one("ask-cluster-hardening", "hardened", res(ASK, {"enableRrsa": True, "deletionProtection": True, "endpointPublicAccessEnabled": False}), None, stage="prod"),
    _one("ask-cluster-hardening", "no-rrsa", res(ASK, {"enableRrsa": False, "deletionProtection": True}), M),
    _one("ask-cluster-hardening", "no-deletion-protection-dev", res(ASK, {"enableRrsa": True}), A),
    _one("ask-cluster-hardening", "no-deletion-protection-prod", res(ASK, {"enableRrsa": True}), M, stage="prod"),
    _one("ask-cluster-hardening", "public-endpoint", res(ASK, {"enableRrsa": True, "deletionProtection": True, "endpointPublicAccessEnabled": True}), A, stage="prod"),
    # oss-bucket-private
    _one("oss-bucket-private", "private-with-block", oss_set(), None),
    _one("oss-bucket-private", "joined-by-dependency", oss_set(by_dep=True), None),
    _one("oss-bucket-private", "no-public-access-block", oss_set(pab=False), M),
    _one("oss-bucket-private", "public-read-acl", res(OSS_ACL, {"bucket": "b", "acl": "public-read"}), M),
    _one("oss-bucket-private", "anonymous-policy", res(OSS_POLICY, {"bucket": "b", "policy": json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:b/*"]}]})}), M),
    _one("oss-bucket-private", "conditioned-policy", res(OSS_POLICY, {"bucket": "b", "policy": json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Principal": ["*"], "Action": ["oss:GetObject"], "Resource": ["acs:oss:*:*:b/*"], "Condition": {"StringEquals": {"acs:SourceVpc": ["vpc-1"]}}}]})}), None),
    # oss-bucket-encrypted
    _one("oss-bucket-encrypted", "separate-sse", oss_set(), None),
    _one("oss-bucket-encrypted", "inline-sse", [oss_bucket(serverSideEncryptionRule={"sseAlgorithm": "AES256"})], None),
    _one("oss-bucket-encrypted", "no-sse", oss_set(sse=None), M),
    _one("oss-bucket-encrypted", "bad-algorithm", oss_set(sse="ROT13"), M),
    # bucket-versioning
    _one("bucket-versioning", "oss-versioned", oss_set(), None),
    _one("bucket-versioning", "gcs-versioned", res(GCS, {"name": "b", "versioning": {"enabled": True}}), None),
    _one("bucket-versioning", "oss-unversioned", oss_set(versioning=None), A),
    _one("bucket-versioning", "gcs-unversioned", res(GCS, {"name": "b"}), A),
    _one("bucket-versioning", "suspended", oss_set(versioning="Suspended"), A),
    # messaging-private-network
    _one("messaging-private-network", "vpc-only", [res(KAFKA, {"deployType": 5}, "k"), res(OTS, {"accessedBy": "Vpc"}, "o"),
                                                   res(RMQ5, {"networkInfo": {"internetInfo": {"internetSpec": "disable", "flowOutType": "uninvolved"}}}, "m")], None),
    _one("messaging-private-network", "kafka-public", res(KAFKA, {"deployType": 4}), A),
    _one("messaging-private-network", "ots-any", res(OTS, {"accessedBy": "Any"}), A),
    _one("messaging-private-network", "rocketmq-internet", res(RMQ5, {"networkInfo": {"internetInfo": {"internetSpec": "enable"}}}), A),
    _one("messaging-private-network", "rocketmq-4", res(RMQ4, {"instanceName": "x"}), A),
    # eventbridge-no-self-trigger-loop
    _one("eventbridge-no-self-trigger-loop", "seed-layout-scoped-grants", [eb_rule(), ram_policy(GOOD_STATEMENTS)], None),
    _one("eventbridge-no-self-trigger-loop", "declared-writes-elsewhere", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": json.dumps({"writes": [{"bucket": "eb-ask", "prefix": "unzip/"}]})}))], None),
    _one("eventbridge-no-self-trigger-loop", "output-under-input-prefix", [eb_rule(), ram_policy([{"Effect": "Allow", "Action": ["oss:PutObject"], "Resource": ["acs:oss:*:*:eb-ask/zip/out/*"]}])], M),
    _one("eventbridge-no-self-trigger-loop", "no-key-prefix", [eb_rule({**GOOD_PATTERN, "data": {"oss": {"bucket": {"name": ["eb-ask"]}}}}), ram_policy(GOOD_STATEMENTS)], M),
    _one("eventbridge-no-self-trigger-loop", "declared-write-into-input", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": json.dumps({"writes": [{"bucket": "eb-ask", "prefix": ""}]})}))], M),
    _one("eventbridge-no-self-trigger-loop", "declared-suffix-excludes", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": json.dumps({"writes": [{"bucket": "eb-ask", "prefix": "", "suffixes": [".txt"]}]})}))], None),
    _one("eventbridge-no-self-trigger-loop", "uploader-ignored", [eb_rule(), ram_policy([{"Effect": "Allow", "Action": ["oss:PutObject"], "Resource": ["acs:oss:*:*:eb-ask/zip/*"]}], name="uploader-policy")],
         None, config={"ignoreWriters": ["uploader-*"]}),
    _one("eventbridge-no-self-trigger-loop", "unreadable-side-effects-write-anywhere", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": "{writes: unzip/"}))], M),
    _one("eventbridge-no-self-trigger-loop", "side-effects-off-the-model-write-anywhere", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": json.dumps({"writes": [{"bucket": "eb-ask", "prefix": "unzip/", "color": "red"}]})}))], M),
    _one("eventbridge-no-self-trigger-loop", "declared-removals-only", [eb_rule(), res(KSVC, ksvc(top_annotations={"eventing-platform.dev/side-effects": json.dumps({"writes": [{"bucket": "eb-ask", "prefix": "zip/", "event_types": ["oss:ObjectRemoved:DeleteObject"]}]})}))], None),
    _one("eventbridge-no-self-trigger-loop", "aws-style-wildcard-action", [eb_rule(), ram_policy([{"Effect": "Allow", "Action": ["oss:Put*"], "Resource": ["acs:oss:*:*:eb-ask/*"]}])], M),
    # eventbridge-pattern-sane
    _one("eventbridge-pattern-sane", "good", eb_rule(), None),
    _one("eventbridge-pattern-sane", "invalid-json", eb_rule("{source: acs.oss"), M),
    _one("eventbridge-pattern-sane", "or-trap", eb_rule({"source": ["acs.oss"], "type": ["oss:ObjectCreated:PutObject"], "subject": [{"prefix": "acs:oss:cn-hangzhou:1:eb-ask/zip/"}, {"suffix": ".zip"}]}), M),
    _one("eventbridge-pattern-sane", "scalar-leaf", eb_rule({"source": "acs.oss"}), M),
    _one("eventbridge-pattern-sane", "seed-part-types", eb_rule(SEED_PATTERN), A),
    _one("eventbridge-pattern-sane", "oss-without-types", eb_rule({"source": ["acs.oss"]}), A),
    # eventbridge-target-retry
    _one("eventbridge-target-retry", "exponential", eb_rule(), None),
    _one("eventbridge-target-retry", "missing", eb_rule(targets=[{**GOOD_TARGET, "pushRetryStrategy": None}]), A),
    _one("eventbridge-target-retry", "backoff-for-http", eb_rule(targets=[{**GOOD_TARGET, "pushRetryStrategy": "BACKOFF_RETRY"}]), A),
    # eventbridge-target-dead-letter
    _one("eventbridge-target-dead-letter", "with-dlq", eb_rule(), None, stage="prod"),
    _one("eventbridge-target-dead-letter", "without-dlq-dev", eb_rule(targets=[{k: v for k, v in GOOD_TARGET.items() if k != "deadLetterQueue"}]), A),
    _one("eventbridge-target-dead-letter", "without-dlq-prod", eb_rule(targets=[{k: v for k, v in GOOD_TARGET.items() if k != "deadLetterQueue"}]), M, stage="prod"),
    # knative-no-inmemorychannel
    _one("knative-no-inmemorychannel", "imc-allowed-in-dev", [channel(template_kind="InMemoryChannel"), res(IMC, {"metadata": {"name": "i"}})], None),
    _one("knative-no-inmemorychannel", "kafka-in-prod", [channel(), broker()], None, stage="prod"),
    _one("knative-no-inmemorychannel", "imc-object-prod", res(IMC, {"metadata": {"name": "i", "namespace": NS}}), M, stage="prod"),
    _one("knative-no-inmemorychannel", "channel-without-template-prod", channel(template_kind=None), M, stage="prod"),
    _one("knative-no-inmemorychannel", "default-channel-broker-prod", broker(cls="MTChannelBasedBroker"), M, stage="prod"),
    _one("knative-no-inmemorychannel", "broker-config-kafka-prod", [
        broker(cls="MTChannelBasedBroker", config={"apiVersion": "v1", "kind": "ConfigMap", "name": "kafka-channel", "namespace": NS}),
        res(CONFIGMAP, {"metadata": {"name": "kafka-channel", "namespace": NS}, "data": {"channel-template-spec": "apiVersion: messaging.knative.dev/v1beta1\nkind: KafkaChannel\n"}}, "cm"),
    ], None, stage="prod"),
    _one("knative-no-inmemorychannel", "broker-config-imc-prod", [
        broker(cls="MTChannelBasedBroker", config={"apiVersion": "v1", "kind": "ConfigMap", "name": "imc", "namespace": NS}),
        res(CONFIGMAP, {"metadata": {"name": "imc", "namespace": NS}, "data": {"channel-template-spec": "apiVersion: messaging.knative.dev/v1\nkind: InMemoryChannel\n"}}, "cm"),
    ], M, stage="prod"),
    # knative-broker-class
    _one("knative-broker-class", "kafka", broker(), None, stage="prod"),
    _one("knative-broker-class", "missing-dev", broker(cls=None), A),
    _one("knative-broker-class", "missing-prod", broker(cls=None), M, stage="prod"),
    _one("knative-broker-class", "not-allowed-prod", broker(cls="Kafka"), M, stage="prod", config={"allowedClasses": ["MTChannelBasedBroker"]}),
    # knative-delivery-dead-letter
    _one("knative-delivery-dead-letter", "trigger-inherits-broker", [broker(), trigger()], None),
    _one("knative-delivery-dead-letter", "subscription-inherits-channel", [channel(), subscription()], None),
    _one("knative-delivery-dead-letter", "kafka-source-own", res(KAFKASOURCE, {"metadata": {"name": "k", "namespace": NS}, "spec": {"delivery": delivery()}}), None),
    _one("knative-delivery-dead-letter", "broker-without", broker(dlv=delivery(dls=False)), M),
    _one("knative-delivery-dead-letter", "trigger-broker-outside-stack", trigger(), M),
    _one("knative-delivery-dead-letter", "subscription-channel-without", [channel(dlv=delivery(dls=False)), subscription()], M),
    # knative-delivery-retry
    _one("knative-delivery-retry", "good", [broker(), trigger()], None),
    _one("knative-delivery-retry", "no-retry", broker(dlv=delivery(retry=None)), A),
    _one("knative-delivery-retry", "too-many", broker(dlv=delivery(retry=50)), A),
    _one("knative-delivery-retry", "bad-delay", broker(dlv=delivery(backoffDelay="500ms")), A),
    _one("knative-delivery-retry", "non-ascii-digit-delay", broker(dlv=delivery(backoffDelay="PT\u0665S")), A),
    _one("knative-delivery-retry", "bad-policy", broker(dlv=delivery(backoffPolicy="random")), A),
    # knative-trigger-has-filter
    _one("knative-trigger-has-filter", "attributes", trigger(filt={"attributes": {"type": "dev.example.order.created"}}), None),
    _one("knative-trigger-has-filter", "filters-dialect", trigger(filters=[{"exact": {"type": "x"}}]), None),
    _one("knative-trigger-has-filter", "none", trigger(), A),
    _one("knative-trigger-has-filter", "empty-values", trigger(filt={"attributes": {"type": ""}}), A),
    # knative-scale-bounds
    _one("knative-scale-bounds", "bounded", res(KSVC, ksvc(timeoutSeconds=300)), None),
    _one("knative-scale-bounds", "legacy-keys", res(KSVC, ksvc(annotations={"autoscaling.knative.dev/minScale": "0", "autoscaling.knative.dev/maxScale": "100"})), None),
    _one("knative-scale-bounds", "unbounded", res(KSVC, ksvc(annotations={})), A),
    _one("knative-scale-bounds", "above-cap", res(KSVC, ksvc(annotations={"autoscaling.knative.dev/max-scale": "500"})), A),
    _one("knative-scale-bounds", "min-above-max", res(KSVC, ksvc(annotations={"autoscaling.knative.dev/min-scale": "9", "autoscaling.knative.dev/max-scale": "3"})), A),
    _one("knative-scale-bounds", "top-level-annotations", res(KSVC, ksvc(top_annotations={"autoscaling.knative.dev/max-scale": "3"})), A),
    _one("knative-scale-bounds", "long-timeout", res(KSVC, ksvc(timeoutSeconds=3600)), A),
    # image-pinned
    _one("image-pinned", "tag", res(KSVC, ksvc()), None),
    _one("image-pinned", "digest", res(DEPLOY, deployment([container(image="nginx@sha256:" + "a" * 64)])), None),
    _one("image-pinned", "registry-port-and-tag", res(DEPLOY, deployment([container(image="localhost:5000/app:v1")])), None),
    _one("image-pinned", "fc-container", res(FC3, {"customContainerConfig": {"image": "registry.cn-hangzhou.aliyuncs.com/ns/fn:v3"}}), None),
    _one("image-pinned", "latest", res(KSVC, ksvc(containers=[container(image="docker.io/gswk/knative-eventing-demo:latest")])), M),
    _one("image-pinned", "no-tag", res(CSRC, {"spec": {"template": {"spec": {"containers": [container(image="registry.example.com/app")]}}}}), M),
    _one("image-pinned", "registry-port-no-tag", res(DEPLOY, deployment([container(image="localhost:5000/app")])), M),
    _one("image-pinned", "missing-image", res(DEPLOY, deployment([{k: v for k, v in container().items() if k != "image"}])), M),
    _one("image-pinned", "fc-latest", res(FC3, {"customContainerConfig": {"image": "registry.cn-hangzhou.aliyuncs.com/ns/fn:latest"}}), M),
    _one("image-pinned", "digest-required-in-prod", res(KSVC, ksvc()), M, stage="prod", config={"requireDigestInProd": True}),
    # container-resources
    _one("container-resources", "complete", res(DEPLOY, deployment()), None),
    _one("container-resources", "no-limits", res(DEPLOY, deployment([container(resources={"requests": {"cpu": "1", "memory": "1Gi"}})])), M),
    _one("container-resources", "none", res(KSVC, ksvc(containers=[{k: v for k, v in container().items() if k != "resources"}])), M),
    _one("container-resources", "no-containers", res(DEPLOY, {"spec": {"template": {"spec": {"containers": []}}}}), M),
    # container-security-context
    _one("container-security-context", "hardened", res(DEPLOY, deployment()), None),
    _one("container-security-context", "pod-level-defaults", res(DEPLOY, deployment([container(securityContext={"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "capabilities": {"drop": ["ALL"]}})],
                                                                                     securityContext={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})), None),
    _one("container-security-context", "privileged", res(DEPLOY, _mut(deployment(), (*C0, "securityContext", "privileged"), True)), M),
    _one("container-security-context", "escalation-unset", res(DEPLOY, _mut(deployment(), (*C0, "securityContext", "allowPrivilegeEscalation"), _DELETE)), M),
    _one("container-security-context", "root-is-advisory", res(DEPLOY, _mut(deployment(), (*C0, "securityContext", "runAsNonRoot"), False)), A),
    _one("container-security-context", "writable-root-is-advisory", res(DEPLOY, _mut(deployment(), (*C0, "securityContext", "readOnlyRootFilesystem"), False)), A),
    # dedicated-service-account
    _one("dedicated-service-account", "named", res(DEPLOY, deployment()), None),
    _one("dedicated-service-account", "default", res(DEPLOY, deployment(serviceAccountName="default")), A),
    _one("dedicated-service-account", "unset", res(KSVC, _mut(ksvc(), ("spec", "template", "spec", "serviceAccountName"), _DELETE)), A),
    # no-default-namespace
    _one("no-default-namespace", "namespaced", res(DEPLOY, deployment()), None),
    _one("no-default-namespace", "cluster-scoped-kind", res("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", {"metadata": {"name": "x"}}), None),
    _one("no-default-namespace", "missing", res(DEPLOY, deployment(namespace=None)), A),
    _one("no-default-namespace", "default", res(CONFIGMAP, {"metadata": {"name": "x", "namespace": "default"}}), A),
    # gcs-bucket-private
    _one("gcs-bucket-private", "private", res(GCS, {"name": "b", "uniformBucketLevelAccess": True, "publicAccessPrevention": "enforced"}), None),
    _one("gcs-bucket-private", "no-ubla", res(GCS, {"name": "b", "uniformBucketLevelAccess": False, "publicAccessPrevention": "enforced"}), M),
    _one("gcs-bucket-private", "inherited-pap", res(GCS, {"name": "b", "uniformBucketLevelAccess": True, "publicAccessPrevention": "inherited"}), M),
    # gcp-no-public-members
    _one("gcp-no-public-members", "service-account", res(GCS_MEMBER, {"bucket": "b", "role": "roles/storage.objectViewer", "member": "serviceAccount:vision@p.iam.gserviceaccount.com"}), None),
    _one("gcp-no-public-members", "computed-member", res(GCS_MEMBER, {"bucket": "b", "role": "roles/storage.objectViewer", "member": "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}), None),
    _one("gcp-no-public-members", "all-users", res(GCS_MEMBER, {"bucket": "b", "role": "roles/storage.objectViewer", "member": "allUsers"}), M),
    _one("gcp-no-public-members", "binding-all-authenticated", res(TOPIC_BINDING, {"topic": "t", "role": "roles/pubsub.publisher", "members": ["serviceAccount:a@p.iam.gserviceaccount.com", "allAuthenticatedUsers"]}), M),
    # gcp-no-service-account-keys
    _one("gcp-no-service-account-keys", "allow-listed", res(SA_KEY, {"serviceAccountId": "legacy@p.iam.gserviceaccount.com"}), None, config={"allowedServiceAccounts": ["legacy@*"]}),
    _one("gcp-no-service-account-keys", "denied", res(SA_KEY, {"serviceAccountId": "vision@p.iam.gserviceaccount.com"}), M),
    # gke-workload-identity
    _one("gke-workload-identity", "autopilot", res(GKE, {"enableAutopilot": True}), None),
    _one("gke-workload-identity", "standard-with-pool", [res(GKE, {"workloadIdentityConfig": {"workloadPool": "p.svc.id.goog"}, "removeDefaultNodePool": True}, "c"),
                                                         res(NODE_POOL, {"nodeConfig": {"workloadMetadataConfig": {"mode": "GKE_METADATA"}}}, "np")], None),
    _one("gke-workload-identity", "no-pool", res(GKE, {"removeDefaultNodePool": True}), M),
    _one("gke-workload-identity", "node-pool-gce-metadata", res(NODE_POOL, {"nodeConfig": {"workloadMetadataConfig": {"mode": "GCE_METADATA"}}}), M),
    # pubsub-subscription-dead-letter
    _one("pubsub-subscription-dead-letter", "dlq-subscribed", [pubsub_sub("vision", "testing", "projects/p/topics/testing-dlq"), pubsub_sub("dlq-reader", "testing-dlq", retry=False)], None, stage="prod"),
    _one("pubsub-subscription-dead-letter", "dlq-subscribed-by-dependency", [
        pubsub_sub("vision", "testing", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", deps={"deadLetterPolicy": (urn("gcp:pubsub/topic:Topic", "dlq"),)}),
        pubsub_sub("dlq-reader", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", deps={"topic": (urn("gcp:pubsub/topic:Topic", "dlq"),)}),
    ], None, stage="prod"),
    _one("pubsub-subscription-dead-letter", "no-dlq-dev", pubsub_sub("vision", "testing"), A),
    _one("pubsub-subscription-dead-letter", "no-dlq-prod", pubsub_sub("vision", "testing"), M, stage="prod"),
    _one("pubsub-subscription-dead-letter", "dlq-not-subscribed", pubsub_sub("vision", "testing", "projects/p/topics/testing-dlq"), M, stage="prod"),
    _one("pubsub-subscription-dead-letter", "attempts-out-of-range", [pubsub_sub("vision", "testing", "projects/p/topics/dlq", attempts=500), pubsub_sub("r", "dlq")], M, stage="prod"),
]


# --- the seeds' anti-patterns -----------------------------------------------------------------

SEED_000_DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "eb-ask-demo"},
    "spec": {"template": {"spec": {"containers": [{
        "name": "eb-ask-demo",
        "image": "registry.cn-hangzhou.aliyuncs.com/kubeway/demo-ossunzip:v0.0.1-20211218152144_master_37323b1",
        "env": [{"name": "OSS_ACCESSKEYID", "value": "ak"}, {"name": "OSS_ACCESSKEYSECRET", "value": "sk"},
                {"name": "OSS_ENDPOINT", "value": "oss-cn-hangzhou.aliyuncs.com"}],
    }]}}},
}
SEED_003_BARRAGE = {
    "apiVersion": "serving.knative.dev/v1", "kind": "Service",
    "metadata": {"name": "demo-barrage", "annotations": {"workload.serving.knative.aliyun.com/class": "fc"}},
    "spec": {"template": {"spec": {"containers": [{
        "image": "registry.cn-shanghai.aliyuncs.com/knative-sample/barrage-main:forrester-yuanyi_4cd77c84-20210618214527",
        "env": [{"name": "OTS_KEYID", "value": "xxx"}, {"name": "OTS_SECRET", "value": "xxx"},
                {"name": "KAFKA_USER", "value": "alikafka_pre-cn-xxx"}, {"name": "KAFKA_PWD", "value": "xxx"}],
    }]}}},
}
SEED_004_SERVICE = {
    "apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "knative-eventing-demo", "namespace": "default"},
    "spec": {"template": {"spec": {"containers": [{"image": "docker.io/gswk/knative-eventing-demo:latest"}]}}},
}
SEED_004_CHANNEL = {
    "apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "metadata": {"name": "knative-eventing-demo-channel", "namespace": "default"},
    "spec": {"channelTemplate": {"apiVersion": "messaging.knative.dev/v1", "kind": "InMemoryChannel"}},
}
SEED_000_FULL_ACCESS = {"policyType": "System", "policyName": "AliyunOSSFullAccess", "userName": "eb-ask-demo"}


@dataclass(frozen=True)
class SeedCase:
    """A seed anti-pattern that the pack must report MANDATORY under ``rule``."""

    name: str
    rule: str
    resources: tuple[Resource, ...]
    stage: str = "dev"


SEED_CASES: list[SeedCase] = [
    SeedCase("000-access-keys-in-env", "env-no-literal-secrets", (res(DEPLOY, SEED_000_DEPLOYMENT, "eb-ask-demo"),)),
    SeedCase("003-passwords-in-env", "env-no-literal-secrets", (res(KSVC, SEED_003_BARRAGE, "demo-barrage"),)),
    SeedCase("000-aliyun-oss-full-access", "ram-no-broad-system-policy", (res(USER_ATTACH, SEED_000_FULL_ACCESS, "eb-ask-demo-oss"),)),
    SeedCase("004-latest-image", "image-pinned", (res(KSVC, SEED_004_SERVICE, "knative-eventing-demo"),)),
    SeedCase("004-inmemorychannel-in-prod", "knative-no-inmemorychannel", (res(CHANNEL, SEED_004_CHANNEL, "knative-eventing-demo-channel"),), stage="prod"),
    SeedCase("000-looping-rule", "eventbridge-no-self-trigger-loop", (eb_rule(SEED_PATTERN), res(USER_ATTACH, SEED_000_FULL_ACCESS, "eb-ask-demo-oss"))),
    SeedCase("000-static-access-key", "ram-no-static-access-key", (res(ACCESS_KEY, {"userName": "eb-ask-demo"}, "eb-ask-demo-key"),)),
    SeedCase("000-access-key-literal", "no-cloud-credential-literals", (res(DEPLOY, _mut(SEED_000_DEPLOYMENT, (*C0, "env", 0, "value"), FAKE_ALIBABA_KEY), "eb-ask-demo"),)),
]
