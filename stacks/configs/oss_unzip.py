"""Config keys of the oss-unzip stack (no provider SDK: ``schema`` imports only this;
:mod:`stacks.oss_unzip` builds the stack from it)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, SecretStr, ValidationInfo, field_validator, model_validator

from eventing_platform.alicloud.names import (
    BucketName,
    ClusterName,
    EventBusName,
    ObjectPrefix,
    QueueName,
    Region,
    RetryStrategy,
    RuleName,
    check_derived_names,
)
from eventing_platform.alicloud.oss_events import (
    COMPLETED_OBJECT_TYPES,
    SEED_OBJECT_CREATED_TYPES,
    check_object_created_types,
)
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import AppNamespace, Dns1035Label

from ..config import StackConfig
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    install_knative_field,
    provided_kinds_field,
)

SEED_IMAGE = "registry.cn-hangzhou.aliyuncs.com/kubeway/demo-ossunzip:v0.0.1-20211218152144_master_37323b1"
"""The seed's unzip service image (pinned tag)."""

_MAY_BE_EMPTY = frozenset({"input_prefix"})


def _schema_allows_empty(schema: dict[str, Any], model: type) -> None:
    """The common JSON Schema additions, then ``minLength`` 0 for the keys that may be empty."""
    base = StackConfig.model_config.get("json_schema_extra")
    if callable(base):
        base(schema, model)
    for key in _MAY_BE_EMPTY:
        prop = (schema.get("properties") or {}).get(key) or {}
        if prop.get("minLength"):
            prop["minLength"] = 0


