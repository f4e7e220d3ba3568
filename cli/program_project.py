"""Any Pulumi Python program as the CLI sees it: ``eventing-platform ... --program DIR``.

- the program: ``DIR/Pulumi.yaml`` (its ``name``, ``main``, ``stackConfigDir`` and ``config``
  declarations; see :mod:`eventing_platform.engine.project_file`);
- its stacks: every ``Pulumi.<stack>.yaml`` beside it (or in ``stackConfigDir``), sorted;
- ``schema``: the JSON Schema of the ``config:`` declarations;
- sample events for ``route --sample NAME``: ``DIR/samples/<stack>/NAME.json`` (one CloudEvent
  in structured JSON form each).
"""

from __future__ import annotations

from pathlib import Path

from eventing_platform.engine.program import Program

from .project import CliProject, StackEntry
from .schema import declared_config_schema

SAMPLES_FOLDER = "samples"
"""The folder of a program's sample events, beside its ``Pulumi.yaml``: ``samples/<stack>/<name>.json``."""
COMMAND = "eventing-platform"
"""The console script."""


def program_project(directory: Path) -> CliProject:
    """The program in ``directory`` (a :class:`~eventing_platform.engine.program.UsageError`
    naming the problem when its ``Pulumi.yaml`` is missing or cannot be used)."""
    program = Program.read(directory)
    return CliProject(
        program=program,
        stacks=tuple(StackEntry(name, "", {}) for name in program.stack_names()),
        config_schema=lambda stack: declared_config_schema(program, stack, COMMAND),
        samples_dir=program.directory / SAMPLES_FOLDER,
    )


__all__ = ["COMMAND", "SAMPLES_FOLDER", "program_project"]
