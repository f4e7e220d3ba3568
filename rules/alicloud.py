"""Alibaba Cloud: ASK cluster hardening, OSS buckets, private messaging instances."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .model import ADVISORY, MANDATORY, PROD, Resource, Rule, RuleConfig, Violation, types
from .props import as_int, as_str, get, is_true, is_unknown, load_json, str_list

ASK_TYPE = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"
OSS_BUCKET = "alicloud:oss/bucket:Bucket"
OSS_ACL = "alicloud:oss/bucketAcl:BucketAcl"
OSS_POLICY = "alicloud:oss/bucketPolicy:BucketPolicy"
OSS_PAB = "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock"
OSS_SSE = "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption"
OSS_VERSIONING = "alicloud:oss/bucketVersioning:BucketVersioning"
GCS_BUCKET = "gcp:storage/bucket:Bucket"
KAFKA_INSTANCE = "alicloud:alikafka/instance:Instance"
OTS_INSTANCE = "alicloud:ots/instance:Instance"
ROCKETMQ_4 = "alicloud:rocketmq/instance:Instance"
ROCKETMQ_5 = "alicloud:rocketmq/rocketMQInstance:RocketMQInstance"

SSE_ALGORITHMS = ("AES256", "KMS", "SM4")
PUBLIC_ACLS = ("public-read", "public-read-write")


# --- ask-cluster-hardening -------------------------------------------------------------------

def check_ask(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """RRSA on (mandatory; unknown fails), deletion protection (prod), no public API endpoint (advisory)."""
    if not is_true(get(props, "enableRrsa")):
        yield Violation("enableRrsa is not true: workloads would need static AccessKeys", fix="Set enable_rrsa=True (it cannot be turned off later).")
    if not is_true(get(props, "deletionProtection")):
        yield Violation("deletionProtection is not enabled", fix="Set deletion_protection=True.", level=PROD)
    public = get(props, "endpointPublicAccessEnabled")
    if is_true(public) or is_unknown(public):
        yield Violation("the API server has a public endpoint (endpointPublicAccessEnabled)", fix="Set endpoint_public_access_enabled=False and reach the API server from the VPC.", level=ADVISORY)


# --- OSS joins ---------------------------------------------------------------------------------

def _bucket_name(r: Resource) -> str | None:
    return as_str(get(r.props, "bucket"))


def refers_to_bucket(r: Resource, bucket: Resource) -> bool:
    """True when resource ``r`` (ACL, policy, SSE, versioning, PAB) configures ``bucket``."""
    name = _bucket_name(bucket)
    if name is not None and as_str(get(r.props, "bucket")) == name:
        return True
    return bucket.urn in r.deps_of("bucket")


def _bucket_policy_problems(raw: Any) -> list[str]:
    doc, why = load_json(raw)
    if is_unknown(doc):
        return [f"the bucket policy cannot be checked: {why}"]
    if not isinstance(doc, dict):
        return [f"the bucket policy is invalid: {why or 'not a JSON object'}"]
    problems = []
    stmts = get(doc, "Statement")
    for i, stmt in enumerate(stmts if isinstance(stmts, list) else [stmts] if isinstance(stmts, dict) else []):
        if not isinstance(stmt, dict):
            continue
        effect = as_str(stmt.get("Effect")) or "Allow"
        if effect.lower() != "allow":
            continue
        principal = stmt.get("Principal")
        principals = str_list(principal) + str_list(get(principal, "RAM")) + str_list(get(principal, "AWS"))
        if "*" in principals and not stmt.get("Condition"):
            problems.append(f"Statement[{i}] allows Principal \"*\" without a condition (anonymous access)")
    return problems


def check_oss_private(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """No public ACL; no anonymous bucket-policy Allow; the public access block is on.

    Unknown: an unknown ACL, bucket policy or blockPublicAccess is a violation.
    """
    if type_ in (OSS_ACL, OSS_BUCKET):
        acl = get(props, "acl")
        if type_ == OSS_ACL and (is_unknown(acl) or not isinstance(acl, str)):
            yield Violation("the bucket ACL is not a known value", fix='Set acl="private".', urn=urn)
        elif isinstance(acl, str) and acl.strip().lower() in PUBLIC_ACLS:
            yield Violation(f"the bucket ACL is {acl}", fix='Set acl="private"; share objects with signed URLs.', urn=urn)
    if type_ in (OSS_POLICY, OSS_BUCKET):
        raw = get(props, "policy")
        if type_ == OSS_POLICY or raw is not None:
            for problem in _bucket_policy_problems(raw):
                yield Violation(problem, fix="Remove anonymous Allow statements or add a Condition (e.g. acs:SourceVpc).", urn=urn)
    if type_ == OSS_PAB and not is_true(get(props, "blockPublicAccess")):
        yield Violation("blockPublicAccess is not true", fix="Set block_public_access=True.", urn=urn)


def _oss_buckets(resources: Sequence[Resource], cfg: RuleConfig) -> Iterator[Resource]:
    """The OSS buckets the rule applies to, in stack order."""
    return (r for r in resources if r.type == OSS_BUCKET and cfg.applies_to(r.name, r.props))


def stack_oss_private(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Every OSS bucket has a BucketPublicAccessBlock with blockPublicAccess true."""
    blocks = [r for r in resources if r.type == OSS_PAB]
    for bucket in _oss_buckets(resources, cfg):
        if not any(refers_to_bucket(b, bucket) and is_true(get(b.props, "blockPublicAccess")) for b in blocks):
            yield Violation(
                f"bucket {_bucket_name(bucket) or bucket.name} has no public access block",
                fix="Add an oss.BucketPublicAccessBlock(bucket=..., block_public_access=True).",
                urn=bucket.urn,
            )


