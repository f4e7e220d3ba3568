"""Hypothesis strategies: random property trees shaped like what the engine sends to policies."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from eventing_platform.rules.props import UNKNOWN_SENTINELS
from tests.rules import cases

KEYS = [
    "metadata", "spec", "template", "containers", "initContainers", "env", "name", "value", "valueFrom", "image",
    "resources", "requests", "limits", "cpu", "memory", "securityContext", "privileged", "allowPrivilegeEscalation",
    "runAsNonRoot", "capabilities", "drop", "seccompProfile", "type", "readOnlyRootFilesystem", "serviceAccountName",
    "namespace", "annotations", "delivery", "deadLetterSink", "ref", "uri", "retry", "backoffPolicy", "backoffDelay",
    "broker", "channel", "kind", "apiVersion", "filter", "attributes", "filters", "channelTemplate", "config", "data",
    "channel-template-spec", "filterPattern", "targets", "pushRetryStrategy", "deadLetterQueue", "arn",
    "policyDocument", "document", "statements", "effect", "actions", "Effect", "Action", "Resource", "Statement",
    "Version", "policyType", "policyName", "userName", "secretFile", "enableRrsa", "deletionProtection",
    "endpointPublicAccessEnabled", "bucket", "acl", "policy", "blockPublicAccess", "sseAlgorithm",
    "serverSideEncryptionRule", "versioning", "status", "enabled", "deployType", "accessedBy", "networkTypeAcls",
    "networkInfo", "internetInfo", "internetSpec", "environmentVariables", "customContainerConfig",
    "uniformBucketLevelAccess", "publicAccessPrevention", "member", "members", "role", "serviceAccountId",
    "enableAutopilot", "workloadIdentityConfig", "workloadPool", "nodeConfig", "workloadMetadataConfig", "mode",
    "removeDefaultNodePool", "deadLetterPolicy", "deadLetterTopic", "maxDeliveryAttempts", "retryPolicy", "topic",
    "timeoutSeconds", "jobTemplate", "eventing.knative.dev/broker.class", "autoscaling.knative.dev/max-scale",
    "autoscaling.knative.dev/min-scale", "autoscaling.knative.dev/maxScale", "eventing-platform.dev/side-effects",
    "writes", "prefix", "suffixes", "event_types", "store", "source", "subject", "suffix", "anything-but", "exists",
    "oss", "object", "key", "Principal", "Condition", "NotAction", "RAM", "stringData", "serviceAccount",
]
WORDS = [
    "", "latest", "nginx:latest", "nginx", "repo/app:v1", "a@sha256:" + "0" * 64, "a@bad", "localhost:5000/x",
    "System", "Custom", "system", "AdministratorAccess", "AliyunOSSFullAccess", "Aliyun", "*", "*:*", "oss:*",
    "oss:PutObject", "oss:Put*", "acs:oss:*:*:b/p*", "acs:oss:*:*:*", "acs:oss:r:a:eb-ask/zip/", "acs:oss", "Allow",
    "Deny", "InMemoryChannel", "KafkaChannel", "MTChannelBasedBroker", "Kafka", "ConfigMap", "Channel", "Broker",
    "default", "prod", "dev", "true", "false", "http", "acs.k8s", "EXPONENTIAL_DECAY_RETRY", "BACKOFF_RETRY",
    "acs.oss", "oss:ObjectCreated:PutObject", "oss:ObjectCreated:UploadPart", "GKE_METADATA", "allUsers", "PT0.5S",
    "P", "PT", "5", "-1", "0", "1e400", "Vpc", "INTERNET", "disable", "enable", "KMS", "AES256", "public-read",
    "Enabled", "Suspended", "enforced", "exponential", "linear", "v1", "messaging.knative.dev/v1",
    "eventing.knative.dev/v1", "kind: InMemoryChannel", "kind: KafkaChannel", "DB_PASSWORD", "OSS_ACCESSKEYID",
    "KAFKA_PWD", "TOKEN", "_AK", "x" * 300, "\x00", "é", cases.FAKE_ALIBABA_KEY, cases.FAKE_AWS_KEY, cases.FAKE_PEM,
    cases.FAKE_GCP_KEY, "projects/p/topics/t", "t", *sorted(UNKNOWN_SENTINELS),
]

def _scalars(finite: bool):
    return st.one_of(
        st.none(), st.booleans(), st.integers(-(2**40), 2**40),
        st.floats(allow_nan=not finite, allow_infinity=not finite), st.sampled_from(WORDS), st.text(max_size=20),
    )


def _extend(children):
    keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=8))
    return st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=6))


def _trees(finite: bool):
    return st.recursive(_scalars(finite), _extend, max_leaves=25)


def _props(finite: bool):
    trees_ = _trees(finite)
    documents = trees_.map(lambda t: json.dumps(t, allow_nan=True))
    return st.one_of(st.dictionaries(st.sampled_from(KEYS), st.one_of(trees_, documents), max_size=8), trees_)


trees = _trees(finite=False)
"""Any JSON-like tree (NaN and infinities included), with the property names and values the rules look at."""

props = _props(finite=False)
"""A resource's property bag: usually a dict (values may be JSON documents), sometimes anything at all."""

wire_props = _props(finite=True)
"""Property bags the engine can send: protobuf ``Struct`` values, which cannot hold NaN or infinities
(pulumi-policy's own deserialisation rejects them before any policy runs)."""

TYPES = sorted({
    v for k, v in vars(cases).items() if k.isupper() and isinstance(v, str) and ":" in v and not v.startswith(("LTAI", "AKIA", "-----", "{"))
} | {"kubernetes:apps/v1:StatefulSet", "kubernetes:batch/v1:CronJob", "kubernetes:flows.knative.dev/v1:Sequence",
     "alicloud:fc/function:Function", "pulumi:providers:kubernetes", "kubernetes:yaml:ConfigFile", "weird", ""})
"""Type tokens of every resource the rules know, plus odd ones."""
