"""Run stacks and component snippets on the offline engine from tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from eventing_platform.engine import PlanRecord, run_program
from eventing_platform.engine.program import plan_stack, read_stack_file, with_overrides
from stacks.repository import PROGRAM

TEST_PROJECT = "eventing-platform"


def plan(
    stack: str,
    config: Mapping[str, Any] | None = None,
    secrets: Mapping[str, str] | None = None,
    stage: str | None = None,
) -> PlanRecord:
    """Plan a shipped stack exactly as ``python -m stacks plan`` does (its real ``__main__.py``).

    ``config`` and ``secrets`` map short keys to values, like ``--config`` / ``--secret``.
    """
    overrides = [f"{k}={v}" for k, v in (config or {}).items()]
    secret_overrides = [f"{k}={v}" for k, v in (secrets or {}).items()]
    return plan_stack(with_overrides(read_stack_file(PROGRAM, stack), overrides, secret_overrides, stage))


def run_components(build: Callable[[], Any], stack: str = "test") -> PlanRecord:
    """Run ``build`` (which constructs components) on the offline engine and return the record.

    Whatever ``build`` returns, if a dict, is exported as stack outputs.
    """

    def program() -> None:
        import pulumi

        result = build()
        if isinstance(result, dict):
            for key, value in result.items():
                pulumi.export(key, value)

    return run_program(program, project=TEST_PROJECT, stack=stack, config={})


def objects_of(record: PlanRecord, kind: str) -> list[dict[str, Any]]:
    """Rendered Kubernetes objects of one kind (as in ``manifests.yaml``)."""
    from eventing_platform.engine.artefacts import manifests

    return [o for o in manifests(record) if o["kind"] == kind]


def one(items: list[Any]) -> Any:
    """The single element of ``items`` (fails otherwise)."""
    assert len(items) == 1, f"expected exactly one, got {len(items)}: {items!r}"
    return items[0]
