"""``PingSource`` (``sources.knative.dev/v1``): a fixed event on a cron schedule."""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import zoneinfo
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from eventing_platform.kinds import EmittedEvents, known_kind
from eventing_platform.kinds.catalogue import SOURCES

from ...args import Args, Input
from ...kubernetes.custom_object import ObjectComponent
from ...kubernetes.names import DnsLabel, object_meta
from ..destination import Destination
from .apiserver import SOURCES_V1
from .ce_overrides import CeExtensions, render_ce_overrides

_EMITS = known_kind(SOURCES, "PingSource").emits or EmittedEvents()

PING_EVENT_TYPE = _EMITS.types[0]
"""The CloudEvent ``type`` of every PingSource event."""

DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
"""Predefined schedules the PingSource accepts (``@every`` is refused by Knative)."""

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_DAYS = {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
# (name, min, max, names) of the five fields, as the cron parser Knative uses (robfig/cron, standard).
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day of week", 0, 6, _DAYS),
)
_SECONDS: tuple[str, int, int, dict[str, int]] = ("second", 0, 59, {})
_SCHEDULE = re.compile(
    r"^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*?,/-]+( +[0-9A-Za-z*?,/-]+){4,5})$", re.ASCII
)
_CRON_EXAMPLES = "'*/5 * * * *' (every 5 minutes), '0 9 * * MON-FRI' or '@hourly'"


class _CronError(ValueError):
    pass


def _value(text: str, low: int, high: int, names: dict[str, int], field: str) -> int:
    if text.lower() in names:
        return names[text.lower()]
    if not text.isdigit():
        allowed = f"{low}-{high}" + (f" or a name ({', '.join(n.upper() for n in list(names)[:3])}, ...)" if names else "")
        raise _CronError(f"{field} value {text!r} is not a number; use {allowed}")
    return int(text)


def _check_part(part: str, field: str, low: int, high: int, names: dict[str, int]) -> None:
    range_text, slash, step_text = part.partition("/")
    if "/" in step_text:
        raise _CronError(f"{field} {part!r} has more than one '/'; use 'range/step', e.g. '*/15'")
    if slash and (not step_text.isdigit() or int(step_text) == 0):
        raise _CronError(f"{field} step {step_text!r} must be a positive number, e.g. '*/15'")
    if range_text in ("*", "?"):
        return
    bounds = range_text.split("-")
    if len(bounds) > 2:
        raise _CronError(f"{field} {part!r} has more than one '-'; use 'start-end', e.g. '1-5'")
    start = _value(bounds[0], low, high, names, field)
    end = _value(bounds[1], low, high, names, field) if len(bounds) == 2 else (high if slash else start)
    if start < low or end > high:
        raise _CronError(f"{field} {part!r} is outside {low}-{high}; use values from {low} to {high}")
    if start > end:
        raise _CronError(f"{field} range {part!r} starts after it ends; write it as 'low-high'")


def check_cron_schedule(value: str) -> str:
    """A PingSource schedule: five cron fields (minute hour day-of-month month day-of-week), six
    with a leading seconds field, or a descriptor such as ``@hourly``, as Knative's parser reads it
    (knative/eventing sources/v1 ping_validation.go: robfig/cron ``NewParser(SecondOptional | Minute
    | Hour | Dom | Month | Dow | Descriptor)``, ``@every`` refused by ``validateDescriptor``)."""
    if value.startswith("@every"):
        raise ValueError(f"'@every' is not supported by PingSource; use five cron fields, e.g. {_CRON_EXAMPLES}")
    if value.startswith(("TZ=", "CRON_TZ=")):
        raise ValueError("must not carry a time zone; set the timezone field instead, e.g. timezone='Asia/Shanghai'")
    if not _SCHEDULE.fullmatch(value):
        raise ValueError(
            f"is not a cron schedule: use five space-separated fields (minute hour day-of-month "
            f"month day-of-week), optionally after a seconds field, or one of {', '.join(DESCRIPTORS)}, e.g. {_CRON_EXAMPLES}"
        )
    if value.startswith("@"):
        return value
    try:
        fields = value.split()
        for text, (field, low, high, names) in zip(fields, _FIELDS if len(fields) == 5 else (_SECONDS, *_FIELDS), strict=True):
            for part in text.split(","):
                if not part:
                    raise _CronError(f"{field} {text!r} has an empty list item; remove the extra ','")
                _check_part(part, field, low, high, names)
    except _CronError as err:
        raise ValueError(f"{err} (valid schedules: {_CRON_EXAMPLES})") from None
    return value


CronSchedule = Annotated[
    str,
    AfterValidator(check_cron_schedule),
    WithJsonSchema({"type": "string", "pattern": _SCHEDULE.pattern, "examples": ["*/5 * * * *", "0 9 * * MON-FRI", "@hourly"]}),
]
"""A cron schedule (five fields) or a descriptor (``@hourly``, ``@daily``, ...)."""

_TIMEZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$", re.ASCII)


@functools.lru_cache(maxsize=1)
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_timezone(value: str) -> str:
    """An IANA time zone name (``Asia/Shanghai``, ``UTC``): checked against the installed time zone
    database when there is one, else by its form only."""
    known = _known_timezones()
    if not _TIMEZONE.fullmatch(value) or (known and value not in known):
        raise ValueError(f"{value!r} is not an IANA time zone name; use e.g. 'UTC', 'Asia/Shanghai' or 'Europe/Berlin'")
    return value


