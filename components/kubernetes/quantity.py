"""Kubernetes resource quantities: moved to :mod:`eventing_platform.kinds.formats.quantities` (one definition for
components and policies); every public name of it is re-exported here."""

from eventing_platform.kinds.formats.quantities import *  # noqa: F403 (the whole module, re-exported)
from eventing_platform.kinds.formats.quantities import __all__ as __all__
