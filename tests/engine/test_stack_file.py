"""Stack file values as Pulumi passes them: encrypted leaves of lists and mappings make the whole
key secret, and lists, mappings and ``null`` are object values (JSON)."""

from __future__ import annotations

import json

import pytest

from eventing_platform.engine.stack_file import OFFLINE_SECRET, read_config


@pytest.mark.parametrize(("yaml_value", "expected", "secure", "obj"), [
    ("plain", "plain", False, False),
    ("3", "3", False, False),
    ("{secure: v1:abc}", OFFLINE_SECRET, True, False),
    ("{user: app, password: {secure: v1:abc}}", {"password": OFFLINE_SECRET, "user": "app"}, True, True),
    ("[a, {secure: v1:abc}]", ["a", OFFLINE_SECRET], True, True),
    ("{value: [1, 2]}", [1, 2], False, True),
    ("[1, 2]", [1, 2], False, True),
    ("null", None, False, True),
])
def test_values_secrets_and_objects(tmp_path, yaml_value, expected, secure, obj):
    path = tmp_path / "Pulumi.dev.yaml"
    path.write_text(f"config:\n  shop:k: {yaml_value}\n")
    read = read_config(path)
    value = read.values["shop:k"]
    assert (json.loads(value) if obj else value) == expected
    assert ("shop:k" in read.secure, "shop:k" in read.objects) == (secure, obj)
    assert "v1:abc" not in value
