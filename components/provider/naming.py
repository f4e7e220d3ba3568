"""Names and literals of the generated adapters: schema type names, enum members, modules."""

from __future__ import annotations

import keyword
import re

TYPE_NAMES = {
    "eventing_platform.alicloud.oss.LifecycleRule": "OssLifecycleRule",
    "eventing_platform.gcp.bucket.LifecycleRule": "GcsLifecycleRule",
}
"""Schema type names for models whose class names clash (every type is ``eventing-platform:index:<Name>``)."""

ADAPTERS_PACKAGE = "eventing_platform.provider.adapters"
"""Where the adapter modules live (each mirrors a module of the package)."""

_WORD = re.compile(r"[A-Z]+[0-9]*(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+")


class GenerationError(Exception):
    """The args models cannot be written as adapters (the message says where and why)."""


def pascal(name: str) -> str:
    """``storage_class`` -> ``StorageClass``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def member_name(value: str) -> str:
    """An enum member name for a choice: ``in-memory`` -> ``IN_MEMORY``, ``2.6.2`` -> ``V2_6_2``."""
    name = "_".join(word.upper() for word in _WORD.findall(value))
    if not name or name[0].isdigit():
        name = f"V{name}"
    if not name.isidentifier() or keyword.iskeyword(name):
        raise GenerationError(f"choice {value!r} gives no usable enum member name ({name!r})")
    return name


def docstring(text: str, indent: str) -> str:
    """``text`` as a one-line string literal statement (newlines escaped)."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\n", "\\n")
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return f'{indent}"""{body}"""'



def type_name(model: type) -> str:
    """The schema name of a nested args model: its class name, unless :data:`TYPE_NAMES` renames it."""
    return TYPE_NAMES.get(f"{model.__module__}.{model.__qualname__}", model.__name__)


def adapter_module(module: str) -> str:
    """The adapter module mirroring a module of the package: ``eventing_platform.knative.service``
    -> ``eventing_platform.provider.adapters.knative.service``."""
    return f"{ADAPTERS_PACKAGE}.{module.removeprefix('eventing_platform.')}"
