"""The adapters are generated from the args models: up to date, one per public component, named
and placed by the generator's rules, refusing what a Pulumi schema cannot hold."""

from __future__ import annotations

import importlib
import inspect

import pytest
from pydantic import Field

from eventing_platform.args import Args, Input
from eventing_platform.component import Component
from eventing_platform.provider.adapters import ADAPTERS
from eventing_platform.provider.generate import main, stale_files
from eventing_platform.provider.naming import GenerationError
from eventing_platform.provider.source_reading import registered_output_names
from eventing_platform.provider.writer import AdapterWriter

DOMAINS = ("knative", "kubernetes", "alicloud", "gcp")


def exported_components() -> dict[str, type[Component]]:
    """Every component the four domains export, found here (not through the generator)."""
    found = {}
    for domain in DOMAINS:
        module = importlib.import_module(f"eventing_platform.{domain}")
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, Component) and hasattr(value, "TYPE"):
                found[name] = value
    return found


COMPONENTS = exported_components()


def test_the_checked_in_adapters_are_what_the_args_models_generate():
    assert stale_files(AdapterWriter().write_all()) == []
    assert main(["--check"]) == 0


def test_every_public_component_has_exactly_one_adapter():
    assert sorted(a.__name__ for a in ADAPTERS) == sorted(COMPONENTS)


@pytest.mark.parametrize("name", sorted(COMPONENTS))
def test_an_adapter_mirrors_its_components_module_and_declares_its_registered_outputs(name):
    component = COMPONENTS[name]
    (adapter,) = [a for a in ADAPTERS if a.__name__ == name]
    assert adapter.__module__ == component.__module__.replace("eventing_platform.", "eventing_platform.provider.adapters.", 1)
    assert list(inspect.get_annotations(adapter)) == registered_output_names(component)
    assert pulumi_component_only(adapter)


def pulumi_component_only(adapter: type) -> bool:
    """The SDK's analyzer reads every class annotation of the adapter and its bases: none but ours."""
    import pulumi

    return adapter.__bases__ == (pulumi.ComponentResource,)


def clashing_models() -> tuple[type[Args], type[Args]]:
    def first() -> type[Args]:
        class Rule(Args):
            """A rule."""

            days: int = 1

        return Rule

    def second() -> type[Args]:
        class Rule(Args):
            """Another rule."""

            hours: int = 1

        return Rule

    return first(), second()


def test_two_models_of_one_name_are_refused_until_one_is_renamed():
    writer = AdapterWriter()
    one, other = clashing_models()
    writer.model(one)
    with pytest.raises(GenerationError, match="two schema types would be named 'Rule'"):
        writer.model(other)


class _Holder(Args):
    """Holds a field no schema can express."""

    pair: tuple[int, int] = Field(default=(1, 2))
    """A pair."""


def test_a_field_with_no_schema_form_is_refused_naming_it():
    with pytest.raises(TypeError, match=r"_Holder\.pair"):
        AdapterWriter().model(_Holder)


class _NamedByInput(Args):
    """Holds an Input of a model."""

    inner: Input[_Holder] | None = None
    """Not supported: models are plain."""


def test_an_input_of_a_model_is_refused():
    with pytest.raises(GenerationError, match=r"an Input of a model"):
        AdapterWriter().model(_NamedByInput)
