"""How the Pulumi engine matches a program's resources to the previous state through aliases, for
checking renames offline (there is no Pulumi CLI here).

A port of ``pkg/resource/deploy/step_generator.go`` (``collapseAliasToUrn``, ``inheritedChildAlias``,
``generateAliases`` and the lookup in ``generateSteps``): a resource is matched by its URN, else by
the first of its aliases found in the old state; a child whose parent was matched through an
alias also gets the parent's old URN type and, when its name starts with the parent's name, that
prefix replaced by the parent's old name. :class:`RegistrationSpy` records what the SDK sends.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from eventing_platform.engine.runner import RecordingMonitor

ROOT_STACK = "pulumi:pulumi:Stack"


@dataclass(frozen=True)
class Registration:
    """One ``RegisterResourceRequest``, as the engine reads it."""

    urn: str
    type: str
    name: str
    parent: str
    custom: bool
    aliases: tuple[Any, ...]
    """``pulumirpc.Alias`` messages: a ``urn`` or a ``spec`` (name, type, parentUrn, noParent, ...)."""


class RegistrationSpy:
    """Records every registration of the offline engine's monitor, in order."""

    def __init__(self) -> None:
        self.registrations: list[Registration] = []

    @contextmanager
    def watching(self, monkeypatch: pytest.MonkeyPatch) -> Iterator[RegistrationSpy]:
        """Record while the block runs (``monkeypatch`` undoes the patch at the end of the test)."""
        register = RecordingMonitor.RegisterResource

        def spy(monitor: RecordingMonitor, request: Any) -> Any:
            if request.type != ROOT_STACK:
                self.registrations.append(Registration(
                    monitor.make_urn(request.parent, request.type, request.name), request.type, request.name,
                    request.parent, bool(request.custom), tuple(request.aliases),
                ))
            return register(monitor, request)

        monkeypatch.setattr(RecordingMonitor, "RegisterResource", spy)
        yield self


def _qualified_type(urn: str) -> str:
    return urn.split("::")[2]


def _name(urn: str) -> str:
    return urn.split("::", 3)[3]


def _prefix(urn: str) -> str:
    stack, project = urn.split("::")[0].removeprefix("urn:pulumi:"), urn.split("::")[1]
    return f"urn:pulumi:{stack}::{project}::"


def _new_urn(prefix: str, parent_type: str, type_: str, name: str) -> str:
    """``resource.NewURN``: the type qualified by the parent's, unless the parent is the stack."""
    qualified = type_ if not parent_type or parent_type == ROOT_STACK else f"{parent_type}${type_}"
    return f"{prefix}{qualified}::{name}"


def _collapse(goal: Registration, alias: Any, aliases: Mapping[str, str]) -> str:
    """``collapseAliasToUrn``."""
    if alias.urn:
        return str(alias.urn)
    spec = alias.spec
    parent = spec.parentUrn or goal.parent
    if spec.parentUrn and spec.parentUrn in aliases:
        parent = aliases[spec.parentUrn]
    if spec.noParent or (parent and _qualified_type(parent) == ROOT_STACK):
        parent = ""
    prefix = _prefix(goal.urn)
    if spec.stack or spec.project:
        stack, project = goal.urn.split("::")[0].removeprefix("urn:pulumi:"), goal.urn.split("::")[1]
        prefix = f"urn:pulumi:{spec.stack or stack}::{spec.project or project}::"
    return _new_urn(prefix, _qualified_type(parent) if parent else "", spec.type or goal.type, spec.name or goal.name)


def _inherited(goal: Registration, child_type: str, child_name: str, parent_alias: str) -> str:
    """``inheritedChildAlias``: the parent's old type, and its old name in place of its new one."""
    parent_name = _name(goal.parent)
    name = _name(parent_alias) + child_name[len(parent_name):] if child_name.startswith(parent_name) else child_name
    return _new_urn(_prefix(goal.urn), _qualified_type(parent_alias), child_type, name)


def match_old_urns(registrations: list[Registration], old_urns: set[str]) -> dict[str, str | None]:
    """New URN -> the old URN the engine matches it to (None: a create), as ``generateSteps`` does."""
    aliases: dict[str, str] = {}  # new URN -> old URN it was matched through (``sg.aliases``)
    matched: dict[str, str | None] = {}
    for goal in registrations:
        candidates = [goal.urn, *(_collapse(goal, a, aliases) for a in goal.aliases)]
        parent_alias = aliases.get(goal.parent)
        if parent_alias is not None:
            candidates.append(_inherited(goal, goal.type, goal.name, parent_alias))
            for a in goal.aliases:
                collapsed = _collapse(goal, a, aliases)
                candidates.append(_inherited(goal, _qualified_type(collapsed).rsplit("$", 1)[-1], _name(collapsed), parent_alias))
        found = next((c for c in dict.fromkeys(candidates) if c in old_urns), None)
        if found is not None and found != goal.urn:
            aliases[goal.urn] = found
        matched[goal.urn] = found
    return matched
