"""Credentials inside config values (URL user info, token query parameters): refused for plain keys
without being echoed, accepted for secret keys; never repeated in any error line."""

from __future__ import annotations

import pytest

from eventing_platform.errors import Problem
from eventing_platform.redaction import REDACTED, find_credentials, redact_credentials
from stacks.repository import main

PASSWORD = "hunter2secret"


@pytest.mark.parametrize(("stack", "key", "value"), [
    ("oss-unzip", "oidc_issuer_url", f"https://admin:{PASSWORD}@oidc.example.com/issuer"),
    ("k8s-events", "dead_letter_uri", f"https://admin:{PASSWORD}@dl.example.com/x"),
    ("k8s-events", "dead_letter_uri", f"https://dl.example.com/x?token={PASSWORD}"),
    ("k8s-events", "dead_letter_uri", f"https://dl.example.com/x?a=1&sig={PASSWORD}"),
    ("rocketmq-orders", "ots_endpoint", f"https://{PASSWORD}@ots.example.com"),
    ("k8s-events", "namespace", f"https://u:{PASSWORD}@x.example.com"),
])
def test_a_plain_key_holding_a_credential_is_refused_without_echoing_it(tmp_path, capsys, stack, key, value):
    assert main(["plan", stack, "--out", str(tmp_path / "o"), "--config", f"{key}={value}"]) == 2
    err = capsys.readouterr().err
    assert f"{stack}: {key}:" in err and "Traceback" not in err
    assert PASSWORD not in err
    assert not (tmp_path / "o").exists()


def test_a_secret_key_may_hold_a_url_with_a_token(tmp_path, capsys):
    url = f"https://tracing.example.com/api?token={PASSWORD}"
    assert main(["plan", "kafka-barrage", "--out", str(tmp_path), "--secret", f"tracing_endpoint={url}"]) == 0
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err
    assert all(PASSWORD not in p.read_text() for p in (tmp_path / "kafka-barrage").iterdir())


@pytest.mark.parametrize(("text", "expected"), [
    ("https://u:p@h/x", f"https://{REDACTED}@h/x"),
    ("git+ssh://token@h", f"git+ssh://{REDACTED}@h"),
    ("https://u:p@ss@h/x?q=a@b", f"https://{REDACTED}@h/x?q=a@b"),
    ("https://h/x?access_token=abc&b=2", f"https://h/x?access_token={REDACTED}&b=2"),
    ("https://h/x?X-Amz-Signature=abc", f"https://h/x?X-Amz-Signature={REDACTED}"),
    ("'https://h/x?key=abc'", f"'https://h/x?key={REDACTED}'"),
    ("https://h/x?page=2", "https://h/x?page=2"),
    ("user@example.com", "user@example.com"),
])
def test_redaction_masks_only_the_credential(text, expected):
    assert redact_credentials(text) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("https://u:p@h", True), ("https://h/?token=x", True), ("https://h/?page=1", False),
    ("registry.example.com/app@sha256:" + "a" * 64, False), ("mail me@x.com", False),
    ("https://ghp_abc@github.com/x", True), ("https://h/?sessionToken=x", True), ("https://h/?client_secret=x", True),
    ("https://h/?author=me", False), ("https://h/?design=1", False), ("https://h/?code=200", False), ("https://h/?monkey=1", False),
])
def test_user_info_and_parameters_named_as_credentials_are_found_not_names_containing_one(text, found):
    assert (find_credentials(text) is not None) is found


@pytest.mark.parametrize(("text", "as_url", "found"), [
    ("/orders?token=x", True, True), ("/orders?token=x", False, False), ("/orders?page=1", True, False),
])
def test_a_relative_url_s_query_counts_only_as_a_url(text, as_url, found):
    assert (find_credentials(text, url=as_url) is not None) is found


def test_no_error_line_repeats_a_credential():
    line = Problem("Args.url", "is not reachable", f"https://admin:{PASSWORD}@h/x?sig={PASSWORD}").line()
    assert PASSWORD not in line and REDACTED in line
