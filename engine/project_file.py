"""Reading ``Pulumi.yaml`` as the Pulumi CLI does: the project's name, ``main``, ``stackConfigDir``
and ``config`` declarations, with one clear line for anything it cannot be.

Follows pulumi/pulumi ``sdk/go/common/workspace`` (``project.go``: ``Project``,
``RewriteShorthandConfigValues``, ``Project.Validate``, ``project.json``) and
``pkg/engine/project.go`` (``getPwdMain``):

- ``main`` unset runs the project folder (its ``__main__.py``); a folder runs that folder; a file
  runs that file, with its folder as working directory but *not* on ``sys.path`` (Pulumi's Python
  language host runs it with ``runpy.run_path(<file>)``), so it cannot import its sibling modules;
- ``config:`` entries are declarations: a bare value (string, integer, boolean or list) is the
  ``default`` of a project key (no namespace, or ``<project>:``) and the ``value`` of a key in
  another namespace (``aws:region: us-west-2``); a mapping holds ``type`` (``string``,
  ``integer``, ``boolean``, ``array`` with ``items``, ``object``), ``description``, ``default``,
  ``value`` and ``secret``. :mod:`.project_config` applies them to a stack's config.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_FILE = "Pulumi.yaml"
"""The project file of a Pulumi program."""
CONFIG_TYPES = ("string", "integer", "boolean", "array", "object")
"""The types a config declaration may name (``project.json``: ``simpleConfigType``)."""
_DECLARATION_FIELDS = ("type", "items", "description", "secret", "default", "value")


class ProjectFileError(ValueError):
    """A ``Pulumi.yaml`` that cannot be used: the message names the file, the key, the problem and the fix."""


@dataclass(frozen=True)
class ConfigItems:
    """The item type of an ``array`` config declaration (``items: {type: ..., items: ...}``)."""

    type: str
    """One of :data:`CONFIG_TYPES`."""
    items: ConfigItems | None = None
    """The item type of a nested ``array``. Default: none."""

    @property
    def full_name(self) -> str:
        """``string``, or ``array<string>`` for nested arrays (Pulumi's ``InferFullTypeName``)."""
        return f"array<{self.items.full_name}>" if self.items is not None else self.type


@dataclass(frozen=True)
class ConfigDeclaration:
    """One entry of ``Pulumi.yaml``'s ``config:``, shorthand already rewritten."""

    name: str
    """The key as written (``replicas``, ``shop:replicas`` or ``aws:region``)."""
    key: str
    """The full key, ``<namespace>:<name>`` (the project's namespace when none is written)."""
    project_key: bool
    """True for a key in the project's own namespace (only those may have a type or a default)."""
    type: str | None = None
    """One of :data:`CONFIG_TYPES`, or none (then the stack's value is not checked). Default: none."""
    items: ConfigItems | None = None
    """The item type of an ``array``. Default: none."""
    description: str = ""
    """What the key is for. Default: empty."""
    default: Any = None
    """The value a stack that does not set the key runs with (project keys). Default: none."""
    value: Any = None
    """The value a stack that does not set the key runs with (other namespaces). Default: none."""
    secret: bool = False
    """Whether a stack must set the key with ``--secret`` (checked for typed keys, as by Pulumi). Default: false."""

    @property
    def full_type(self) -> str:
        """The type as Pulumi's messages name it (``array<string>``)."""
        if self.type == "array" and self.items is not None:
            return f"array<{self.items.full_name}>"
        return self.type or ""

    @property
    def fallback(self) -> Any:
        """What a stack without the key gets: ``default``, else ``value``; ``None`` for nothing."""
        return self.default if self.default is not None else self.value


@dataclass(frozen=True)
class ProjectFile:
    """What ``Pulumi.yaml`` says about a Python program."""

    directory: Path
    """The folder holding ``Pulumi.yaml`` (absolute)."""
    name: str
    """The project name: the namespace of config keys given without one."""
    main: Path
    """What runs: the project folder, a folder, or a file (absolute; it exists)."""
    stack_config_dir: Path
    """Where the ``Pulumi.<stack>.yaml`` files are (``stackConfigDir``; default the project folder)."""
    config: tuple[ConfigDeclaration, ...] = ()
    """The ``config:`` declarations, sorted by key as written. Default: none."""
    description: str = ""
    """The project's ``description``. Default: empty."""


_GO_INT = re.compile(r"[+-]?[0-9]+")
_INT64 = range(-(2**63), 2**63)


def matches_type(type_: str, items: ConfigItems | None, value: Any) -> bool:
    """Whether ``value`` is of a declared config type, as Pulumi's ``ValidateConfigValue`` decides.

    ``value`` is what Pulumi compares: a stack's plain value as its string (``"3"``, ``"true"``),
    an object value (a list or mapping) as parsed JSON, a default as written in ``Pulumi.yaml``.
    Integers accept whole numbers and decimal text; booleans ``true``/``false`` or the text.
    """
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, str) and _GO_INT.fullmatch(value) is not None and int(value) in _INT64
    if type_ == "boolean":
        return value in ("true", "false") if isinstance(value, str) else isinstance(value, bool)
    if type_ == "object":
        return isinstance(value, dict)
    if not isinstance(value, list) or items is None:
        return False
    return all(matches_type(items.type, items.items, item) for item in value)


