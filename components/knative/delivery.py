"""One delivery model for every hop: retries, backoff and the dead-letter sink."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from eventing_platform.kinds.formats import IsoDuration, check_iso8601_duration

from ..args import Args
from .destination import Destination

__all__ = ["DeliveryPolicy", "IsoDuration", "check_iso8601_duration"]


class DeliveryPolicy(Args):
    """Knative ``delivery``: used by Broker, Trigger, Channel, Subscription, sources.

    Defaults are reliable rather than minimal: 5 retries with exponential backoff from 0.5 s.
    Set ``dead_letter_sink`` so that events which exhaust their retries are kept, not dropped.
    """

    retry: Annotated[int, Field(ge=0, le=100)] = 5
    """Minimum number of retries before the event goes to the dead-letter sink. Default 5."""
    backoff_policy: Literal["linear", "exponential"] = "exponential"
    """How the delay grows between retries. Default ``exponential``."""
    backoff_delay: IsoDuration = "PT0.5S"
    """Base delay between retries (ISO-8601). Default ``PT0.5S``."""
    dead_letter_sink: Destination | None = None
    """Where undeliverable events go. Default none (events are dropped after the retries)."""
    timeout: IsoDuration | None = None
    """Per-attempt timeout (needs Knative's ``delivery-timeout`` feature). Default unset."""

    @field_validator("timeout")
    @classmethod
    def _timeout_not_zero(cls, value: str | None) -> str | None:
        # knative/eventing pkg/apis/duck/v1/delivery_types.go DeliverySpec.Validate: a zero timeout is invalid.
        if value is not None and not any(c in "123456789" for c in value):
            raise ValueError("is zero, which Knative refuses; give a positive duration, e.g. 'PT10S', or leave timeout unset")
        return value

    def render(self) -> dict[str, Any]:
        """The ``delivery`` block."""
        out: dict[str, Any] = {
            "retry": self.retry,
            "backoffPolicy": self.backoff_policy,
            "backoffDelay": self.backoff_delay,
        }
        if self.dead_letter_sink is not None:
            out["deadLetterSink"] = self.dead_letter_sink.render()
        if self.timeout is not None:
            out["timeout"] = self.timeout
        return out
