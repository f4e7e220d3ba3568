"""What every adapter does when another language constructs it: build the component it serves."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pulumi

if TYPE_CHECKING:
    from eventing_platform.component import Component

PACKAGE = "eventing-platform"
"""The provider's package name: the schema's ``name`` and the first part of every adapter's type
token (``eventing-platform:index:<Class>``)."""


def build(
    adapter: pulumi.ComponentResource,
    target: str,
    name: str,
    args: Mapping[str, Any],
    opts: pulumi.ResourceOptions | None,
) -> None:
    """Build the component ``target`` (``module.Class``) for ``adapter``, named ``name``.

    ``args`` (by Python field name, as the provider received them) are validated by the
    component's args model first, so a bad value raises its ``ArgsError`` before anything is
    registered. Then ``adapter`` registers as ``eventing-platform:index:<adapter class>``, the
    component is built as its child (same name, its own type token, waiting for the
    ``depends_on`` the adapter was given), and the adapter takes the component's registered
    outputs as its attributes and outputs.
    """
    # Imported here, like the component itself: the args models (pydantic) and a cloud SDK
    # (e.g. pulumi_alicloud) load when a component is constructed, not when the provider starts.
    from .model_types import model_data

    component = _component_class(target)
    model = component.ARGS(**model_data(component.ARGS, args))
    pulumi.ComponentResource.__init__(adapter, f"{PACKAGE}:index:{type(adapter).__name__}", name, {}, opts)
    depends_on = opts.depends_on if opts is not None else None
    built = component(name, model, pulumi.ResourceOptions(parent=adapter, depends_on=depends_on))
    outputs = built.registered_outputs
    for key, value in outputs.items():
        setattr(adapter, key, value)
    adapter.register_outputs(outputs)


def _component_class(target: str) -> type[Component[Any]]:
    from eventing_platform.component import Component

    module_name, class_name = target.rsplit(".", 1)
    component = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(component, type) and issubclass(component, Component)):
        raise TypeError(f"{target} is not a component")
    return component
