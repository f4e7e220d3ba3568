"""A Pulumi Python program on disk and the config one of its stacks runs with, run offline.

:class:`Program` is a project directory (``Pulumi.yaml``: its ``name`` and ``main``);
:class:`StackInput` the config of one stack (``Pulumi.<stack>.yaml`` plus overrides, keys as
``<namespace>:<key>``); :func:`plan_stack` runs the program's main file on the offline engine
with that config, as Pulumi's Python language host would.
"""

from __future__ import annotations

import json
import runpy
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventing_platform.rules.model import STAGE_KEY

from .record import PlanRecord
from .runner import run_program

OFFLINE_SECRET = "offline-secret-placeholder"
"""What a ``secure:`` value in a stack file becomes offline (it cannot be decrypted here)."""


class UsageError(ValueError):
    """Bad command-line usage (exit 2)."""


@dataclass(frozen=True)
class Program:
    """A Pulumi Python program: its project directory, project name and main file."""

    directory: Path
    """The project directory (holding ``Pulumi.yaml`` and the ``Pulumi.<stack>.yaml`` files)."""
    project: str
    """The project name (``name`` in ``Pulumi.yaml``): the namespace of config keys given without one."""
    main: Path
    """The file run as ``__main__`` (``main`` in ``Pulumi.yaml``; default ``__main__.py``)."""

    @classmethod
    def at(cls, directory: Path, project: str) -> Program:
        """The program in ``directory`` whose main file is ``__main__.py``."""
        return cls(directory.resolve(), project, directory.resolve() / "__main__.py")

    def stack_file(self, stack: str) -> Path:
        """``Pulumi.<stack>.yaml`` of a stack."""
        return self.directory / f"Pulumi.{stack}.yaml"

    def full_key(self, key: str) -> str:
        """``key`` with the project's namespace when it has none (``stage`` -> ``<project>:stage``)."""
        return key if ":" in key else f"{self.project}:{key}"


@dataclass(frozen=True)
class StackInput:
    """The config one stack runs with: full keys (``namespace:key``), string values, secret keys."""

    program: Program
    """The program the stack belongs to."""
    name: str
    """The stack name."""
    config: dict[str, str]
    """Config as the engine passes it to the program: full keys, string values."""
    secret_keys: frozenset[str]
    """Full keys whose values are secret."""

    @property
    def stage(self) -> str:
        """The stage the stack is planned for (``eventing-platform:stage``; ``dev`` unless configured)."""
        return self.config.get(STAGE_KEY, "dev")


def _config_string(value: Any) -> str:
    """A config value as the Pulumi engine passes it to the program: strings, JSON for objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, sort_keys=True)


def read_stack_file(program: Program, name: str) -> StackInput:
    """Read ``Pulumi.<name>.yaml``; ``secure:`` values become offline placeholders, marked secret."""
    path = program.stack_file(name)
    if not path.is_file():
        raise UsageError(f"{path.name} not found: every stack needs its Pulumi.<stack>.yaml")
    doc = yaml.safe_load(path.read_text()) or {}
    raw = doc.get("config") or {}
    config: dict[str, str] = {}
    secret: set[str] = set()
    for key, value in raw.items():
        key = program.full_key(str(key))
        if isinstance(value, dict) and set(value) == {"secure"}:
            config[key] = OFFLINE_SECRET
            secret.add(key)
        elif isinstance(value, dict) and set(value) == {"value"}:
            config[key] = _config_string(value["value"])
        else:
            config[key] = _config_string(value)
    return StackInput(program, name, config, frozenset(secret))


def _parse_assignment(program: Program, text: str, flag: str) -> tuple[str, str]:
    if "=" not in text:
        raise UsageError(f"{flag} {text!r}: expected KEY=VALUE, e.g. {flag} namespace=demo")
    key, value = text.split("=", 1)
    if not key.strip():
        raise UsageError(f"{flag} {text!r}: the key is empty; expected KEY=VALUE")
    return program.full_key(key.strip()), value


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
        key, value = _parse_assignment(base.program, text, "--config")
        merged[key] = value
        secret_keys.discard(key)
    for text in secrets:
        key, value = _parse_assignment(base.program, text, "--secret")
        merged[key] = value
        secret_keys.add(key)
    if stage is not None:
        merged[STAGE_KEY] = stage
    return StackInput(base.program, base.name, merged, frozenset(secret_keys))


def run_main(program: Program) -> None:
    """Run the program's main file as ``__main__`` (its directory first on ``sys.path``)."""
    if str(program.directory) not in sys.path:
        sys.path.insert(0, str(program.directory))
    runpy.run_path(str(program.main), run_name="__main__")


def plan_stack(stack: StackInput) -> PlanRecord:
    """Run the program's main file for ``stack`` on the offline engine.

    Raises ``ArgsError`` (e.g. a stack's ``ConfigError``) for bad config, before anything is
    registered.
    """
    return run_program(
        lambda: run_main(stack.program),
        project=stack.program.project,
        stack=stack.name,
        config=stack.config,
        secret_keys=stack.secret_keys,
    )


__all__ = ["OFFLINE_SECRET", "Program", "StackInput", "UsageError", "plan_stack", "read_stack_file", "run_main", "with_overrides"]
