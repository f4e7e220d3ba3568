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

import re
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, SecretStr, model_validator

from eventing_platform.alicloud.cluster import AskCluster, AskClusterArgs
from eventing_platform.alicloud.kafka import (
    SASL_MECHANISMS,
    AliKafka,
    AliKafkaArgs,
    KafkaSaslUserSpec,
    KafkaTopic,
)
from eventing_platform.alicloud.names import ClusterName
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
from eventing_platform.knative.delivery import IsoDuration
from eventing_platform.knative.side_effects import Publish, SideEffects
from eventing_platform.kubernetes import (
    Namespace,
    NamespaceArgs,
    SecretKeyRef,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace
from eventing_platform.kubernetes.prerequisites import Prerequisites
from eventing_platform.kubernetes.secret import KubernetesSecret, KubernetesSecretArgs

from .config import HttpUrl, StackConfig, secret_output
from .generated_secrets import stack_password
from .images import EVENT_DISPLAY_IMAGE
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    install_knative_field,
    install_knative_kafka_field,
    kafka_install,
    provided_kinds_field,
)

PROCESS_IMAGE = "registry-vpc.cn-shanghai.aliyuncs.com/knative-sample/barrage-manager:forrester-yuanyi_4cd77c84-20210618215458"
HOMEPAGE_IMAGE = "registry.cn-shanghai.aliyuncs.com/knative-sample/barrage-main:forrester-yuanyi_4cd77c84-20210618214527"
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
_SASL_PASSWORD = r"^[A-Za-z0-9_]{1,64}$"


