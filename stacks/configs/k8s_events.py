"""Config keys of the k8s-events stack (no provider SDK: ``schema`` imports only this;
:mod:`stacks.k8s_events` builds the stack from it)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, SecretStr, model_validator

from eventing_platform.kinds.formats import IsoDuration
from eventing_platform.kubernetes.image import PinnedImage
from eventing_platform.kubernetes.names import ALL_NAMESPACES, AppNamespace, check_dns_label

from ..config import HttpUrl, StackConfig
from ..images import EVENT_DISPLAY_IMAGE
from .prerequisites import (
    ProvidedEntry,
    create_namespace_field,
    install_knative_field,
    install_knative_kafka_field,
    provided_kinds_field,
)

DEFAULT_WATCHED = "k8s-events-watched"
"""The namespace the source watches by default: one the subscriber does not run in."""


def _watched(value: str) -> str:
    return value if value == ALL_NAMESPACES else check_dns_label(value)


WatchedNamespace = Annotated[str, AfterValidator(_watched)]
"""A namespace name, or ``*`` for every namespace."""


class Config(StackConfig):
    """Config of the k8s-events stack (keys under ``eventing-platform:``)."""

    namespace: AppNamespace = Field("k8s-events", description="Namespace of every object of the stack (created unless create_namespace is false); never a system namespace (kube-*, knative-*, default, ...). Default 'k8s-events'.")
    create_namespace: bool = create_namespace_field()
    install_knative: bool = install_knative_field("the Knative Operator's Helm chart v1.23.0 with KnativeServing and KnativeEventing 1.23.0")
    install_knative_kafka: bool = install_knative_kafka_field("KafkaChannel, with channel=kafka")
    provided_kinds: list[ProvidedEntry] = provided_kinds_field()
    image: PinnedImage = Field(EVENT_DISPLAY_IMAGE, description="Image of the demo service that logs each event; pinned tag or digest, never ':latest'. Default Knative's event_display by digest (the seed's gswk/knative-eventing-demo is only published as :latest).")
    channel: Literal["in-memory", "kafka"] | None = Field(None, description="Channel implementation. Default: 'in-memory' in dev, 'kafka' in prod (durable).")
    mode: Literal["Reference", "Resource"] = Field("Reference", description="What each event carries: 'Reference' (the changed object's kind, name and namespace) or 'Resource' (the whole object, as the seed). Default 'Reference'.")
    watched_namespaces: Annotated[list[WatchedNamespace], Field(min_length=1)] = Field(default_factory=lambda: [DEFAULT_WATCHED], description="Namespaces whose Events the source watches (its namespaceSelector, JSON list), or ['*'] for every namespace. The subscriber runs in `namespace`: watching that one too makes a loop (its own scaling emits Events there), which `plan` reports. Default ['k8s-events-watched'], a namespace the stack creates; the seed watched ['default'].")
    create_watched_namespaces: bool = Field(True, description="Create the watched namespaces that are not system namespaces (with Pod Security labels); false when they exist already. Default true.")
    kubeconfig: SecretStr | None = Field(None, description="Kubeconfig of the target cluster (secret: set with `pulumi config set --secret`). Default: the ambient kubeconfig.")
    delivery_retry: Annotated[int, Field(ge=1, le=100)] = Field(5, description="Retries per event before it goes to the dead-letter sink. Default 5.")
    delivery_backoff_policy: Literal["linear", "exponential"] = Field("exponential", description="Backoff between retries. Default 'exponential'.")
    delivery_backoff_delay: IsoDuration = Field("PT0.5S", description="Base backoff delay (ISO-8601). Default 'PT0.5S'.")
    dead_letter_uri: HttpUrl | None = Field(None, description="Dead-letter URL. Default: a 'dead-letter' Knative Service in the namespace that logs undeliverable events.")
    min_scale: Annotated[int, Field(ge=0, le=1000)] = Field(0, description="Minimum replicas of the demo service. Default 0.")
    max_scale: Annotated[int, Field(ge=1, le=1000)] = Field(5, description="Maximum replicas of the demo service. Default 5.")

    @model_validator(mode="after")
    def _scale_bounds(self) -> Config:
        if ALL_NAMESPACES in self.watched_namespaces and len(self.watched_namespaces) > 1:
            raise ValueError(f"watched_namespaces {self.watched_namespaces}: '*' watches every namespace; list it alone")
        if len(set(self.watched_namespaces)) != len(self.watched_namespaces):
            raise ValueError(f"watched_namespaces {self.watched_namespaces} repeat a namespace; list each once")
        if self.min_scale > self.max_scale:
            raise ValueError(f"min_scale ({self.min_scale}) is above max_scale ({self.max_scale}); lower min_scale or raise max_scale")
        if self.stage == "prod" and self.channel == "in-memory":
            raise ValueError("channel 'in-memory' loses events and is for dev only; use channel=kafka in prod")
        return self

    @property
    def channel_kind(self) -> Literal["in-memory", "kafka"]:
        """The channel implementation after applying the stage default."""
        return self.channel or ("kafka" if self.stage == "prod" else "in-memory")
