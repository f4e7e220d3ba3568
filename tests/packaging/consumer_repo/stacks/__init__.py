"""The consumer repository's own stacks package."""

from __future__ import annotations

import pulumi

from components import hello_service


def build() -> dict[str, pulumi.Output[str]]:
    """One stack: the hello service; exports its URL."""
    service = hello_service()
    return {"url": service.url}