class Config(StackConfig):
    """Config of the kafka-barrage stack (keys under ``eventing-platform:``)."""

    namespace: AppNamespace = Field("barrage", description="Namespace of every Kubernetes object of the stack (created unless create_namespace is false); never a system namespace. Default 'barrage'.")
    create_namespace: bool = create_namespace_field()
    install_knative: bool = install_knative_field("the ACK add-on 'knative' of the ASK cluster the stack creates")
    install_knative_kafka: bool = install_knative_kafka_field("KafkaSource")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field()
    region: Annotated[str, Field(pattern=r"^[a-z]{2,3}-[a-z0-9-]+$")] = Field("cn-shanghai", description="Region of every Alibaba Cloud resource (the stack's own provider; alicloud:region is not read) and of the Tablestore VPC endpoint the services get. Default 'cn-shanghai' (the seed's images and FC).")
    zone_id: Annotated[str, Field(pattern=r"^[a-z]{2,3}-[a-z0-9-]+-[a-z0-9]+$")] | None = Field(None, description="Zone of the cluster's vSwitch, in region (e.g. 'cn-shanghai-b'). Default: the first zone that offers vSwitches.")
    cluster_name: ClusterName = Field("kafka-barrage", description="ASK cluster name. Default 'kafka-barrage'.")
    kafka_instance_name: Annotated[str, Field(min_length=3, max_length=64)] = Field("barrage-kafka", description="alikafka instance name. Default 'barrage-kafka'.")
    kafka_partitions: Annotated[int, Field(ge=1, le=360)] = Field(12, description="Partitions of barrage-info. Default 12.")
    kafka_sasl_mechanism: Literal["scram", "plain"] = Field("scram", description="SASL mechanism of both users: 'scram' (SCRAM-SHA-256) or 'plain'. Default 'scram'.")
    kafka_consumer_group: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{3,249}$")] = Field("barrage-process", description="Consumer group of the KafkaSource. Default 'barrage-process'.")
    kafka_source_user: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field("barrage-source", description="SASL user the KafkaSource reads as (Read on barrage-info and its group only). Default 'barrage-source'.")
    kafka_source_password: SecretStr | None = Field(None, description="Its password (secret; 1-64 letters, digits or '_'). Default: generated once and kept in state.")
    kafka_producer_user: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] = Field("barrage-producer", description="SASL user the HomePage writes as (Write on barrage-info only). Default 'barrage-producer'.")
    kafka_producer_password: SecretStr | None = Field(None, description="Its password (secret; 1-64 letters, digits or '_'). Default: generated once and kept in state.")
    kafka_initial_offset: Literal["earliest", "latest"] = Field("latest", description="Where the KafkaSource's new consumer group starts. Default 'latest'.")
    tablestore_instance_name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]$")] = Field("barrage", description="Tablestore instance name (unique in the region). Default the seed's 'barrage'.")
    table_name: Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")] = Field("barrage", description="Tablestore table. Default the seed's 'barrage'.")
    table_primary_keys: Annotated[list[Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,254}$")]], Field(min_length=1, max_length=4)] = Field(default_factory=lambda: ["id"], description="String primary-key columns of the table, in order. Default ['id'].")
    ots_access_key_id: SecretStr | None = Field(None, description="AccessKey ID the services use for Tablestore (secret). Default unset: create the Secret 'barrage-tablestore-credentials' yourself.")
    ots_access_key_secret: SecretStr | None = Field(None, description="AccessKey secret for Tablestore (secret). Default unset, as ots_access_key_id.")
    tracing_endpoint: SecretStr | None = Field(None, description="Tracing Analysis endpoint URL (secret: it embeds a token), as TRACING from the Secret 'barrage-tracing'. Default unset (no tracing).")
    process_image: PinnedImage = Field(PROCESS_IMAGE, description="test-barrage-process image, pinned. Default the seed's.")
    process_image_snapshot_id: Annotated[str, Field(pattern=r"^imc-[a-z0-9]{6,}$")] | None = Field(None, description="ECI image cache for test-barrage-process (k8s.aliyun.com/eci-image-snapshot-id); it must exist in your account (the shipped stack file sets the seed's 'imc-uf636kjjx8xr4e75npex': replace it, or `pulumi config rm` it). Default none (no cache named; ECI may match one automatically).")
    process_min_scale: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="test-barrage-process minimum pods. Default the seed's 0.")
    process_max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(100, description="test-barrage-process maximum pods. Default the seed's 100.")
    process_concurrency: Annotated[int, Field(ge=0, le=1000)] = Field(2, description="test-barrage-process containerConcurrency. Default the seed's 2.")
    homepage_image: PinnedImage = Field(HOMEPAGE_IMAGE, description="demo-barrage (HomePage) image, pinned. Default the seed's.")
    homepage_domain: Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")] = Field("barrage.demo.knative.top", description="Custom domain Function Compute serves the HomePage on. Default the seed's 'barrage.demo.knative.top'.")
    homepage_max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(10, description="demo-barrage maximum instances. Default 10.")
    homepage_workload: Literal["fc", "eci"] = Field("fc", description="Where the HomePage runs: 'fc' (Function Compute, as the seed; it has no VPC access, so it needs public endpoints) or 'eci' (ECI pods in the cluster's VPC). Default 'fc'.")
    homepage_endpoints: Literal["public", "vpc"] | None = Field(None, description="Endpoints the HomePage is given: 'public' (Kafka's Internet SASL_SSL endpoint on 9093 and Tablestore's public endpoint; the instances then also serve the Internet) or 'vpc' (the VPC endpoints, reachable from ECI only: `plan` reports 'vpc' with homepage_workload=fc as [unreachable]). Default: 'public' for fc, 'vpc' for eci.")
    kafka_internet_allowed_cidrs: list[Annotated[str, Field(pattern=r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$")]] = Field(default_factory=lambda: ["0.0.0.0/0"], description="Addresses allowed on Kafka's Internet endpoint with public HomePage endpoints (JSON list). Default ['0.0.0.0/0']: Function Compute has no fixed egress addresses; SASL and TLS still apply.")
    fc_role_arn: Annotated[str, Field(pattern=r"^acs:ram::\d+:role/[A-Za-z0-9._-]{1,64}$")] | None = Field(None, description="RAM role the HomePage function assumes (acs:ram::<account>:role/<name>; homepage_workload=fc). Default unset (no cloud permissions).")
    delivery_retry: Annotated[int, Field(ge=1, le=100)] = Field(5, description="Retries per event before it goes to the dead-letter sink. Default 5.")
    delivery_backoff_delay: IsoDuration = Field("PT0.5S", description="Base exponential backoff delay (ISO-8601). Default 'PT0.5S'.")
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL. Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")

    @model_validator(mode="after")
    def _rules(self) -> Config:
        if self.process_min_scale > self.process_max_scale:
            raise ValueError(f"process_min_scale ({self.process_min_scale}) is above process_max_scale ({self.process_max_scale}); lower the minimum or raise the maximum")
        if (self.ots_access_key_id is None) != (self.ots_access_key_secret is None):
            raise ValueError("set ots_access_key_id and ots_access_key_secret together, or neither")
        for key in ("kafka_source_password", "kafka_producer_password"):
            value = getattr(self, key)
            if value is not None and not re.fullmatch(_SASL_PASSWORD, value.get_secret_value()):
                raise ValueError(f"{key} must be 1-64 letters, digits or '_' (value hidden); or unset it to have one generated")
        if self.kafka_source_user == self.kafka_producer_user:
            raise ValueError("kafka_source_user and kafka_producer_user must differ: each gets only the access it needs")
        if self.zone_id is not None and not self.zone_id.startswith(f"{self.region}-"):
            raise ValueError(f"zone_id {self.zone_id!r} is not in region {self.region!r}; use e.g. '{self.region}-b'")
        if self.homepage_workload == "eci" and self.fc_role_arn is not None:
            raise ValueError("fc_role_arn is the Function Compute role of homepage_workload=fc; remove it with homepage_workload=eci")
        return self

    @property
    def homepage_public(self) -> bool:
        """Whether the HomePage gets the public endpoints (the default on Function Compute)."""
        return (self.homepage_endpoints or ("public" if self.homepage_workload == "fc" else "vpc")) == "public"


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
