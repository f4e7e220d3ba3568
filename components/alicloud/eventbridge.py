"""EventBridge: custom event buses, and rules with a typed pattern and reliable targets.

- :class:`EventBus` is a custom bus (the cloud-service bus ``default`` already exists).
- :class:`EventRule` is ``eventbridge.Rule``: an :class:`~.event_pattern.EventPattern` rendered to
  ``filter_pattern``, and up to five :class:`RuleTarget` s, each with a push retry strategy
  (``EXPONENTIAL_DECAY_RETRY`` by default: up to 176 retries over a day, so a target that scales
  from zero is not given up on) and an optional dead-letter queue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import pulumi
import pulumi_alicloud as alicloud
from pydantic import AfterValidator, Field, field_validator, model_validator

from eventing_platform.events.eventbridge_patterns import InvalidPatternError, validate_pattern

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from ..errors import ArgsError, Problem
from ..redaction import check_no_credentials
from .event_pattern import EventPattern
from .mns import check_mns_queue_arn
from .names import (
    EventBusName,
    RetryStrategy,
    RuleName,
    TargetId,
    check_event_bus_name,
    check_rule_name,
)

CLOUD_SERVICE_BUS = "default"
"""The bus Alibaba Cloud services (OSS, ...) publish to."""

TargetType = Literal[
    "http", "https", "acs.k8s", "acs.fc.function", "acs.rocketmq", "acs.mns.queue",
    "acs.alikafka", "acs.eventbridge", "acs.api.destination",
]
"""Target types this project models."""

SCALE_FROM_ZERO_TYPES = frozenset({"http", "https", "acs.k8s", "acs.fc.function"})
"""Target types that may be served by something scaled to zero (needs exponential retries)."""

ParamForm = Literal["ORIGINAL", "TEMPLATE", "JSONPATH", "CONSTANT"]
_DEAD_LETTER_ARN = re.compile(
    r"^acs:(?P<service>mns|mq|rocketmq|alikafka|eventbridge):[a-z0-9-]+:[0-9*]+:(?P<resource>\S+)$", re.ASCII
)
# Resource paths of the dead-letter kinds the EventBridge API reference documents for
# DeadLetterQueue.Arn (PutTargets/CreateRule): MNS queues (checked by check_mns_queue_arn),
# RocketMQ 4.x topics "/instances/<id>/topic/<topic>", Kafka topics "instance/<id>/topic/<topic>"
# and event buses "eventbus/<name>". RocketMQ 5.x ("acs:rocketmq:...") is accepted as before.
_DEAD_LETTER_RESOURCE = {
    "mq": re.compile(r"^/?instances/[^/\s]+/topic/[^/\s]+$"),
    "alikafka": re.compile(r"^/?instance/[^/\s]+/topic/[^/\s]+$"),
    "eventbridge": re.compile(r"^/?eventbus/[^/\s]+$"),
}
DEAD_LETTER_EXAMPLE = "'acs:mns:cn-hangzhou:<account-id>:queues/<queue>' (MnsQueue.arn)"


def check_dead_letter_arn(value: str) -> str:
    """Accept a dead-letter ARN of a kind EventBridge documents: an MNS queue (either spelling, see
    :mod:`eventing_platform.alicloud.mns`), a RocketMQ topic, a Kafka topic or an event bus."""
    match = _DEAD_LETTER_ARN.fullmatch(value)
    if match is None:
        raise ValueError(
            f"dead_letter_arn {value!r} is not an MNS queue, RocketMQ topic, Kafka topic or event bus ARN; "
            f"use e.g. {DEAD_LETTER_EXAMPLE}"
        )
    service = match.group("service")
    if service == "mns":
        try:
            check_mns_queue_arn(value)
        except ValueError as err:
            raise ValueError(f"dead_letter_arn {err}") from None
    elif service in _DEAD_LETTER_RESOURCE and not _DEAD_LETTER_RESOURCE[service].fullmatch(match.group("resource")):
        raise ValueError(
            f"dead_letter_arn {value!r} has a resource path EventBridge does not document for acs:{service}; "
            f"use e.g. {DEAD_LETTER_EXAMPLE}"
        )
    return value


TARGET_CREDENTIAL_FIX = (
    "keep the credential out of the rule: an EventBridge connection (eventbridge.Connection, basic, "
    "API key or OAuth auth parameters) holds it for an API destination, or reach the receiver over a "
    "PrivateNetwork"
)
"""What to do instead of a credential in a target's endpoint or parameters."""


