"""The consumer repository's own policies package."""

from __future__ import annotations

from typing import Any


def image_is_pinned(image: Any) -> bool:
    """A consumer rule: an image reference carries a tag or a digest, never ``latest``."""
    if not isinstance(image, str):
        return False
    name = image.rsplit("/", 1)[-1]
    return "@sha256:" in image or (":" in name and not name.endswith(":latest"))
