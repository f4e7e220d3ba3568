"""``Pulumi.yaml``'s config declarations applied to a stack's config, as ``pulumi up`` applies them
before the program runs (pulumi/pulumi ``pkg/workspace/config.go``: ``mergeConfig`` and
``validateStackConfigValues``):

1. a key the stack does not set takes its declaration's ``default`` (or ``value``), written into
   the stack's config: the program reads it like any other value (text, lists and mappings as JSON);
2. a key of the project's namespace that the stack does not set and that has no default is an
   error: ``Stack 'dev' is missing configuration value 'replicas'``;
3. a key declared with a ``type`` is checked: ``secret: true`` needs a secret value, and the value
   must be of the type (``Stack 'dev' with configuration key 'replicas' must be of type 'integer'``).
   A stack file's plain value is checked as the text it is, a list or mapping as JSON, so a
   quoted ``"[1, 2]"`` is not an ``array``. An encrypted (``secure:``) value cannot be decrypted
   offline: its placeholder passes every type.

Every problem is a :class:`~eventing_platform.engine.program.UsageError` line (exit 2).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .program import Program, StackInput, UsageError, read_stack_file, with_overrides
from .project_file import ConfigDeclaration, ConfigItems, matches_type
from .stack_file import OFFLINE_SECRET, config_text

_SHOWN = 60
"""Characters of a bad value an error line shows."""


def _missing(stack: StackInput, missing: list[ConfigDeclaration]) -> str:
    """Pulumi's line for the keys a stack lacks (sorted when several), and how to set them."""
    keys = sorted(d.name for d in missing)
    listed = f"'{keys[0]}'" if len(keys) == 1 else ", ".join(f"'{k}'" for k in keys[:-1]) + f" and '{keys[-1]}'"
    values = "value" if len(keys) == 1 else "values"
    first = min(missing, key=lambda d: d.name)
    example, secret = first.name.split(":", 1)[-1], "--secret " if first.secret else ""
    flag = "--secret" if first.secret else "--config"
    return (f"Stack '{stack.name}' is missing configuration {values} {listed}; set it in "
            f"{stack.program.stack_file(stack.name).name} (`pulumi config set {secret}{example} VALUE`) or with "
            f"{flag} {example}=VALUE, or give it a default in Pulumi.yaml")


def _fits(type_: str, items: ConfigItems | None, value: Any) -> bool:
    """:func:`matches_type`, with an offline secret placeholder fitting any type."""
    if value == OFFLINE_SECRET:
        return True
    if type_ == "array" and isinstance(value, list) and items is not None:
        return all(_fits(items.type, items.items, item) for item in value)
    return matches_type(type_, items, value)


def _type_problem(stack: StackInput, declaration: ConfigDeclaration) -> str | None:
    key, name = declaration.key, declaration.name
    if declaration.secret and key not in stack.secret_keys:
        short = name.split(":", 1)[-1]
        return (f"Stack '{stack.name}' with configuration key '{name}' must be encrypted as it's secret; set it with "
                f"`pulumi config set --secret {short} VALUE` or --secret {short}=VALUE")
    assert declaration.type is not None
    text = stack.config[key]
    content: Any = text
    if key in stack.objects:
        try:
            content = json.loads(text)
        except ValueError:
            content = text
    if _fits(declaration.type, declaration.items, content):
        return None
    shown = "" if key in stack.secret_keys else f" (got {text[:_SHOWN] + ('...' if len(text) > _SHOWN else '')!r})"
    hint = " as a YAML list or mapping in the stack file" if declaration.type in ("array", "object") else ""
    return (f"Stack '{stack.name}' with configuration key '{name}' must be of type "
            f"'{declaration.full_type}'{shown}; set a value of that type{hint}")


def apply_project_config(stack: StackInput) -> StackInput:
    """``stack`` with the program's config declarations applied (defaults in; required keys and
    types checked); a :class:`UsageError` with one line per problem otherwise."""
    declarations = stack.program.config_declarations
    if not declarations:
        return stack
    config, objects = dict(stack.config), set(stack.objects)
    missing: list[ConfigDeclaration] = []
    for declaration in declarations:
        if declaration.key in config:
            continue
        fallback = declaration.fallback
        if fallback is None:
            if declaration.project_key:
                missing.append(declaration)
            continue
        config[declaration.key] = config_text(fallback)
        if not isinstance(fallback, (str, int, bool)):
            objects.add(declaration.key)
    if missing:
        raise UsageError(_missing(stack, missing))
    applied = StackInput(stack.program, stack.name, config, stack.secret_keys, frozenset(objects))
    problems = [p for d in declarations if d.type is not None and (p := _type_problem(applied, d))]
    if problems:
        raise UsageError("\n".join(problems))
    return applied


def configured_stack(
    program: Program,
    name: str,
    config: Iterable[str] = (),
    secrets: Iterable[str] = (),
    stage: str | None = None,
) -> StackInput:
    """The config stack ``name`` runs with, as under ``pulumi up``: its ``Pulumi.<name>.yaml``,
    then ``--config``/``--secret``/``--stage`` (which ``pulumi config set`` would have saved into
    it), then the program's ``Pulumi.yaml`` declarations."""
    return apply_project_config(with_overrides(read_stack_file(program, name), config, secrets, stage))


__all__ = ["apply_project_config", "configured_stack"]