def _check_target_text(value: str) -> str:
    return check_no_credentials(value, TARGET_CREDENTIAL_FIX, url=False)


TargetText = Annotated[str, AfterValidator(_check_target_text)]
"""An endpoint or parameter value of a target: no URL with user info or a token query parameter
in it (the rule stores it in plaintext)."""


class TargetParam(Args):
    """One ``param_list`` entry: how a piece of what the target receives is built."""

    resource_key: Annotated[str, Field(min_length=1, max_length=128)]
    """Which parameter of the target (``url``, ``Body``, ``Network``, ``queue``...). Required."""
    form: ParamForm
    """``ORIGINAL`` (the whole event), ``CONSTANT``, ``JSONPATH`` or ``TEMPLATE``. Required."""
    value: Input[TargetText] | None = None
    """The constant, the JSONPath, or (for ``TEMPLATE``) the variables object; no credential in a
    URL it holds. Default none."""
    template: str | None = None
    """The template text, for ``TEMPLATE``. Default none."""

    @model_validator(mode="after")
    def _form_fields(self) -> TargetParam:
        if self.form == "ORIGINAL" and (self.value is not None or self.template is not None):
            raise ValueError(f"{self.resource_key}: form ORIGINAL passes the event as is; drop value and template")
        if self.form in ("CONSTANT", "JSONPATH") and self.value is None:
            raise ValueError(f"{self.resource_key}: form {self.form} needs a value")
        if self.form in ("CONSTANT", "JSONPATH") and self.template is not None:
            raise ValueError(f"{self.resource_key}: template is only used with form TEMPLATE")
        if self.form == "TEMPLATE" and (self.value is None or self.template is None):
            raise ValueError(f"{self.resource_key}: form TEMPLATE needs value (the variables) and template")
        if self.resource_key == "IsBase64Encode" and self.value == "false":
            raise ValueError("IsBase64Encode=false is the service default and the provider strips it (a permanent diff); leave it out")
        return self

    def render(self) -> dict[str, Any]:
        """The ``param_lists`` item."""
        out: dict[str, Any] = {"resource_key": self.resource_key, "form": self.form}
        if self.value is not None:
            out["value"] = self.value
        if self.template is not None:
            out["template"] = self.template
        return out


class PrivateNetwork(Args):
    """Deliver to an HTTP target inside a VPC rather than over the internet."""

    vpc_id: StrInput
    """The VPC. Required."""
    vswitch_ids: Annotated[Sequence[StrInput], Field(min_length=1)]
    """vSwitches EventBridge attaches to. Required."""
    security_group_id: StrInput
    """A security group that admits the vSwitches' CIDR. Required."""


def _join_url(base: StrInput, path: str | None) -> StrInput:
    if not path:
        return base
    if is_plain(base):
        return str(base).rstrip("/") + path
    return pulumi.Output.from_input(base).apply(lambda b: b.rstrip("/") + path)


