"""The EventBridge pattern matcher, under its historical import path: it lives in
:mod:`eventing_platform.events.eventbridge_patterns` (the event-semantics core, free of cloud
SDKs); every public name of it is re-exported here."""

from eventing_platform.events.eventbridge_patterns import *  # noqa: F403 (the whole module, re-exported)
from eventing_platform.events.eventbridge_patterns import __all__ as __all__
