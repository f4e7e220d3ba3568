"""References from one object to another: a Trigger's Broker, a Subscription's channel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .api_versions import group_of_api_version
from .paths import PathGetter, value_at

EVENTING_GROUP = "eventing.knative.dev"
"""Knative Eventing's core group: Broker, Trigger."""
MESSAGING_GROUP = "messaging.knative.dev"
"""Knative messaging: Channel, InMemoryChannel, KafkaChannel, Subscription."""


@dataclass(frozen=True)
class ObjectRef:
    """A reference to a namespaced object by group, kind, name and namespace."""

    group: str
    """API group of the referent (``""`` for the core group)."""
    kind: str
    """Kind of the referent."""
    name: str | None
    """Name of the referent; None when the reference does not name one (or it is not known)."""
    namespace: str
    """Namespace of the referent (the referring object's when the reference gives none)."""

    @property
    def label(self) -> str:
        """``<Kind> <name>`` for messages (``?`` for a missing name)."""
        return f"{self.kind} {self.name if self.name is not None else '?'}"


ParentResolver = Callable[[Any, str, PathGetter], ObjectRef]
"""``resolve(obj, namespace, get)``: the object ``obj`` (in ``namespace``) refers to."""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def trigger_broker(obj: Any, namespace: str, get: PathGetter = value_at) -> ObjectRef:
    """The Broker a Trigger belongs to: ``spec.broker``, else ``spec.brokerRef`` (name and namespace)."""
    name = _str(get(obj, "spec", "broker")) or _str(get(obj, "spec", "brokerRef", "name"))
    ns = _str(get(obj, "spec", "brokerRef", "namespace")) or namespace
    return ObjectRef(EVENTING_GROUP, "Broker", name, ns)


def subscription_channel(obj: Any, namespace: str, get: PathGetter = value_at) -> ObjectRef:
    """The channel a Subscription reads from: ``spec.channel`` (kind ``Channel`` of
    ``messaging.knative.dev`` unless the reference says otherwise)."""
    group = group_of_api_version(get(obj, "spec", "channel", "apiVersion"))
    return ObjectRef(
        MESSAGING_GROUP if group is None else group,
        _str(get(obj, "spec", "channel", "kind")) or "Channel",
        _str(get(obj, "spec", "channel", "name")),
        _str(get(obj, "spec", "channel", "namespace")) or namespace,
    )
