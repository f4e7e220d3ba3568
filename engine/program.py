"""A Pulumi Python program on disk and the config one of its stacks runs with, run offline.

:class:`Program` is a project directory (``Pulumi.yaml``: its ``name`` and ``main``);
:class:`StackInput` the config of one stack (``Pulumi.<stack>.yaml`` plus overrides, keys as
``<namespace>:<key>``); :func:`plan_stack` runs the program's main file on the offline engine
with that config, as Pulumi's Python language host would.
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventing_platform.rules.model import STAGE_KEY

from .project_file import ConfigDeclaration, ProjectFileError, read_project_file
from .record import PlanRecord
from .stack_file import OFFLINE_SECRET, StackFileError, read_config

CONFIG_VARIABLES = ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS")
"""What the Pulumi CLI's Python language host sets for the program: the stack's config (JSON,
full keys, string values) and its secret keys (a JSON list). It sets them from the stack's own
config whatever the environment held, so a ``PULUMI_CONFIG`` in the user's environment never
reaches a program run by ``pulumi up``; :func:`plan_stack` does the same."""

class UsageError(ValueError):
    """Bad command-line usage (exit 2)."""


@dataclass(frozen=True)
class Program:
    """A Pulumi Python program: its project directory, project name and main file."""

    directory: Path
    """The project directory (holding ``Pulumi.yaml``)."""
    project: str
    """The project name (``name`` in ``Pulumi.yaml``): the namespace of config keys given without one."""
    main: Path
    """The file run as ``__main__`` (``main`` in ``Pulumi.yaml``: a folder's ``__main__.py``, or
    a file; default the project folder's ``__main__.py``). Its folder is the working directory."""
    runs_folder: bool = True
    """Whether the main file's folder is first on ``sys.path`` (``main`` unset or a folder, which
    Python runs as a folder); false when ``main`` names a file, as under Pulumi's Python language
    host, which runs a file without adding its folder. Default: true."""
    stack_config_dir: Path | None = None
    """Where the ``Pulumi.<stack>.yaml`` files are (``stackConfigDir``); none for :attr:`directory`. Default: none."""
    config_declarations: tuple[ConfigDeclaration, ...] = ()
    """``Pulumi.yaml``'s ``config:`` declarations (defaults, required keys, types). Default: none."""
    description: str = ""
    """``Pulumi.yaml``'s ``description``. Default: empty."""

    @classmethod
    def at(cls, directory: Path, project: str) -> Program:
        """The program in ``directory`` whose main file is ``__main__.py`` (``Pulumi.yaml`` not read)."""
        return cls(directory.resolve(), project, directory.resolve() / "__main__.py")

    @classmethod
    def read(cls, directory: Path) -> Program:
        """The program ``directory/Pulumi.yaml`` describes (a :class:`UsageError` when it cannot be used)."""
        try:
            project = read_project_file(directory)
        except ProjectFileError as err:
            raise UsageError(str(err)) from None
        runs_folder = project.main.is_dir()
        return cls(
            directory=project.directory,
            project=project.name,
            main=project.main / "__main__.py" if runs_folder else project.main,
            runs_folder=runs_folder,
            stack_config_dir=project.stack_config_dir,
            config_declarations=project.config,
            description=project.description,
        )

    def stack_file(self, stack: str) -> Path:
        """``Pulumi.<stack>.yaml`` of a stack."""
        return (self.stack_config_dir or self.directory) / f"Pulumi.{stack}.yaml"

    def stack_names(self) -> list[str]:
        """The stacks with a ``Pulumi.<stack>.yaml`` file, sorted."""
        folder = self.stack_config_dir or self.directory
        names = (p.name[len("Pulumi."):-len(".yaml")] for p in folder.glob("Pulumi.*.yaml") if p.is_file())
        return sorted(n for n in names if n)

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
    objects: frozenset[str] = frozenset()
    """Full keys whose values are lists, mappings or ``null`` written in the stack file (Pulumi's
    object values, JSON text); the project's typed config declarations parse them. Default: none."""

    @property
    def stage(self) -> str:
        """The stage the stack is planned for (``eventing-platform:stage``; ``dev`` unless configured)."""
        return self.config.get(STAGE_KEY, "dev")


def read_stack_file(program: Program, name: str) -> StackInput:
    """Read ``Pulumi.<name>.yaml`` as the Pulumi CLI does (see :mod:`.stack_file`); ``secure:``
    values become offline placeholders, marked secret. A bad file is a :class:`UsageError`."""
    path = program.stack_file(name)
    if not path.is_file():
        raise UsageError(f"{path.name} not found: every stack needs its Pulumi.<stack>.yaml")
    try:
        read = read_config(path)
    except StackFileError as err:
        raise UsageError(str(err)) from None
    config = {program.full_key(k): v for k, v in read.values.items()}
    return StackInput(
        program, name, config,
        frozenset(program.full_key(k) for k in read.secure), frozenset(program.full_key(k) for k in read.objects),
    )


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
    objects = set(base.objects)
    for text in config:
        key, value = _parse_assignment(base.program, text, "--config")
        merged[key] = value
        secret_keys.discard(key)
        objects.discard(key)
    for text in secrets:
        key, value = _parse_assignment(base.program, text, "--secret")
        merged[key] = value
        secret_keys.add(key)
        objects.discard(key)
    if stage is not None:
        merged[STAGE_KEY] = stage
        objects.discard(STAGE_KEY)
    return StackInput(base.program, base.name, merged, frozenset(secret_keys), frozenset(objects))


def run_main(program: Program) -> None:
    """Run the program's main file as ``__main__`` (its folder first on ``sys.path`` when
    :attr:`Program.runs_folder`)."""
    folder = str(program.main.parent)
    if program.runs_folder and folder not in sys.path:
        sys.path.insert(0, folder)
    runpy.run_path(str(program.main), run_name="__main__")


@contextlib.contextmanager
def _in_program_folder(program: Program) -> Iterator[None]:
    """The main file's folder as working directory and ``sys.argv`` ``[main]`` for the block, as
    the language host runs a program (paths the program opens are relative to it)."""
    try:
        saved_cwd: str | None = os.getcwd()
    except FileNotFoundError:  # the caller's folder was removed: nothing to go back to
        saved_cwd = None
    saved_argv = sys.argv
    os.chdir(program.main.parent)
    sys.argv = [str(program.main)]
    try:
        yield
    finally:
        sys.argv = saved_argv
        if saved_cwd is not None:
            os.chdir(saved_cwd)


def ambient_config_variables() -> list[str]:
    """Which of :data:`CONFIG_VARIABLES` the environment sets (``plan`` ignores them, as ``pulumi up`` does)."""
    return [v for v in CONFIG_VARIABLES if v in os.environ]


@contextlib.contextmanager
def _language_host_environment(stack: StackInput) -> Iterator[None]:
    """Set ``PULUMI_CONFIG`` / ``PULUMI_CONFIG_SECRET_KEYS`` to the stack's config for the block, as
    the Python language host does for ``pulumi up`` (the environment's own values never count)."""
    saved = {v: os.environ.get(v) for v in CONFIG_VARIABLES}
    os.environ["PULUMI_CONFIG"] = json.dumps(stack.config, sort_keys=True)
    os.environ["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(sorted(stack.secret_keys))
    try:
        yield
    finally:
        for variable, value in saved.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value


def plan_stack(stack: StackInput) -> PlanRecord:
    """Run the program's main file for ``stack`` on the offline engine, as ``pulumi up`` would.

    The program sees exactly the stack's config (stack file, then ``--config``/``--secret``,
    then ``--stage``), also in ``PULUMI_CONFIG``; the environment's ``PULUMI_CONFIG`` is ignored,
    as under the Pulumi CLI. Raises ``ArgsError`` (e.g. a stack's ``ConfigError``) for bad
    config, before anything is registered.
    """
    # Pulumi loads when a program runs, not when a program or its stack files are read (`list`, `schema`).
    from .runner import run_program

    with _language_host_environment(stack), _in_program_folder(stack.program):
        return run_program(
            lambda: run_main(stack.program),
            project=stack.program.project,
            stack=stack.name,
            config=stack.config,
            secret_keys=stack.secret_keys,
        )


__all__ = [
    "CONFIG_VARIABLES", "OFFLINE_SECRET", "Program", "StackInput", "UsageError", "ambient_config_variables",
    "plan_stack", "read_stack_file", "run_main", "with_overrides",
]
