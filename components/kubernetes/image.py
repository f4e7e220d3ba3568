"""Container image references: moved to :mod:`eventing_platform.kinds.formats.images` (one
definition for components and policies); re-exported here."""

from eventing_platform.kinds.formats.images import (
    DIGEST_HEX_LENGTHS,
    FORMS,
    PATH_MAX,
    ImageReference,
    PinnedImage,
    check_knative_image,
    check_pinned_image,
    parse_image_reference,
)

__all__ = [
    "DIGEST_HEX_LENGTHS",
    "FORMS",
    "PATH_MAX",
    "ImageReference",
    "PinnedImage",
    "check_knative_image",
    "check_pinned_image",
    "parse_image_reference",
]
