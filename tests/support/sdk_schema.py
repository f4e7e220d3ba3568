"""Check recorded registrations and offline outputs against the installed provider SDKs.

The mock engine accepts any inputs and echoes them back, so a misspelt nested key, a missing
required argument or a string where the provider wants a number would only fail at
``pulumi up``. These helpers read the SDKs' own type information (``@pulumi.input_type`` /
``@pulumi.output_type`` classes, their camelCase names and annotations) and report every
difference:

- :func:`input_problems`: a recorded resource's inputs against ``<Resource>Args``, recursively
  (unknown keys, missing required keys, list/object/scalar type mismatches).
- :func:`output_problems`: a mock's outputs against the real resource's output properties or an
  invoke's result type (a mock output the provider never returns is a bug: code that reads it
  works offline only).

Types without an SDK class (Kubernetes custom resources, providers, components) are skipped;
custom resources are validated against their CRDs elsewhere.
"""

from __future__ import annotations

import collections.abc
import functools
import importlib
import inspect
import json
import re
import typing
from typing import Any

import pulumi
from pulumi import _types

SDK_PACKAGES = ("pulumi_alicloud", "pulumi_gcp", "pulumi_kubernetes", "pulumi_random")
_SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SEQUENCES = (list, typing.Sequence, collections.abc.Sequence)
_MAPPINGS = (dict, typing.Mapping, collections.abc.Mapping)
_SCALARS = (str, int, float, bool)


@functools.cache
def resource_classes() -> dict[str, tuple[str, str]]:
    """Type token -> (module, class name), from each SDK's own resource-module registration."""
    found: dict[str, tuple[str, str]] = {}
    for package in SDK_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:  # pragma: no cover - an SDK not installed
            continue
        source = inspect.getsource(module)
        start = source.find('resource_modules="""')
        if start < 0:
            continue
        start += len('resource_modules="""')
        for entry in json.loads(source[start:source.find('"""', start)]):
            for token, cls in entry["classes"].items():
                found[token] = (entry["fqn"], cls)
    return found


def resource_class(token: str) -> type | None:
    """The SDK class registering ``token`` (None for custom resources, providers, components)."""
    where = resource_classes().get(token)
    if where is None:
        return None
    return getattr(importlib.import_module(where[0]), where[1])


def args_class(cls: type) -> type | None:
    """The ``@pulumi.input_type`` class of a resource's arguments (``XArgs`` or ``XInitArgs``)."""
    module = importlib.import_module(cls.__module__)
    return getattr(module, f"{cls.__name__}Args", None) or getattr(module, f"{cls.__name__}InitArgs", None)


def _is_output(t: Any) -> bool:
    origin = typing.get_origin(t) or t
    return inspect.isclass(origin) and issubclass(origin, pulumi.Output)


def _unwrap(t: Any) -> Any:
    """Strip ``Input``/``Optional``/``Awaitable``/``Output``: an input/output type, a container
    type, a scalar, or a tuple of alternative scalars (``int | str``)."""
    while typing.get_origin(t) is typing.Union:
        members = [a for a in typing.get_args(t) if a is not type(None)]
        plain = [a for a in members if typing.get_origin(a) is not collections.abc.Awaitable and not _is_output(a)]
        typed = [a for a in plain if inspect.isclass(a) and (_types.is_input_type(a) or _types.is_output_type(a))]
        if typed:
            return typed[0]
        if len(plain) > 1:
            return tuple(plain)
        t = plain[0] if plain else members[0]
    return t


def _plain(value: Any) -> Any:
    if isinstance(value, dict) and _SECRET_SIG_KEY in value:
        return value.get("value")
    return value


def _scalar_problem(value: Any, t: Any, path: str) -> str | None:
    if t is bool and not isinstance(value, bool):
        return f"{path}: expected a bool, got {type(value).__name__} {value!r:.60}"
    if t is int and (isinstance(value, bool) or not isinstance(value, (int, float)) or (isinstance(value, float) and not value.is_integer())):
        return f"{path}: expected an integer, got {type(value).__name__} {value!r:.60}"
    if t is float and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"{path}: expected a number, got {type(value).__name__} {value!r:.60}"
    if t is str and not isinstance(value, str):
        return f"{path}: expected a string, got {type(value).__name__} {value!r:.60}"
    return None


