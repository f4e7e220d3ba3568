"""``route --event FILE``: limits on size, depth and file type, and the CloudEvents spec (the ``cloudevents`` SDK)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from eventing_platform.cli.event_input import MAX_DEPTH, MAX_EVENT_BYTES
from stacks.repository import main

STACK = "rocketmq-orders"
GOOD = {"specversion": "1.0", "id": "1", "source": "/orders", "type": "RocketMQEventType", "data": {"orderId": "1"}}


def _route(tmp_path: Path, capsys, content: str | bytes | Path) -> tuple[int, str]:
    if isinstance(content, Path):
        path = content
    else:
        path = tmp_path / "event.json"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    rc = main(["route", STACK, "--event", str(path)])
    err = capsys.readouterr().err
    return rc, err


def test_a_valid_event_routes(tmp_path, capsys):
    assert _route(tmp_path, capsys, json.dumps(GOOD))[0] == 0


@pytest.mark.parametrize(("event", "fragment"), [
    ({**GOOD, "specversion": "2.0"}, "specversion must be '1.0'"),
    ({**GOOD, "id": ""}, "missing or non-string id"),
    ({**GOOD, "source": 5}, "source"),
    ({**GOOD, "time": "yesterday"}, "time"),
    ({**GOOD, "time": "2026-12-06T10:00:00"}, "time: Attribute 'time' must be timezone aware"),
    ({**GOOD, "Bad-Ext": "x"}, "Bad-Ext: Extension attribute 'Bad-Ext' should only contain lowercase letters and numbers"),
    ({**GOOD, "data_base64": "aGVsbG8="}, "data_base64"),
    ({k: v for k, v in GOOD.items() if k != "type"}, "type"),
])
def test_events_the_cloudevents_spec_refuses_are_exit_2_with_one_line(tmp_path, capsys, event, fragment):
    rc, err = _route(tmp_path, capsys, json.dumps(event))
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: --event {tmp_path / 'event.json'}: ") and fragment in err, err


def test_an_oversized_event_is_refused_without_reading_it_all(tmp_path, capsys):
    big = json.dumps({**GOOD, "data": "x" * MAX_EVENT_BYTES})
    rc, err = _route(tmp_path, capsys, big)
    assert rc == 2 and "is larger than 1024 KiB" in err


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_a_too_deep_event_is_refused(tmp_path, capsys, depth):
    data = "[" * depth + "]" * depth
    rc, err = _route(tmp_path, capsys, '{"specversion": "1.0", "id": "1", "source": "/s", "type": "t", "data": ' + data + "}")
    assert rc == 2 and f"nested more than {MAX_DEPTH} levels deep" in err and "RecursionError" not in err


@pytest.mark.parametrize("path", [Path("/dev/zero"), Path("/dev/urandom")])
def test_a_device_is_refused_before_reading(tmp_path, capsys, path):
    rc, err = _route(tmp_path, capsys, path)
    assert rc == 2 and "is not a regular file" in err


def test_a_pipe_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    rc, err = _route(tmp_path, capsys, fifo)
    assert rc == 2 and "is not a regular file" in err


def test_not_utf8_is_refused(tmp_path, capsys):
    rc, err = _route(tmp_path, capsys, b'{"id": "\xff"}')
    assert rc == 2 and "is not UTF-8 text" in err


def test_a_sample_the_cloudevents_spec_refuses_is_exit_2_with_one_line(tmp_path, capsys):
    """``route --sample`` reads samples as ``--event`` reads files: the same checks, one line."""
    import dataclasses

    from eventing_platform.cli.main import main as cli_main
    from stacks.repository import REPOSITORY

    (tmp_path / STACK).mkdir()
    (tmp_path / STACK / "bad.json").write_text(json.dumps({**GOOD, "time": "2026-12-06T10:00:00"}))
    rc = cli_main(["route", STACK, "--sample", "bad"], dataclasses.replace(REPOSITORY, samples_dir=tmp_path))
    err = capsys.readouterr().err
    assert rc == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: bad.json of stack '{STACK}': not a valid CloudEvent: ") and "timezone aware" in err, err
