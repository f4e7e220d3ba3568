"""The config keys every stack shares about its cluster's prerequisites: the keys that install
them (``install_<prerequisite>``), the declaration of what the cluster already provides
(``provided_kinds``) and whether the stack creates its namespace (``create_namespace``).

The installs themselves are :mod:`stacks.prerequisites`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from eventing_platform.kinds.installs import parse_provided, parse_provided_entry, provided_format


def _entry(value: str) -> str:
    parse_provided_entry(value)
    return value


ProvidedEntry = Annotated[str, AfterValidator(_entry)]
"""One ``provided_kinds`` entry: an install id or ``<group>/<Kind>``."""


def install_knative_field(how: str) -> Any:
    """The ``install_knative`` key: Knative Serving and Eventing, installed ``how``."""
    return Field(True, description=(
        f"Install Knative Serving and Eventing on the cluster ({how}). Set false when the cluster runs "
        "them already, and declare them in provided_kinds (['knative-serving', 'knative-eventing']). Default true."
    ))


def install_knative_kafka_field(parts: str) -> Any:
    """The ``install_knative_kafka`` key: the eventing-kafka-broker parts the stack uses."""
    return Field(True, description=(
        f"Install the eventing-kafka-broker parts this stack uses ({parts}) from its release manifests "
        "(knative-v1.23.0), when it uses them. Set false when the cluster has them, and declare them in provided_kinds. Default true."
    ))


def provided_kinds_field(validate_default: bool = False) -> Any:
    """The ``provided_kinds`` key: what the cluster already runs (``validate_default`` when a
    cross-key rule of the stack must see the default too)."""
    return Field(default_factory=list, validate_default=validate_default, description=(
        "What the cluster already provides, so `plan` need not see it installed (JSON list): each entry "
        f"{provided_format()}. The prerequisites check of `plan` reads this key (eventing-platform:provided_kinds) "
        "for any program, and EVENTING_PLATFORM_PROVIDED_KINDS. Default none."
    ))


def create_namespace_field(namespace_key: str = "namespace") -> Any:
    """The ``create_namespace`` key."""
    return Field(True, description=(
        f"Create the namespace `{namespace_key}` (with Pod Security labels). false: deploy into an existing "
        "namespace of that name without creating, labelling or otherwise touching it. Default true."
    ))


def declared(entries: Sequence[str]) -> frozenset[str]:
    """Install ids declared in ``provided_kinds``."""
    return parse_provided(list(entries)).installs
