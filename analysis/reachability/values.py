"""Host names in the values workloads are given: URLs, ``host:port`` lists, JSON documents."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_SEPARATORS = re.compile(r"[\s,;]+")


def _host_of(piece: str) -> str | None:
    piece = piece.strip().strip("'\"")
    if not piece:
        return None
    if "://" in piece:
        host = urlsplit(piece).hostname or ""
    else:
        host, _, port = piece.rpartition(":")
        if not host or not port.isdigit():
            host = piece
    host = host.lower().rstrip(".")
    return host if _HOST.fullmatch(host) and ("." in host or host.replace(".", "").isdigit()) else None


def hosts_in(value: Any) -> list[str]:
    """The host names in ``value``: a URL, ``host:port`` (comma-separated lists too), an IP
    address, or strings inside a JSON document or list; in order, without repeats."""
    found: list[str] = []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(("{", "[")):
            try:
                return hosts_in(json.loads(text))
            except ValueError:
                pass
        found = [h for piece in _SEPARATORS.split(text) if (h := _host_of(piece))]
    elif isinstance(value, dict):
        found = [h for v in value.values() for h in hosts_in(v)]
    elif isinstance(value, (list, tuple)):
        found = [h for v in value for h in hosts_in(v)]
    return list(dict.fromkeys(found))