class RuleTarget(Args):
    """One target of a rule. Build HTTP targets with :meth:`http`; others with the constructor.

    Retries default to ``EXPONENTIAL_DECAY_RETRY``; a target marked ``scales_from_zero`` refuses
    ``BACKOFF_RETRY`` (three tries within a minute are shorter than a cold start).
    """

    target_id: TargetId
    """Target ID, unique within the rule. Required."""
    type: TargetType
    """Target type. Required."""
    endpoint: Input[TargetText]
    """Endpoint (URL or ARN); a URL without user info or a token query parameter. Required."""
    params: Annotated[list[TargetParam], Field(min_length=1)]
    """``param_list``. Required."""
    push_retry_strategy: RetryStrategy = "EXPONENTIAL_DECAY_RETRY"
    """Retry policy. Default ``EXPONENTIAL_DECAY_RETRY``."""
    scales_from_zero: bool = False
    """The receiver may have no replica when an event arrives. Default False (True from :meth:`http`)."""
    dead_letter_arn: StrInput | None = None
    """ARN of an MNS queue (``acs:mns:<region>:<account>:queues/<queue>``, ``/queues/`` also
    accepted), RocketMQ topic, Kafka topic or event bus for events that exhaust their retries.
    Default none (they are dropped)."""

    @model_validator(mode="after")
    def _consistent(self) -> RuleTarget:
        if self.scales_from_zero and self.push_retry_strategy != "EXPONENTIAL_DECAY_RETRY":
            raise ValueError(
                f"push_retry_strategy {self.push_retry_strategy!r} gives up after 3 tries in under a "
                "minute, while this target scales from zero; use 'EXPONENTIAL_DECAY_RETRY'"
            )
        if self.scales_from_zero and self.type not in SCALE_FROM_ZERO_TYPES:
            raise ValueError(f"scales_from_zero is for {sorted(SCALE_FROM_ZERO_TYPES)} targets, not {self.type!r}")
        if self.dead_letter_arn is not None and is_plain(self.dead_letter_arn):
            check_dead_letter_arn(str(self.dead_letter_arn))
        if self.type in ("http", "https") and is_plain(self.endpoint):
            parts = urlsplit(str(self.endpoint))
            if parts.scheme != self.type or not parts.netloc:
                raise ValueError(f"endpoint {self.endpoint!r} must be an absolute {self.type}:// URL for a {self.type} target")
        keys = [p.resource_key for p in self.params]
        if len(keys) != len(set(keys)):
            raise ValueError(f"param resource keys repeat: {keys}")
        return self

    @classmethod
    def http(
        cls,
        url: StrInput,
        *,
        path: str | None = None,
        target_id: str = "http",
        https: bool | None = None,
        network: PrivateNetwork | None = None,
        push_retry_strategy: RetryStrategy = "EXPONENTIAL_DECAY_RETRY",
        scales_from_zero: bool = True,
        dead_letter_arn: StrInput | None = None,
    ) -> RuleTarget:
        """An HTTP(S) endpoint receiving the whole event as the POST body.

        ``url`` may be another resource's output (e.g. a service URL) and ``path`` is appended
        (``"/unzip"``). The scheme comes from a plain ``url``; for an output set ``https`` (default
        ``http``). ``network`` delivers inside a VPC; default: over the internet.
        """

        if path is not None and not path.startswith("/"):
            raise ArgsError([Problem("RuleTarget.http.path", "must start with '/' (e.g. '/unzip')", path)])
        for field, text in (("url", url), ("path", path)):
            if text is not None and is_plain(text):
                try:
                    check_no_credentials(text, TARGET_CREDENTIAL_FIX, url=True)
                except ValueError as err:
                    raise ArgsError([Problem(f"RuleTarget.http.{field}", str(err), text)]) from None
        if https is None:
            https = is_plain(url) and str(url).startswith("https://")
        full = _join_url(url, path)
        params = [
            TargetParam(resource_key="url", form="CONSTANT", value=full),
            TargetParam(resource_key="Body", form="ORIGINAL"),
        ]
        if network is None:
            params.append(TargetParam(resource_key="Network", form="CONSTANT", value="PublicNetwork"))
        else:
            vswitches = pulumi.Output.all(*network.vswitch_ids).apply(lambda ids: ",".join(ids))
            params += [
                TargetParam(resource_key="Network", form="CONSTANT", value="PrivateNetwork"),
                TargetParam(resource_key="VpcId", form="CONSTANT", value=network.vpc_id),
                TargetParam(resource_key="VSwitchIds", form="CONSTANT", value=vswitches),
                TargetParam(resource_key="SecurityGroupId", form="CONSTANT", value=network.security_group_id),
            ]
        return cls(
            target_id=target_id, type="https" if https else "http", endpoint=full, params=params,
            push_retry_strategy=push_retry_strategy, scales_from_zero=scales_from_zero,
            dead_letter_arn=dead_letter_arn,
        )

    @property
    def url(self) -> StrInput | None:
        """The ``url`` parameter of an HTTP target (None for other types)."""
        return next((p.value for p in self.params if p.resource_key == "url"), None)

    def render(self) -> dict[str, Any]:
        """The ``targets`` item of ``eventbridge.Rule``."""
        out: dict[str, Any] = {
            "target_id": self.target_id,
            "type": self.type,
            "endpoint": self.endpoint,
            "param_lists": [p.render() for p in self.params],
            "push_retry_strategy": self.push_retry_strategy,
        }
        if self.dead_letter_arn is not None:
            out["dead_letter_queue"] = {"arn": self.dead_letter_arn}
        return out


