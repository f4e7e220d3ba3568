"""``RocketMQSource`` (``sources.eventing.knative.dev/v1alpha1``): RocketMQ messages as CloudEvents.

Renders the fields the Alibaba Cloud Knative RocketMQ source reads (``topic``, ``groupName``,
``instanceId``, ``accessToken.secretKeyRef``, ``serviceAccountName``, ``sink`` as a flat object
reference, the source's ``corev1.ObjectReference``). The access token
is a Secret key holding JSON ``{"url": ..., "accessKeyId": ..., "accessKeySecret": ...}``
(see :func:`access_token_json`); the source's receive adapter runs as ``serviceAccountName`` and
reads that Secret through the Kubernetes API, so :meth:`RocketMQSourceArgs.access_needs` grants
``get`` on exactly that Secret and nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, Field, field_validator

from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import ROCKETMQ_SOURCES

from ...args import Args, Input, StrInput, is_plain
from ...kubernetes.container import SecretKeyRef
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, DnsSubdomain, object_meta
from ...kubernetes.rbac import AccessNeed
from ...redaction import check_no_credentials
from ..destination import Destination

_KIND = known_kind(ROCKETMQ_SOURCES, "RocketMQSource")
ROCKETMQ_SOURCES_API = _KIND.api_version
ROCKETMQ_EVENT_TYPE = _KIND.emits.types[0] if _KIND.emits else ""
"""The CloudEvent ``type`` the RocketMQ receive adapter sets on every message."""
ROCKETMQ_EVENT_SOURCE = _KIND.emits.source if _KIND.emits else ""
"""The CloudEvent ``source`` the RocketMQ receive adapter sets on every message."""

_ROCKETMQ_NAME = re.compile(r"^[A-Za-z0-9%|_-]{1,255}$")


def check_rocketmq_name(value: str) -> str:
    """A RocketMQ topic or group name: 1-255 letters, digits, '%', '|', '_' or '-'."""
    if not _ROCKETMQ_NAME.fullmatch(value or ""):
        raise ValueError(
            f"{value!r} is not a RocketMQ name: use 1-255 letters, digits, '_', '-', '%' or '|' "
            "(e.g. 'orders' or 'GID_orders')"
        )
    return value


RocketMQName = Annotated[str, AfterValidator(check_rocketmq_name)]
"""A RocketMQ topic or consumer group name."""


def _check_name_server(value: str) -> str:
    return check_no_credentials(value, "give the credential in the access token's Secret (access_token)", url=False)


NameServerAddress = Annotated[str, AfterValidator(_check_name_server)]
"""Name server address(es), without a URL credential (written in plaintext to the source's spec)."""


def access_token_json(url: StrInput, access_key_id: StrInput, access_key_secret: StrInput) -> pulumi.Output[str]:
    """The access-token document the source reads: ``{"url", "accessKeyId", "accessKeySecret"}``.

    Always a Pulumi secret (it holds a credential); store it in a Kubernetes Secret.
    """
    doc = pulumi.Output.all(url, access_key_id, access_key_secret).apply(
        lambda v: json.dumps({"url": v[0], "accessKeyId": v[1], "accessKeySecret": v[2]}, sort_keys=True)
    )
    return pulumi.Output.secret(doc)


class RocketMQSourceArgs(Args):
    """Arguments of :class:`RocketMQSource`."""

    topic: Input[RocketMQName]
    """Topic to consume. Required."""
    group_name: Input[RocketMQName]
    """Consumer group the source consumes as. Required."""
    instance_id: StrInput
    """RocketMQ instance ID (e.g. an instance component's ``instance_id`` output). Required."""
    access_token: SecretKeyRef
    """Secret key holding the access-token JSON (:func:`access_token_json`). Required: the token
    never appears in the object itself."""
    service_account_name: Input[DnsSubdomain]
    """ServiceAccount the receive adapter runs as; give it :meth:`access_needs`. Required."""
    sink: Destination
    """Where events go (usually a Broker): an object reference, rendered flat as the source's
    ``corev1.ObjectReference`` (``apiVersion``/``kind``/``name``); a URI is not supported. Required."""
    namesrv_addr: Input[NameServerAddress] | None = None
    """Name server address(es) for a self-managed Apache RocketMQ; no credential in them (the
    access token is the Secret's). Default none (the instance's)."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace (the Secret's and the ServiceAccount's). Default: the provider's."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""

    @field_validator("instance_id")
    @classmethod
    def _instance_id(cls, value: StrInput) -> StrInput:
        if is_plain(value) and not str(value).strip():
            raise ValueError("instance_id is empty; pass the RocketMQ instance's ID")
        return value

    @field_validator("sink")
    @classmethod
    def _sink_is_reference(cls, value: Destination) -> Destination:
        if value.ref is None or value.uri is not None:
            raise ValueError(
                "the RocketMQ source's sink is an object reference (apiVersion/kind/name) without a "
                "URI or path; use Destination.broker(...) or Destination.service(...)"
            )
        return value

    def access_needs(self) -> list[AccessNeed]:
        """Exactly the RBAC the adapter needs: ``get`` on the access-token Secret, by name."""
        return [AccessNeed(api_group="", resources=["secrets"], verbs=["get"], resource_names=[self.access_token.name])]

    def render_spec(self) -> dict[str, Any]:
        """The RocketMQSource ``spec``."""
        sink = self.sink.ref
        assert sink is not None  # the sink validator refuses a Destination without a ref
        spec: dict[str, Any] = {
            "topic": self.topic,
            "groupName": self.group_name,
            "instanceId": self.instance_id,
            "accessToken": self.access_token.render(),
            "serviceAccountName": self.service_account_name,
            "sink": sink.render(),
        }
        if self.namesrv_addr is not None:
            spec["namesrvAddr"] = self.namesrv_addr
        return spec


class RocketMQSource(ObjectComponent[RocketMQSourceArgs]):
    """A RocketMQSource. Attributes: ``source`` (the object), ``source_name``."""

    TYPE = "eventing-platform:knative:RocketMQSource"
    ARGS = RocketMQSourceArgs

    def __init__(self, name: str, args: RocketMQSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.source = self.create_object("source", ROCKETMQ_SOURCES_API, "RocketMQSource", object_meta(self.source_name, args.namespace, args.labels), spec)
        self.register_outputs({"source_name": self.source_name})
