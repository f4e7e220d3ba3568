"""Knative ``Trigger`` (``eventing.knative.dev/v1``): a Broker's events, filtered, to a subscriber."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pulumi
from pydantic import Field, field_validator, model_validator

from ..args import Args, Input
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, object_meta
from .delivery import DeliveryPolicy
from .destination import EVENTING_V1, Destination
from .filters import TriggerFilter, check_legacy_attributes, describe_filter

_WEBHOOK_ATTRIBUTE = re.compile(r"^[a-z][a-z0-9]*$", re.ASCII)
"""knative/eventing eventing/v1 trigger_validation.go ``validAttributeName``: lowercase alphanumeric, starting with a letter."""


def filter_attribute_names(filters: list[TriggerFilter]) -> list[str]:
    """Every attribute name an exact/prefix/suffix filter names, however deeply nested."""
    names: list[str] = []
    for f in filters:
        for dialect in (f.exact, f.prefix, f.suffix):
            names += list(dialect or {})
        names += filter_attribute_names([*(f.all or []), *(f.any or []), *([f.not_] if f.not_ is not None else [])])
    return names


def check_webhook_attribute_names(names: list[str], field: str) -> None:
    """``ValidateAttributesNames``: refuse a name that does not start with a letter."""
    bad = sorted({n for n in names if not _WEBHOOK_ATTRIBUTE.fullmatch(n)})
    if bad:
        raise ValueError(
            f"{field} name {bad[0]!r} does not start with a letter, which Knative's Trigger webhook requires; "
            "rename the attribute (e.g. 'x1' rather than '1x')"
        )


class TriggerArgs(Args):
    """Arguments of :class:`Trigger`.

    Filter with ``filters`` (the ``filters`` dialect: exact/prefix/suffix/all/any/not/cesql) or
    ``attributes`` (legacy ``filter.attributes``, exact match, ``""`` = any value), not both:
    Knative ignores ``filter`` when ``filters`` is set. With neither, every event on the Broker
    reaches the subscriber.
    """

    broker: Input[DnsLabel]
    """Name of the Broker (same namespace). Required."""
    subscriber: Destination
    """Where matching events are delivered. Required."""
    filters: list[TriggerFilter] = Field(default_factory=list)
    """``spec.filters``: all entries must match. Default none."""
    attributes: dict[str, str] = Field(default_factory=dict)
    """Legacy ``spec.filter.attributes``: exact match per attribute, ``""`` = any. Default none."""
    delivery: DeliveryPolicy | None = None
    """Delivery for this Trigger. Default: the Broker's."""
    trigger_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace (the Broker's). Default: the provider's."""
    labels: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Extra labels. Default none."""

    @field_validator("attributes")
    @classmethod
    def _attribute_names(cls, value: dict[str, str]) -> dict[str, str]:
        check_webhook_attribute_names(list(check_legacy_attributes(value)), "attribute")
        return value

    @field_validator("filters")
    @classmethod
    def _filter_attribute_names(cls, value: list[TriggerFilter]) -> list[TriggerFilter]:
        check_webhook_attribute_names(filter_attribute_names(value), "filter attribute")
        return value

    @model_validator(mode="after")
    def _one_dialect(self) -> TriggerArgs:
        if self.filters and self.attributes:
            raise ValueError(
                "set filters or attributes, not both: Knative ignores filter.attributes when "
                "filters is set; move the attributes into filters as TriggerFilter.exact_match(...)"
            )
        return self

    def render_spec(self) -> dict[str, Any]:
        """The Trigger ``spec``."""
        spec: dict[str, Any] = {"broker": self.broker, "subscriber": self.subscriber.render()}
        if self.filters:
            spec["filters"] = [f.render() for f in self.filters]
        if self.attributes:
            spec["filter"] = {"attributes": dict(self.attributes)}
        if self.delivery is not None:
            spec["delivery"] = self.delivery.render()
        return spec

    @property
    def filtered(self) -> bool:
        """True when the Trigger has a filter (otherwise it receives every event of the Broker)."""
        return bool(self.filters or self.attributes)


class Trigger(ObjectComponent[TriggerArgs]):
    """A Knative Trigger.

    Attributes: ``trigger`` (the object), ``trigger_name``, ``filter_summary`` (one line, e.g.
    ``type = order.created``).
    """

    TYPE = "eventing-platform:knative:Trigger"
    ARGS = TriggerArgs

    def __init__(self, name: str, args: TriggerArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.trigger_name = self.object_name(name, args.trigger_name, "trigger_name")
        spec = args.render_spec()
        self.filter_summary = describe_filter(spec)
        super().__init__(name, args, opts)
        self.trigger = self.create_object("trigger", EVENTING_V1, "Trigger", object_meta(self.trigger_name, args.namespace, args.labels), spec)
        self.register_outputs({"trigger_name": self.trigger_name, "filter_summary": self.filter_summary})
