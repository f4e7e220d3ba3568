"""Knative ``Sequence`` (``flows.knative.dev/v1``): steps called in order, each reply feeding the next.

Admission follows knative/eventing ``pkg/apis/flows/v1/sequence_validation.go``
``SequenceSpec.Validate``: at least one step (``SequenceStep.Validate``: its destination and
delivery), a channel template with apiVersion and kind (always rendered from
:class:`ChannelTemplate`), a valid reply.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pydantic import Field, field_validator

from eventing_platform.kinds import group_of_api_version
from eventing_platform.kinds.addresses import sequence_url
from eventing_platform.kinds.catalogue import FLOWS

from ..args import Args, Input, computed, is_plain
from ..errors import ArgsError, Problem
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, object_meta
from .channel import ChannelTemplate
from .delivery import DeliveryPolicy
from .destination import FLOWS_V1, Destination


class SequenceStep(Args):
    """One step of a Sequence: where the event goes and how it is delivered there.

    A plain :class:`Destination` given as a step becomes ``SequenceStep(destination=...)``.
    """

    destination: Destination
    """The step's subscriber (a Knative Service, or any addressable). Its reply goes to the next
    step, or to the Sequence's ``reply`` after the last one. Required."""
    delivery: DeliveryPolicy | None = Field(default_factory=DeliveryPolicy)
    """Retries and dead-letter sink of the delivery to this step. Default: 5 exponential
    retries; None renders none (the channel's defaults apply)."""

    def render(self) -> dict[str, Any]:
        """The ``steps[]`` entry: the destination's ``ref``/``uri`` plus ``delivery``."""
        out = self.destination.render()
        if self.delivery is not None:
            out["delivery"] = self.delivery.render()
        return out


class SequenceArgs(Args):
    """Arguments of :class:`Sequence`."""

    steps: list[SequenceStep]
    """The steps, called in order: ``SequenceStep``s or plain ``Destination``s. Required, at least one."""
    reply: Destination | None = None
    """Where the last step's reply goes. Default: dropped."""
    channel_template: ChannelTemplate = Field(default_factory=ChannelTemplate)
    """The channel created in front of each step. Default: InMemoryChannel (development only;
    use ``ChannelTemplate(kind="kafka")`` in production)."""
    sequence_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""

    @field_validator("steps", mode="before")
    @classmethod
    def _wrap_destinations(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [SequenceStep(destination=v) if isinstance(v, Destination) else v for v in value]
        return value

    @field_validator("steps")
    @classmethod
    def _at_least_one(cls, value: list[SequenceStep]) -> list[SequenceStep]:
        if not value:
            raise ValueError("needs at least one step; add a Destination, e.g. Destination.service('enrich')")
        return value

    def render_spec(self) -> dict[str, Any]:
        """The Sequence ``spec``."""
        spec: dict[str, Any] = {
            "channelTemplate": self.channel_template.render(),
            "steps": [s.render() for s in self.steps],
        }
        if self.reply is not None:
            spec["reply"] = self.reply.render()
        return spec


def self_reference_problems(
    owner: str, kind: str, name: Input[str], namespace: Input[str] | None, where: list[tuple[str, Destination | None]]
) -> list[Problem]:
    """A :class:`Problem` for each ``(field, destination)`` of ``where`` that points at the flow
    object (``kind`` ``name``) itself: its events would re-enter it forever.

    A reference without a namespace means the flow's own; a reference naming a namespace while
    the flow leaves its own to the provider cannot be compared and passes, and so does a name or
    namespace that is a Pulumi ``Output``.
    """
    problems: list[Problem] = []
    if not (is_plain(name) and is_plain(namespace)):
        return problems
    for field, dest in where:
        ref = dest.ref if dest is not None else None
        if ref is None or ref.kind != kind or group_of_api_version(ref.api_version) != FLOWS or ref.name != name:
            continue
        if (ref.namespace or namespace) != namespace:
            continue
        problems.append(Problem(
            f"{owner}.{field}",
            f"points at the {kind} {name!r} itself, so every event would re-enter it forever; "
            "send it to another Service, Channel or Broker",
            ref.render(),
        ))
    return problems


class Sequence(ObjectComponent[SequenceArgs]):
    """A Knative Sequence: a channel and a subscription per step, wired in series by Knative.

    Attributes: ``sequence`` (the object), ``sequence_name``, ``url`` (``status.address.url``,
    the first step's channel) and ``destination`` (to use the Sequence as a sink or subscriber).
    """

    TYPE = "eventing-platform:knative:Sequence"
    ARGS = SequenceArgs

    def __init__(self, name: str, args: SequenceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.sequence_name = self.object_name(name, args.sequence_name, "sequence_name")
        where: list[tuple[str, Destination | None]] = [(f"steps.{i}.destination", s.destination) for i, s in enumerate(args.steps)]
        where.append(("reply", args.reply))
        problems = self_reference_problems("SequenceArgs", "Sequence", self.sequence_name, args.namespace, where)
        if problems:
            raise ArgsError(problems)
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.sequence = self.create_object("sequence", FLOWS_V1, "Sequence", object_meta(self.sequence_name, args.namespace), spec)
        fallback = computed(sequence_url, self.sequence_name, args.namespace or "default")
        self.url: pulumi.Output[str] = self.status_url(self.sequence, fallback, "address", "url")
        self.destination = Destination.sequence(self.sequence_name, args.namespace)
        self.register_outputs({"url": self.url, "sequence_name": self.sequence_name})
