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


_CREDENTIAL_NAMES = frozenset({
    "token", "auth", "authorization", "password", "passwd", "pwd", "secret", "apikey", "api_key",
    "api-key", "key", "sig", "signature", "credential", "credentials",
})
"""Query parameter names that carry a credential, alone or as the last word of a longer name
(``access_token``, ``X-Amz-Signature``, ``client_secret``, ``sessionToken``)."""

_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _names_a_credential(name: str) -> bool:
    """True when a query parameter's name, or its last word, is a credential's name.

    Refusing is stricter than masking: ``author=`` or ``design=`` hold no credential although
    masking (:data:`_CREDENTIAL_PARAM`, by substring) hides them too, which costs nothing.
    """
    lowered = name.lower()
    if lowered in _CREDENTIAL_NAMES:
        return True
    words = [w.lower() for part in re.split(r"[_.\-]", name) for w in _WORDS.findall(part)]
    return len(words) > 1 and words[-1] in _CREDENTIAL_NAMES


def find_credentials(text: str, *, url: bool = False) -> str | None:
    """What kind of credential ``text`` holds (``"user info (user:password@) in a URL"``, ``"a
    credential query parameter (token=...) in a URL"``), or ``None``.

    Any user info counts: a token is often passed as the user alone (``https://<token>@host``).
    In free text a query parameter counts only after a
    ``scheme://``; with ``url`` the text is a URL or a relative reference (``/path?token=...``),
    whose query counts as it is.
    """
    if _USERINFO.search(text):
        return "user info (user:password@) in a URL"
    for match in _CREDENTIAL_PARAM.finditer(text):
        if _names_a_credential(match.group("name")) and (url or "://" in text[: match.start()]):
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
