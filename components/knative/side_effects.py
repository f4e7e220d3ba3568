"""Declared side effects of a workload, under their historical import path: the model lives in
:mod:`eventing_platform.events.side_effects` (the event-semantics core); every public name of it
is re-exported here."""

from eventing_platform.events.side_effects import *  # noqa: F403 (the whole module, re-exported)
from eventing_platform.events.side_effects import __all__ as __all__
