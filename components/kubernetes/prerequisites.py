"""Which prerequisite installs a program makes, so every object depends on the one providing its kind.

A Knative Service applied before Knative Serving exists fails (``no matches for kind``); Pulumi
orders resources only by their dependencies. :class:`Prerequisites` remembers the resources
that install each prerequisite (``knative-serving``, ``eventing-kafka-channel``, ...; the ids of
:mod:`eventing_platform.kinds.installs`) and gives each object the ``depends_on`` its kind needs,
read from the catalogue of kinds (``Kind.provided_by``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pulumi

from eventing_platform.kinds import known_kind


class Prerequisites:
    """The installs of one program and the resources that make them."""

    def __init__(self) -> None:
        self._resources: dict[str, list[pulumi.Resource]] = {}

    def add(self, provides: Iterable[str], resource: pulumi.Resource) -> None:
        """Record that ``resource`` (an install component, an ACK cluster with its add-on, ...)
        installs each of ``provides``."""
        for install in provides:
            self._resources.setdefault(install, []).append(resource)

    def installs(self, install: str) -> bool:
        """Whether this program installs ``install``."""
        return install in self._resources

    def depends_on(self, group: str, kind: str, *needs: str) -> list[pulumi.Resource]:
        """The resources an object of ``(group, kind)`` waits for: the install of its kind and of
        each further install it ``needs`` (a Kafka-class Broker needs ``eventing-kafka-broker``).
        Installs this program does not make are the cluster's business (nothing to wait for)."""
        wanted = [known_kind(group, kind).provided_by, *needs]
        found: list[pulumi.Resource] = []
        for install in wanted:
            for resource in self._resources.get(install or "", []):
                if resource not in found:
                    found.append(resource)
        return found

    def options(self, group: str, kind: str, *needs: str) -> pulumi.ResourceOptions:
        """``ResourceOptions(depends_on=...)`` of :meth:`depends_on`."""
        return pulumi.ResourceOptions(depends_on=self.depends_on(group, kind, *needs))
