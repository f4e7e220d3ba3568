"""Knative ``Broker`` (``eventing.knative.dev/v1``): an event mesh that Triggers subscribe to.

Admission follows knative/eventing ``pkg/apis/eventing/v1/broker_validation.go``: ``Broker.Validate``
requires a non-empty ``eventing.knative.dev/broker.class`` annotation (always rendered from
``broker_class``); ``BrokerSpec.Validate`` checks ``spec.config`` with knative/pkg
``apis/duck/v1/knative_reference.go`` ``KReference.Validate`` (name, apiVersion and kind required)
and ``spec.delivery`` with ``DeliverySpec.Validate`` (:class:`DeliveryPolicy`). A config in
another namespace is admitted unless ``config-br-defaults`` sets
``disallow-different-namespace-config`` (``determineNamespaceAllowance``), which a stock
installation does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pulumi
from pydantic import Field, ValidationInfo, field_validator, model_validator

from eventing_platform.kinds.addresses import broker_url
from eventing_platform.kinds.delivery import BROKER_CLASS_ANNOTATION

from ..args import Args, Input, computed
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, DnsSubdomain, object_meta
from .delivery import DeliveryPolicy
from .destination import EVENTING_V1, Destination

BROKER_CLASSES = ("MTChannelBasedBroker", "Kafka")
KAFKA_BROKER_CONFIG = "kafka-broker-config"
"""The ConfigMap eventing-kafka-broker installs (in ``knative-eventing``) for Kafka-class Brokers."""


class BrokerConfig(Args):
    """``spec.config``: the object (usually a ConfigMap) that configures the Broker's backing store.

    For ``MTChannelBasedBroker`` it names the channel template (e.g. ``config-br-default-channel``);
    for ``Kafka`` the topic settings and bootstrap servers (``kafka-broker-config``).
    """

    name: Input[DnsSubdomain]
    """Name of the referenced object. Required."""
    namespace: Input[DnsLabel] | None = "knative-eventing"
    """Namespace of the referenced object. Default ``knative-eventing`` (where Knative installs it)."""
    kind: str = "ConfigMap"
    """Kind of the referenced object, not empty. Default ``ConfigMap``."""
    api_version: str = "v1"
    """API version of the referenced object, not empty. Default ``v1``."""

    @field_validator("kind", "api_version")
    @classmethod
    def _not_blank(cls, value: str, info: ValidationInfo) -> str:
        # knative_reference.go KReference.Validate: apiVersion and kind are required (not empty).
        if not value.strip():
            default = "'ConfigMap'" if info.field_name == "kind" else "'v1'"
            raise ValueError(f"is empty, which Knative refuses; name the config object's {info.field_name} or leave the default ({default})")
        return value

    @classmethod
    def configmap(cls, name: Input[str], namespace: Input[str] | None = "knative-eventing") -> BrokerConfig:
        """A ConfigMap reference, e.g. ``BrokerConfig.configmap("kafka-broker-config")``."""
        return cls(name=name, namespace=namespace)

    def render(self) -> dict[str, Any]:
        """The ``config`` block."""
        out = {"apiVersion": self.api_version, "kind": self.kind, "name": self.name}
        if self.namespace:
            out["namespace"] = self.namespace
        return out


class BrokerArgs(Args):
    """Arguments of :class:`Broker`."""

    broker_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""
    broker_class: Literal["MTChannelBasedBroker", "Kafka"] = "MTChannelBasedBroker"
    """Implementation, set as the ``eventing.knative.dev/broker.class`` annotation.
    ``MTChannelBasedBroker`` uses the cluster's default channel (InMemoryChannel unless configured:
    development only); ``Kafka`` stores events durably in Kafka. Default ``MTChannelBasedBroker``."""
    config: BrokerConfig | None = None
    """``spec.config``. Default: for ``Kafka`` the ``kafka-broker-config`` ConfigMap in
    ``knative-eventing``; for ``MTChannelBasedBroker`` none (the cluster's ``config-br-defaults``)."""
    delivery: DeliveryPolicy | None = Field(default_factory=DeliveryPolicy)
    """Default delivery of every Trigger on this Broker. Default: 5 exponential retries, no dead letter."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""

    @model_validator(mode="after")
    def _config_kind(self) -> BrokerArgs:
        if self.config is not None and self.broker_class == "Kafka" and self.config.kind != "ConfigMap":
            raise ValueError(
                f"config kind {self.config.kind!r} is not accepted by the Kafka broker: it reads a "
                "ConfigMap; use BrokerConfig.configmap(...)"
            )
        return self

    def resolved_config(self) -> BrokerConfig | None:
        """The ``spec.config`` after applying the class default."""
        if self.config is not None:
            return self.config
        if self.broker_class == "Kafka":
            return BrokerConfig.configmap(KAFKA_BROKER_CONFIG)
        return None


class Broker(ObjectComponent[BrokerArgs]):
    """A Knative Broker.

    Attributes: ``broker`` (the object), ``broker_name``, ``url`` (``status.address.url``, falling
    back to the broker ingress address), ``destination`` (for sinks).
    """

    TYPE = "eventing-platform:knative:Broker"
    ARGS = BrokerArgs

    def __init__(self, name: str, args: BrokerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.broker_name = self.object_name(name, args.broker_name, "broker_name")
        super().__init__(name, args, opts)
        spec: dict[str, Any] = {}
        config = args.resolved_config()
        if config is not None:
            spec["config"] = config.render()
        if args.delivery is not None:
            spec["delivery"] = args.delivery.render()
        metadata = object_meta(self.broker_name, args.namespace, args.labels, {BROKER_CLASS_ANNOTATION: args.broker_class})
        self.broker = self.create_object("broker", EVENTING_V1, "Broker", metadata, spec)
        ns = args.namespace or "default"
        fallback = computed(broker_url, self.broker_name, ns)
        self.url: pulumi.Output[str] = self.status_url(self.broker, fallback, "address", "url")
        self.destination = Destination.broker(self.broker_name, args.namespace)
        self.register_outputs({"url": self.url, "broker_name": self.broker_name})
