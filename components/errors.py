"""Errors raised for bad component arguments and bad stack configuration."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
        """Render as one line: ``field: message (got 'value')``."""
        if not self.has_value:
            return f"{self.field}: {self.message}"
        return f"{self.field}: {self.message} (got {_show(self.value)})"


def _show(value: object) -> str:
    # Never repeat a credential a value carries (https://user:password@..., ?token=...).
    text = redact_credentials(repr(value))
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
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into ``Problem``s with dotted field paths.

    Values of fields named in ``secret_fields`` (top-level names) are masked.
    """
    problems = []
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
