"""Scenario oss-unzip (seed 000): OSS upload -> EventBridge -> unzip service on ASK -> OSS.

A ``.zip`` uploaded under ``input_prefix`` of the bucket raises an OSS event on EventBridge's
cloud-service bus; a rule with the seed's pattern POSTs it to the unzip service's ``/unzip``
URL, which downloads the archive and writes its files under ``output_prefix``.

What changes from the seed: the service's identity is a RAM role for its service account
(RRSA) with read on ``input_prefix`` and write on ``output_prefix`` only, instead of an
``AliyunOSSFullAccess`` user whose keys sit in plain env vars (``credentials=access-key``
keeps a key pair, from a Kubernetes Secret); the bucket is private, encrypted and versioned;
the rule retries exponentially into a dead-letter queue; the service runs hardened; and the
stack refuses, before deploying, a prefix layout in which the service's own writes would
trigger the rule again (the loop the seed warns about).

The seed's image ``demo-ossunzip:v0.0.1`` reads ``OSS_ACCESSKEYID``/``OSS_ACCESSKEYSECRET``
and exits without them, and always writes to ``unzip/``: with that image use
``credentials=access-key`` and ``output_prefix=unzip/``; RRSA needs an image that uses the
Alibaba Cloud default credential chain.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from eventing_platform.alicloud import (
    AskCluster,
    AskClusterArgs,
    EventBus,
    EventBusArgs,
    EventRule,
    EventRuleArgs,
    ExistingCluster,
    ExistingClusterArgs,
    LifecycleRule,
    MnsQueue,
    MnsQueueArgs,
    OssAccess,
    OssBucket,
    OssBucketArgs,
    OssWorkloadIdentity,
    OssWorkloadIdentityArgs,
    PrivateNetwork,
    RrsaTrust,
    RuleTarget,
)
from eventing_platform.alicloud.oss_events import object_created_pattern
from eventing_platform.events.loop_guard import oss_write_loops, refuse_loops
from eventing_platform.kinds.catalogue import SERVING
from eventing_platform.knative import KnativeService, KnativeServiceArgs, ScalingPolicy
from eventing_platform.knative.side_effects import ObjectWrites, SideEffects
from eventing_platform.kubernetes import (
    ContainerWorkload,
    ContainerWorkloadArgs,
    KubernetesSecret,
    KubernetesSecretArgs,
    Namespace,
    NamespaceArgs,
    Resources,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.prerequisites import Prerequisites

from .config import secret_output

# The config model and its defaults live apart, free of SDK imports (``schema`` loads only them).
from .configs.oss_unzip import SEED_IMAGE as SEED_IMAGE
from .configs.oss_unzip import Config
from .prerequisites import knative_prerequisites

SEED_OUTPUT_PREFIX = "unzip/"
"""Where the seed's image writes, whatever the config says (hard-coded in its source)."""
SERVICE_PORT = 8080
UNZIP_PATH = "/unzip"
HEALTH_PATH = "/ping/"
CREDENTIALS_SECRET_SUFFIX = "oss-credentials"
LB_ADDRESS_TYPE = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type"
"""Alibaba Cloud CCM annotation: ``intranet`` (VPC-only SLB) or ``internet``."""


def written_keys(config: Config) -> list[str]:
    """Keys the service may write: below ``output_prefix``, any name, archives included; and, when
    ``output_prefix`` contains ``input_prefix``, keys below both."""
    out, inp, suffix = config.output_prefix, config.input_prefix, config.suffix or ".zip"
    keys = [f"{out}example.txt", f"{out}nested/example{suffix}"]
    if inp.startswith(out):
        keys.append(f"{inp}example{suffix}")
    return keys


def check_loops(config: Config) -> None:
    """Refuse (``EventLoopError``; recorded by the offline ``plan``) a rule that would receive the service's own writes."""
    pattern = object_created_pattern(config.bucket, config.input_prefix, config.suffix, config.event_types).render()
    loops = oss_write_loops(
        config.rule_name, pattern, f"service {config.service_name!r}", config.bucket,
        config.output_prefix, written_keys(config), config.region,
    )
    refuse_loops(loops)


_PENDING_URL = "http://pending.invalid"
_PENDING_ARN = "acs:mns:cn-hangzhou:0:queues/pending"
_PENDING_TRUST = RrsaTrust(oidc_provider_arn="acs:ram::0:oidc-provider/pending", oidc_issuer_url="https://pending.invalid")


