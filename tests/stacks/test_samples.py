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


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{not json", "not valid JSON"), ("[1]", "not a JSON object"), (json.dumps({"specversion": "1.0", "id": "1", "type": "t"}), "missing ['source']")],
)
def test_malformed_sample_files_are_rejected(tmp_path, monkeypatch, content, fragment):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "bad.json").write_text(content)
    monkeypatch.setattr(samples, "SAMPLES_DIR", tmp_path)
    with pytest.raises(SampleError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        load_sample("s", "bad")
