"""Scenario kafka-barrage (seed 003): a bullet-comment (barrage) demo on ASK with Kafka, Tablestore, ECI and FC.

The HomePage (``demo-barrage``, on Function Compute) sends each barrage message to the Kafka topic
``barrage-info``; a KafkaSource delivers them to ``test-barrage-process`` (on ECI), which scales
with load (0-100 pods, 2 concurrent requests each) and writes the results to the Tablestore table
``barrage``, which the HomePage reads back.

What changes from the seed: the Kafka instance has ACLs on, and two SASL users (the source may
read ``barrage-info`` as its group; the HomePage may write it) whose passwords are secret config
or generated once by the stack; the Tablestore table is encrypted; every credential (SASL passwords, Tablestore AccessKey, the tracing
endpoint that embeds a token) reaches the services through Kubernetes Secrets fed from Pulumi
secrets, never as a literal env value; the KafkaSource retries and dead-letters. The seed's
``POD_NAME``/``POD_NAMESPACE`` fieldRef variables are dropped (Knative needs the
``kubernetes.podspec-fieldref`` feature flag for them).

Where each part runs decides the endpoints it gets (``plan`` checks it: ``[unreachable]``).
test-barrage-process and the KafkaSource run in the cluster's VPC and get the VPC endpoints
(Kafka SASL 9094, Tablestore ``.vpc.tablestore.aliyuncs.com``). The HomePage runs on Function
Compute, which has no VPC access for Knative-on-FC revisions (Alibaba Cloud documents code
space, role and domain annotations only: "在Knative中使用函数部署服务",
alibabacloud.com/help/doc-detail/190603.htm), so by default (``homepage_endpoints`` public, as
the seed) it gets the Kafka Internet SSL endpoint (SASL_SSL 9093 on a ``deploy_type`` 4
instance, its allow-list open: FC has no fixed egress addresses, SASL and TLS still apply) and
the Tablestore public endpoint (the instance then also accepts Internet requests);
``messaging-private-network`` reports both as advice. ``homepage_workload=eci`` runs the
HomePage on ECI in the VPC instead, and everything stays VPC-only.

Tablestore AccessKey: this project never creates static RAM keys by default (policy
``ram-no-static-access-key``), so set ``ots_access_key_id``/``ots_access_key_secret`` as secret
config, or create the Secret ``barrage-tablestore-credentials`` (keys ``access-key-id``,
``access-key-secret``) yourself; the services reference it either way.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_alicloud as alicloud

from eventing_platform.alicloud.cluster import AskCluster, AskClusterArgs
from eventing_platform.alicloud.kafka import (
    SASL_MECHANISMS,
    AliKafka,
    AliKafkaArgs,
    KafkaSaslUserSpec,
    KafkaTopic,
)
from eventing_platform.alicloud.tablestore import (
    Column,
    Tablestore,
    TablestoreArgs,
    TablestoreTable,
)
from eventing_platform.kinds.catalogue import SERVING, SOURCES
from eventing_platform.knative import (
    DeliveryPolicy,
    Destination,
    EciWorkload,
    FcDomain,
    FunctionComputeWorkload,
    KafkaSasl,
    KafkaSource,
    KafkaSourceArgs,
    KnativeService,
    KnativeServiceArgs,
    ScalingPolicy,
)
from eventing_platform.knative.side_effects import Publish, SideEffects
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.prerequisites import Prerequisites
from eventing_platform.kubernetes.secret import KubernetesSecret, KubernetesSecretArgs

from .config import secret_output

# The config model and its defaults live apart, free of SDK imports (``schema`` loads only them).
from .configs.kafka_barrage import HOMEPAGE_IMAGE as HOMEPAGE_IMAGE
from .configs.kafka_barrage import PROCESS_IMAGE as PROCESS_IMAGE
from .configs.kafka_barrage import Config
from .generated_secrets import stack_password
from .images import EVENT_DISPLAY_IMAGE
from .prerequisites import kafka_install

TOPIC = "barrage-info"
PROCESS_SA = "barrage-install-sa"
HOMEPAGE_SA = "barrage-homepage"
SOURCE_SECRET = "barrage-kafka-source"
PRODUCER_SECRET = "barrage-kafka-producer"
OTS_SECRET = "barrage-tablestore"
OTS_CREDENTIALS_SECRET = "barrage-tablestore-credentials"
TRACING_SECRET = "barrage-tracing"
PENDING = "pending"
PENDING_PASSWORD = "pendingpassword"
"""Stand-ins for outputs while args are checked before anything is registered."""


def build(config: Config) -> dict[str, Any]:
    """Build the kafka-barrage stack; every args object is validated before anything is registered."""
    ns = config.namespace
    dead_letter = Destination.url(config.dead_letter_uri) if config.dead_letter_uri else Destination.service("dead-letter", ns)
    delivery = DeliveryPolicy(retry=config.delivery_retry, backoff_policy="exponential", backoff_delay=config.delivery_backoff_delay, dead_letter_sink=dead_letter)
    dead_letter_args = None if config.dead_letter_uri else KnativeServiceArgs(
        image=EVENT_DISPLAY_IMAGE, namespace=ns, service_name="dead-letter", service_account_name=PROCESS_SA,
        cluster_local=True, scaling=ScalingPolicy(min_scale=0, max_scale=2),
    )
    # The stack deploys into the cluster it creates with the kubeconfig cs.get_cluster_credential
    # returns, which is always the Internet one: the API server needs its public endpoint.
    cluster_args = AskClusterArgs(
        cluster_name=config.cluster_name, zone_id=config.zone_id, knative=config.install_knative, public_api_endpoint=True,
        deletion_protection=config.stage == "prod", tags=_tags(config),
    )
    ots_args = TablestoreArgs(**_tablestore_fields(config), vswitch_id=PENDING)
    public = config.homepage_public
    mechanism = SASL_MECHANISMS[config.kafka_sasl_mechanism]
    _kafka_args(config, PENDING, [PENDING], PENDING_PASSWORD, PENDING_PASSWORD)
    tracing = {"TRACING": SecretKeyRef(name=TRACING_SECRET, key="endpoint")} if config.tracing_endpoint else {}
    ots_credentials = {
        "OTS_KEYID": SecretKeyRef(name=OTS_CREDENTIALS_SECRET, key="access-key-id"),
        "OTS_SECRET": SecretKeyRef(name=OTS_CREDENTIALS_SECRET, key="access-key-secret"),
    }
    process_args = KnativeServiceArgs(
        image=config.process_image, namespace=ns, service_name="test-barrage-process",
        service_account_name=PROCESS_SA, cluster_local=True, port=8000, args=["/manager"],
        container_concurrency=config.process_concurrency,
        scaling=ScalingPolicy(min_scale=config.process_min_scale, max_scale=config.process_max_scale),
        workload=EciWorkload(image_snapshot_id=config.process_image_snapshot_id),
        template_labels={"danmu.role": "manager"},
        env={
            "OTS_ENDPOINT": ots_args.vpc_endpoint, "OTS_INSTANCENAME": config.tablestore_instance_name,
            "TABLE_NAME": config.table_name, "ROLE": "manager", "TRACE_NAME": "process",
            "PARENT_SPAN": "barrage-sender", "SUB_SPAN": "process",
        },
        env_from_secret={**ots_credentials, **tracing},
    )
    homepage_args = KnativeServiceArgs(
        image=config.homepage_image, namespace=ns, service_name="demo-barrage", service_account_name=HOMEPAGE_SA,
        scaling=ScalingPolicy(min_scale=0, max_scale=config.homepage_max_scale),
        workload=(FunctionComputeWorkload(role_arn=config.fc_role_arn, domain=FcDomain(domain=config.homepage_domain))
                  if config.homepage_workload == "fc" else EciWorkload()),
        side_effects=SideEffects(publishes=[Publish(target="kafka-topic", name=TOPIC)]),
        env={
            "TRACE_NAME1": "sender", "TRACE_NAME2": "receiver", "TRACE_NAME3": "result",
            "PARENT_SPAN": "barrage-sender", "SUB_SPAN1": "sender", "SUB_SPAN2": "result",
        },
        env_from_secret={
            "KAFKA_SERVER": SecretKeyRef(name=PRODUCER_SECRET, key="bootstrapServers"),
            "KAFKA_USER": SecretKeyRef(name=PRODUCER_SECRET, key="user"),
            "KAFKA_PWD": SecretKeyRef(name=PRODUCER_SECRET, key="password"),
            "KAFKA_TOPIC": SecretKeyRef(name=PRODUCER_SECRET, key="topic"),
            "OTS_ENDPOINT": SecretKeyRef(name=OTS_SECRET, key="endpoint"),
            "OTS_INSTANCENAME": SecretKeyRef(name=OTS_SECRET, key="instance-name"),
            "TABLE_NAME": SecretKeyRef(name=OTS_SECRET, key="table-name"),
            **ots_credentials, **tracing,
        },
    )
    source_fields: dict[str, Any] = {
        "source_name": "barrage-kafka-source", "namespace": ns, "topics": [TOPIC],
        "consumer_group": config.kafka_consumer_group, "sasl": KafkaSasl.from_secret(SOURCE_SECRET),
        "initial_offset": config.kafka_initial_offset, "delivery": delivery,
        "sink": Destination.service("test-barrage-process", ns),
    }
    KafkaSourceArgs(**source_fields, bootstrap_servers="pending.invalid:9094")
    identity_args = {sa: ServiceAccountWithRoleArgs(namespace=ns, service_account_name=sa) for sa in (PROCESS_SA, HOMEPAGE_SA)}

    # One region for everything: the stack's provider, not alicloud:region, which could disagree
    # with the Tablestore endpoint the services are given.
    provider = alicloud.Provider("kafka-barrage-alicloud", region=config.region)
    cloud = pulumi.ResourceOptions(providers=[provider])
    cluster = AskCluster("kafka-barrage", cluster_args, cloud)
    data_opts = pulumi.ResourceOptions.merge(cloud, pulumi.ResourceOptions(protect=config.stage == "prod"))
    source_password = stack_password("kafka-barrage-source-password", config.kafka_source_password, opts=data_opts)
    producer_password = stack_password("kafka-barrage-producer-password", config.kafka_producer_password, opts=data_opts)
    kafka = AliKafka("barrage-kafka", _kafka_args(config, cluster.vpc_id, cluster.vswitch_ids, source_password, producer_password), data_opts)
    ots = Tablestore("barrage-tablestore", TablestoreArgs(**_tablestore_fields(config), vswitch_id=cluster.vswitch_ids[0]), data_opts)

    k8s_opts = pulumi.ResourceOptions(providers=[cluster.provider])
    prerequisites = Prerequisites()
    if config.install_knative:
        prerequisites.add(("knative-serving", "knative-eventing"), cluster)
    if config.install_knative_kafka:
        prerequisites.add(*kafka_install("kafka-barrage", ["source"], k8s_opts, [cluster]))
    in_ns = k8s_opts
    if config.create_namespace:
        namespace = Namespace("kafka-barrage", NamespaceArgs(namespace_name=ns), k8s_opts)
        in_ns = pulumi.ResourceOptions.merge(k8s_opts, pulumi.ResourceOptions(depends_on=[namespace]))
    secrets = [
        KubernetesSecret(SOURCE_SECRET, KubernetesSecretArgs(namespace=ns, secret_name=SOURCE_SECRET, string_data={
            "user": config.kafka_source_user, "password": source_password, "saslType": mechanism,
        }), in_ns),
        KubernetesSecret(PRODUCER_SECRET, KubernetesSecretArgs(namespace=ns, secret_name=PRODUCER_SECRET, string_data={
            "user": config.kafka_producer_user, "password": producer_password, "saslType": mechanism,
            "bootstrapServers": kafka.public_endpoint if public and kafka.public_endpoint is not None else kafka.sasl_endpoint,
            "securityProtocol": "SASL_SSL" if public else "SASL_PLAINTEXT", "topic": TOPIC,
        }), in_ns),
        KubernetesSecret(OTS_SECRET, KubernetesSecretArgs(namespace=ns, secret_name=OTS_SECRET, string_data={
            "endpoint": ots.public_endpoint if public and ots.public_endpoint else ots.endpoint,
            "instance-name": config.tablestore_instance_name, "table-name": config.table_name,
        }), in_ns),
    ]
    if config.ots_access_key_id is not None:
        secrets.append(KubernetesSecret(OTS_CREDENTIALS_SECRET, KubernetesSecretArgs(namespace=ns, secret_name=OTS_CREDENTIALS_SECRET, string_data={
            "access-key-id": secret_output(config.ots_access_key_id),
            "access-key-secret": secret_output(config.ots_access_key_secret),
        }), in_ns))
    if config.tracing_endpoint is not None:
        secrets.append(KubernetesSecret(TRACING_SECRET, KubernetesSecretArgs(namespace=ns, secret_name=TRACING_SECRET, string_data={
            "endpoint": secret_output(config.tracing_endpoint),
        }), in_ns))
    identities = [ServiceAccountWithRole(sa, a, in_ns) for sa, a in identity_args.items()]
    after_secrets = pulumi.ResourceOptions.merge(in_ns, pulumi.ResourceOptions(depends_on=[*secrets, *identities, *prerequisites.depends_on(SERVING, "Service")]))
    process = KnativeService("test-barrage-process", process_args, after_secrets)
    homepage = KnativeService("demo-barrage", homepage_args, pulumi.ResourceOptions.merge(after_secrets, pulumi.ResourceOptions(depends_on=[kafka, ots])))
    if dead_letter_args is not None:
        KnativeService("dead-letter", dead_letter_args, after_secrets)
    source = KafkaSource(
        "barrage-kafka-source", KafkaSourceArgs(**source_fields, bootstrap_servers=kafka.sasl_endpoint),
        pulumi.ResourceOptions.merge(after_secrets, pulumi.ResourceOptions(depends_on=[process, kafka, *prerequisites.depends_on(SOURCES, "KafkaSource")])),
    )
    return {
        "namespace": ns,
        "cluster_id": cluster.cluster_id,
        "kubeconfig": cluster.kubeconfig,
        "kafka_instance_id": kafka.instance_id,
        "kafka_bootstrap_servers": kafka.sasl_endpoint,
        "kafka_topic": TOPIC,
        "tablestore_instance": config.tablestore_instance_name,
        "tablestore_endpoint": ots.endpoint,
        "homepage_kafka_servers": kafka.public_endpoint if public and kafka.public_endpoint is not None else kafka.sasl_endpoint,
        "table_name": config.table_name,
        "process_url": process.url,
        "homepage_url": homepage.url,
        "homepage_domain": config.homepage_domain,
        "source_name": source.source_name,
    }


def _tags(config: Config) -> dict[str, str]:
    return {"stack": "kafka-barrage", "stage": config.stage}


def _tablestore_fields(config: Config) -> dict[str, Any]:
    return {
        "instance_name": config.tablestore_instance_name,
        "region": config.region,
        "tables": [TablestoreTable(name=config.table_name, primary_keys=[Column(name=k, type="String") for k in config.table_primary_keys])],
        "tags": _tags(config),
        "internet_access": config.homepage_public,
    }


def _kafka_args(config: Config, vpc_id: Any, vswitch_ids: list[Any], source_password: Any, producer_password: Any) -> AliKafkaArgs:
    return AliKafkaArgs(
        instance_name=config.kafka_instance_name, vpc_id=vpc_id, vswitch_ids=vswitch_ids,
        public_endpoint=config.homepage_public, internet_allowed_cidrs=list(config.kafka_internet_allowed_cidrs),
        topics=[KafkaTopic(name=TOPIC, partitions=config.kafka_partitions, remark="barrage messages")],
        consumer_groups=[config.kafka_consumer_group],
        sasl_users=[
            KafkaSaslUserSpec(username=config.kafka_source_user, password=source_password, mechanism=config.kafka_sasl_mechanism,
                              read_topics=[TOPIC], groups=[config.kafka_consumer_group]),
            KafkaSaslUserSpec(username=config.kafka_producer_user, password=producer_password, mechanism=config.kafka_sasl_mechanism,
                              write_topics=[TOPIC]),
        ],
        tags=_tags(config),
    )
