"""Named sample events: discovery, loading and clear errors."""

from __future__ import annotations

import json

import pytest

from stacks import samples
from stacks.samples import SampleError, list_samples, load_sample


def test_rocketmq_orders_ships_the_order_created_cloud_event():
    assert "order-created" in list_samples("rocketmq-orders")
    event = load_sample("rocketmq-orders", "order-created")
    assert event["specversion"] == "1.0" and event["type"] == "mq:Topic:SendMessage" and event["source"] == "acs:mq"


def test_a_stack_without_samples_lists_none():
    assert list_samples("no-such-stack") == []


def test_unknown_sample_names_the_available_ones():
    with pytest.raises(SampleError, match="no sample event 'nope'; available: .*order-created"):
        load_sample("rocketmq-orders", "nope")
    with pytest.raises(SampleError, match="available: none"):
        load_sample("no-such-stack", "x")


SHIPPED = [(stack, name) for stack in sorted(p.name for p in samples.SAMPLES_DIR.iterdir() if p.is_dir()) for name in list_samples(stack)]


def test_every_stack_ships_samples():
    assert {stack for stack, _ in SHIPPED} == {"gcs-vision", "k8s-events", "kafka-barrage", "oss-unzip", "rocketmq-orders"}


@pytest.mark.parametrize(("stack", "name"), SHIPPED, ids=[f"{s}/{n}" for s, n in SHIPPED])
def test_every_shipped_sample_is_a_valid_cloud_event(stack, name):
    """Read with the CloudEvents SDK itself (cloudevents.core.formats.json), and through load_sample."""
    from cloudevents.core.formats.json import JSONFormat

    text = (samples.SAMPLES_DIR / stack / f"{name}.json").read_text()
    event = JSONFormat().read(None, text)
    assert event.get_specversion() == "1.0" and event.get_id() and event.get_source() and event.get_type()
    assert load_sample(stack, name) == json.loads(text)


GOOD = {"specversion": "1.0", "id": "1", "source": "/s", "type": "t"}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "not JSON"),
        ("[1]", "a CloudEvent is a JSON object, got list"),
        (json.dumps({"specversion": "1.0", "id": "1", "type": "t"}), "missing or non-string source"),
        (json.dumps({**GOOD, "specversion": "2.0"}), "specversion must be '1.0'"),
        (json.dumps({**GOOD, "time": "yesterday"}), "time"),
        (json.dumps({**GOOD, "time": "2026-12-06T10:00:00"}), "must be timezone aware"),
        (json.dumps({**GOOD, "my-ext": "x"}), "should only contain lowercase letters and numbers"),
        (json.dumps({**GOOD, "data": "x", "data_base64": "eA=="}), "data_base64"),
        (b"\xff\xfe", "not UTF-8"),
        (json.dumps({**GOOD, "data": [[[[]]]]}).replace("[[[[]]]]", "[" * 100 + "]" * 100), "nested more than"),
    ],
)
def test_malformed_sample_files_are_refused_with_one_clear_line(tmp_path, monkeypatch, content, fragment):
    (tmp_path / "s").mkdir()
    target = tmp_path / "s" / "bad.json"
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    monkeypatch.setattr(samples, "SAMPLES_DIR", tmp_path)
    with pytest.raises(SampleError) as err:
        load_sample("s", "bad")
    message = str(err.value)
    assert message.startswith("bad.json of stack 's': ") and fragment in message and "\n" not in message, message
