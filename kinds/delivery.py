"""Effective delivery: the retry, backoff and dead-letter settings that apply to an object.

An object's own delivery block applies when it has one. A Trigger without one takes its Broker's,
a Subscription without one its channel's (and a Channel without ``spec.delivery`` reads its
``channelTemplate``'s). When the parent is backed by Kafka (a Broker of class ``Kafka``, a
KafkaChannel), the Kafka data plane merges field by field instead: the child's fields win and
the parent fills the rest. This is the one place that rule is written; the policy rules and the
event-flow extractor both call :func:`effective_delivery`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .catalogue import EVENTING, MESSAGING, kind_of
from .kind import Kind
from .paths import PathGetter, is_absent, value_at
from .references import ObjectRef

BROKER_CLASS_ANNOTATION = "eventing.knative.dev/broker.class"
"""The annotation naming a Broker's implementation."""
KAFKA_BROKER_CLASS = "Kafka"
"""The Kafka broker class (eventing-kafka-broker), whose triggers merge delivery field by field."""

ObjectFinder = Callable[[ObjectRef], Any]
"""``find(ref)``: the object ``ref`` names (its properties), or None when it is not known."""


def own_delivery(kind: Kind | None, obj: Any, get: PathGetter = value_at) -> Any:
    """The object's own delivery block: at the kind's delivery path, else its fallback path
    (None when the kind has no delivery block or it is absent). Values the caller's ``get``
    treats as unknown come back as they are."""
    if kind is None or kind.delivery is None:
        return None
    block = get(obj, *kind.delivery)
    if is_absent(block) and kind.delivery_fallback is not None:
        block = get(obj, *kind.delivery_fallback)
    return None if is_absent(block) else block


def merges_delivery_fields(parent: ObjectRef, obj: Any, get: PathGetter = value_at) -> bool:
    """True when ``obj`` (the object ``parent`` names) is backed by Kafka, whose data plane merges
    a child's delivery into the parent's field by field."""
    if (parent.group, parent.kind) == (EVENTING, "Broker"):
        return bool(get(obj, "metadata", "annotations", BROKER_CLASS_ANNOTATION) == KAFKA_BROKER_CLASS)
    if (parent.group, parent.kind) == (MESSAGING, "KafkaChannel"):
        return True
    if (parent.group, parent.kind) == (MESSAGING, "Channel"):
        return bool(get(obj, "spec", "channelTemplate", "kind") == "KafkaChannel")
    return False


@dataclass(frozen=True)
class EffectiveDelivery:
    """The delivery that applies to one object, and where each part of it comes from."""

    own: Any = None
    """The object's own delivery block. Default None: it has none."""
    parent: ObjectRef | None = None
    """The object it inherits delivery from. Default None: it inherits from nothing."""
    parent_found: bool = False
    """True when the parent is known (in the stack). Default False."""
    inherited: Any = None
    """The parent's delivery block. Default None: none (or the parent is not known)."""
    merges_fields: bool = False
    """True when own fields are merged over the parent's (a Kafka-backed parent); False when the
    own block, if any, replaces the parent's whole. Default False."""

    @property
    def from_parent(self) -> bool:
        """True when the whole block is the parent's: the object has none of its own but a parent."""
        return self.own is None and self.parent is not None

    @property
    def parent_missing(self) -> bool:
        """True when the object would inherit but its parent is not known."""
        return self.from_parent and not self.parent_found

    def field(self, name: str, get: PathGetter = value_at) -> tuple[Any, bool]:
        """``(value, inherited)`` of one delivery field (``retry``, ``deadLetterSink``, ...);
        ``inherited`` is True when the value is (or would be) the parent's."""
        if self.own is not None:
            value = get(self.own, name)
            if value is not None or not self.merges_fields:
                return value, False
            return get(self.inherited, name), True
        return get(self.inherited, name), self.parent is not None

    @property
    def block(self) -> Any:
        """The effective block: own, the parent's, or own fields over the parent's (None: none)."""
        if self.own is None:
            return self.inherited
        if self.merges_fields and isinstance(self.own, dict) and isinstance(self.inherited, dict):
            return {**self.inherited, **{k: v for k, v in self.own.items() if v is not None}}
        return self.own


def effective_delivery(kind: Kind | None, obj: Any, namespace: str, find: ObjectFinder, get: PathGetter = value_at) -> EffectiveDelivery:
    """The delivery that applies to ``obj`` (an object of ``kind`` in ``namespace``).

    ``find`` looks up the parent the catalogue names (a Trigger's Broker, a Subscription's
    channel); ``get`` reads fields (callers with unknown values pass their own).
    """
    own = own_delivery(kind, obj, get)
    if kind is None or kind.delivery_parent is None:
        return EffectiveDelivery(own)
    parent = kind.delivery_parent(obj, namespace, get)
    parent_obj = find(parent) if parent.name is not None else None
    if parent_obj is None:
        return EffectiveDelivery(own, parent)
    inherited = own_delivery(kind_of(parent.group, parent.kind), parent_obj, get)
    return EffectiveDelivery(own, parent, True, inherited, merges_delivery_fields(parent, parent_obj, get))
