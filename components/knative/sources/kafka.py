"""``KafkaSource`` (``sources.knative.dev/v1beta1``, eventing-kafka-broker): Kafka records as CloudEvents.

Admission follows knative-extensions/eventing-kafka-broker
``control-plane/pkg/apis/sources/v1beta1/kafka_validation.go`` ``KafkaSourceSpec.Validate``: at least
one topic and one bootstrap server, ``initialOffset`` ``earliest`` or ``latest``, ``ordering``
``ordered`` or ``unordered``; then knative/pkg ``apis/duck/v1/source_types.go``
``SourceSpec.Validate`` (the sink, and ``ceOverrides`` extension names). ``kafka_defaults.go``
``KafkaSource.SetDefaults`` fills what is left out: ``initialOffset`` ``latest``, ``ordering``
``ordered``, one consumer, a generated consumer group. The webhook admits any non-empty topic,
server and group string; the Kafka client refuses malformed ones later, so they are checked here
(``eventing_platform.knative.admission_differences.NOT_FOLLOWED``, "Kafka names and addresses").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import pulumi
from pydantic import AfterValidator, Field, field_validator, model_validator

from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import SOURCES

from ...args import Args, Input, StrInput, is_plain
from ...kubernetes.container import SecretKeyRef
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, object_meta
from ..delivery import DeliveryPolicy
from ..destination import Destination

KAFKA_SOURCES_API = known_kind(SOURCES, "KafkaSource").api_version
"""The KafkaSource storage version (``v1`` is also served by recent releases)."""

_TOPIC = re.compile(r"^[a-zA-Z0-9._-]{1,249}$")
_HOST_PORT = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:\d{1,5}$")
SASL_TYPES = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


def check_topic_name(value: str) -> str:
    """A Kafka topic name: 1-249 letters, digits, '.', '_' or '-'."""
    if not _TOPIC.fullmatch(value or ""):
        raise ValueError(
            f"topic {value!r} is not a Kafka topic name: use 1-249 letters, digits, '.', '_' or '-' "
            "(e.g. 'barrage-info')"
        )
    return value


TopicName = Annotated[str, AfterValidator(check_topic_name)]
"""A Kafka topic name."""


def split_servers(value: str) -> list[str]:
    """``"a:9092,b:9092"`` -> ``["a:9092", "b:9092"]`` (blank entries dropped)."""
    return [s.strip() for s in value.split(",") if s.strip()]


class KafkaSasl(Args):
    """SASL authentication, every value read from a Kubernetes Secret (``net.sasl``).

    ``KafkaSasl.from_secret("kafka-auth")`` reads the keys ``user``, ``password`` and ``saslType``
    (one of ``PLAIN``, ``SCRAM-SHA-256``, ``SCRAM-SHA-512``) of one Secret, as Knative documents.
    """

    user: SecretKeyRef
    """The SASL user name. Required."""
    password: SecretKeyRef
    """The SASL password. Required."""
    mechanism: SecretKeyRef | None = None
    """The SASL mechanism (``net.sasl.type``). Default: Knative's (``PLAIN``)."""

    @classmethod
    def from_secret(cls, name: str, user_key: str = "user", password_key: str = "password", type_key: str | None = "saslType") -> KafkaSasl:
        """All three values from one Secret (keys ``user``, ``password``, ``saslType`` by default)."""
        return cls(
            user=SecretKeyRef(name=name, key=user_key),
            password=SecretKeyRef(name=name, key=password_key),
            mechanism=SecretKeyRef(name=name, key=type_key) if type_key else None,
        )

    def render(self) -> dict[str, Any]:
        """The ``net.sasl`` block."""
        out: dict[str, Any] = {"enable": True, "user": self.user.render(), "password": self.password.render()}
        if self.mechanism is not None:
            out["type"] = self.mechanism.render()
        return out


class KafkaTls(Args):
    """TLS to the brokers (``net.tls``), certificates read from Kubernetes Secrets."""

    ca_cert: SecretKeyRef | None = None
    """CA certificate that signed the brokers' certificates. Default: the system roots."""
    cert: SecretKeyRef | None = None
    """Client certificate (mutual TLS; needs ``key``). Default none."""
    key: SecretKeyRef | None = None
    """Client private key (mutual TLS; needs ``cert``). Default none."""

    @model_validator(mode="after")
    def _pair(self) -> KafkaTls:
        if (self.cert is None) != (self.key is None):
            raise ValueError("cert and key go together for mutual TLS: set both or neither")
        return self

    def render(self) -> dict[str, Any]:
        """The ``net.tls`` block."""
        out: dict[str, Any] = {"enable": True}
        for field, key in (("ca_cert", "caCert"), ("cert", "cert"), ("key", "key")):
            ref = getattr(self, field)
            if ref is not None:
                out[key] = ref.render()
        return out


