"""The policy pack's gRPC requests as the rules read them, converted in one pass.

pulumi-policy turns a request's properties into Python with ``json_format.MessageToDict``, then
``deserialize_properties`` (secrets, assets), then wraps them in unknown-checking proxies, which
the rules' :func:`~eventing_platform.rules.props.plain` unwraps again: four walks of the tree.
:func:`plain_struct` walks the protobuf ``Struct`` once and returns exactly what that pipeline
returns (:func:`reference_plain_struct`, kept as the definition and the tests' oracle). Properties
it does not handle, and leaves to that pipeline (which returns the same value or raises the same
error as pulumi-policy would): a value under a special signature (a secret, asset or archive), a
number that is not finite, a tree deeper than ``plain`` keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from google.protobuf import json_format, struct_pb2
from pulumi_policy.deserialize import SPECIAL_SIG_KEY, deserialize_properties
from pulumi_policy.proxy import unknown_checking_proxy

from .model import Resource
from .props import UNKNOWN, UNKNOWN_SENTINELS, plain

_MAX_DEPTH = 64
"""The depth :func:`~eventing_platform.rules.props.plain` cuts trees at."""


class _Irregular(Exception):
    """A tree the one-pass conversion leaves to pulumi-policy's own pipeline."""


def reference_plain_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """A request's properties as the rules read them through pulumi-policy's own conversion."""
    converted: dict[str, Any] = plain(unknown_checking_proxy(deserialize_properties(json_format.MessageToDict(struct))))
    return converted


# The walk is the pack's hottest code (every property of every request): the two loops below
# each inline the dispatch on a value's kind, which is a fifth faster than a call per value.


def _struct(fields: Any, depth: int) -> dict[str, Any]:
    """A ``Struct``'s fields (a map of ``Value``), the struct itself being at ``depth``."""
    if depth >= _MAX_DEPTH and fields:
        raise _Irregular  # plain() cuts what lies deeper
    depth += 1
    out: dict[str, Any] = {}
    for key in fields:
        item = fields[key]
        kind = item.WhichOneof("kind")
        if kind == "string_value":
            text = item.string_value
            out[key] = UNKNOWN if text in UNKNOWN_SENTINELS else text
        elif kind == "struct_value":
            nested = item.struct_value.fields
            if SPECIAL_SIG_KEY in nested:  # a secret, asset or archive
                raise _Irregular
            out[key] = _struct(nested, depth)
        elif kind == "number_value":
            number = item.number_value
            if number - number:  # NaN or an infinity, which MessageToDict refuses
                raise _Irregular
            out[key] = number
        elif kind == "list_value":
            out[key] = _list(item.list_value.values, depth)
        elif kind == "bool_value":
            out[key] = item.bool_value
        else:
            out[key] = None
    return out


def _list(values: Any, depth: int) -> list[Any]:
    """A ``ListValue``'s values, the list itself being at ``depth``."""
    if depth >= _MAX_DEPTH and values:
        raise _Irregular
    depth += 1
    out: list[Any] = []
    append = out.append
    for item in values:
        kind = item.WhichOneof("kind")
        if kind == "string_value":
            text = item.string_value
            append(UNKNOWN if text in UNKNOWN_SENTINELS else text)
        elif kind == "struct_value":
            nested = item.struct_value.fields
            if SPECIAL_SIG_KEY in nested:
                raise _Irregular
            append(_struct(nested, depth))
        elif kind == "number_value":
            number = item.number_value
            if number - number:
                raise _Irregular
            append(number)
        elif kind == "list_value":
            append(_list(item.list_value.values, depth))
        elif kind == "bool_value":
            append(item.bool_value)
        else:
            append(None)
    return out


def plain_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    """``struct`` (a request's properties) as plain data, in one pass: equal to
    :func:`reference_plain_struct` (same keys in the same order, unknowns as ``UNKNOWN``, secrets
    as their values), and raising what it raises."""
    try:
        # The top level is a property map: pulumi-policy does not look for signatures there.
        return _struct(struct.fields, 0)
    except _Irregular:
        return reference_plain_struct(struct)


def request_resource(request: Any) -> Resource:
    """The resource of an ``AnalyzeRequest`` (its inputs; no parent or dependencies, as pulumi-policy passes it)."""
    return Resource(request.type, request.name, request.urn, plain_struct(request.properties))


def stack_resources(request: Any) -> list[Resource]:
    """The resources of an ``AnalyzeStackRequest``, parent and dependencies kept only where they
    name a resource of the request (as pulumi-policy links them)."""
    items: Sequence[Any] = request.resources
    urns = {item.urn for item in items}
    return [
        Resource(
            item.type,
            item.name,
            item.urn,
            plain_struct(item.properties),
            item.parent if item.parent in urns else None,
            tuple(urn for urn in item.dependencies if urn in urns),
            {key: tuple(urn for urn in deps.urns if urn in urns) for key, deps in item.propertyDependencies.items()},
        )
        for item in items
    ]


__all__ = ["plain_struct", "reference_plain_struct", "request_resource", "stack_resources"]
