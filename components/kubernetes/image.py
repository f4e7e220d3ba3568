"""Container image references: parsed and required to be pinned."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

# [registry[:port]/]path[:tag][@algo:hex]
_REFERENCE = re.compile(
    r"^(?P<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?$"
, re.ASCII)


def check_pinned_image(value: str) -> str:
    """Accept an image with an explicit tag other than ``latest``, or a ``sha256`` digest."""
    match = _REFERENCE.fullmatch(value)
    if not match:
        raise ValueError(
            "is not a valid image reference; use [registry/]repository:tag or "
            "[registry/]repository@sha256:<64 hex>"
        )
    tag, digest = match.group("tag"), match.group("digest")
    if digest:
        return value
    if tag is None:
        raise ValueError("has no tag; pin it with an explicit version tag or a sha256 digest")
    if tag == "latest":
        raise ValueError("uses ':latest'; pin it with an explicit version tag or a sha256 digest")
    return value


PinnedImage = Annotated[
    str,
    AfterValidator(check_pinned_image),
    WithJsonSchema({
        "type": "string",
        "minLength": 1,
        "maxLength": 1024,
        # The same grammar in JSON Schema (ECMA-262) syntax; the tag must not be "latest".
        "pattern": re.sub(r"\(\?P<\w+>", "(", _REFERENCE.pattern),
        "not": {"pattern": r"^[^@]*:latest$"},
        "description": "[registry/]repository:tag (not latest) or [registry/]repository@sha256:<64 hex>",
    }),
]
"""An image reference with an explicit non-``latest`` tag or a digest."""