def _rule_args(config: Config, pattern: Any, url: Any, arn: Any, network: PrivateNetwork | None) -> EventRuleArgs:
    target = RuleTarget.http(
        url, path=UNZIP_PATH, target_id="unzip-service", network=network,
        push_retry_strategy=config.retry_strategy, scales_from_zero=True, dead_letter_arn=arn,
    )
    return EventRuleArgs(
        pattern=pattern, targets=[target], rule_name=config.rule_name,
        description=f"OSS {config.bucket}/{config.input_prefix}*{config.suffix} -> {config.service_name}{UNZIP_PATH}",
    )


def _knative(config: Config, cluster: AskCluster | ExistingCluster, kube: pulumi.ResourceOptions) -> Prerequisites:
    """Knative for service_kind=knative: the ACK add-on on the cluster the stack creates (set with the
    cluster), the Knative Operator's chart on an existing cluster."""
    if config.service_kind != "knative" or not config.install_knative:
        return Prerequisites()
    if isinstance(cluster, AskCluster):
        prerequisites = Prerequisites()
        prerequisites.add(("knative-serving", "knative-eventing"), cluster)
        return prerequisites
    return knative_prerequisites("oss-unzip", install_knative=True, kafka_parts=[], install_kafka=False, k8s_opts=kube)


