"""The component provider process: ``python <provider folder> <engine address>`` serves every adapter.

Built on ``pulumi.provider.experimental``'s ``ComponentProvider`` (the schema comes from its
analyzer reading the adapters) and ``pulumi.provider.main`` (which prints the port and serves
gRPC), as ``component_provider_host`` is; one difference, :meth:`ComponentsProvider.map_inputs`.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi.provider
from pulumi.provider.experimental.analyzer import (
    ComponentDefinition,
    PropertyDefinition,
    PropertyType,
)
from pulumi.provider.experimental.component import ComponentProvider

from eventing_platform import __version__

from .adapter import PACKAGE
from .adapters import ADAPTERS

MIN_PULUMI = (3, 237)
"""The oldest pulumi SDK whose analyzer reads the adapters (``NotRequired`` fields)."""


class UnsupportedSdkError(SystemExit):
    """The installed pulumi SDK cannot read the adapters (the message says which to install)."""


class ComponentsProvider(ComponentProvider):
    """A ``ComponentProvider`` that hands the inputs to the adapters as they were sent.

    The SDK's own input mapping (pulumi 3.272) turns each item of a list of enums into ``{}`` and
    fails with a ``TypeError`` on an ``Output`` for an integer (``int(output)``); it also checks
    required inputs, which the args models check themselves with their own messages. Here the
    inputs get their Python names back (``maxScale`` -> ``max_scale``, nested types, lists and
    maps included) and integers their type (every number is a float on the wire; an ``Output``
    of one is converted when it resolves); the adapter passes them to the component's args
    model, which validates every value (an ``Output`` once it resolves).
    """

    def map_inputs(self, inputs: Mapping[str, Any], component_def: ComponentDefinition) -> dict[str, Any]:
        """``inputs`` (schema names) by Python name."""
        return self._python_names(inputs, component_def.inputs, component_def.inputs_mapping)

    def _python_names(
        self, value: Mapping[str, Any], properties: Mapping[str, PropertyDefinition], mapping: Mapping[str, str],
    ) -> dict[str, Any]:
        return {
            mapping.get(key, key): self._python_value(item, properties[key]) if key in properties else item
            for key, item in value.items()
        }

    def _python_value(self, value: Any, prop: PropertyDefinition) -> Any:
        if prop.ref:
            type_def = self.get_type_definition(prop)
            if type_def is not None and not type_def.enum and isinstance(value, Mapping):
                return self._python_names(value, type_def.properties, type_def.properties_mapping)
            return value  # an enum's value, an Output, or a wrong value the args model reports
        if prop.items is not None and isinstance(value, list):
            return [self._python_value(item, prop.items) for item in value]
        if prop.additional_properties is not None and isinstance(value, Mapping):
            return {k: self._python_value(v, prop.additional_properties) for k, v in value.items()}
        if prop.type == PropertyType.INTEGER:
            return _integer(value)
        return value


def _integer(value: Any) -> Any:
    """A whole number sent as a float back to an ``int`` (in an ``Output``, once it resolves);
    anything else as it is, for the args model to judge."""
    if isinstance(value, pulumi.Output):
        return value.apply(_integer)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def require_sdk(version: str) -> None:
    """Refuse a pulumi SDK (``version``) older than :data:`MIN_PULUMI`, saying what to install."""
    found = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if found < MIN_PULUMI:
        floor = ".".join(map(str, MIN_PULUMI))
        raise UnsupportedSdkError(
            f"error: the eventing-platform provider needs pulumi>={floor} (older SDKs cannot read its "
            f"NotRequired fields), this environment has pulumi {version}; install 'pulumi>={floor},<4' "
            "(the provider folder's requirements.txt asks for it)"
        )


def provider() -> ComponentsProvider:
    """The provider of every adapter (its schema built from their annotations and docstrings)."""
    require_sdk(importlib.metadata.version("pulumi"))
    return ComponentsProvider(ADAPTERS, PACKAGE, version=__version__)


def serve(args: Sequence[str]) -> None:
    """Serve the provider: print the port on stdout, answer the engine at ``args[0]`` until killed."""
    pulumi.provider.main(provider(), list(args))
