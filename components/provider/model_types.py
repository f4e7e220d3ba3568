"""How the fields of the components' args models read to the component provider.

One reading of a field's annotation (:func:`read`) serves both sides: :mod:`.generate` writes the
adapters' schema types from it, and :func:`model_data` turns the values another language sent
into what the args model takes.
"""

from __future__ import annotations

import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Union

import pydantic

from eventing_platform.alicloud.event_pattern import EventPattern
from eventing_platform.args import input_inner_type


@dataclass(frozen=True)
class JsonFormSpec:
    """How a model is given as its JSON form."""

    parse: Callable[[Mapping[str, Any]], pydantic.BaseModel]
    """Builds the model from the JSON object (raising ``ArgsError`` for a bad one)."""
    description: str
    """Appended to the field's description in the schema."""


JSON_FORMS: Mapping[type[pydantic.BaseModel], JsonFormSpec] = {
    EventPattern: JsonFormSpec(
        EventPattern.from_dict,
        'Given as the EventBridge pattern\'s JSON object, e.g. `{"source": ["acs.oss"], '
        '"type": [{"prefix": "oss:ObjectCreated:"}]}`.',
    ),
}
"""Models that other languages pass as their JSON form (any JSON object in the schema): an
EventBridge pattern is its JSON, not a tree of typed conditions (whose fields are unions, which
a Pulumi schema cannot express)."""


@dataclass(frozen=True)
class Scalar:
    """A string, integer, number or boolean."""

    type: type


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value."""


@dataclass(frozen=True)
class Choice:
    """One of fixed values (a ``Literal``): an enum in the schema."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    """A list (or sequence)."""

    item: Reading


@dataclass(frozen=True)
class MapOf:
    """A mapping with string keys."""

    value: Reading


@dataclass(frozen=True)
class ModelOf:
    """A nested args model: an object type in the schema."""

    model: type[pydantic.BaseModel]


@dataclass(frozen=True)
class OneOf:
    """One of several args models (e.g. ECI or Function Compute): one object type in the schema
    holding the fields of all of them, the model chosen from the fields given."""

    models: tuple[type[pydantic.BaseModel], ...]


@dataclass(frozen=True)
class JsonForm:
    """A model given as its JSON form (:data:`JSON_FORMS`)."""

    model: type[pydantic.BaseModel]


@dataclass(frozen=True)
class InputOf:
    """A ``pulumi.Input``: the value, or another resource's output of it."""

    inner: Reading


Reading = Union[Scalar, AnyValue, Choice, ListOf, MapOf, ModelOf, OneOf, JsonForm, InputOf]  # noqa: UP007 - a runtime alias
"""What a field's annotation is, once ``Optional``, ``Annotated`` and pydantic metadata are read."""

_SEQUENCES = (list, Sequence, typing.Sequence)
_MAPPINGS = (dict, Mapping, typing.Mapping)


class UnsupportedAnnotationError(TypeError):
    """An annotation the provider has no schema form for (the message names the field)."""


@functools.cache
def field_annotations(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """Each field of ``model`` (inherited ones included) and its annotation, ``Annotated`` kept."""
    hints = typing.get_type_hints(model, include_extras=True)
    return {name: hints[name] for name in model.model_fields}


def read(annotation: Any, where: str) -> Reading:
    """How the field ``where`` (``Model.field``, for errors) with this annotation reads."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner = input_inner_type(annotation)
        if inner is not None:
            return InputOf(read(inner, where))
        return read(typing.get_args(annotation)[0], where)
    if origin in (Union, types.UnionType):
        return _read_union([a for a in typing.get_args(annotation) if a is not type(None)], where)
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        if not all(isinstance(v, str) for v in values):
            raise UnsupportedAnnotationError(f"{where}: only string choices are supported, got {values!r}")
        return Choice(values)
    if origin in _SEQUENCES:
        return ListOf(read(typing.get_args(annotation)[0], where))
    if origin in _MAPPINGS:
        key, value = typing.get_args(annotation)
        if read(key, where) != Scalar(str):
            raise UnsupportedAnnotationError(f"{where}: mapping keys must be strings, got {key!r}")
        return MapOf(read(value, where))
    if annotation is Any:
        return AnyValue()
    if annotation in (str, int, float, bool):
        return Scalar(annotation)
    if inspect.isclass(annotation) and issubclass(annotation, pydantic.BaseModel):
        return JsonForm(annotation) if annotation in JSON_FORMS else ModelOf(annotation)
    raise UnsupportedAnnotationError(f"{where}: no schema form for {annotation!r}")


def _read_union(members: list[Any], where: str) -> Reading:
    readings = [read(m, where) for m in members]
    if len(readings) == 1:
        return readings[0]
    # `list[X] | X` (one value or several): the list takes both.
    lists = [r for r in readings if isinstance(r, ListOf)]
    if len(readings) == 2 and len(lists) == 1 and lists[0].item in readings:
        return lists[0]
    if all(isinstance(r, ModelOf) for r in readings):
        return OneOf(tuple(r.model for r in readings if isinstance(r, ModelOf)))
    # A string or one of some special strings (`DnsLabel | Literal["*"]`): a string, which the
    # args model checks.
    if Scalar(str) in readings and all(r == Scalar(str) or isinstance(r, Choice) for r in readings):
        return Scalar(str)
    raise UnsupportedAnnotationError(f"{where}: no schema form for the union of {members!r}")


def model_data(model: type[pydantic.BaseModel], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` (by Python field name, as the provider received them) as ``model`` takes them:
    enum members as their values, JSON forms parsed; everything else is left to the model, which
    validates it (an ``Output`` once it resolves)."""
    annotations = field_annotations(model)
    return {
        name: _value(read(annotations[name], f"{model.__name__}.{name}"), value) if name in annotations else value
        for name, value in values.items()
    }


def _value(reading: Reading, value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(reading, InputOf):
        return _value(reading.inner, value)
    if isinstance(reading, JsonForm) and isinstance(value, Mapping):
        return JSON_FORMS[reading.model].parse(value)
    if isinstance(reading, ModelOf) and isinstance(value, Mapping):
        return model_data(reading.model, value)
    if isinstance(reading, OneOf) and isinstance(value, Mapping):
        return {k: v.value if isinstance(v, enum.Enum) else v for k, v in value.items()}
    if isinstance(reading, ListOf) and isinstance(value, list):
        return [_value(reading.item, v) for v in value]
    if isinstance(reading, MapOf) and isinstance(value, Mapping):
        return {k: _value(reading.value, v) for k, v in value.items()}
    return value
