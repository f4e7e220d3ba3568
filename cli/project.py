"""What the command line works on: a Pulumi program, its stacks, their config schemas and samples.

The CLI's verbs (``list``, ``plan``, ``route``, ``schema``) are written once against
:class:`CliProject`; ``python -m stacks`` passes this repository's (its five scenarios),
``eventing-platform --program DIR`` any program's (:mod:`.program_project`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventing_platform.engine.program import Program


@dataclass(frozen=True)
class StackEntry:
    """One stack the project ships, as ``list`` prints it."""

    name: str
    """Stack name and ``Pulumi.<name>.yaml`` stem."""
    summary: str
    """One line on what it stands up."""
    details: Mapping[str, str]
    """Further columns of ``list`` (e.g. ``seed``, ``cloud``), in order."""


def plain_list_line(stack: StackEntry) -> str:
    """``list``'s text line of a stack: its name, then its summary."""
    return f"{stack.name:<18} {stack.summary}".rstrip()


@dataclass(frozen=True)
class CliProject:
    """A program and what the CLI knows about its stacks."""

    program: Program
    """The Pulumi program the stacks run."""
    stacks: tuple[StackEntry, ...]
    """The stacks ``plan`` plans by default and ``list`` lists."""
    config_schema: Callable[[str], dict[str, Any]]
    """JSON Schema of one stack's config keys (``schema STACK``)."""
    samples_dir: Path
    """Where sample events live: ``<samples_dir>/<stack>/<name>.json``."""
    list_key: str = "stacks"
    """The key of ``list --format json``'s document holding the rows. Default: ``stacks``."""
    list_line: Callable[[StackEntry], str] = plain_list_line
    """``list``'s text line of one stack. Default: :func:`plain_list_line`."""

    @property
    def stack_names(self) -> list[str]:
        """Names of :attr:`stacks`, in order."""
        return [s.name for s in self.stacks]
