"""Plan check ``policies``: the policy pack's rules, evaluated in memory on every planned stack.

Writes ``policy-report.json`` and ``policy-report.sarif`` beside ``plan.json`` and prints the
violations grouped by level with resource and fix. Mandatory violations are blocking (``plan``
exits 1). The stage is the stack's ``eventing-platform:stage``; a policy config in the format of
``pulumi preview --policy-pack-config`` is given with ``plan --policy-config FILE`` or, when the
flag is not given, the environment variable ``EVENTING_PLATFORM_POLICY_CONFIG`` (path to the
JSON file).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from eventing_platform.analysis.checks import CheckResult, plan_check
from eventing_platform.engine import PlanRecord
from eventing_platform.engine.program import StackInput, UsageError

from . import POLICY_CONFIG_ENV, report
from .evaluate import PolicyConfigError, evaluate, load_pack_config, resources_from_record
from .pack_config import config_problems

POLICY_CONFIG_FLAG = "--policy-config"
"""``plan``'s flag naming that file; it wins over :data:`POLICY_CONFIG_ENV`."""

_FLAG_FILE: ContextVar[str | None] = ContextVar("policy_config_file", default=None)


@contextlib.contextmanager
def policy_config_file(path: str | Path | None) -> Iterator[None]:
    """Use ``path`` (``plan --policy-config FILE``) as the policy config within the block, instead
    of :data:`POLICY_CONFIG_ENV`; ``None`` leaves the environment variable in charge."""
    token = _FLAG_FILE.set(None if path is None else str(path))
    try:
        yield
    finally:
        _FLAG_FILE.reset(token)


def _artifact(stack: StackInput) -> str:
    """The file code-scanning views attach findings to: the stack's config file."""
    return f"Pulumi.{stack.name}.yaml"


def policy_config_from_env() -> dict[str, Any] | None:
    """The policy config named by ``--policy-config`` (see :func:`policy_config_file`), else by
    ``EVENTING_PLATFORM_POLICY_CONFIG`` (``None`` when neither is given), checked against the
    rules' schemas: a :class:`UsageError` (one line per problem, naming its source) otherwise."""
    flag = _FLAG_FILE.get()
    source, path = (POLICY_CONFIG_FLAG, flag) if flag else (POLICY_CONFIG_ENV, os.environ.get(POLICY_CONFIG_ENV))
    if not path:
        return None
    try:
        pack_config = load_pack_config(path)
    except PolicyConfigError as err:
        raise UsageError(f"{source}: {err}") from None
    problems = config_problems(pack_config)
    if problems:
        raise UsageError("\n".join(f"{source} {path}: {p}" for p in problems))
    return pack_config


@plan_check("policies")
def policy_check(stack: StackInput, record: PlanRecord) -> CheckResult:
    """Evaluate every rule on the stack's recorded resources (plain inputs stay in memory)."""
    pack_config = policy_config_from_env()
    findings = evaluate(resources_from_record(record), stack_stage=stack.stage, pack_config=pack_config)
    return CheckResult(
        findings=findings,
        files={
            "policy-report.json": report.to_json(stack.name, stack.stage, findings),
            "policy-report.sarif": report.to_sarif(stack.name, stack.stage, findings, _artifact(stack)),
        },
        text=report.to_text(stack.name, stack.stage, findings),
    )
