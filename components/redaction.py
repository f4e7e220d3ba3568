"""Credentials inside values: URL user info (``https://user:password@host``) and query parameters
that carry a token (``?token=...``, ``&sig=...``). Found to refuse them where a value would be
written in plaintext; masked in every error line, so a message never repeats them."""

from __future__ import annotations

import re

REDACTED = "[redacted]"
"""What a credential becomes in a message."""

_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/?#@\s]+)@")
_CREDENTIAL_PARAM = re.compile(
    r"(?P<sep>[?&;])(?P<name>[A-Za-z0-9_.\-]*(?:token|sig|signature|password|passwd|pwd|secret|apikey|api_key|api-key|credential|auth)"
    r"[A-Za-z0-9_.\-]*|key|code)=(?P<value>[^&#;\s'\"]+)",
    re.IGNORECASE,
)


def find_credentials(text: str) -> str | None:
    """What kind of credential ``text`` holds (``"user:password@ in a URL"``, ``"a token query parameter"``), or ``None``."""
    if _USERINFO.search(text):
        return "user info (user:password@) in a URL"
    match = _CREDENTIAL_PARAM.search(text)
    if match and "://" in text[: match.start()]:
        return f"a credential query parameter ({match.group('name')}=...) in a URL"
    return None


def redact_credentials(text: str) -> str:
    """``text`` with URL user info and credential query values replaced by :data:`REDACTED`."""
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    return _CREDENTIAL_PARAM.sub(lambda m: f"{m.group('sep')}{m.group('name')}={REDACTED}", text)


__all__ = ["REDACTED", "find_credentials", "redact_credentials"]