class Config(StackConfig):
    """Config of the oss-unzip stack (keys under ``eventing-platform:``)."""

    model_config = ConfigDict(**{**StackConfig.model_config, "json_schema_extra": _schema_allows_empty})

    bucket: BucketName = Field("eb-ask", description="OSS bucket holding the archives and their unzipped files (created by the stack). Default 'eb-ask'.")
    input_prefix: ObjectPrefix = Field("zip/", description="Key prefix the rule listens on: archives uploaded here are unzipped. Default 'zip/'.")
    output_prefix: ObjectPrefix = Field("unzip/", description="Key prefix the service writes unzipped files under; it must not be matched by the rule. Default 'unzip/'.")
    suffix: Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[^\x00-\x1f\x7f*?]+$")] = Field(".zip", description="Key suffix of the archives the rule listens for. Default '.zip'.")
    region: Region = Field("cn-hangzhou", description="Alibaba Cloud region of every resource. Default 'cn-hangzhou'.")
    credentials: Literal["rrsa", "access-key"] = Field("rrsa", description="How the service authenticates to OSS: 'rrsa' (a RAM role for its service account, no stored key; needs an image that uses the Alibaba Cloud credential chain) or 'access-key' (a RAM user whose key reaches the pod through a Kubernetes Secret; the seed's image only reads static keys, and the policy pack then wants the user in ram-no-static-access-key's allowedUsers). Default 'rrsa'.")
    service_kind: Literal["deployment", "knative"] = Field("deployment", description="Run the service as a Deployment + LoadBalancer Service (as the seed) or as a Knative Service (installs the Knative add-on). Default 'deployment'.")
    service_name: Dns1035Label = Field("eb-ask-demo", description="Name of the unzip service (a Kubernetes or Knative Service name: an RFC 1035 label). Default 'eb-ask-demo'.")
    namespace: AppNamespace = Field("oss-unzip", description="Namespace of the service (created unless create_namespace is false); never a system namespace. Default 'oss-unzip'.")
    create_namespace: bool = create_namespace_field()
    install_knative: bool = install_knative_field("with service_kind=knative: the ACK add-on 'knative' of the ASK cluster the stack creates; with kubeconfig, the Knative Operator's Helm chart")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field()
    image: PinnedImage = Field(SEED_IMAGE, description="Unzip service image, pinned. Default the seed's image (it reads OSS_ACCESSKEYID/OSS_ACCESSKEYSECRET and always writes under 'unzip/').")
    replicas: Annotated[int, Field(ge=1, le=100)] = Field(2, description="Replicas of the Deployment (service_kind=deployment). Default 2.")
    min_scale: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="Minimum replicas of the Knative Service (service_kind=knative). Default 0.")
    max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(10, description="Maximum replicas of the Knative Service (service_kind=knative). Default 10.")
    target_network: Literal["private", "public"] = Field("private", description="How EventBridge reaches the service: 'private' (an intranet load balancer, delivery inside the VPC) or 'public' (an internet load balancer, as the seed). Default 'private'.")
    object_created_types: list[str] | None = Field(None, description="OSS object-created event types the rule accepts (JSON list). Default: the seed's seven types in dev; in prod the completing ones only (PutObject, PostObject, CopyObject, AppendObject, CompleteMultipartUpload), so a multipart upload triggers one unzip, not one per part.")
    retry_strategy: RetryStrategy = Field("EXPONENTIAL_DECAY_RETRY", description="Push retry strategy of the rule's target; the service may scale from zero, so only EXPONENTIAL_DECAY_RETRY is accepted. Default 'EXPONENTIAL_DECAY_RETRY'.")
    rule_name: RuleName = Field("oss-unzip", description="Name of the EventBridge rule on the cloud-service bus. Default 'oss-unzip'.")
    completed_bus: EventBusName = Field("oss-unzip-completed", description="Custom event bus for 'unzip completed' events. Default 'oss-unzip-completed'.")
    dead_letter_queue: QueueName = Field("oss-unzip-dead-letter", description="MNS queue receiving events the rule could not deliver. Default 'oss-unzip-dead-letter'.")
    cluster_name: ClusterName = Field("oss-unzip", description="Name of the ASK cluster the stack creates (without kubeconfig). Default 'oss-unzip'.")
    zone_id: Annotated[str, Field(pattern=r"^[a-z]{2}-[a-z0-9-]+$")] | None = Field(None, description="Zone of the cluster's vSwitch, e.g. 'cn-hangzhou-j'. Default: the first zone offering vSwitches.")
    public_api_endpoint: bool = Field(True, description="Expose the new cluster's API server on the internet. The stack deploys into the cluster it creates with the kubeconfig cs.get_cluster_credential returns, which is always the Internet one, so it must stay true without kubeconfig (to keep the API server private, create the cluster apart and deploy with kubeconfig from inside its VPC). Default true.")
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of an existing ASK/ACK cluster to deploy to instead of creating one (secret). Default: create a cluster.")
    oidc_provider_arn: Annotated[str, Field(pattern=r"^acs:ram::[0-9]+:oidc-provider/\S+$")] | None = Field(None, description="RRSA OIDC provider ARN of the existing cluster (with kubeconfig and credentials=rrsa). Default none.")
    oidc_issuer_url: Annotated[str, Field(pattern=r"^https://\S+$")] | None = Field(None, description="RRSA OIDC issuer URL of the existing cluster (with kubeconfig and credentials=rrsa). Default none.")
    vpc_id: Annotated[str, Field(pattern=r"^vpc-[a-z0-9]+$")] | None = Field(None, description="VPC of the existing cluster (with kubeconfig and target_network=private). Default none.")
    vswitch_id: Annotated[str, Field(pattern=r"^vsw-[a-z0-9]+$")] | None = Field(None, description="vSwitch EventBridge delivers through (with kubeconfig and target_network=private). Default none.")
    security_group_id: Annotated[str, Field(pattern=r"^sg-[a-z0-9]+$")] | None = Field(None, description="Security group admitting EventBridge's traffic (with kubeconfig and target_network=private). Default none.")

    @field_validator("*", mode="before")
    @classmethod
    def _safety_net(cls, value: Any, info: ValidationInfo) -> Any:
        """The common config safety net, except that ``input_prefix`` may be empty (``""``: the
        whole bucket), so that layout reaches the loop guard and is refused as a loop."""
        if info.field_name in _MAY_BE_EMPTY and value == "":
            return value
        return super()._safety_net(value, info)

    @field_validator("service_name")
    @classmethod
    def _ram_names_fit(cls, value: str) -> str:
        try:
            check_derived_names(value)
        except ValueError as err:
            raise ValueError(f"names the RAM policy, role and user too, and {err}") from None
        return value

    @field_validator("object_created_types")
    @classmethod
    def _types(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else check_object_created_types(value)

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        if self.min_scale > self.max_scale:
            raise ValueError(f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); lower min_scale or raise max_scale")
        existing = self.kubeconfig is not None
        oidc = (self.oidc_provider_arn, self.oidc_issuer_url)
        network = (self.vpc_id, self.vswitch_id, self.security_group_id)
        if existing and self.credentials == "rrsa" and None in oidc:
            raise ValueError("with kubeconfig and credentials=rrsa, set oidc_provider_arn and oidc_issuer_url (the cluster's RRSA OIDC provider), or use credentials=access-key")
        if any(v is not None for v in oidc) and not (existing and self.credentials == "rrsa"):
            raise ValueError("oidc_provider_arn/oidc_issuer_url describe an existing cluster's RRSA; they need kubeconfig and credentials=rrsa (a created cluster provides its own)")
        if existing and self.target_network == "private" and None in network:
            raise ValueError("with kubeconfig and target_network=private, set vpc_id, vswitch_id and security_group_id of the cluster's VPC, or use target_network=public")
        if any(v is not None for v in network) and not (existing and self.target_network == "private"):
            raise ValueError("vpc_id/vswitch_id/security_group_id describe an existing cluster's VPC; they need kubeconfig and target_network=private")
        if not existing and not self.public_api_endpoint:
            raise ValueError(
                "public_api_endpoint=false: the stack deploys into the cluster it creates with the kubeconfig "
                "cs.get_cluster_credential returns, which is the Internet one (the provider cannot ask for the "
                "intranet one), so nothing could reach a private API server; keep public_api_endpoint=true, or "
                "set kubeconfig to deploy to a cluster you created, from inside its VPC"
            )
        if not existing and (self.zone_id is not None and not self.zone_id.startswith(self.region)):
            raise ValueError(f"zone_id {self.zone_id!r} is not in region {self.region!r}; use e.g. '{self.region}-j'")
        if self.retry_strategy != "EXPONENTIAL_DECAY_RETRY":
            raise ValueError(f"retry_strategy {self.retry_strategy!r} gives up within a minute, while the service may be scaling up or from zero; use EXPONENTIAL_DECAY_RETRY")
        return self

    @property
    def event_types(self) -> list[str]:
        """The rule's object-created types after applying the stage default."""
        if self.object_created_types is not None:
            return list(self.object_created_types)
        return list(COMPLETED_OBJECT_TYPES if self.stage == "prod" else SEED_OBJECT_CREATED_TYPES)