def build(config: Config) -> dict[str, Any]:
    """Build the oss-unzip stack. Refuses self-triggering prefixes and validates every args object
    (those that take other resources' outputs with stand-ins) before anything is registered."""
    check_loops(config)
    prod = config.stage == "prod"
    ns = config.namespace
    sa = config.service_name
    existing = config.kubeconfig is not None
    rrsa = config.credentials == "rrsa"
    private = config.target_network == "private"
    tags = {"scenario": "oss-unzip", "stage": config.stage}

    pattern = object_created_pattern(config.bucket, config.input_prefix, config.suffix, config.event_types)
    bucket_args = OssBucketArgs(
        bucket_name=config.bucket, deletion_protection=prod, tags=tags,
        lifecycle_rules=[LifecycleRule(rule_id="housekeeping", abort_multipart_days=7, noncurrent_expiration_days=30)],
    )
    access = OssAccess(bucket=config.bucket, read_prefixes=[config.input_prefix], write_prefixes=[config.output_prefix])
    cluster_args = None if existing else AskClusterArgs(
        cluster_name=config.cluster_name, zone_id=config.zone_id, enable_rrsa=True,
        pod_identity_webhook=True, knative=config.service_kind == "knative" and config.install_knative,
        public_api_endpoint=config.public_api_endpoint, deletion_protection=prod, tags=tags,
    )
    existing_args = ExistingClusterArgs(
        kubeconfig=secret_output(config.kubeconfig),
        rrsa=RrsaTrust(oidc_provider_arn=config.oidc_provider_arn, oidc_issuer_url=config.oidc_issuer_url) if rrsa else None,
        vpc_id=config.vpc_id, vswitch_ids=[config.vswitch_id] if config.vswitch_id else [],
        security_group_id=config.security_group_id,
    ) if existing else None
    identity_args = OssWorkloadIdentityArgs(
        access=access, namespace=ns, service_account=sa, mode=config.credentials,
        trust=_PENDING_TRUST if rrsa else None, name_prefix=config.service_name,
    )
    namespace_args = NamespaceArgs(namespace_name=ns, labels=identity_args.namespace_labels())
    account_args = ServiceAccountWithRoleArgs(
        namespace=ns, service_account_name=sa,
        annotations=identity_args.service_account_annotations(config.service_name),
    )
    secret_name = f"{config.service_name}-{CREDENTIALS_SECRET_SUFFIX}"
    secret_args = None if rrsa else KubernetesSecretArgs(
        namespace=ns, secret_name=secret_name,
        string_data={"access-key-id": "pending", "access-key-secret": "pending"},
    )
    queue_args = MnsQueueArgs(region=config.region, queue_name=config.dead_letter_queue, tags=tags)
    bus_args = EventBusArgs(event_bus_name=config.completed_bus, description="Unzip completed events from the oss-unzip service")
    side_effects = SideEffects(writes=[ObjectWrites(bucket=config.bucket, prefix=config.output_prefix)])
    env = {"OSS_ENDPOINT": f"oss-{config.region}.aliyuncs.com", "OSS_CONFIG_PATH": "/tmp/oss.config"}
    env_from_secret = {} if rrsa else {
        "OSS_ACCESSKEYID": SecretKeyRef(name=secret_name, key="access-key-id"),
        "OSS_ACCESSKEYSECRET": SecretKeyRef(name=secret_name, key="access-key-secret"),
    }
    resources = Resources.fixed(cpu="500m", memory="128Mi")
    if config.service_kind == "deployment":
        service_args: ContainerWorkloadArgs | KnativeServiceArgs = ContainerWorkloadArgs(
            image=config.image, port=SERVICE_PORT, env=env, env_from_secret=env_from_secret,
            resources=resources, namespace=ns, service_account_name=sa, workload_name=config.service_name,
            replicas=config.replicas, service_type="LoadBalancer",
            service_annotations={LB_ADDRESS_TYPE: "intranet" if private else "internet"},
            writable_paths=["/tmp"], health_path=HEALTH_PATH, side_effects=side_effects,
        )
    else:
        service_args = KnativeServiceArgs(
            image=config.image, port=SERVICE_PORT, env=env, env_from_secret=env_from_secret,
            resources=resources, namespace=ns, service_account_name=sa, service_name=config.service_name,
            scaling=ScalingPolicy(min_scale=config.min_scale, max_scale=config.max_scale),
            # The KnativeService component mounts no emptyDir; the image writes its config and archives to /tmp.
            read_only_root_filesystem=False, side_effects=side_effects,
        )
    pending_network = PrivateNetwork(vpc_id="vpc-pending", vswitch_ids=["vsw-pending"], security_group_id="sg-pending") if private else None
    _rule_args(config, pattern, _PENDING_URL, _PENDING_ARN, pending_network)

    provider = alicloud.Provider("oss-unzip-alicloud", region=config.region)
    cloud = pulumi.ResourceOptions(providers=[provider])
    bucket = OssBucket("oss-unzip-bucket", bucket_args, cloud)
    if cluster_args is not None:
        cluster: AskCluster | ExistingCluster = AskCluster("oss-unzip-cluster", cluster_args, cloud)
    else:
        assert existing_args is not None
        cluster = ExistingCluster("oss-unzip-cluster", existing_args, cloud)
    if rrsa:
        identity_args = identity_args.model_copy(update={"trust": cluster.rrsa_trust})
    identity = OssWorkloadIdentity("oss-unzip-identity", identity_args, cloud)

    kube = pulumi.ResourceOptions(providers=[cluster.provider])
    prerequisites = _knative(config, cluster, kube)
    in_ns = kube
    if config.create_namespace:
        # The RRSA label (pod identity injection) comes with the namespace; an existing namespace
        # must carry it already (the stack does not touch a namespace it does not create).
        namespace = Namespace("oss-unzip-namespace", namespace_args, kube)
        in_ns = pulumi.ResourceOptions.merge(kube, pulumi.ResourceOptions(depends_on=[namespace]))
    needs: list[pulumi.Resource] = [ServiceAccountWithRole("oss-unzip-service-account", account_args, in_ns)]
    if secret_args is not None:
        secret_args = secret_args.model_copy(update={"string_data": identity.credentials})
        needs.append(KubernetesSecret("oss-unzip-credentials", secret_args, in_ns))
    service_opts = pulumi.ResourceOptions.merge(in_ns, pulumi.ResourceOptions(depends_on=needs))
    if isinstance(service_args, ContainerWorkloadArgs):
        service: ContainerWorkload | KnativeService = ContainerWorkload("oss-unzip-service", service_args, service_opts)
    else:
        serving = prerequisites.depends_on(SERVING, "Service")
        service = KnativeService("oss-unzip-service", service_args, pulumi.ResourceOptions.merge(service_opts, pulumi.ResourceOptions(depends_on=serving)))

    queue = MnsQueue("oss-unzip-dead-letter", queue_args, cloud)
    network = None
    if private:
        assert cluster.vpc_id is not None and cluster.security_group_id is not None
        network = PrivateNetwork(vpc_id=cluster.vpc_id, vswitch_ids=cluster.vswitch_ids, security_group_id=cluster.security_group_id)
    rule_args = _rule_args(config, pattern, service.url, queue.arn, network)
    rule = EventRule("oss-unzip-rule", rule_args, pulumi.ResourceOptions.merge(cloud, pulumi.ResourceOptions(depends_on=[bucket, service])))
    bus = EventBus("oss-unzip-completed", bus_args, cloud)

    return {
        "bucket": bucket.bucket_output,
        "input_prefix": config.input_prefix,
        "output_prefix": config.output_prefix,
        "rule": rule.rule_name,
        "filter_pattern": rule.filter_pattern,
        "service_url": service.url,
        "unzip_url": rule_args.targets[0].url,
        "completed_bus": bus.name_output,
        "dead_letter_queue": queue.arn,
        "credentials": config.credentials,
        "role_arn": identity.role.role_arn if identity.role else None,
        "kubeconfig": cluster.kubeconfig,
    }
