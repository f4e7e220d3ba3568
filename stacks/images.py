"""Container images the stacks use by default, pinned by digest."""

EVENT_DISPLAY_IMAGE = (
    "gcr.io/knative-releases/knative.dev/eventing/cmd/event_display"
    "@sha256:610234e4319b767b187398085971d881956da660a4e0fab65a763e0f81881d82"
)
"""Knative's ``event_display``: logs every CloudEvent it receives. Used for the demo and
dead-letter services (the digest knative/func pins in its own tests)."""
