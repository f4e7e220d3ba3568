"""Knative ``Parallel`` (``flows.knative.dev/v1``): every event to each branch, each branch with
an optional filter in front of its subscriber.

Admission follows knative/eventing ``pkg/apis/flows/v1/parallel_validation.go``
``ParallelSpec.Validate``: at least one branch, each branch's filter, subscriber, reply and delivery
valid, a channel template with apiVersion and kind (always rendered from :class:`ChannelTemplate`).
"""

from __future__ import annotations

from typing import Any

import pulumi
from pydantic import Field, field_validator

from eventing_platform.kinds.addresses import parallel_url

from ..args import Args, Input, computed
from ..errors import ArgsError
from ..kubernetes.custom_object import ObjectComponent
from ..kubernetes.names import DnsLabel, object_meta
from .channel import ChannelTemplate
from .delivery import DeliveryPolicy
from .destination import FLOWS_V1, Destination
from .sequence import self_reference_problems


class ParallelBranch(Args):
    """One branch of a Parallel: an optional filter, then the subscriber."""

    subscriber: Destination
    """Where the branch delivers each event that passes its filter. Required."""
    filter: Destination | None = None
    """A service that answers with the event to let it through, or with nothing to drop it.
    Default none: every event goes to the subscriber."""
    reply: Destination | None = None
    """Where the subscriber's reply goes. Default: the Parallel's ``reply``."""
    delivery: DeliveryPolicy | None = Field(default_factory=DeliveryPolicy)
    """Retries and dead-letter sink of the delivery to the subscriber. Default: 5 exponential
    retries; None renders none (the channel's defaults apply)."""

    def render(self) -> dict[str, Any]:
        """The ``branches[]`` entry."""
        out: dict[str, Any] = {"subscriber": self.subscriber.render()}
        if self.filter is not None:
            out["filter"] = self.filter.render()
        if self.reply is not None:
            out["reply"] = self.reply.render()
        if self.delivery is not None:
            out["delivery"] = self.delivery.render()
        return out


class ParallelArgs(Args):
    """Arguments of :class:`Parallel`."""

    branches: list[ParallelBranch]
    """The branches; every event goes to each of them. Required, at least one."""
    reply: Destination | None = None
    """Where the subscribers' replies go, unless a branch sets its own. Default: dropped."""
    channel_template: ChannelTemplate = Field(default_factory=ChannelTemplate)
    """The channels Knative creates (one in front of the Parallel, one per branch). Default:
    InMemoryChannel (development only; use ``ChannelTemplate(kind="kafka")`` in production)."""
    parallel_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""

    @field_validator("branches")
    @classmethod
    def _at_least_one(cls, value: list[ParallelBranch]) -> list[ParallelBranch]:
        if not value:
            raise ValueError(
                "needs at least one branch; add ParallelBranch(subscriber=Destination.service('handler'))"
            )
        return value

    def render_spec(self) -> dict[str, Any]:
        """The Parallel ``spec``."""
        spec: dict[str, Any] = {
            "channelTemplate": self.channel_template.render(),
            "branches": [b.render() for b in self.branches],
        }
        if self.reply is not None:
            spec["reply"] = self.reply.render()
        return spec


class Parallel(ObjectComponent[ParallelArgs]):
    """A Knative Parallel.

    Attributes: ``parallel`` (the object), ``parallel_name``, ``url`` (``status.address.url``,
    the ingress channel) and ``destination`` (to use the Parallel as a sink or subscriber).
    """

    TYPE = "eventing-platform:knative:Parallel"
    ARGS = ParallelArgs

    def __init__(self, name: str, args: ParallelArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.parallel_name = self.object_name(name, args.parallel_name, "parallel_name")
        where: list[tuple[str, Destination | None]] = []
        for i, b in enumerate(args.branches):
            where += [(f"branches.{i}.filter", b.filter), (f"branches.{i}.subscriber", b.subscriber), (f"branches.{i}.reply", b.reply)]
        where.append(("reply", args.reply))
        problems = self_reference_problems("ParallelArgs", "Parallel", self.parallel_name, args.namespace, where)
        if problems:
            raise ArgsError(problems)
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.parallel = self.create_object("parallel", FLOWS_V1, "Parallel", object_meta(self.parallel_name, args.namespace), spec)
        fallback = computed(parallel_url, self.parallel_name, args.namespace or "default")
        self.url: pulumi.Output[str] = self.status_url(self.parallel, fallback, "address", "url")
        self.destination = Destination.parallel(self.parallel_name, args.namespace)
        self.register_outputs({"url": self.url, "parallel_name": self.parallel_name})
