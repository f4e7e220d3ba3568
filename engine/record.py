"""What one offline run recorded: every registration and the stack outputs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SECRET_PLACEHOLDER = "[secret]"
_SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def is_secret_value(value: Any) -> bool:
    """True for the engine's wrapped-secret form ``{sig: secret, "value": ...}``."""
    return isinstance(value, dict) and value.get(_SECRET_SIG_KEY) == _SECRET_SIG


def mask_secrets(value: Any) -> Any:
    """``value`` with every wrapped secret replaced by ``[secret]`` (see :func:`_replacing_secrets`:
    only the containers on the way to a secret are copies; read the result, never change it)."""
    return _replacing_secrets(value, lambda _secret: SECRET_PLACEHOLDER)


def unwrap_secrets(value: Any) -> Any:
    """``value`` with secrets in plaintext, as the engine hands them to policies (see
    :func:`_replacing_secrets`: read the result, never change it)."""
    return _replacing_secrets(value, lambda secret: unwrap_secrets(secret.get("value")))


def _replacing_secrets(value: Any, replace: Callable[[dict[str, Any]], Any]) -> Any:
    """``value`` with ``replace(secret)`` for every wrapped secret in it.

    Only the dicts and lists on the way to a secret are new; everything else is ``value``'s own
    (``value`` itself when it holds no secret). The views of a record are read many times and
    most inputs hold no secret, so this reads each tree once and copies next to nothing.
    """
    if is_secret_value(value):
        return replace(value)
    if isinstance(value, dict):
        copied: dict[str, Any] | None = None
        for key, item in value.items():
            new = _replacing_secrets(item, replace)
            if new is not item:
                if copied is None:
                    copied = dict(value)
                copied[key] = new
        return value if copied is None else copied
    if isinstance(value, list):
        replaced: list[Any] | None = None
        for index, item in enumerate(value):
            new = _replacing_secrets(item, replace)
            if new is not item:
                if replaced is None:
                    replaced = list(value)
                replaced[index] = new
        return value if replaced is None else replaced
    return value


@dataclass(frozen=True)
class RecordedResource:
    """One ``RegisterResource`` call as the engine saw it.

    ``inputs`` keeps secrets in their wrapped form; use :meth:`masked_inputs` for anything
    written or printed, :meth:`plain_inputs` only to evaluate policies in memory. Neither is a
    copy of the parts without secrets: read them, never change them.
    """

    urn: str
    type: str
    name: str
    parent: str | None
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, tuple[str, ...]]
    provider: str | None
    custom: bool
    inputs: dict[str, Any]
    outputs: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    source: tuple[str, int] | None = None
    """``(absolute path, line)`` of the program line that created the resource (its registration's
    ``sourcePosition``); ``None`` when unknown."""

    def masked_inputs(self) -> dict[str, Any]:
        """Inputs with every secret replaced by ``[secret]``."""
        masked: dict[str, Any] = mask_secrets(self.inputs)
        return masked

    def plain_inputs(self) -> dict[str, Any]:
        """Inputs with secrets unwrapped (never write these anywhere)."""
        plain: dict[str, Any] = unwrap_secrets(self.inputs)
        return plain


@dataclass
class PlanRecord:
    """Everything one run of a stack registered, in stable (URN) order, plus its outputs."""

    project: str
    stack: str
    resources: list[RecordedResource]
    outputs: dict[str, Any]
    secret_outputs: frozenset[str] = frozenset()

    def by_type(self, type_token: str) -> list[RecordedResource]:
        """Resources of one type token."""
        return [r for r in self.resources if r.type == type_token]

    def by_urn(self) -> dict[str, RecordedResource]:
        """Resources indexed by URN."""
        return {r.urn: r for r in self.resources}

    def children(self, parent_urn: str) -> list[RecordedResource]:
        """Direct children of ``parent_urn``."""
        return [r for r in self.resources if r.parent == parent_urn]

    def masked_outputs(self) -> dict[str, Any]:
        """Stack outputs with secret ones replaced by ``[secret]``."""
        return {k: (SECRET_PLACEHOLDER if k in self.secret_outputs else mask_secrets(v)) for k, v in self.outputs.items()}