TimeZone = Annotated[
    str,
    AfterValidator(check_timezone),
    WithJsonSchema({"type": "string", "pattern": _TIMEZONE.pattern, "examples": ["UTC", "Asia/Shanghai"]}),
]
"""An IANA time zone name."""

_TOKEN = r"[A-Za-z0-9!#$&^_.+-]+"
_MEDIA_TYPE = re.compile(rf"^{_TOKEN}/{_TOKEN}( *; *{_TOKEN}=({_TOKEN}|\"[^\"\\\x00-\x1f]*\"))*$", re.ASCII)


def check_media_type(value: str) -> str:
    """A media type such as ``application/json`` or ``text/plain; charset=utf-8``."""
    if len(value) > 255 or not _MEDIA_TYPE.fullmatch(value):
        raise ValueError("is not a media type; use e.g. 'application/json' or 'text/plain; charset=utf-8'")
    return value


MediaType = Annotated[
    str,
    AfterValidator(check_media_type),
    WithJsonSchema({"type": "string", "maxLength": 255, "pattern": _MEDIA_TYPE.pattern, "examples": ["application/json"]}),
]
"""A MIME media type."""


def _check_json(payload: str, content_type: str | None, what: str) -> None:
    """Data sent with a JSON content type must be JSON (a JSON object for ``application/json``,
    as Knative's webhook requires)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        return
    try:
        parsed = json.loads(payload)
    except ValueError:
        raise ValueError(f"{what} is not JSON but content_type is {content_type!r}; fix the data or set another content_type") from None
    if content_type == "application/json" and not isinstance(parsed, dict):
        raise ValueError(
            f"{what} must be a JSON object for content_type 'application/json' (Knative refuses other JSON values); "
            'wrap the value, e.g. {"value": ...}'
        )


class PingSourceArgs(Args):
    """Arguments of :class:`PingSource`."""

    schedule: CronSchedule
    """When to send: five cron fields (minute hour day-of-month month day-of-week, e.g.
    ``*/5 * * * *``), six with a leading seconds field (``0/5 * * * * *``), or
    ``@yearly``/``@monthly``/``@weekly``/``@daily``/``@hourly``. Required."""
    sink: Destination
    """Where events go. Required."""
    timezone: TimeZone | None = None
    """IANA time zone the schedule is read in (``Asia/Shanghai``). Default: UTC (Knative's)."""
    content_type: MediaType | None = None
    """``datacontenttype`` of the events, e.g. ``application/json``. Default: unset."""
    data: Annotated[str, Field(min_length=1)] | None = None
    """The event data as text. With content type ``application/json`` it must be a JSON object.
    Exclusive with ``data_base64``. Default: no data."""
    data_base64: Annotated[str, Field(min_length=1)] | None = None
    """The event data as standard base64 (binary data). Exclusive with ``data``. Default: no data."""
    ce_extensions: CeExtensions = Field(default_factory=dict)
    """CloudEvent extension attributes added to every event (``ceOverrides.extensions``). Default none."""
    source_name: Input[DnsLabel] | None = None
    """``metadata.name``. Default: the component name."""
    namespace: Input[DnsLabel] | None = None
    """Namespace. Default: the provider's."""

    @field_validator("data")
    @classmethod
    def _data(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _check_json(value, info.data.get("content_type"), "data")
        return value

    @field_validator("data_base64")
    @classmethod
    def _data_base64(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        if info.data.get("data") is not None:
            raise ValueError("is set together with data; a PingSource sends one of them: keep data for text or data_base64 for binary")
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("is not standard padded base64; encode it with base64.b64encode(raw).decode()") from None
        _check_json(decoded.decode("utf-8", errors="replace"), info.data.get("content_type"), "the decoded data_base64")
        return value

    def render_spec(self) -> dict[str, Any]:
        """The PingSource ``spec``."""
        spec: dict[str, Any] = {"schedule": self.schedule, "sink": self.sink.render()}
        if self.timezone is not None:
            spec["timezone"] = self.timezone
        if self.content_type is not None:
            spec["contentType"] = self.content_type
        if self.data is not None:
            spec["data"] = self.data
        if self.data_base64 is not None:
            spec["dataBase64"] = self.data_base64
        if self.ce_extensions:
            spec["ceOverrides"] = render_ce_overrides(self.ce_extensions)
        return spec


class PingSource(ObjectComponent[PingSourceArgs]):
    """A PingSource (rendered as ``sources.knative.dev/v1``; ``v1beta2`` is also served).

    Attributes: ``source`` (the object), ``source_name``.
    """

    TYPE = "eventing-platform:knative:PingSource"
    ARGS = PingSourceArgs

    def __init__(self, name: str, args: PingSourceArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        self.source_name = self.object_name(name, args.source_name, "source_name")
        spec = args.render_spec()
        super().__init__(name, args, opts)
        self.source = self.create_object("source", SOURCES_V1, "PingSource", object_meta(self.source_name, args.namespace), spec)
        self.register_outputs({"source_name": self.source_name})
