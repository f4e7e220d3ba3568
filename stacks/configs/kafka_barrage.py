"""Config keys of the kafka-barrage stack (no provider SDK: ``schema`` imports only this;
:mod:`stacks.kafka_barrage` builds the stack from it)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator

from eventing_platform.alicloud.names import ClusterName
from eventing_platform.kinds.formats import IsoDuration
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace

from ..config import HttpUrl, StackConfig
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    install_knative_field,
    install_knative_kafka_field,
    provided_kinds_field,
)

PROCESS_IMAGE = "registry-vpc.cn-shanghai.aliyuncs.com/knative-sample/barrage-manager:forrester-yuanyi_4cd77c84-20210618215458"
"""The seed's test-barrage-process image (pinned tag)."""
HOMEPAGE_IMAGE = "registry.cn-shanghai.aliyuncs.com/knative-sample/barrage-main:forrester-yuanyi_4cd77c84-20210618214527"
"""The seed's HomePage (demo-barrage) image (pinned tag)."""
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
