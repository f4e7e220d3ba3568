"""How the provider reads the args models' annotations, and turns values sent by other languages
into what the models take."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field

from eventing_platform.alicloud.event_pattern import EventPattern
from eventing_platform.alicloud.eventbridge import EventRuleArgs
from eventing_platform.args import Input
from eventing_platform.knative import KnativeServiceArgs
from eventing_platform.knative.service import ScalingPolicy
from eventing_platform.knative.workload_class import EciWorkload, FunctionComputeWorkload
from eventing_platform.provider.model_types import (
    AnyValue,
    Choice,
    InputOf,
    JsonForm,
    ListOf,
    MapOf,
    ModelOf,
    OneOf,
    Scalar,
    UnsupportedAnnotationError,
    model_data,
    read,
)


@pytest.mark.parametrize(("annotation", "reading"), [
    (str, Scalar(str)),
    (Annotated[int, Field(ge=0)] | None, Scalar(int)),
    (Input[str], InputOf(Scalar(str))),
    (Input[Annotated[int, Field(ge=1)]] | None, InputOf(Scalar(int))),
    (Literal["a", "b"], Choice(("a", "b"))),
    (list[Input[str]] | Input[str], ListOf(InputOf(Scalar(str)))),
    (Sequence[str], ListOf(Scalar(str))),
    (Mapping[str, Input[str]], MapOf(InputOf(Scalar(str)))),
    (Any, AnyValue()),
    (ScalingPolicy, ModelOf(ScalingPolicy)),
    (EciWorkload | FunctionComputeWorkload, OneOf((EciWorkload, FunctionComputeWorkload))),
    (EventPattern, JsonForm(EventPattern)),
])
def test_annotations_read_as_their_schema_form(annotation, reading):
    assert read(annotation, "M.f") == reading


@pytest.mark.parametrize("annotation", [
    tuple[int, int], str | int, Literal[1, 2], dict[int, str],
])
def test_annotations_with_no_schema_form_are_refused_naming_the_field(annotation):
    with pytest.raises(UnsupportedAnnotationError, match=r"^M\.f: "):
        read(annotation, "M.f")


class Color(enum.Enum):
    RED = "red"


def test_values_become_what_the_model_takes():
    data = model_data(KnativeServiceArgs, {
        "image": "app:v1",
        "scaling": {"max_scale": 3, "metric": Color.RED},
        "workload": {"kind": Color.RED},
    })
    assert data == {"image": "app:v1", "scaling": {"max_scale": 3, "metric": "red"}, "workload": {"kind": "red"}}


def test_a_json_form_is_parsed_into_its_model():
    data = model_data(EventRuleArgs, {"pattern": {"source": ["acs.oss"]}, "targets": []})
    assert isinstance(data["pattern"], EventPattern)
    assert data["pattern"].render() == {"source": ["acs.oss"]}