def _where(path: Path, key: str) -> str:
    return f"{path}: {key}"


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ProjectFileError(f"{path}: not found; a Pulumi program's folder holds Pulumi.yaml (create one with `pulumi new python`, or pass --program the folder that has it)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProjectFileError(f"{path}: is not UTF-8 text; save it as UTF-8") from None
    except OSError as err:
        raise ProjectFileError(f"{path}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f": line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise ProjectFileError(f"{path}{where}: not valid YAML ({problem}); fix the syntax") from None
    if not isinstance(data, dict):
        raise ProjectFileError(f"{path}: must be a mapping with at least 'name' and 'runtime'")
    return data


def _runtime_name(path: Path, runtime: Any) -> str:
    name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if not isinstance(name, str) or not name:
        raise ProjectFileError(f"{_where(path, 'runtime')}: missing; a Python program says `runtime: python`")
    return name


def _main(path: Path, directory: Path, main: Any) -> Path:
    if main is None or main == "":
        return directory
    if not isinstance(main, str):
        raise ProjectFileError(f"{_where(path, 'main')}: must be a path (a folder or a .py file), not {main!r}")
    target = (directory / main).resolve()
    if not target.exists():
        raise ProjectFileError(f"{_where(path, 'main')}: project 'main' could not be read: {main!r} does not exist; point it at the program's folder or file")
    if target.is_dir() and not (target / "__main__.py").is_file():
        raise ProjectFileError(f"{_where(path, 'main')}: the folder {main!r} has no __main__.py; Python runs a folder's __main__.py")
    return target


def _items(path: Path, key: str, raw: Any) -> ConfigItems:
    if not isinstance(raw, dict) or "type" not in raw:
        raise ProjectFileError(f"{_where(path, f'config: {key}: items')}: must be a mapping with a 'type' (one of {', '.join(CONFIG_TYPES)})")
    unknown = sorted(set(raw) - {"type", "items"})
    if unknown:
        raise ProjectFileError(f"{_where(path, f'config: {key}: items')}: unknown attribute(s) {', '.join(map(repr, unknown))}; allowed: type, items")
    type_ = raw["type"]
    if type_ not in CONFIG_TYPES:
        raise ProjectFileError(f"{_where(path, f'config: {key}: items: type')}: {type_!r} is not a config type; use one of {', '.join(CONFIG_TYPES)}")
    nested = raw.get("items")
    if type_ == "array" and nested is None:
        raise ProjectFileError(f"{_where(path, f'config: {key}: items')}: an array of arrays needs its own 'items'")
    return ConfigItems(type_, _items(path, key, nested) if nested is not None else None)


def _is_shorthand(raw: Any) -> bool:
    """A value Pulumi rewrites into a declaration (``isPrimitiveValue`` or ``isArray``)."""
    return isinstance(raw, (str, int, bool, list)) and not isinstance(raw, float)


def _declaration(path: Path, project: str, name: Any, raw: Any) -> ConfigDeclaration:
    if not isinstance(name, str) or not name:
        raise ProjectFileError(f"{_where(path, 'config')}: a key must be a name like 'replicas' or 'aws:region', not {name!r}")
    project_key = ":" not in name or name.startswith(f"{project}:")
    key = name if ":" in name else f"{project}:{name}"
    if _is_shorthand(raw):
        raw = {"default": raw} if project_key else {"value": raw}
    elif raw is None:
        raw = {}
    elif not isinstance(raw, dict):
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: must be a string, integer, boolean or list (a default), or a mapping of {', '.join(_DECLARATION_FIELDS)}")
    unknown = sorted(set(raw) - set(_DECLARATION_FIELDS))
    if unknown:
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: unknown attribute(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(_DECLARATION_FIELDS)}")
    type_, default, value = raw.get("type"), raw.get("default"), raw.get("value")
    if type_ is not None and type_ not in CONFIG_TYPES:
        raise ProjectFileError(f"{_where(path, f'config: {name}: type')}: {type_!r} is not a config type; use one of {', '.join(CONFIG_TYPES)}")
    description, secret = raw.get("description") or "", raw.get("secret") or False
    if not isinstance(description, str) or not isinstance(secret, bool):
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: 'description' must be text and 'secret' true or false")
    if default is not None and value is not None:
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: project config '{name}' cannot have both a 'default' and 'value' attribute")
    if type_ == "array" and raw.get("items") is None:
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: The configuration key '{name}' declares an array but does not specify the underlying type via the 'items' attribute")
    items = _items(path, name, raw["items"]) if raw.get("items") is not None else None
    declaration = ConfigDeclaration(name, key, project_key, type_, items, description, default, value, secret)
    if not project_key:
        if type_ is not None:
            raise ProjectFileError(f"{_where(path, f'config: {name}')}: Configuration key '{name}' is not namespaced by the project and should not define a type")
        if default is not None:
            raise ProjectFileError(f"{_where(path, f'config: {name}')}: Configuration key '{name}' is not namespaced by the project and should not define a default value; use 'value'")
        if value is None:
            raise ProjectFileError(f"{_where(path, f'config: {name}')}: Configuration key '{name}' is namespaced and must provide an attribute 'value'")
    elif type_ is not None and default is not None and not matches_type(type_, items, default):
        raise ProjectFileError(f"{_where(path, f'config: {name}')}: The default value specified for configuration key '{name}' is not of the expected type '{declaration.full_type}'")
    return declaration


def read_project_file(directory: Path) -> ProjectFile:
    """``<directory>/Pulumi.yaml`` as the Pulumi CLI reads it; a :class:`ProjectFileError` otherwise.

    Only Python programs are accepted (``runtime: python``).
    """
    directory = directory.resolve()
    path = directory / PROJECT_FILE
    data = _load(path)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ProjectFileError(f"{_where(path, 'name')}: project is missing a 'name' attribute; add e.g. `name: my-project`")
    runtime = _runtime_name(path, data.get("runtime"))
    if runtime != "python":
        raise ProjectFileError(f"{_where(path, 'runtime')}: {runtime!r}: eventing-platform plans Python programs only (runtime: python)")
    config = data.get("config")
    stack_config_dir = data.get("stackConfigDir")
    if isinstance(config, str):  # the deprecated spelling of stackConfigDir
        if stack_config_dir is not None:
            raise ProjectFileError(f"{_where(path, 'config')}: Should not use both config and stackConfigDir to define the stack directory. Use only stackConfigDir instead.")
        stack_config_dir, config = config, None
    if stack_config_dir is not None and not isinstance(stack_config_dir, str):
        raise ProjectFileError(f"{_where(path, 'stackConfigDir')}: must be a folder path relative to Pulumi.yaml")
    if config is not None and not isinstance(config, dict):
        raise ProjectFileError(f"{_where(path, 'config')}: must be a mapping of config keys to declarations")
    declarations = tuple(
        _declaration(path, name, key, raw) for key, raw in sorted((config or {}).items(), key=lambda kv: str(kv[0]))
    )
    description = data.get("description")
    return ProjectFile(
        directory=directory,
        name=name,
        main=_main(path, directory, data.get("main")),
        stack_config_dir=(directory / stack_config_dir).resolve() if stack_config_dir else directory,
        config=declarations,
        description=description if isinstance(description, str) else "",
    )


__all__ = [
    "CONFIG_TYPES", "PROJECT_FILE", "ConfigDeclaration", "ConfigItems", "ProjectFile", "ProjectFileError",
    "matches_type", "read_project_file",
]
