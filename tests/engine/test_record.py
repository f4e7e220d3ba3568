"""Views of recorded values: secrets masked or unwrapped at any depth, the rest shared, the record unchanged."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eventing_platform.engine.record import SECRET_PLACEHOLDER, mask_secrets, unwrap_secrets

SIG = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270"}


def secret(value: Any) -> dict[str, Any]:
    """The engine's wrapped form of a secret."""
    return {**SIG, "value": value}


PLAIN_PART = {"image": "nginx", "ports": [{"containerPort": 80}]}


@pytest.mark.parametrize(
    ("value", "masked", "unwrapped"),
    [
        ("text", "text", "text"),
        (secret("pw"), SECRET_PLACEHOLDER, "pw"),
        ({"a": secret("pw"), "b": PLAIN_PART}, {"a": SECRET_PLACEHOLDER, "b": PLAIN_PART}, {"a": "pw", "b": PLAIN_PART}),
        ([PLAIN_PART, [secret(1)]], [PLAIN_PART, [SECRET_PLACEHOLDER]], [PLAIN_PART, [1]]),
        ({"outer": secret({"inner": secret("x")})}, {"outer": SECRET_PLACEHOLDER}, {"outer": {"inner": "x"}}),
        ({"spec": PLAIN_PART}, {"spec": PLAIN_PART}, {"spec": PLAIN_PART}),
    ],
)
def test_secrets_are_masked_or_unwrapped_at_any_depth_and_the_record_is_left_alone(value, masked, unwrapped):
    before = copy.deepcopy(value)
    assert mask_secrets(value) == masked
    assert unwrap_secrets(value) == unwrapped
    assert value == before


@pytest.mark.parametrize("view", [mask_secrets, unwrap_secrets])
def test_parts_without_a_secret_are_shared_not_copied(view):
    value = {"a": secret("pw"), "b": PLAIN_PART, "c": [PLAIN_PART, secret(2)]}
    seen = view(value)
    assert seen is not value and seen["c"] is not value["c"]  # on the way to a secret: copies
    assert seen["b"] is PLAIN_PART and seen["c"][0] is PLAIN_PART  # elsewhere: the record's own
    plain = {"spec": PLAIN_PART}
    assert view(plain) is plain
