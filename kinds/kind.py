"""One entry of the catalogue: what the project knows about a kind of Kubernetes object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .api_versions import GroupVersionKind, is_builtin_group
from .paths import Path, PathGetter, value_at
from .references import ParentResolver

AddressConvention = Callable[[str, str], str]
"""``address(name, namespace)``: the URL an object of the kind is reachable at."""


@dataclass(frozen=True)
class EmittedEvents:
    """The CloudEvents a source emits (what the offline router builds entry events from)."""

    types: tuple[str, ...] = ()
    """Every CloudEvents ``type`` it emits. Default none: whatever its workload sends (ContainerSource)."""
    source: str = ""
    """The CloudEvents ``source`` attribute, a template over ``{namespace}``, ``{name}``,
    ``{project}``, ``{topic}`` and ``{bucket}``. Default empty: not fixed by the source."""

    def source_of(self, **values: Any) -> str:
        """:attr:`source` with the placeholders filled from ``values``."""
        return self.source.format(**values)


@dataclass(frozen=True)
class Kind:
    """A kind the project understands, and where each of its conventions lives."""

    group: str
    """API group; ``""`` for the core group."""
    kind: str
    """Kind, e.g. ``Deployment``."""
    versions: tuple[str, ...]
    """The versions the project reads; the first is the one it renders."""
    node_kind: str | None = None
    """The event-flow node an object of this kind becomes (``broker``, ``knative-service``,
    ``workload``, ...). Default None: not part of the event flow."""
    pod_spec: Path | None = None
    """Path from the object's root to its pod spec (``("spec", "template", "spec")``; a Pod's
    own ``("spec",)``). Default None: the kind runs no containers."""
    address: AddressConvention | None = None
    """The URL an object of this kind is reachable at (its ``status.address.url``). Default None:
    not addressable by convention."""
    delivery: Path | None = None
    """Path to its delivery block (retry, backoff, dead-letter sink). Default None: none."""
    delivery_fallback: Path | None = None
    """Where the delivery block is read when :attr:`delivery` is absent (a Channel's
    ``spec.channelTemplate.spec.delivery``). Default None."""
    delivery_parent: ParentResolver | None = None
    """The object whose delivery applies when the object has none of its own (a Trigger's Broker,
    a Subscription's channel). Default None: it inherits nothing."""
    emits: EmittedEvents | None = None
    """For sources: the events they emit. Default None: not a source."""
    cluster_scoped: bool = False
    """True for kinds without a namespace. Default False."""
    apply_rank: int | None = None
    """Position in ``kubectl apply`` order (lower first: what others depend on). Default None:
    after every ranked kind."""
    changed_by_scaling: frozenset[str] = frozenset()
    """Event-flow node kinds of the receivers whose scaling or restarts change objects of this
    kind in their namespace (a Knative Service scaled from zero: its Deployment, ReplicaSet,
    Pods, Events, Endpoints, Revision status): what an ApiServerSource watching the kind sends
    then. Default none."""
    provided_by: str | None = None
    """Id of the install (:mod:`.installs`) that makes the kind exist on a cluster
    (``knative-serving``). Default None: Kubernetes' own kind, or one no known install provides."""

    @property
    def group_kind(self) -> tuple[str, str]:
        """``(group, kind)``, the catalogue's key."""
        return self.group, self.kind

    @property
    def gvk(self) -> GroupVersionKind:
        """Group, rendered version and kind."""
        return GroupVersionKind(self.group, self.versions[0], self.kind)

    @property
    def api_version(self) -> str:
        """The ``apiVersion`` the project renders (``v1`` for the core group)."""
        return self.gvk.api_version

    @property
    def type_token(self) -> str:
        """The Pulumi type token of the rendered version, e.g. ``kubernetes:apps/v1:Deployment``."""
        return self.gvk.type_token

    @property
    def type_tokens(self) -> tuple[str, ...]:
        """The Pulumi type token of every version the project reads."""
        return tuple(GroupVersionKind(self.group, v, self.kind).type_token for v in self.versions)

    @property
    def builtin(self) -> bool:
        """True for Kubernetes' own kinds (core, ``apps``, ``batch``, ``*.k8s.io``), False for
        custom resources (Knative, cloud event sources, ...)."""
        return is_builtin_group(self.group)

    @property
    def pod_template(self) -> Path | None:
        """Path to the pod template (``metadata`` + ``spec``): :attr:`pod_spec` less its last
        step; ``()`` for a Pod, which is its own template. None without a pod spec."""
        return None if self.pod_spec is None else self.pod_spec[:-1]

    def pod_spec_of(self, obj: Any, get: PathGetter = value_at) -> Any:
        """The pod spec of ``obj`` (None when the kind has none or it is absent)."""
        return None if self.pod_spec is None else get(obj, *self.pod_spec)
