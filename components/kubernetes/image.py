"""Container image references: moved to :mod:`eventing_platform.kinds.formats.images` (one definition for
components and policies); every public name of it is re-exported here."""

from eventing_platform.kinds.formats.images import *  # noqa: F403 (the whole module, re-exported)
from eventing_platform.kinds.formats.images import __all__ as __all__
