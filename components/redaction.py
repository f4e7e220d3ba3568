"""Credentials inside values: URL user info (``https://user:password@host``) and query parameters
that carry a token (``?token=...``, ``&sig=...``). Found to refuse them where a value would be
written in plaintext; masked in every error line, so a message never repeats them."""

from __future__ import annotations

import re

REDACTED = "[redacted]"
"""What a credential becomes in a message."""

# User info runs to the authority's last '@' (a password may hold an unescaped '@', as
# urllib.parse reads it), never past the '/', '?' or '#' that ends the authority.
_USERINFO = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<userinfo>[^/?#\s]*[^/?#@\s])@")
_CREDENTIAL_PARAM = re.compile(
    r"(?P<sep>[?&;])(?P<name>[A-Za-z0-9_.\-]*(?:token|sig|signature|password|passwd|pwd|secret|apikey|api_key|api-key|credential|auth)"
    r"[A-Za-z0-9_.\-]*|key|code)=(?P<value>[^&#;\s'\"]+)",
    re.IGNORECASE,
)


def find_credentials(text: str, *, url: bool = False) -> str | None:
    """What kind of credential ``text`` holds (``"user info (user:password@) in a URL"``, ``"a
    credential query parameter (token=...) in a URL"``), or ``None``.

    In free text a query parameter counts only after a ``scheme://``; with ``url`` the text is a
    URL or a relative reference (``/path?token=...``), whose query counts as it is.
    """
    if _USERINFO.search(text):
        return "user info (user:password@) in a URL"
    match = _CREDENTIAL_PARAM.search(text)
    if match and (url or "://" in text[: match.start()]):
        return f"a credential query parameter ({match.group('name')}=...) in a URL"
    return None


def check_no_credentials(value: str, fix: str, *, url: bool = True) -> str:
    """``value`` unchanged, or ``ValueError`` (naming the kind of credential, not repeating it)
    when it holds one; ``fix`` says where the credential goes instead. ``url``: as for
    :func:`find_credentials` (a URL field by default)."""
    credential = find_credentials(value, url=url)
    if credential is not None:
        raise ValueError(
            f"holds {credential}, which would be written in plaintext to the resource and every "
            f"artefact of the plan; remove it and {fix}"
        )
    return value


def redact_credentials(text: str) -> str:
    """``text`` with URL user info and credential query values replaced by :data:`REDACTED`."""
    text = _USERINFO.sub(lambda m: f"{m.group('scheme')}{REDACTED}@", text)
    return _CREDENTIAL_PARAM.sub(lambda m: f"{m.group('sep')}{m.group('name')}={REDACTED}", text)


__all__ = ["REDACTED", "check_no_credentials", "find_credentials", "redact_credentials"]