def _check(value: Any, t: Any, path: str, out: list[str], *, outputs: bool) -> None:
    value = _plain(value)
    t = _unwrap(t)
    if value is None:
        return
    if isinstance(t, tuple):
        if all(x in _SCALARS for x in t) and not isinstance(value, tuple(t)):
            out.append(f"{path}: expected one of {[x.__name__ for x in t]}, got {type(value).__name__}")
        return
    kind = _types.is_output_type if outputs else _types.is_input_type
    if inspect.isclass(t) and kind(t):
        if not isinstance(value, dict):
            out.append(f"{path}: expected an object ({t.__name__}), got {type(value).__name__} {value!r:.60}")
            return
        types = _types.output_type_types(t) if outputs else _types.input_type_types(t)
        for key, item in value.items():
            if key not in types:
                out.append(f"{path}.{key}: not a field of {t.__name__}; fields: {sorted(types)}")
                continue
            _check(item, types[key], f"{path}.{key}", out, outputs=outputs)
        if not outputs:
            names = _types.input_type_py_to_pulumi_names(t)
            for name, param in inspect.signature(t.__init__).parameters.items():
                if param.kind is param.KEYWORD_ONLY and param.default is param.empty and names.get(name, name) not in value:
                    out.append(f"{path}: required {names.get(name, name)!r} of {t.__name__} is missing")
        return
    origin = typing.get_origin(t)
    if origin in _SEQUENCES:
        if not isinstance(value, list):
            out.append(f"{path}: expected a list, got {type(value).__name__} {value!r:.60}")
            return
        inner = (typing.get_args(t) or (Any,))[0]
        for i, item in enumerate(value):
            _check(item, inner, f"{path}[{i}]", out, outputs=outputs)
        return
    if origin in _MAPPINGS:
        if not isinstance(value, dict):
            out.append(f"{path}: expected a map, got {type(value).__name__} {value!r:.60}")
            return
        args = typing.get_args(t)
        for key, item in value.items():
            if args:
                _check(item, args[1], f"{path}[{key}]", out, outputs=outputs)
        return
    problem = _scalar_problem(value, t, path) if t in _SCALARS else None
    if problem:
        out.append(problem)


def input_problems(token: str, name: str, inputs: dict[str, Any]) -> list[str]:
    """Differences between a registration's inputs and the SDK's arguments of ``token``."""
    cls = resource_class(token)
    if cls is None:
        return []
    args = args_class(cls)
    if args is None:
        return [f"{token}: the SDK has no arguments class for {cls.__name__}"]
    out: list[str] = []
    _check(inputs, args, f"{token} {name}", out, outputs=False)
    return out


def output_problems(token: str, outputs: dict[str, Any]) -> list[str]:
    """Outputs a mock gives ``token`` that the real resource does not have (or types it differently)."""
    cls = resource_class(token)
    if cls is None:
        return []
    types = _types.resource_types(cls)
    out: list[str] = []
    for key, value in outputs.items():
        if key not in types:
            out.append(f"{token}.{key}: not an output of {cls.__name__}")
            continue
        _check(value, types[key], f"{token}.{key}", out, outputs=True)
    return out


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def invoke_result_class(token: str) -> type:
    """The ``Get...Result`` output type of an invoke token such as ``alicloud:cs/getClusterCredential:getClusterCredential``."""
    package, module, function = token.split(":")
    sdk = {"alicloud": "pulumi_alicloud", "gcp": "pulumi_gcp", "kubernetes": "pulumi_kubernetes", "random": "pulumi_random"}[package]
    path = module.split("/")[0]
    mod = importlib.import_module(f"{sdk}.{_snake(function)}" if path == "index" else f"{sdk}.{path}.{_snake(function)}")
    return getattr(mod, f"{function[0].upper()}{function[1:]}Result")


def invoke_output_problems(token: str, result: dict[str, Any]) -> list[str]:
    """Fields a mocked invoke returns that the real invoke's result does not have (or types differently)."""
    out: list[str] = []
    _check(result, invoke_result_class(token), token, out, outputs=True)
    return out
