"""Filters on event-flow edges, evaluated with the project's own matchers.

An EventBridge rule's ``filterPattern`` is evaluated by
``eventing_platform.events.eventbridge_patterns.pattern_matches``; a Knative Trigger's ``filter`` /
``filters`` by ``eventing_platform.knative.filters.trigger_matches`` (CESQL is not evaluated: such a
filter gives ``None``, "undecided"). This module only adapts them to one interface and
summarises them for diagrams.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from eventing_platform.events.eventbridge_patterns import pattern_matches
from eventing_platform.events.gcs_events import NOTIFICATION_TO_CLOUDEVENT_TYPE, STORAGE_EVENT_TYPES
from eventing_platform.knative.filters import describe_filter, trigger_matches


class Condition(Protocol):
    """A filter on an edge."""

    def evaluate(self, event: Mapping[str, Any]) -> bool | None:
        """True: passes; False: filtered out; None: cannot be decided offline."""

    def summary(self) -> str:
        """One line describing what passes."""

    def accepts_everything(self) -> bool:
        """True when every event passes (an empty pattern, a Trigger without filters)."""


@dataclass(frozen=True)
class EventPatternCondition:
    """An EventBridge rule's event pattern."""

    pattern: Mapping[str, Any]
    """The parsed ``filterPattern``."""

    @classmethod
    def from_json(cls, text: str) -> EventPatternCondition:
        """From the rule's ``filterPattern`` string (raises ``ValueError`` when it is not JSON)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError(f"filterPattern must be a JSON object, got {type(data).__name__}")
        return cls(data)

    def evaluate(self, event: Mapping[str, Any]) -> bool | None:
        """``pattern_matches(pattern, event)``."""
        return pattern_matches(self.pattern, event)

    def summary(self) -> str:
        """Leaf by leaf, e.g. ``source: acs.oss; subject: suffix .zip``."""
        return "; ".join(f"{path}: {_conditions_text(conds)}" for path, conds in _leaves(self.pattern)) or "all events"

    def accepts_everything(self) -> bool:
        """An empty pattern matches every event."""
        return not self.pattern


def _leaves(pattern: Mapping[str, Any], prefix: str = "") -> list[tuple[str, list[Any]]]:
    out: list[tuple[str, list[Any]]] = []
    for key, value in pattern.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            out.extend(_leaves(value, path))
        else:
            out.append((path, list(value) if isinstance(value, list) else [value]))
    return out


def _condition_text(cond: Any) -> str:
    if isinstance(cond, Mapping) and len(cond) == 1:
        (op, arg), = cond.items()
        if op == "anything-but":
            return f"not {_condition_text(arg) if isinstance(arg, Mapping) else json.dumps(arg)}"
        if op == "exists":
            return "present" if arg else "absent"
        if op == "numeric":
            return " ".join(str(a) for a in arg)
        return f"{op} {arg}"
    if cond == "":
        return "empty"
    return str(cond) if isinstance(cond, str) else json.dumps(cond)


def _conditions_text(conds: list[Any]) -> str:
    exact = [c for c in conds if isinstance(c, str) and c]
    if len(exact) > 3:
        common = os.path.commonprefix(exact)
        head = f"{common}*" if common else exact[0] + ", ..."
        rest = [c for c in conds if c not in exact]
        return " or ".join([f"one of {len(exact)} ({head})", *(_condition_text(c) for c in rest)])
    return " or ".join(_condition_text(c) for c in conds)


@dataclass(frozen=True)
class TriggerCondition:
    """A Knative Trigger's filter (``filter.attributes`` or ``filters``)."""

    spec: Mapping[str, Any]
    """The Trigger's rendered ``spec`` (only ``filter`` / ``filters`` are read)."""

    def evaluate(self, event: Mapping[str, Any]) -> bool | None:
        """``trigger_matches(spec, event)``; None when it hinges on a ``cesql`` expression."""
        return trigger_matches(self.spec, event)

    def summary(self) -> str:
        """E.g. ``type = order.created``, ``all events``; CESQL is marked as not evaluated."""
        text = describe_filter(self.spec)
        return text + (" (cesql not evaluated)" if "cesql" in json.dumps(self.spec.get("filters") or []) else "")

    def accepts_everything(self) -> bool:
        """A Trigger without a filter gets every event of its Broker."""
        filters = self.spec.get("filters") or []
        attributes = (self.spec.get("filter") or {}).get("attributes") or {}
        return not filters and all(v == "" for v in attributes.values())


@dataclass(frozen=True)
class StorageNotificationCondition:
    """A Cloud Storage notification's filter: event types and object name prefix."""

    event_types: tuple[str, ...] = ()
    """Notification event types (``OBJECT_FINALIZE``, ...); empty: all."""
    object_name_prefix: str = ""
    """Only objects whose name starts with this."""

    def evaluate(self, event: Mapping[str, Any]) -> bool | None:
        """Checks a storage event (``google.cloud.storage.object.v1.*``) or a notification message."""
        attrs = _storage_attributes(event)
        if attrs is None:
            return False
        kind, name = attrs
        if self.event_types and kind not in self.event_types:
            return False
        return name.startswith(self.object_name_prefix)

    def summary(self) -> str:
        """E.g. ``OBJECT_FINALIZE, prefix uploads/``."""
        parts = [", ".join(self.event_types) or "all object events"]
        if self.object_name_prefix:
            parts.append(f"prefix {self.object_name_prefix}")
        return "; ".join(parts)

    def accepts_everything(self) -> bool:
        """True without event-type or prefix filters."""
        return not self.event_types and not self.object_name_prefix

    @property
    def pattern(self) -> dict[str, Any]:
        """The same filter as an EventBridge-style pattern on the storage CloudEvent (what the
        write analysis, ``eventing_platform.events.object_writes``, reads)."""
        types = [NOTIFICATION_TO_CLOUDEVENT_TYPE[t] for t in self.event_types if t in NOTIFICATION_TO_CLOUDEVENT_TYPE]
        out: dict[str, Any] = {"type": types if self.event_types else list(STORAGE_EVENT_TYPES)}
        if self.object_name_prefix:
            out["data"] = {"name": [{"prefix": self.object_name_prefix}]}
        return out


def _storage_attributes(event: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(notification event type, object name)`` of a storage event, or None."""
    etype = str(event.get("type", ""))
    raw = event.get("data")
    data: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    if etype in STORAGE_EVENT_TYPES:
        return STORAGE_EVENT_TYPES[etype], str(data.get("name") or str(event.get("subject", "")).removeprefix("objects/"))
    attrs = ((data.get("message") or {}).get("attributes") or {}) if isinstance(data.get("message"), Mapping) else {}
    if "eventType" in attrs and "objectId" in attrs:
        return str(attrs["eventType"]), str(attrs["objectId"])
    return None


@dataclass(frozen=True)
class NotEvaluated:
    """A filter the offline route cannot evaluate (a Parallel branch's filter service, ...)."""

    description: str
    """What decides, e.g. ``filter service even-filter``."""
    attrs: Mapping[str, Any] = field(default_factory=dict)
    """Extra facts for display. Default none."""

    def evaluate(self, event: Mapping[str, Any]) -> bool | None:
        """Always undecided."""
        return None

    def summary(self) -> str:
        """The description, marked as not evaluated."""
        return f"{self.description} (not evaluated)"

    def accepts_everything(self) -> bool:
        """Unknown: assume not."""
        return False
