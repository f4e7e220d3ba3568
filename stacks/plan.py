"""Plan a stack offline: its ``Pulumi.<stack>.yaml`` config plus overrides, run through the engine."""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from components.errors import Problem

from .config import PROJECT, ConfigError
from .engine import PlanRecord, run_program

PROJECT_DIR = Path(__file__).resolve().parent.parent
OFFLINE_SECRET = "offline-secret-placeholder"
"""What a ``secure:`` value in a stack file becomes offline (it cannot be decrypted here)."""


class UsageError(ValueError):
    """Bad command-line usage (exit 2)."""


@dataclass(frozen=True)
class StackInput:
    """The config one stack runs with: full keys (``project:key``), string values, secret keys."""

    name: str
    config: dict[str, str]
    secret_keys: frozenset[str]

    @property
    def stage(self) -> str:
        """The stage the stack is planned for (``dev`` unless configured)."""
        return self.config.get(f"{PROJECT}:stage", "dev")


def stack_file(name: str, project_dir: Path = PROJECT_DIR) -> Path:
    """``Pulumi.<name>.yaml`` of a stack."""
    return project_dir / f"Pulumi.{name}.yaml"


def _config_string(value: Any) -> str:
    """A config value as the Pulumi engine passes it to the program: strings, JSON for objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, sort_keys=True)


def _full_key(key: str) -> str:
    return key if ":" in key else f"{PROJECT}:{key}"


def read_stack_file(name: str, project_dir: Path = PROJECT_DIR) -> StackInput:
    """Read ``Pulumi.<name>.yaml``; ``secure:`` values become offline placeholders, marked secret."""
    path = stack_file(name, project_dir)
    if not path.is_file():
        raise UsageError(f"{path.name} not found: every stack needs its Pulumi.<stack>.yaml")
    doc = yaml.safe_load(path.read_text()) or {}
    raw = doc.get("config") or {}
    config: dict[str, str] = {}
    secret: set[str] = set()
    for key, value in raw.items():
        key = _full_key(str(key))
        if isinstance(value, dict) and set(value) == {"secure"}:
            config[key] = OFFLINE_SECRET
            secret.add(key)
        elif isinstance(value, dict) and set(value) == {"value"}:
            config[key] = _config_string(value["value"])
        else:
            config[key] = _config_string(value)
    return StackInput(name, config, frozenset(secret))


def _parse_assignment(text: str, flag: str) -> tuple[str, str]:
    if "=" not in text:
        raise UsageError(f"{flag} {text!r}: expected KEY=VALUE, e.g. {flag} namespace=demo")
    key, value = text.split("=", 1)
    if not key.strip():
        raise UsageError(f"{flag} {text!r}: the key is empty; expected KEY=VALUE")
    return _full_key(key.strip()), value


def with_overrides(
    base: StackInput,
    config: Iterable[str] = (),
    secrets: Iterable[str] = (),
    stage: str | None = None,
) -> StackInput:
    """Apply ``--config``/``--secret KEY=VALUE`` and ``--stage`` as ``pulumi config set`` would."""
    merged = dict(base.config)
    secret_keys = set(base.secret_keys)
    for text in config:
        key, value = _parse_assignment(text, "--config")
        merged[key] = value
        secret_keys.discard(key)
    for text in secrets:
        key, value = _parse_assignment(text, "--secret")
        merged[key] = value
        secret_keys.add(key)
    if stage is not None:
        merged[f"{PROJECT}:stage"] = stage
    return StackInput(base.name, merged, frozenset(secret_keys))


def _run_main(project_dir: Path) -> None:
    if str(project_dir) not in sys.path:
        sys.path.insert(0, str(project_dir))
    runpy.run_path(str(project_dir / "__main__.py"), run_name="__main__")


def plan_stack(stack: StackInput, project_dir: Path = PROJECT_DIR) -> PlanRecord:
    """Run the project's ``__main__.py`` for ``stack`` on the offline engine.

    Raises :class:`ConfigError` (or another ``ArgsError``) for bad config, before anything is
    registered.
    """
    return run_program(
        lambda: _run_main(project_dir),
        project=PROJECT,
        stack=stack.name,
        config=stack.config,
        secret_keys=stack.secret_keys,
    )


def check_known_stacks(names: Iterable[str], known: Mapping[str, object]) -> list[Problem]:
    """Problems for stack names that are not scenarios."""
    allowed = ", ".join(sorted(known))
    return [Problem("STACK", f"is not a stack; choose from: {allowed}", n) for n in names if n not in known]


__all__ = ["ConfigError", "StackInput", "UsageError", "plan_stack", "read_stack_file", "with_overrides"]
