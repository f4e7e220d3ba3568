"""What the generator reads from the components: docstrings as descriptions, registered outputs."""

from __future__ import annotations

import pytest

from eventing_platform.knative import KnativeService, Trigger
from eventing_platform.provider.source_reading import (
    ATTRIBUTES,
    describe,
    field_docstrings,
    registered_output_names,
)


@pytest.mark.parametrize(("docstring", "description"), [
    ("One line with ``code``.", "One line with `code`."),
    ("Wrapped\n    over lines.\n\n    Second paragraph.", "Wrapped over lines.\n\nSecond paragraph."),
    ("See :class:`~eventing_platform.knative.Destination` and :meth:`of`.", "See `Destination` and `of`."),
])
def test_docstrings_become_markdown_descriptions(docstring, description):
    assert describe(docstring) == description


def test_a_components_python_attributes_are_left_out_of_its_description():
    assert ATTRIBUTES.sub("", describe(KnativeService.__doc__)).strip() == "A Knative Service: one `serving.knative.dev/v1` `Service` object."


@pytest.mark.parametrize(("component", "outputs"), [(KnativeService, ["url", "service_name"]), (Trigger, ["trigger_name", "filter_summary"])])
def test_registered_outputs_are_read_from_the_components_source(component, outputs):
    assert registered_output_names(component) == outputs


def test_field_docstrings_include_inherited_fields():
    from eventing_platform.knative import KnativeServiceArgs

    docs = field_docstrings(KnativeServiceArgs)
    assert docs["image"].startswith("Container image")  # from ContainerFields
    assert docs["scaling"] == "Autoscaling. Default 0 to 10 replicas."
