"""The JSON Schema of a stack's config (``schema STACK``).

For this repository's stacks it is generated from the stack's pydantic config model
(:func:`config_schema`), so it is exactly what ``plan`` and ``pulumi up`` accept: every key with
its type, default, allowed values (``enum``, bounds, patterns, lengths) and description. For any
other program it is generated from ``Pulumi.yaml``'s ``config:`` declarations
(:func:`declared_config_schema`): what ``pulumi up`` checks, no more. Secret keys carry
``writeOnly: true`` and ``format: password``; set them with ``pulumi config set --secret``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from eventing_platform.engine.program import Program
from eventing_platform.engine.project_file import ConfigDeclaration, ConfigItems

if TYPE_CHECKING:  # a program's declared schema needs no pydantic; a model's brings its own
    import pydantic

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _drop_null_branch(prop: dict[str, Any]) -> dict[str, Any]:
    """``X | None`` as the config sees it: ``X``, with ``default: null`` meaning "unset".

    A Pulumi config value cannot be null (an unset key takes the default), so the ``null``
    member pydantic emits for optional keys is dropped and its siblings' constraints lifted.
    """
    members = prop.get("anyOf")
    if not members:
        return prop
    rest = [m for m in members if m != {"type": "null"}]
    if len(rest) == len(members):
        return prop
    out = {k: v for k, v in prop.items() if k != "anyOf"}
    if len(rest) == 1:
        return {**rest[0], **out}
    out["anyOf"] = rest
    return out


_FIRST = ("type", "enum", "const", "default", "description", "format", "writeOnly")


def _ordered(prop: dict[str, Any]) -> dict[str, Any]:
    """Keys a reader looks for first (type, allowed values, default, description), then the rest."""
    first = {k: prop[k] for k in _FIRST if k in prop}
    rest = sorted(k for k in prop if k not in first and not k.startswith("x-"))
    tail = sorted(k for k in prop if k.startswith("x-"))
    return {**first, **{k: prop[k] for k in rest}, **{k: prop[k] for k in tail}}


def _json_default(value: Any) -> Any:
    """A default value as JSON (a model as its dict, a tuple/set as a list)."""
    import pydantic

    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (tuple, set, frozenset)):
        return [_json_default(v) for v in value]
    if isinstance(value, list):
        return [_json_default(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_default(v) for k, v in value.items()}
    return value


def config_schema(
    model: type[pydantic.BaseModel],
    *,
    project: str,
    stack: str,
    secrets: frozenset[str],
    leading: Mapping[str, dict[str, Any]] | None = None,
    command: str = "python -m stacks",
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the config keys of ``model`` for stack ``stack``.

    Keys are the short names (``stage``); ``x-pulumi-key`` gives the full one
    (``<project>:stage``). Values are shown as the typed value the key takes; Pulumi
    stores every config value as a string, and ``plan``/``pulumi up`` parse it (numbers,
    booleans, JSON for lists and objects). ``secrets`` names the secret keys; ``leading`` are
    properties listed before the model's (e.g. a key the program reads before the model);
    ``command`` is how the offline CLI is invoked, for the description.
    """
    raw = copy.deepcopy(model.model_json_schema(mode="validation"))
    properties: dict[str, Any] = {k: dict(v) for k, v in (leading or {}).items()}
    for name, prop in (raw.get("properties") or {}).items():
        prop = _drop_null_branch(prop)
        prop.pop("title", None)
        prop["x-pulumi-key"] = f"{project}:{name}"
        field = model.model_fields[name]
        if field.is_required():
            prop.pop("default", None)
        elif "default" not in prop and field.default_factory is not None:
            prop["default"] = _json_default(field.get_default(call_default_factory=True))
        if name in secrets:
            prop["writeOnly"] = True
            prop["format"] = "password"
            prop["x-pulumi-secret"] = True
        if "type" not in prop and "anyOf" not in prop and "$ref" not in prop and "enum" in prop:
            prop["type"] = "string"
        properties[name] = _ordered(prop)
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:{project}:stack-config:{stack}",
        "title": f"Config of the {stack} stack",
        "description": (raw.get("description") or "").strip()
        + f" Set keys with `pulumi config set <key> <value>` (secrets with --secret) in"
        f" Pulumi.{stack}.yaml, or offline with `{command} plan {stack}"
        " --config KEY=VALUE` / `--secret KEY=VALUE`.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    if required:
        schema["required"] = required
    if raw.get("$defs"):
        schema["$defs"] = raw["$defs"]
    return schema


def _items_schema(items: ConfigItems) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": items.type}
    if items.items is not None:
        schema["items"] = _items_schema(items.items)
    return schema


def _declared_property(declaration: ConfigDeclaration) -> dict[str, Any]:
    prop: dict[str, Any] = {}
    if declaration.type is not None:
        prop["type"] = declaration.type
    if declaration.items is not None:
        prop["items"] = _items_schema(declaration.items)
    if declaration.fallback is not None:
        prop["default"] = declaration.fallback
    if declaration.description:
        prop["description"] = declaration.description
    if declaration.secret:
        prop.update({"writeOnly": True, "format": "password", "x-pulumi-secret": True})
    prop["x-pulumi-key"] = declaration.key
    return _ordered(prop)


def declared_config_schema(program: Program, stack: str, command: str = "eventing-platform") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the config keys ``Pulumi.yaml`` declares, for stack ``stack``.

    Keys of the project's namespace are listed by their short name, others by their full key
    (``aws:region``); ``x-pulumi-key`` gives the full one. ``required`` lists the project keys
    without a default (``pulumi up`` refuses a stack without them). Undeclared keys are allowed,
    as by Pulumi.
    """
    properties: dict[str, Any] = {}
    required: list[str] = []
    for declaration in program.config_declarations:
        name = declaration.key.split(":", 1)[1] if declaration.project_key else declaration.key
        properties[name] = _declared_property(declaration)
        if declaration.project_key and declaration.fallback is None:
            required.append(name)
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"urn:{program.project}:stack-config:{stack}",
        "title": f"Config of the {stack} stack",
        "description": (program.description.strip() + " " if program.description.strip() else "")
        + "The config keys Pulumi.yaml declares. Set keys with `pulumi config set <key> <value>` (secrets with"
        f" --secret) in {program.stack_file(stack).name}, or offline with `{command} plan --program DIR"
        f" --stack {stack} --config KEY=VALUE` / `--secret KEY=VALUE`.",
        "type": "object",
        "additionalProperties": True,
        "properties": properties,
    }
    if required:
        schema["required"] = required
    return schema


__all__ = ["JSON_SCHEMA_DIALECT", "config_schema", "declared_config_schema"]