class KafkaSourceArgs(Args):
    """Arguments of :class:`KafkaSource`."""

    bootstrap_servers: list[StrInput] | StrInput
    """Brokers as ``host:port``: a list, or one comma-separated string (e.g. an alikafka
    instance's endpoint output). Required."""
    topics: Annotated[Sequence[Input[TopicName]], Field(min_length=1)]
    """Topics to consume. Required, at least one."""
    sink: Destination
    """Where events go. Required."""
    consumer_group: Input[Annotated[str, Field(min_length=1, max_length=249, pattern=r"^[a-zA-Z0-9._-]+$")]] | None = None
    """Kafka consumer group. Default: one Knative derives from the source's UID (set it to match
    a group created in the Kafka service, as ACL-enabled clusters require)."""
    sasl: KafkaSasl | None = None
    """SASL authentication from Secrets. Default none."""
    tls: KafkaTls | None = None
    """TLS to the brokers. Default none (plaintext)."""
    initial_offset: Literal["earliest", "latest"] = "latest"
    """Where a new consumer group starts: ``earliest`` also delivers records written before the
    source existed. Default ``latest``."""
    consumers: Input[Annotated[int, Field(ge=1, le=1000)]] | None = None
    """Consumers (parallelism) per source. Default: Knative's (1)."""
    ordering: Literal["ordered", "unordered"] | None = None
    """Per-partition ordering of deliveries. Default: Knative's (``ordered``, ``kafka_defaults.go``)."""
    delivery: DeliveryPolicy | None = Field(default_factory=DeliveryPolicy)
    """Retries and dead-letter sink. Default: 5 exponential retries."""
    ce_extensions: dict[str, str] = Field(default_factory=dict)
    """CloudEvent extension attributes added to every event (``ceOverrides.extensions``). Default none."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""

    @field_validator("bootstrap_servers")
    @classmethod
    def _servers(cls, value: list[StrInput] | StrInput) -> list[StrInput] | StrInput:
        items = [value] if not isinstance(value, list) else value
        if isinstance(value, list) and not value:
            raise ValueError("needs at least one broker address 'host:port'")
        for item in items:
            if not is_plain(item):
                continue
            servers = split_servers(item)
            if not servers:
                raise ValueError("needs at least one broker address 'host:port'")
            bad = [s for s in servers if not _HOST_PORT.fullmatch(s)]
            if bad:
                raise ValueError(f"broker addresses {bad} are not 'host:port' (e.g. 'kafka-1.example.com:9092')")
        return value

    @field_validator("topics")
    @classmethod
    def _unique_topics(cls, value: Sequence[Input[str]]) -> Sequence[Input[str]]:
        # Outputs are compared once they resolve (the args are validated again then).
        plain = [topic for topic in value if is_plain(topic)]
        if len(set(plain)) != len(plain):
            raise ValueError(f"topics {plain} repeat; list each topic once")
        return value

    @field_validator("ce_extensions")
    @classmethod
    def _extension_names(cls, value: dict[str, str]) -> dict[str, str]:
        from ..filters import check_attribute_name

        for name in value:
            check_attribute_name(name)
        return value

    def render_servers(self) -> pulumi.Input[list[str]]:
        """``bootstrapServers``: comma-separated strings (plain or outputs) split into ``host:port`` items."""
        items = self.bootstrap_servers if isinstance(self.bootstrap_servers, list) else [self.bootstrap_servers]
        plain = [i for i in items if is_plain(i)]
        if len(plain) == len(items):
            return [s for i in plain for s in split_servers(i)]
        return pulumi.Output.all(*items).apply(lambda vals: [s for v in vals for s in split_servers(v)])

    def render_spec(self) -> dict[str, Any]:
        """The KafkaSource ``spec``."""
        spec: dict[str, Any] = {
            "bootstrapServers": self.render_servers(),
            "topics": list(self.topics),
            "initialOffset": self.initial_offset,
            "sink": self.sink.render(),
        }
        if self.consumer_group:
            spec["consumerGroup"] = self.consumer_group
        net: dict[str, Any] = {}
        if self.sasl is not None:
            net["sasl"] = self.sasl.render()
        if self.tls is not None:
            net["tls"] = self.tls.render()
        if net:
            spec["net"] = net
        if self.consumers is not None:
            spec["consumers"] = self.consumers
        if self.ordering is not None:
            spec["ordering"] = self.ordering
        if self.delivery is not None:
            spec["delivery"] = self.delivery.render()
        if self.ce_extensions:
            spec["ceOverrides"] = {"extensions": dict(self.ce_extensions)}
        return spec


class KafkaSource(ObjectComponent[KafkaSourceArgs]):
    """A KafkaSource. Attributes: ``source`` (the object), ``source_name``."""

    TYPE = "eventing-platform:knative:KafkaSource"
    ARGS = KafkaSourceArgs

    def __init__(self, name: str, args: KafkaSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.source = self.create_object("source", KAFKA_SOURCES_API, "KafkaSource", object_meta(self.source_name, args.namespace, args.labels), spec)
        self.register_outputs({"source_name": self.source_name})
