"""Go's ``time.ParseDuration``: moved to :mod:`eventing_platform.kinds.formats.go_durations` (one
definition for components and policies); every public name of it is re-exported here."""

from eventing_platform.kinds.formats.go_durations import *  # noqa: F403 (the whole module, re-exported)
from eventing_platform.kinds.formats.go_durations import __all__ as __all__
