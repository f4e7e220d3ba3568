"""Reading ``Pulumi.<stack>.yaml`` as the Pulumi CLI does, with one clear line for anything it cannot be.

The Pulumi CLI decodes a stack file with ``gopkg.in/yaml.v3`` and turns each config value into
the string the program receives (``sdk/go/common/resource/config``: ``object.MarshalString``):
strings as they are, booleans and numbers as JSON (``true``, ``8``, ``1.5``), lists and maps as
JSON, ``null`` as ``null``, and ``{secure: <ciphertext>}`` as an encrypted secret. Here:

- a value ``{secure: ...}`` becomes :data:`OFFLINE_SECRET` (it cannot be decrypted offline) and
  its key is marked secret; the stack's config model substitutes a placeholder that fits the key;
- a list or mapping holding ``{secure: ...}`` anywhere is secret as a whole key, as under Pulumi
  (``config/object.go``: ``Secure()``), its encrypted leaves :data:`OFFLINE_SECRET`;
- lists and mappings are Pulumi's *object* values (:attr:`StackConfig.objects`): the project's
  typed config declarations check them as JSON, every other value as the string it is;
- a file that is not UTF-8, not YAML, not a mapping, whose ``config`` is not a mapping, with a
  repeated key, an explicit YAML tag (``!!binary``, ``!Ref``, ``!!python/...``) or an unquoted date
  is refused with :class:`StackFileError`, naming the file, the line and the key. Pulumi would pass
  an unquoted date as Go's ``2024-01-02 00:00:00 +0000 UTC``; quoting it keeps it as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

OFFLINE_SECRET = "offline-secret-placeholder"
"""What a ``secure:`` value in a stack file becomes offline (it cannot be decrypted here)."""

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_MAX_BYTES = 4 * 1024 * 1024


class StackFileError(ValueError):
    """A stack file that cannot be read: the message names the file, the line and key, the problem and the fix."""


@dataclass(frozen=True)
class StackConfig:
    """The ``config:`` of a stack file, keys as written (the caller adds namespaces)."""

    values: dict[str, str] = field(default_factory=dict)
    """Key -> the string the program receives (:func:`config_text`). Default: none."""
    secure: set[str] = field(default_factory=set)
    """Keys whose value is (or holds) a ``secure:`` value. Default: none."""
    objects: set[str] = field(default_factory=set)
    """Keys whose value is a list, a mapping or ``null`` (JSON text). Default: none."""


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _nodes(node: yaml.Node) -> Iterator[yaml.Node]:
    yield node
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nodes(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _nodes(key)
            yield from _nodes(value)


def _check_tags(name: str, key: str, node: yaml.Node) -> None:
    for n in _nodes(node):
        if n.tag in _PLAIN_TAGS:
            continue
        where = f"{name}: line {_line(n)}: config key {key!r}"
        if n.tag == f"{_TAG}timestamp":
            raise StackFileError(f"{where}: the unquoted date {n.value} would reach the program as Go's "
                                 f"'{n.value} 00:00:00 +0000 UTC' under the Pulumi CLI; quote it ('{n.value}')")
        raise StackFileError(f"{where}: the YAML tag {n.tag.replace(_TAG, '!!')} is not supported in a stack file; remove it and write the value as plain YAML")


def config_text(value: Any) -> str:
    """A config value as the Pulumi CLI passes it to the program (``object.MarshalString``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))  # Go's JSON encoding of float64
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(value, sort_keys=True)


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"} and isinstance(value["secure"], str)


def _without_ciphertext(value: Any) -> tuple[Any, bool]:
    """``value`` with every ``{secure: ...}`` leaf replaced by :data:`OFFLINE_SECRET`; whether it held one."""
    if _is_secure(value):
        return OFFLINE_SECRET, True
    if isinstance(value, list):
        items = [_without_ciphertext(v) for v in value]
        return [v for v, _ in items], any(s for _, s in items)
    if isinstance(value, dict):
        entries = {k: _without_ciphertext(v) for k, v in value.items()}
        return {k: v for k, (v, _) in entries.items()}, any(s for _, s in entries.values())
    return value, False


def read_config(path: Path) -> StackConfig:
    """The config of a stack file (see :class:`StackConfig`); a :class:`StackFileError` when it cannot be read."""
    name = path.name
    try:
        data = path.read_bytes()[: _MAX_BYTES + 1]
    except OSError as err:
        raise StackFileError(f"{name}: cannot read it ({(err.strerror or str(err)).lower()})") from None
    if len(data) > _MAX_BYTES:
        raise StackFileError(f"{name}: is larger than {_MAX_BYTES // (1024 * 1024)} MiB; a stack file holds config only")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise StackFileError(f"{name}: is not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); save it as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f": line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise StackFileError(f"{name}{where}: not valid YAML ({problem}); fix the syntax (`pulumi config` writes valid files)") from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == f"{_TAG}null"):
        return StackConfig()
    if not isinstance(root, yaml.MappingNode):
        raise StackFileError(f"{name}: line {_line(root)}: the file must be a mapping with a 'config:' key, not a {_kind(root)}")
    config_node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "config"), None)
    if config_node is None or (isinstance(config_node, yaml.ScalarNode) and config_node.tag == f"{_TAG}null"):
        return StackConfig()
    if not isinstance(config_node, yaml.MappingNode):
        raise StackFileError(f"{name}: line {_line(config_node)}: 'config' must be a mapping of keys to values, not a {_kind(config_node)}")
    read = StackConfig()
    lines: dict[str, int] = {}
    loader = yaml.SafeLoader("")
    for key_node, value_node in config_node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            raise StackFileError(f"{name}: line {_line(key_node)}: a config key must be a plain name like 'namespace' or 'aws:region'")
        key = str(key_node.value)
        if key in lines:
            raise StackFileError(f"{name}: line {_line(key_node)}: config key {key!r} is set twice (first on line {lines[key]}); keep one")
        lines[key] = _line(key_node)
        _check_tags(name, key, value_node)
        value = loader.construct_object(value_node, deep=True)
        if isinstance(value, dict) and set(value) == {"value"}:
            value = value["value"]
        value, secure = _without_ciphertext(value)
        read.values[key] = config_text(value)
        if secure:
            read.secure.add(key)
        if value is None or isinstance(value, (list, dict)):
            read.objects.add(key)
    return read


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return f"single value ({node.value!r})"


__all__ = ["OFFLINE_SECRET", "StackConfig", "StackFileError", "config_text", "read_config"]
