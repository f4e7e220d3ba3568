"""The base class of every component: naming, parenting and args checking in one place."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

import pulumi

from .args import Args
from .errors import ArgsError, Problem

A = TypeVar("A", bound=Args)
C = TypeVar("C", bound="Component[Any]")

_RESOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Component(pulumi.ComponentResource, Generic[A]):
    """A ``ComponentResource`` whose children are parented to it and named ``f"{name}-<role>"``.

    Subclasses set ``TYPE`` (``eventing-platform:<domain>:<Class>``) and ``ARGS`` (the args
    class); the constructor checks the name and args before anything is registered.

    Children also wait for the ``depends_on`` given to the component: Pulumi does not pass a
    component's dependencies to its children, so ``Bucket(..., depends_on=[enabled_api])`` or
    ``ServiceAccountWithRole(..., depends_on=[namespace])`` would otherwise race.
    """

    TYPE: ClassVar[str]
    ARGS: ClassVar[type[Args]]

    def __new__(cls: type[C], *args: object, **kwargs: object) -> C:
        # Checked here as well as in __init__: a subclass may read its args before calling
        # super().__init__, and a wrong args object must still give an ArgsError, not an
        # AttributeError, and register nothing.
        name = args[0] if args else kwargs.get("name")
        given = args[1] if len(args) > 1 else kwargs.get("args")
        opts = args[2] if len(args) > 2 else kwargs.get("opts")
        cls._check_call(name, given, opts)
        return super().__new__(cls)

    @classmethod
    def _check_call(cls, name: object, args: object, opts: object) -> None:
        """Raise :class:`ArgsError` for a bad resource name, args object or options."""
        if isinstance(name, pulumi.Output):
            raise ArgsError([Problem(
                f"{cls.__name__}.name",
                "must be a plain string, not a pulumi.Output: it is the resource name, part of the URN of this "
                "component and of every child, which Pulumi needs before any Output resolves; pass the name itself",
                has_value=False,
            )])
        if not isinstance(name, str) or not _RESOURCE_NAME.fullmatch(name):
            raise ArgsError([Problem(f"{cls.__name__}.name", "must be a non-empty name of letters, digits, '.', '_' or '-', e.g. 'orders'", name)])
        args_cls = getattr(cls, "ARGS", None)
        if args_cls is not None and not isinstance(args, args_cls):
            raise ArgsError([Problem(
                f"{cls.__name__}.args",
                f"must be a {args_cls.__name__} instance; build it with {args_cls.__name__}(...)",
                type(args).__name__,
            )])
        if opts is not None and not isinstance(opts, pulumi.ResourceOptions):
            raise ArgsError([Problem(
                f"{cls.__name__}.opts",
                "must be a pulumi.ResourceOptions or None; build it with pulumi.ResourceOptions(...)",
                type(opts).__name__,
            )])

    def __init__(self, name: str, args: A, opts: pulumi.ResourceOptions | None = None) -> None:
        cls = type(self)
        cls._check_call(name, args, opts)
        super().__init__(cls.TYPE, name, None, opts)
        self.name = name
        self.args: A = args
        self._inherited_deps = _resources(opts.depends_on if opts is not None else None)

    def register_outputs(self, outputs: Mapping[str, pulumi.Input[Any]]) -> None:
        """Register the component's outputs with Pulumi and keep them in :attr:`registered_outputs`."""
        self.registered_outputs: dict[str, pulumi.Input[Any]] = dict(outputs)
        """What the component registered as its outputs (the component provider serves these to
        other languages)."""
        super().register_outputs(outputs)

    def child(self, role: str, **kwargs: Any) -> tuple[str, pulumi.ResourceOptions]:
        """Name and options for a child: ``f"{name}-{role}"``, parented to this component and
        depending on the component's own dependencies as well as any ``depends_on`` given;
        ``kwargs`` are further ``pulumi.ResourceOptions`` fields (e.g. ``protect``)."""
        deps = [*self._inherited_deps, *_resources(kwargs.pop("depends_on", None))]
        if deps:
            kwargs["depends_on"] = deps
        opts = pulumi.ResourceOptions(parent=self, **kwargs)
        return f"{self.name}-{role}", opts


def _resources(deps: object) -> list[pulumi.Resource]:
    """``depends_on`` as a list of resources (an Output of resources is resolved by Pulumi for
    the component only, so it is not inherited)."""
    if isinstance(deps, pulumi.Resource):
        return [deps]
    if isinstance(deps, (list, tuple)):
        return [d for d in deps if isinstance(d, pulumi.Resource)]
    return []