def _sse_ok(algorithm: Any) -> bool:
    return isinstance(algorithm, str) and algorithm.strip().upper() in SSE_ALGORITHMS


def check_oss_encrypted(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """A BucketServerSideEncryption names AES256, KMS or SM4 (unknown fails)."""
    if type_ == OSS_SSE and not _sse_ok(get(props, "sseAlgorithm")):
        yield Violation("sseAlgorithm is not AES256, KMS or SM4", fix='Set sse_algorithm="KMS" (or "AES256").', urn=urn)


def stack_oss_encrypted(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Every OSS bucket has SSE on: inline ``serverSideEncryptionRule`` or a BucketServerSideEncryption."""
    sse = [r for r in resources if r.type == OSS_SSE]
    for bucket in _oss_buckets(resources, cfg):
        if _sse_ok(get(bucket.props, "serverSideEncryptionRule", "sseAlgorithm")):
            continue
        if any(refers_to_bucket(s, bucket) and _sse_ok(get(s.props, "sseAlgorithm")) for s in sse):
            continue
        yield Violation(
            f"bucket {_bucket_name(bucket) or bucket.name} has no server-side encryption",
            fix="Add an oss.BucketServerSideEncryption(bucket=..., sse_algorithm=\"KMS\") (or AES256/SM4).",
            urn=bucket.urn,
        )


def stack_versioning(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """OSS buckets versioned (inline or BucketVersioning ``Enabled``); GCS buckets ``versioning.enabled``."""
    versioning = [r for r in resources if r.type == OSS_VERSIONING]
    for bucket in resources:
        if not cfg.applies_to(bucket.name, bucket.props):
            continue
        if bucket.type == OSS_BUCKET:
            inline = as_str(get(bucket.props, "versioning", "status"))
            if inline == "Enabled":
                continue
            if any(refers_to_bucket(v, bucket) and as_str(get(v.props, "status")) == "Enabled" for v in versioning):
                continue
            yield Violation(f"bucket {_bucket_name(bucket) or bucket.name} is not versioned", fix='Add an oss.BucketVersioning(bucket=..., status="Enabled").', urn=bucket.urn)
        elif bucket.type == GCS_BUCKET:
            enabled = get(bucket.props, "versioning", "enabled")
            if not (is_true(enabled) or is_unknown(enabled)):
                yield Violation(f"bucket {as_str(get(bucket.props, 'name')) or bucket.name} is not versioned", fix="Set versioning={'enabled': True}.", urn=bucket.urn)


def check_versioning_resource(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """A BucketVersioning resource that suspends versioning."""
    if type_ == OSS_VERSIONING and as_str(get(props, "status")) == "Suspended":
        yield Violation("versioning is Suspended", fix='Set status="Enabled".', urn=urn)


# --- messaging-private-network ---------------------------------------------------------------

def check_private_network(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Kafka ``deployType`` 5; Tablestore VPC-only; RocketMQ 5.x with internet disabled."""
    if type_ == KAFKA_INSTANCE:
        deploy = as_int(get(props, "deployType"))
        if deploy != 5 and not is_unknown(get(props, "deployType")):
            yield Violation(f"deployType is {get(props, 'deployType')!r}: the instance gets a public endpoint", fix="Set deploy_type=5 (VPC only).")
    elif type_ == OTS_INSTANCE:
        acls = [a.upper() for a in str_list(get(props, "networkTypeAcls"))]
        accessed_by = as_str(get(props, "accessedBy"))
        if "INTERNET" in acls:
            yield Violation("networkTypeAcls allows INTERNET", fix='Set network_type_acls=["VPC"].')
        elif not (accessed_by in ("Vpc", "ConsoleOrVpc") or (acls and set(acls) <= {"VPC"})):
            yield Violation(f"accessedBy is {accessed_by or 'Any (default)'}", fix='Set accessed_by="Vpc" (or network_type_acls=["VPC"]).')
    elif type_ == ROCKETMQ_5:
        spec = get(props, "networkInfo", "internetInfo", "internetSpec")
        if as_str(spec) != "disable" and not is_unknown(spec):
            yield Violation(f"networkInfo.internetInfo.internetSpec is {spec!r}, not 'disable'", fix='Set internet_spec="disable" (flow_out_type="uninvolved").')
    elif type_ == ROCKETMQ_4:
        yield Violation("RocketMQ 4.x (ONS) instances always expose a public endpoint", fix="Use rocketmq.RocketMQInstance (5.x) with internet access disabled.")


RULES = (
    Rule(
        id="ask-cluster-hardening",
        description="ASK clusters must enable RRSA, should enable deletion protection (required in prod) and should keep the API server off the internet.",
        level=MANDATORY,
        severity="high",
        remediation="Set enable_rrsa=True, deletion_protection=True and endpoint_public_access_enabled=False on cs.ServerlessKubernetes.",
        applies=types(ASK_TYPE),
        check=check_ask,
        tags=("alicloud", "kubernetes"),
    ),
    Rule(
        id="oss-bucket-private",
        description="OSS buckets must not be public: no public ACL, no anonymous bucket-policy Allow, and a public access block on every bucket.",
        level=MANDATORY,
        severity="critical",
        remediation="Keep the ACL private, remove anonymous bucket-policy statements and add a BucketPublicAccessBlock with block_public_access=True.",
        applies=types(OSS_BUCKET, OSS_ACL, OSS_POLICY, OSS_PAB),
        check=check_oss_private,
        stack_check=stack_oss_private,
        tags=("alicloud", "storage"),
    ),
    Rule(
        id="oss-bucket-encrypted",
        description="OSS buckets must have server-side encryption on (AES256, KMS or SM4).",
        level=MANDATORY,
        severity="high",
        remediation="Add an oss.BucketServerSideEncryption for the bucket (or an inline server_side_encryption_rule).",
        applies=types(OSS_BUCKET, OSS_SSE),
        check=check_oss_encrypted,
        stack_check=stack_oss_encrypted,
        tags=("alicloud", "storage"),
    ),
    Rule(
        id="bucket-versioning",
        description="OSS and Cloud Storage buckets should have object versioning on.",
        level=ADVISORY,
        severity="medium",
        remediation="Enable versioning (oss.BucketVersioning status Enabled; GCS versioning.enabled).",
        applies=types(OSS_BUCKET, OSS_VERSIONING, GCS_BUCKET),
        check=check_versioning_resource,
        stack_check=stack_versioning,
        tags=("alicloud", "gcp", "storage"),
    ),
    Rule(
        id="messaging-private-network",
        description="Kafka, Tablestore and RocketMQ instances should be reachable from the VPC only.",
        level=ADVISORY,
        severity="medium",
        remediation="Kafka deploy_type 5; Tablestore accessed_by Vpc / network_type_acls [VPC]; RocketMQ 5.x internet_spec disable.",
        applies=types(KAFKA_INSTANCE, OTS_INSTANCE, ROCKETMQ_4, ROCKETMQ_5),
        check=check_private_network,
        tags=("alicloud", "network"),
    ),
)

__all__ = ["RULES", "refers_to_bucket"]
