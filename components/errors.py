"""Errors raised for bad component arguments and bad stack configuration."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pulumi
import pydantic

from .redaction import redact_credentials

SECRET_MASK = "[secret]"


@dataclass(frozen=True)
class Problem:
    """One bad input value: where it is, what it was, and what to do about it.

    An input error (component args, stack config), raised inside :class:`ArgsError` before
    anything is registered; not a finding about a planned stack (that is
    ``eventing_platform.analysis.findings.Finding``).
    """

    field: str
    """Dotted path of the bad field, e.g. ``KnativeServiceArgs.scaling.max_scale``."""
    message: str
    """What is wrong and what is allowed, in one sentence."""
    value: object = None
    """The bad value (masked when the field is secret)."""
    has_value: bool = True
    """False when the field was missing rather than bad."""

    def line(self) -> str:
        """Render as one line: ``field: message (got 'value')``, with every credential in it masked
        (URL user info, token query values: :func:`~eventing_platform.redaction.redact_credentials`),
        wherever it is: the value, a message quoting it, a field path through a dict key."""
        head = f"{self.field}: {self.message}"
        if not self.has_value:
            return redact_credentials(head)
        return f"{redact_credentials(head)} (got {_show(self.value)})"


_OBJECT_ADDRESS = re.compile(r"<([\w.]+) object at 0x[0-9a-fA-F]+>")
"""How ``repr`` shows an object without a repr of its own (a Pulumi ``Output``, a coroutine)."""


def _show(value: object) -> str:
    if _is_output(value):
        return "a pulumi.Output"
    # Never a memory address (name the object's type instead), never a credential a value carries
    # (masked before the value is shortened, which could cut a credential off its '@').
    text = redact_credentials(_OBJECT_ADDRESS.sub(lambda m: f"<{m.group(1).rsplit('.', 1)[-1]}>", repr(value)))
    # One line per problem, whatever the value holds.
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= 120 else text[:117] + "..."


class ArgsError(ValueError):
    """Bad arguments to a component or bad stack config; raised before anything is registered.

    ``problems`` lists every bad field; ``str(error)`` is one line per problem.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


class ResolvedArgsError(pulumi.RunError):
    """Bad arguments found once the Pulumi ``Output`` values passed in them resolved.

    Raised in place of those values, so the resources that take them fail to register (and are
    not created); ``problems`` and the message read as the :class:`ArgsError` for the same plain
    values would. A ``pulumi.RunError`` (not a ``ValueError``, which the SDK would wrap in its
    own message while serializing inputs), so ``pulumi up`` reports the message alone, without a
    stack trace; the offline engine reports it as that :class:`ArgsError`.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))

    def as_args_error(self) -> ArgsError:
        """The same problems as the :class:`ArgsError` construction would have raised."""
        return ArgsError(self.problems)


PLAIN_VALUE_REASON = (
    "the component reads it while it is built, before any Output resolves (it decides which "
    "resources are created, how they are named and what they contain); pass the value itself, "
    "e.g. from config"
)
"""Why a field refuses an ``Output``, unless its args class says more (``plain_reasons``)."""

CHILD_NAME_REASON = (
    "it names a child resource, so it is part of that resource's URN, which Pulumi needs before "
    "any Output resolves; pass the name itself"
)
"""Why a field that names a child resource refuses an ``Output``."""


def _is_output(value: object) -> bool:
    return isinstance(value, pulumi.Output) or inspect.isawaitable(value)


_FRIENDLY = {
    "extra_forbidden": "is not a known field here; remove it or fix its spelling",
}
"""pydantic error types whose own message does not say what to do, and a message that does."""


_UNION_TAGS = frozenset({
    "str", "int", "float", "bool", "bytes", "none", "list", "dict", "set", "frozenset", "tuple",
    "constrained-str", "constrained-int", "constrained-float", "constrained-bytes", "lax-str",
    "lax-int", "lax-float", "literal", "enum", "url", "decimal", "uuid", "date", "datetime",
})
"""Tags pydantic appends to the loc of a union member's error (a member named by its type)."""


def _field_loc(raw: tuple[int | str, ...]) -> list[str]:
    # pydantic appends the union member / function name to loc for some errors
    return [part for part in map(str, raw) if not part.startswith("function-") and "[" not in part]


def problems_from_validation_error(
    err: pydantic.ValidationError,
    prefix: str,
    secret_fields: frozenset[str] = frozenset(),
    plain_reasons: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into ``Problem``s with dotted field paths.

    Values of fields named in ``secret_fields`` (top-level names) are masked. A Pulumi
    ``Output`` given where a plain value is needed gets one problem saying so and why
    (``plain_reasons`` by top-level field, else :data:`PLAIN_VALUE_REASON`).
    """
    problems: list[Problem] = []
    outputs_seen: set[str] = set()
    errors = err.errors(include_url=False)
    locs = [_field_loc(e["loc"]) for e in errors]
    # A value no member of a union (``str | Output[str]``) accepts gives one error per member, each
    # with the member's tag at the end of its loc (``image.str``): report the field once.
    tagged = [
        loc[:-1] if len(e["loc"]) > 1 and str(e["loc"][-1]) in _UNION_TAGS else loc
        for e, loc in zip(errors, locs, strict=True)
    ]
    union = {tuple(t) for t in tagged if sum(1 for other in tagged if other == t) > 1}
    reported_unions: set[tuple[str, ...]] = set()
    for e, loc, stripped in zip(errors, locs, tagged, strict=True):
        if tuple(stripped) in union:
            if tuple(stripped) in reported_unions:
                continue
            reported_unions.add(tuple(stripped))
            loc = stripped
        field = ".".join([part for part in [prefix, *loc] if part]) or "(config)"
        nested = (e.get("ctx") or {}).get("error")
        if isinstance(nested, ArgsError):
            # A nested args model validated through its own __init__: keep its problems,
            # re-rooted at this field.
            secret = bool(loc) and loc[0] in secret_fields
            for p in nested.problems:
                rest = p.field.split(".", 1)[1] if "." in p.field else ""
                value, has_value = p.value, p.has_value
                if not has_value and loc:  # the nested model's own rule: show its input
                    value, has_value = e.get("input"), True
                if secret:
                    value = SECRET_MASK
                problems.append(Problem(f"{field}.{rest}" if rest else field, p.message, value, has_value))
            continue
        if _is_output(e.get("input")):
            if field not in outputs_seen:  # one problem, whatever union members pydantic tried
                outputs_seen.add(field)
                reason = (plain_reasons or {}).get(loc[0] if loc else "", PLAIN_VALUE_REASON)
                problems.append(Problem(field, f"must be a plain value, not a pulumi.Output: {reason}", has_value=False))
            continue
        msg = str(e["msg"])
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        missing = e["type"] == "missing"
        if missing:
            msg = "is required; set it"
        elif e["type"] in _FRIENDLY:
            msg = _FRIENDLY[e["type"]]
        value = e.get("input")
        if loc and loc[0] in secret_fields:
            value = SECRET_MASK
        # A model-level rule (no field path) gets the whole input, secrets included: its message
        # names the values it compares, so show none.
        problems.append(Problem(field, msg, value, has_value=not missing and bool(loc)))
    return problems
