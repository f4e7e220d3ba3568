"""PingSource: cron schedule, time zone, content type, data or dataBase64, sink, overrides."""

from __future__ import annotations

import base64
import zoneinfo

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import Destination, PingSource, PingSourceArgs
from eventing_platform.knative.sources.ping import check_cron_schedule
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

SINK = Destination.broker("default", "cron")
SINK_REF = {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default", "namespace": "cron"}}


def render(**kwargs) -> dict:
    args = PingSourceArgs(**{"schedule": "*/5 * * * *", "sink": SINK, **kwargs})
    return one(objects_of(run_components(lambda: PingSource("heartbeat", args)), "PingSource"))


def test_minimal_source_renders_v1_with_schedule_and_sink_only():
    src = render()
    assert (src["apiVersion"], src["kind"], src["metadata"]["name"]) == ("sources.knative.dev/v1", "PingSource", "heartbeat")
    assert src["spec"] == {"schedule": "*/5 * * * *", "sink": SINK_REF}


def test_every_option_is_rendered():
    src = render(
        schedule="0 9 * * MON-FRI", timezone="Asia/Shanghai", content_type="application/json",
        data='{"message": "wake up"}', ce_extensions={"team": "ops"}, source_name="workday", namespace="cron",
    )
    assert src["metadata"]["name"] == "workday" and src["metadata"]["namespace"] == "cron"
    assert src["spec"] == {
        "schedule": "0 9 * * MON-FRI",
        "timezone": "Asia/Shanghai",
        "contentType": "application/json",
        "data": '{"message": "wake up"}',
        "ceOverrides": {"extensions": {"team": "ops"}},
        "sink": SINK_REF,
    }


def test_binary_data_is_rendered_as_data_base64():
    encoded = base64.b64encode(b"\x00\x01binary").decode()
    src = render(content_type="application/octet-stream", data_base64=encoded)
    assert src["spec"]["dataBase64"] == encoded and "data" not in src["spec"]


@pytest.mark.parametrize(
    "schedule",
    ["* * * * *", "*/5 * * * *", "0 9 * * MON-FRI", "0 0 1 jan,jul *", "30 2 * * sun", "5/10 * * * *",
     "0-30/10 8-18 * * 1-5", "59 23 31 12 6", "? ? ? ? ?", "0  9 * * *", "@hourly", "@daily", "@midnight",
     "@weekly", "@monthly", "@yearly", "@annually"],
)
def test_schedules_knative_accepts_are_accepted(schedule):
    assert check_cron_schedule(schedule) == schedule


@pytest.mark.parametrize(
    ("schedule", "fragment"),
    [
        ("* * * *", "five space-separated fields"),
        ("* * * * * * *", "five space-separated fields"),
        ("", "five space-separated fields"),
        (" 0 9 * * *", "five space-separated fields"),
        ("0 9 * * *\n", "five space-separated fields"),
        ("@every 5m", "'@every' is not supported"),
        ("@often", "five space-separated fields"),
        ("CRON_TZ=Asia/Shanghai 0 9 * * *", "set the timezone field instead"),
        ("60 * * * *", "minute '60' is outside 0-59"),
        ("* 24 * * *", "hour '24' is outside 0-23"),
        ("* * 0 * *", "day of month '0' is outside 1-31"),
        ("* * * 13 *", "month '13' is outside 1-12"),
        ("* * * * 7", "day of week '7' is outside 0-6"),
        ("* * * foo *", "month value 'foo' is not a number"),
        ("5-1 * * * *", "starts after it ends"),
        ("1-2-3 * * * *", "more than one '-'"),
        ("*/0 * * * *", "must be a positive number"),
        ("*/5/2 * * * *", "more than one '/'"),
        ("1,,2 * * * *", "empty list item"),
    ],
)
def test_bad_schedules_are_rejected_with_the_reason_and_an_example(schedule, fragment):
    with pytest.raises(ArgsError) as info:
        PingSourceArgs(schedule=schedule, sink=SINK)
    message = str(info.value)
    assert message.startswith("PingSourceArgs.schedule: ") and fragment in message
    assert "e.g." in message or "valid schedules:" in message  # every message shows what works
    assert repr(schedule).replace("\n", "\\n") in message


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"data": "x", "data_base64": "eA=="}, "data_base64", "set together with data"),
        ({"data_base64": "not base64!"}, "data_base64", "not standard padded base64"),
        ({"data_base64": "eA"}, "data_base64", "not standard padded base64"),
        ({"content_type": "application/json", "data": "{oops"}, "data", "is not JSON"),
        ({"content_type": "application/json", "data": "[1, 2]"}, "data", "must be a JSON object"),
        ({"content_type": "application/json", "data_base64": base64.b64encode(b"[1]").decode()}, "data_base64", "must be a JSON object"),
        ({"content_type": "application/cloudevents+json", "data": "nope"}, "data", "is not JSON"),
        ({"data": ""}, "data", "at least 1 character"),
        ({"content_type": "json"}, "content_type", "not a media type"),
        ({"content_type": "text/plain\n"}, "content_type", "not a media type"),
        ({"timezone": "Asia/ Shanghai"}, "timezone", "not an IANA time zone name"),
        ({"timezone": "/etc/localtime"}, "timezone", "not an IANA time zone name"),
        ({"ce_extensions": {"Team": "x"}}, "ce_extensions", "not a CloudEvents attribute name"),
        ({"ce_extensions": {"type": "x"}}, "ce_extensions", "context attribute, not an extension"),
        ({"sink": {"uri": "/relative"}}, "sink", "absolute http(s) URL"),
        ({"source_name": "Ping"}, "source_name", "RFC 1123 label"),
    ],
)
def test_bad_args_are_rejected_with_field_value_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        PingSourceArgs(**{"schedule": "@hourly", "sink": SINK, **kwargs})
    assert f"PingSourceArgs.{field}: " in str(info.value) and fragment in str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"content_type": "application/json; charset=utf-8", "data": "[1, 2]"},  # Knative checks objects for bare application/json only
        {"content_type": "text/plain", "data": "{not json"},
        {"data": "{not json"},
    ],
)
def test_data_is_only_checked_as_json_for_json_content_types(kwargs):
    assert PingSourceArgs(schedule="@hourly", sink=SINK, **kwargs).data == kwargs["data"]


@pytest.mark.skipif(not zoneinfo.available_timezones(), reason="no time zone database installed: names are checked by form only")
@pytest.mark.parametrize("timezone", ["Mars/Olympus_Mons", "UTC+8", "asia/shanghai"])
def test_unknown_time_zones_are_rejected_where_a_time_zone_database_is_installed(timezone):
    with pytest.raises(ArgsError, match=r"PingSourceArgs\.timezone: .* is not an IANA time zone name; use e\.g\. 'UTC'"):
        PingSourceArgs(schedule="@daily", sink=SINK, timezone=timezone)


def test_sink_and_schedule_are_required():
    with pytest.raises(ArgsError) as info:
        PingSourceArgs()
    assert "PingSourceArgs.schedule: is required" in str(info.value) and "PingSourceArgs.sink: is required" in str(info.value)


@requires_crds
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"timezone": "Europe/Berlin", "content_type": "application/json", "data": '{"a": 1}', "ce_extensions": {"team": "x"}, "namespace": "cron"},
        {"content_type": "application/octet-stream", "data_base64": "AAE="},
    ],
    ids=["minimal", "text-data", "binary-data"],
)
def test_sources_pass_the_strict_crd_check(kwargs):
    validate_object(render(**kwargs))
