"""Checking a policy pack config (the ``--policy-pack-config`` format) against the rules' schemas.

A config maps ``all`` or a policy id to an enforcement level (``"advisory"``) or to an object of
``enforcementLevel`` and the rule's settings (:meth:`Rule.schema`: ``stage``, ``includeFor``,
``excludeFor`` and its own). :func:`config_problems` lists, one line each, every unknown id,
unknown setting, bad level and value that does not match its schema (type, ``enum``,
``minimum``/``maximum``, array ``items``, ``format: regex``). ``plan`` refuses such a config
before anything runs (exit 2); the CrossGuard pack refuses it when the Pulumi CLI configures it.
Evaluation itself stays lenient (a malformed value falls back to the default), so a rule never
raises on odd input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from .evaluate import ENFORCEMENT_LEVELS
from .model import Rule
from .registry import RULES

ALL = "all"
"""The key that sets the level of every policy."""
LEVEL_KEY = "enforcementLevel"
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,),
}


def _type_ok(value: Any, expected: str) -> bool:
    if expected in ("integer", "number") and isinstance(value, bool):
        return False
    if expected == "integer" and isinstance(value, float) and value.is_integer():
        return True
    return isinstance(value, _TYPES.get(expected, (object,)))


def value_problems(value: Any, schema: Mapping[str, Any], where: str) -> list[str]:
    """What is wrong with ``value`` under ``schema`` (the JSON Schema subset rule settings use)."""
    expected = schema.get("type")
    if isinstance(expected, str) and not _type_ok(value, expected):
        return [f"{where}: must be {'an' if expected[0] in 'aeiou' else 'a'} {expected}, got {type(value).__name__} {value!r:.60}"]
    problems: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: must be one of {', '.join(map(repr, schema['enum']))}, got {value!r:.60}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{where}: must be at least {schema['minimum']}, got {value}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{where}: must be at most {schema['maximum']}, got {value}")
    if isinstance(value, str) and schema.get("format") == "regex":
        try:
            re.compile(value)
        except re.error as err:
            problems.append(f"{where}: {value!r:.60} is not a valid regular expression ({err})")
    if isinstance(value, list) and isinstance(schema.get("items"), Mapping):
        for i, item in enumerate(value):
            problems += value_problems(item, schema["items"], f"{where}[{i}]")
    return problems


def _level_problems(value: Any, where: str) -> list[str]:
    if value in ENFORCEMENT_LEVELS:
        return []
    return [f"{where}: enforcement level {value!r:.40} is not one of {', '.join(ENFORCEMENT_LEVELS)}"]


def _suggest(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f"; did you mean {close[0]!r}?" if close else f"; known ids: {ALL}, " + ", ".join(sorted(known)[:5]) + ", ..."


def config_problems(config: Any, rules: Sequence[Rule] = RULES) -> list[str]:
    """One line per problem of a policy pack config (empty: usable)."""
    if not isinstance(config, Mapping):
        return [f"must be a JSON object keyed by policy id (or '{ALL}'), got {type(config).__name__}"]
    by_id = {r.id: r for r in rules}
    problems: list[str] = []
    for key, entry in config.items():
        where = f"{key!r}"
        if key == ALL:
            level = entry.get(LEVEL_KEY) if isinstance(entry, Mapping) else entry
            problems += _level_problems(level, where)
            if isinstance(entry, Mapping) and set(entry) - {LEVEL_KEY}:
                problems.append(f"{where}: takes only an enforcement level, not settings ({', '.join(sorted(set(entry) - {LEVEL_KEY}))})")
            continue
        rule = by_id.get(key)
        if rule is None:
            problems.append(f"{where}: unknown policy id{_suggest(str(key), list(by_id))}")
            continue
        if isinstance(entry, str):
            problems += _level_problems(entry, where)
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: must be an enforcement level or an object of settings, got {type(entry).__name__}")
            continue
        schema = rule.schema()
        for name, value in entry.items():
            if name == LEVEL_KEY:
                problems += _level_problems(value, f"{where}.{LEVEL_KEY}")
            elif name not in schema:
                close = difflib.get_close_matches(str(name), list(schema), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known: {LEVEL_KEY}, {', '.join(sorted(schema))}"
                problems.append(f"{where}: unknown setting {name!r}; {hint}")
            else:
                problems += value_problems(value, schema[name], f"{where}.{name}")
    return problems


__all__ = ["ALL", "LEVEL_KEY", "config_problems", "value_problems"]
