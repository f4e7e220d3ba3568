"""A CloudEvent given to ``route``: read within limits and validated with the CloudEvents SDK.

``route --event FILE`` takes one event in structured JSON form. The file must be a regular file
of at most :data:`MAX_EVENT_BYTES` (a device or pipe is refused before anything is read) and the
JSON at most :data:`MAX_DEPTH` levels deep. The event is then read with the ``cloudevents``
package (``cloudevents.core.formats.json.JSONFormat``), which applies the CloudEvents spec:
``specversion`` 1.0 (or 0.3), non-empty string ``id``/``source``/``type``, extension names of
lowercase letters and digits, a timezone-aware RFC 3339 ``time``, not both ``data`` and
``data_base64``, valid base64. Each problem is one :class:`EventError` line. Sample events
(``route --sample``, :mod:`.samples`) go through the same reading and checks.
"""

from __future__ import annotations

import binascii
import json
import os
import stat
from pathlib import Path
from typing import Any

from eventing_platform.events.eventbridge_values import loads_keeping_number_text

MAX_EVENT_BYTES = 1024 * 1024
"""Largest event file ``route`` reads (1 MiB; brokers and buses accept far less)."""
MAX_DEPTH = 64
"""Deepest nesting of objects and arrays an event may have."""


class EventError(ValueError):
    """An event ``route`` cannot use: one line naming the problem and the fix."""


def read_event_file(path: Path, label: str | None = None) -> dict[str, Any]:
    """The CloudEvent in ``path``; :class:`EventError` starting with ``label`` (default
    ``--event <path>``) when it is not one."""
    label = label or f"--event {path}"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise EventError(f"{label}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise EventError(f"{label}: is not a regular file; give a JSON file holding one CloudEvent")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_EVENT_BYTES + 1)
    except OSError as err:
        raise EventError(f"{label}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_EVENT_BYTES:
        raise EventError(f"{label}: is larger than {MAX_EVENT_BYTES // 1024} KiB; give one CloudEvent (brokers and buses accept far less)")
    return parse_event(data, label)


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_event(data: bytes, label: str) -> dict[str, Any]:
    """Parse and validate one CloudEvent in structured JSON form (``label`` starts each message).

    Its numbers keep the text they are written with, as EventBridge compares them
    (:func:`~eventing_platform.events.eventbridge_values.loads_keeping_number_text`).
    """
    try:
        text = data.decode("utf-8")
        event = loads_keeping_number_text(text)
    except UnicodeDecodeError as err:
        raise EventError(f"{label}: is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start})") from None
    except RecursionError:
        raise EventError(f"{label}: is nested more than {MAX_DEPTH} levels deep") from None
    except json.JSONDecodeError as err:
        raise EventError(f"{label}: not JSON ({err}); give a CloudEvent in structured JSON form") from None
    if not isinstance(event, dict):
        raise EventError(f"{label}: a CloudEvent is a JSON object, got {type(event).__name__}")
    if _depth(event) > MAX_DEPTH:
        raise EventError(f"{label}: is nested more than {MAX_DEPTH} levels deep")
    validate_cloudevent(event, text, label)
    return event


def validate_cloudevent(event: dict[str, Any], text: str, label: str) -> None:
    """Read the event with the CloudEvents SDK; :class:`EventError` listing what the spec refuses."""
    from cloudevents.core.exceptions import BaseCloudEventException, CloudEventValidationError
    from cloudevents.core.formats.json import JSONFormat

    from .samples import REQUIRED_ATTRIBUTES

    missing = [a for a in REQUIRED_ATTRIBUTES if not isinstance(event.get(a), str) or not event.get(a)]
    if missing:
        raise EventError(
            f"{label}: not a CloudEvent, missing or non-string {', '.join(missing)}; "
            f"every CloudEvent needs {', '.join(REQUIRED_ATTRIBUTES)}"
        )
    version = event.get("specversion")
    if version not in ("1.0", "0.3"):
        raise EventError(f"{label}: not a CloudEvent: specversion must be '1.0' (or '0.3'), got {version!r}")
    if "time" in event:
        from dateutil.parser import isoparse  # type: ignore[import-untyped]

        try:
            isoparse(event["time"])
        except (ValueError, TypeError, OverflowError) as err:
            raise EventError(f"{label}: not a valid CloudEvent: time: {event['time']!r} is not an RFC 3339 timestamp ({err})") from None
    try:
        JSONFormat().read(None, text)
    except CloudEventValidationError as err:
        problems = "; ".join(f"{name}: {', '.join(str(e) for e in errors)}" for name, errors in sorted(err.errors.items()))
        raise EventError(f"{label}: not a valid CloudEvent: {problems}") from None
    except (BaseCloudEventException, ValueError, TypeError, binascii.Error) as err:
        raise EventError(f"{label}: not a valid CloudEvent: {err}") from None


__all__ = ["MAX_DEPTH", "MAX_EVENT_BYTES", "EventError", "parse_event", "read_event_file", "validate_cloudevent"]
