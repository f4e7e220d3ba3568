"""Value formats that Kubernetes and Knative objects share: one definition each, for components and policies.

Pure parsers (the standard library and pydantic only, no Pulumi SDK), so the policy rules and the
components read the same grammar:

- :mod:`.iso_durations`: ISO-8601 durations of Knative delivery (``PT0.5S``), ASCII digits only.
- :mod:`.go_durations`: Go's ``time.ParseDuration`` (``1h30m``), which Knative's webhooks use for
  every duration annotation.
- :mod:`.images`: container image references (the distribution reference grammar; what Knative
  Serving's webhook parses on top) and the pinned-image field type.
- :mod:`.quantities`: Kubernetes resource quantities (``500m``, ``128Mi``), as apimachinery reads them.

``eventing_platform.kubernetes.image``, ``eventing_platform.kubernetes.quantity`` and
``eventing_platform.knative.go_duration`` re-export the modules that moved here.
"""

from .go_durations import GoDurationError, parse_go_duration
from .images import (
    ImageReference,
    PinnedImage,
    check_knative_image,
    check_pinned_image,
    parse_image_reference,
)
from .iso_durations import (
    DURATION_EXAMPLES,
    ISO_8601_DURATION,
    IsoDuration,
    check_iso8601_duration,
    is_iso8601_duration,
)
from .quantities import ResourceQuantity, check_quantity, check_resource_quantity, parse_quantity

__all__ = [
    "DURATION_EXAMPLES",
    "ISO_8601_DURATION",
    "GoDurationError",
    "ImageReference",
    "IsoDuration",
    "PinnedImage",
    "ResourceQuantity",
    "check_iso8601_duration",
    "check_knative_image",
    "check_pinned_image",
    "check_quantity",
    "check_resource_quantity",
    "is_iso8601_duration",
    "parse_go_duration",
    "parse_image_reference",
    "parse_quantity",
]
