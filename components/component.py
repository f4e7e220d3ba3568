"""The base class of every component: naming, parenting and args checking in one place."""

from __future__ import annotations

import re
from typing import ClassVar, Generic, TypeVar

import pulumi

from .args import Args
from .errors import ArgsError, Problem

A = TypeVar("A", bound=Args)

_RESOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class Component(pulumi.ComponentResource, Generic[A]):
    """A ``ComponentResource`` whose children are parented to it and named ``f"{name}-<role>"``.

    Subclasses set ``TYPE`` (``eventing-platform:<domain>:<Class>``) and ``ARGS`` (the args
    class); the constructor checks the name and args before anything is registered.
    """

    TYPE: ClassVar[str]
    ARGS: ClassVar[type[Args]]

    def __init__(self, name: str, args: A, opts: pulumi.ResourceOptions | None = None) -> None:
        cls = type(self)
        if not isinstance(name, str) or not _RESOURCE_NAME.match(name):
            raise ArgsError([Problem(f"{cls.__name__}.name", "must be a non-empty name of letters, digits, '.', '_' or '-'", name)])
        if not isinstance(args, cls.ARGS):
            raise ArgsError([Problem(
                f"{cls.__name__}.args",
                f"must be a {cls.ARGS.__name__} instance; build it with {cls.ARGS.__name__}(...)",
                type(args).__name__,
            )])
        super().__init__(cls.TYPE, name, None, opts)
        self.name = name
        self.args: A = args

    def child(self, role: str, **kwargs) -> tuple[str, pulumi.ResourceOptions]:
        """Name and options for a child: ``f"{name}-{role}"`` parented to this component."""
        opts = pulumi.ResourceOptions(parent=self, **kwargs)
        return f"{self.name}-{role}", opts