class EventRuleArgs(Args):
    """Arguments of :class:`EventRule`."""

    pattern: EventPattern
    """Which events the rule receives. Required."""
    targets: Annotated[list[RuleTarget], Field(min_length=1, max_length=5)]
    """Where they go (1-5 targets). Required."""
    rule_name: Input[RuleName] | None = None
    """Rule name. Default: the component name."""
    event_bus_name: StrInput = CLOUD_SERVICE_BUS
    """Bus the rule listens on. Default ``default`` (the cloud-service bus, where OSS events arrive)."""
    description: Annotated[str, Field(max_length=256)] | None = None
    """Description. Default none."""
    enabled: bool = True
    """``ENABLE`` or ``DISABLE``. Default True."""

    @field_validator("pattern")
    @classmethod
    def _accepted_by_eventbridge(cls, pattern: EventPattern) -> EventPattern:
        # The rules of a whole pattern (attributes at the top, nesting under 'data' only), as
        # PutRule applies them; the EventPattern model checks what holds at every level.
        try:
            validate_pattern(pattern.render())
        except InvalidPatternError as err:
            raise ValueError(str(err)) from None
        return pattern

    @model_validator(mode="after")
    def _unique_targets(self) -> EventRuleArgs:
        ids = [t.target_id for t in self.targets]
        if len(ids) != len(set(ids)):
            raise ValueError(f"target ids repeat: {ids}; give each target its own target_id")
        return self


class EventRule(Component[EventRuleArgs]):
    """An EventBridge rule. Attributes: ``rule`` (``eventbridge.Rule``), ``rule_name``,
    ``pattern`` (:class:`EventPattern`), ``filter_pattern`` (the JSON string)."""

    TYPE = "eventing-platform:alicloud:EventRule"
    ARGS = EventRuleArgs

    def __init__(self, name: str, args: EventRuleArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        rule_name = args.rule_name or name
        try:
            if is_plain(rule_name):
                check_rule_name(rule_name)
        except ValueError as err:
            raise ArgsError([Problem("EventRule.name", f"{err}; or set rule_name", rule_name)]) from None
        super().__init__(name, args, opts)
        self.rule_name = rule_name
        self.pattern = args.pattern
        self.filter_pattern = args.pattern.to_json()
        n, o = self.child("rule")
        self.rule = alicloud.eventbridge.Rule(
            n,
            event_bus_name=args.event_bus_name,
            rule_name=rule_name,
            filter_pattern=self.filter_pattern,
            targets=[t.render() for t in args.targets],
            description=args.description,
            status="ENABLE" if args.enabled else "DISABLE",
            opts=o,
        )
        self.register_outputs({"rule_name": rule_name, "filter_pattern": self.filter_pattern})

    def matches(self, event: Mapping[str, Any]) -> bool:
        """Whether this rule's pattern matches ``event`` (offline)."""
        return self.pattern.matches(event)


class EventBusArgs(Args):
    """Arguments of :class:`EventBus`."""

    event_bus_name: Input[EventBusName] | None = None
    """Bus name (not ``default``). Default: the component name."""
    description: Annotated[str, Field(max_length=256)] | None = None
    """Description. Default none."""


class EventBus(Component[EventBusArgs]):
    """A custom EventBridge bus. Attributes: ``bus`` (``eventbridge.EventBus``), ``event_bus_name``
    (str) and ``name_output`` (the provider's, for dependencies)."""

    TYPE = "eventing-platform:alicloud:EventBus"
    ARGS = EventBusArgs

    def __init__(self, name: str, args: EventBusArgs, opts: pulumi.ResourceOptions | None = None) -> None:

        bus_name = args.event_bus_name or name
        try:
            if is_plain(bus_name):
                check_event_bus_name(bus_name)
        except ValueError as err:
            raise ArgsError([Problem("EventBus.name", f"{err}; or set event_bus_name", bus_name)]) from None
        super().__init__(name, args, opts)
        self.event_bus_name = bus_name
        n, o = self.child("bus")
        self.bus = alicloud.eventbridge.EventBus(n, event_bus_name=bus_name, description=args.description, opts=o)
        self.name_output: pulumi.Output[str] = self.bus.event_bus_name
        self.register_outputs({"event_bus_name": self.name_output})
