"""This repository as the offline CLI sees it: its Pulumi program, its scenarios and their samples.

``python -m stacks ...`` is :func:`eventing_platform.cli.main.main` run on :data:`REPOSITORY`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eventing_platform.cli import main as cli
from eventing_platform.cli.project import CliProject, StackEntry
from eventing_platform.cli.schema import config_schema as model_schema
from eventing_platform.engine.program import Program

from .project import PROJECT, SCENARIO_KEY
from .samples import SAMPLES_DIR
from .scenarios import SCENARIOS, Scenario

PROJECT_DIR = Path(__file__).resolve().parent.parent
"""The project directory: ``Pulumi.yaml``, ``__main__.py`` and the ``Pulumi.<stack>.yaml`` files."""

PROGRAM = Program.read(PROJECT_DIR)
"""The Pulumi program every scenario runs (``Pulumi.yaml``: project ``eventing-platform``, ``__main__.py``)."""
assert PROGRAM.project == PROJECT, f"Pulumi.yaml names the project {PROGRAM.project!r}; the stacks read {PROJECT!r} config"


def config_schema(scenario: Scenario) -> dict[str, Any]:
    """The JSON Schema of a scenario's config keys, ``scenario`` first."""
    model = scenario.config_model
    scenario_key = {
        "type": "string",
        "enum": sorted(SCENARIOS),
        "default": scenario.name,
        "description": f"Which scenario this stack runs. Default: the stack's own name ('{scenario.name}').",
        "x-pulumi-key": f"{PROJECT}:{SCENARIO_KEY}",
    }
    return model_schema(model, project=PROJECT, stack=scenario.name, secrets=model.secret_keys(), leading={SCENARIO_KEY: scenario_key})


def list_line(stack: StackEntry) -> str:
    """``list``'s line of a scenario: name, seed, cloud and summary."""
    seed, cloud = stack.details.get("seed", ""), stack.details.get("cloud", "")
    return f"{stack.name:<18} seed {seed}  {cloud:<10} {stack.summary}"


REPOSITORY = CliProject(
    program=PROGRAM,
    stacks=tuple(StackEntry(s.name, s.summary, {"seed": s.seed, "cloud": s.cloud}) for s in SCENARIOS.values()),
    config_schema=lambda stack: config_schema(SCENARIOS[stack]),
    samples_dir=SAMPLES_DIR,
    list_key="scenarios",
    list_line=list_line,
)
"""The CLI's view of this repository."""


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m stacks``: the CLI on this repository; returns the exit code."""
    return cli.main(argv, REPOSITORY)
