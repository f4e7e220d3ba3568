"""The base of the Google Cloud components: children also wait for the component's dependencies."""

from __future__ import annotations

from typing import TypeVar

import pulumi

from ..args import Args
from ..component import Component

A = TypeVar("A", bound=Args)


class GcpComponent(Component[A]):
    """A :class:`Component` whose children inherit the ``depends_on`` given to the component.

    Pulumi does not pass a component's ``depends_on`` to its children, so
    ``GcsBucket(..., ResourceOptions(depends_on=[services]))`` alone would let the bucket be
    created before the Storage API is enabled. Here every child waits for those resources too.
    """

    def __init__(self, name: str, args: A, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        deps = opts.depends_on if opts is not None else None
        if deps is None:
            self._inherited_deps: list[pulumi.Resource] = []
        elif isinstance(deps, pulumi.Resource):
            self._inherited_deps = [deps]
        elif isinstance(deps, (list, tuple)):
            self._inherited_deps = [d for d in deps if isinstance(d, pulumi.Resource)]
        else:  # an Output of resources: Pulumi resolves it for the component only
            self._inherited_deps = []

    def child(self, role: str, **kwargs) -> tuple[str, pulumi.ResourceOptions]:
        """Name and options for a child, depending on the component's own dependencies as well."""
        extra = kwargs.pop("depends_on", None) or []
        extra = [extra] if isinstance(extra, pulumi.Resource) else list(extra)
        deps = [*self._inherited_deps, *extra]
        if deps:
            kwargs["depends_on"] = deps
        return super().child(role, **kwargs)
