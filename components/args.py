"""The base class of every component's args model and shared field types.

A field typed ``Input[X]`` takes a plain value (validated as ``X`` when the args are built) or a
Pulumi ``Output``/awaitable of one; an args object holding Outputs is validated again, by the
very same rules, when they resolve (see :class:`Args`).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeAlias, TypeGuard, TypeVar

import pulumi
import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

from .errors import (
    SECRET_MASK,
    ArgsError,
    Problem,
    ResolvedArgsError,
    problems_from_validation_error,
)

T = TypeVar("T")
R = TypeVar("R")

if TYPE_CHECKING:
    Input: TypeAlias = pulumi.Input[T]
else:

    class Input:
        """``Input[X]``: ``X``, or a Pulumi ``Output`` (or awaitable) of ``X``.

        To type checkers it is ``pulumi.Input[X]``. To pydantic, a plain value is validated as
        ``X`` (its constraints and validators included); an ``Output`` is kept as it is and an
        awaitable becomes an ``Output``, both checked when they resolve (see :class:`Args`).
        """

        def __class_getitem__(cls, item: object) -> object:
            return Annotated[Any, _InputOf(item)]


class _InputOf:
    """pydantic metadata of ``Input[X]``: validate plain values as ``X``, let Outputs through."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def __get_pydantic_core_schema__(self, source: object, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def validate(value: object, plain: core_schema.ValidatorFunctionWrapHandler) -> object:
            if isinstance(value, pulumi.Output):
                return value
            if inspect.isawaitable(value):
                return pulumi.Output.from_input(value)
            return plain(value)

        # The JSON Schema stays the plain type's.
        return core_schema.no_info_wrap_validator_function(validate, handler.generate_schema(self.inner))

    def __repr__(self) -> str:
        return f"Input[{self.inner!r}]"


def input_inner_type(annotation: object) -> object | None:
    """The ``X`` of an ``Input[X]`` annotation as pydantic sees it (``Annotated[Any, ...]``), else None."""
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, _InputOf):
            return meta.inner
    return None


StrInput: TypeAlias = Input[str]
"""A string, or another resource's output that resolves to one (``pulumi.Input[str]``)."""


class Args(pydantic.BaseModel):
    """Base of all component args: frozen, unknown fields rejected, Pulumi outputs allowed.

    Constructing an args object validates it; a bad value raises :class:`ArgsError` whose
    message names the field, the bad value and what is allowed. Rules that need a value an
    ``Output`` holds skip it then; once every ``Output`` in the args resolves, the args are
    validated again with the resolved values, and a bad one raises :class:`ResolvedArgsError`
    (the same message) in place of the values, so the resources that use them are never
    registered.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    secret_fields: ClassVar[frozenset[str]] = frozenset()
    """Fields whose values are masked in error messages."""
    plain_reasons: ClassVar[Mapping[str, str]] = {}
    """Why a field that must be plain refuses an ``Output``, where the general reason
    (:data:`~eventing_platform.errors.PLAIN_VALUE_REASON`) does not say enough."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except pydantic.ValidationError as err:
            cls = type(self)
            problems = problems_from_validation_error(err, cls.__name__, cls.secret_fields, cls.plain_reasons)
            raise ArgsError(problems) from None
        _check_outputs_when_resolved(self)


def is_plain(value: Input[T]) -> TypeGuard[T]:
    """True when ``value`` is known now (not a Pulumi ``Output`` or awaitable) and can be validated."""
    return not isinstance(value, pulumi.Output) and not inspect.isawaitable(value)


def computed(fn: Callable[..., R], *values: object) -> R | pulumi.Output[R]:
    """``fn(*values)``: now when every value is plain, else an ``Output`` of it once they resolve."""
    if all(is_plain(v) for v in values):
        return fn(*values)
    return pulumi.Output.all(*values).apply(lambda resolved: fn(*resolved))


def _outputs_in(value: object) -> Iterator[pulumi.Output[Any]]:
    """Every ``Output`` held by ``value``: itself, or inside its dicts, lists and args models."""
    if isinstance(value, pulumi.Output):
        yield value
    elif isinstance(value, Args):
        for name in type(value).model_fields:
            yield from _outputs_in(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _outputs_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _outputs_in(item)


def _replaced(value: object, by: Mapping[int, object], *, models_as_dicts: bool) -> object:
    """``value`` with each ``Output`` in ``by`` (keyed by ``id``) replaced; args models holding
    one become copies (or dicts of their fields, to be validated again)."""
    if isinstance(value, pulumi.Output):
        return by.get(id(value), value)
    if isinstance(value, Args):
        fields = {name: getattr(value, name) for name in type(value).model_fields}
        changed = {k: _replaced(v, by, models_as_dicts=models_as_dicts) for k, v in fields.items()}
        if models_as_dicts:
            return changed if any(changed[k] is not v for k, v in fields.items()) else value
        update = {k: v for k, v in changed.items() if v is not fields[k]}
        return value.model_copy(update=update) if update else value
    if isinstance(value, dict):
        return {k: _replaced(v, by, models_as_dicts=models_as_dicts) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, by, models_as_dicts=models_as_dicts) for v in value]
    if isinstance(value, tuple):
        return tuple(_replaced(v, by, models_as_dicts=models_as_dicts) for v in value)
    return value


def _check_outputs_when_resolved(model: Args) -> None:
    """Validate ``model`` again once its Outputs resolve, and make each of them wait for that.

    Each Output in the args is replaced by one that carries the same value, dependencies and
    secrecy, but fails with :class:`ResolvedArgsError` when the resolved args break a rule.
    Nothing changes for args without Outputs.
    """
    outputs = list({id(o): o for o in _outputs_in(model)}.values())
    if not outputs:
        return
    cls = type(model)
    fields = {name: getattr(model, name) for name in cls.model_fields}

    async def revalidate(resolved: list[Any]) -> None:
        plain = {id(o): v for o, v in zip(outputs, resolved, strict=True)}
        try:
            cls(**{k: _replaced(v, plain, models_as_dicts=True) for k, v in fields.items()})
        except ArgsError as err:
            secret_values = [v for o, v in zip(outputs, resolved, strict=True) if await o.is_secret()]
            raise ResolvedArgsError(_masked(err.problems, secret_values)) from None

    checked: pulumi.Output[None] = pulumi.Output.all(*outputs).apply(revalidate)
    waiting = {id(o): _after(checked, o) for o in outputs}
    for name, value in fields.items():
        new = _replaced(value, waiting, models_as_dicts=False)
        if new is not value:
            # The model was built just now (no one else holds it): frozen only guards users.
            object.__setattr__(model, name, new)


def _after(check: pulumi.Output[None], output: pulumi.Output[T]) -> pulumi.Output[T]:
    """``output``, once ``check`` has passed (its own dependencies and secrecy, nothing added)."""

    async def value() -> T:
        await check.future()
        return await output.future()  # type: ignore[return-value]  # None only while unknown

    # Tasks, not bare coroutines: an Output that is never awaited (its check failed, or a run
    # was abandoned) leaves no "coroutine was never awaited" warning behind.
    return pulumi.Output(
        asyncio.ensure_future(output.resources()),
        asyncio.ensure_future(value()),
        asyncio.ensure_future(output.is_known()),
        asyncio.ensure_future(output.is_secret()),
    )


def _masked(problems: list[Problem], secret_values: list[Any]) -> list[Problem]:
    """``problems`` with the values that came from secret Outputs masked."""
    if not secret_values:
        return problems
    return [
        Problem(p.field, p.message, SECRET_MASK, p.has_value) if any(p.value == s for s in secret_values) else p
        for p in problems
    ]
