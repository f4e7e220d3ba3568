"""Objects whose prerequisites are missing, unordered or unmaintained.

For every custom object of a plan (:func:`.needs.object_needs`), each install it needs must be
made by the program (:func:`.sites.install_sites`) or declared provided by the cluster
(:mod:`.declared`). When the program makes it, the object must depend on the resource that
does (directly, through its provider, or through what it depends on): Pulumi orders resources
only by their dependencies, so an object that does not wait for its install races it. An
install whose upstream is archived or legacy is reported as advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventing_platform.engine import PlanRecord
from eventing_platform.kinds.installs import ARCHIVED, LEGACY, ProvidedDeclaration, install_of

from .declared import PROVIDED_KINDS_ENV, PROVIDED_KINDS_KEY
from .needs import ObjectNeed, object_needs
from .sites import InstallSite, install_sites

MISSING = "missing"
UNORDERED = "unordered"
UNMAINTAINED = "unmaintained"


@dataclass(frozen=True)
class PrerequisiteProblem:
    """One problem: a kind's objects lack an install, race it, or need an unmaintained one."""

    kind: str
    """:data:`MISSING`, :data:`UNORDERED` or :data:`UNMAINTAINED`."""
    api_version: str
    """The objects' ``apiVersion``."""
    object_kind: str
    """The objects' ``kind``."""
    objects: tuple[ObjectNeed, ...]
    """The objects concerned."""
    install: str
    """The install id (for a kind no install is known to provide: ``<group>/<Kind>``)."""
    message: str
    """One line: what is wrong."""
    fix: str
    """How to fix it."""

    @property
    def blocking(self) -> bool:
        """Missing and unordered installs fail ``pulumi up``; an unmaintained one is advice."""
        return self.kind != UNMAINTAINED

    @property
    def urn(self) -> str:
        """The first object's URN (where a report points)."""
        return self.objects[0].urn


def _declare_hint(entry: str) -> str:
    return f"declare the cluster provides it: {PROVIDED_KINDS_KEY} [\"{entry}\"] (or {PROVIDED_KINDS_ENV}={entry})"


def _names(objects: Iterable[ObjectNeed]) -> str:
    return ", ".join(o.label for o in objects)


def _dependencies(record: PlanRecord) -> dict[str, set[str]]:
    """Everything each resource waits for: its dependencies and its provider's, transitively."""
    by_urn = record.by_urn()
    direct: dict[str, set[str]] = {}
    for r in record.resources:
        deps = set(r.dependencies)
        if r.provider:
            deps.add(r.provider.rpartition("::")[0])  # "<provider URN>::<provider id>"
        direct[r.urn] = deps
    children: dict[str, list[str]] = {}
    for r in record.resources:
        if r.parent:
            children.setdefault(r.parent, []).append(r.urn)
    closed: dict[str, set[str]] = {}

    def close(urn: str, seen: frozenset[str]) -> set[str]:
        if urn in closed:
            return closed[urn]
        found: set[str] = set()
        for dep in direct.get(urn, set()):
            if dep in seen:
                continue
            found.add(dep)
            found |= _descendants(dep, children)
            if dep in by_urn:
                found |= close(dep, seen | {urn})
        closed[urn] = found
        return found

    for r in record.resources:
        close(r.urn, frozenset())
    return closed


def _descendants(urn: str, children: dict[str, list[str]]) -> set[str]:
    out: set[str] = set()
    stack = list(children.get(urn, []))
    while stack:
        child = stack.pop()
        if child not in out:
            out.add(child)
            stack.extend(children.get(child, []))
    return out


def _group(problems: list[tuple[str, ObjectNeed, str, InstallSite | None]]) -> dict[tuple[str, str, str, str], list[ObjectNeed]]:
    grouped: dict[tuple[str, str, str, str], list[ObjectNeed]] = {}
    for what, need, install, _ in problems:
        grouped.setdefault((what, need.gvk.api_version, need.gvk.kind, install), []).append(need)
    return grouped


def missing_prerequisites(record: PlanRecord, declared: ProvidedDeclaration | None = None) -> list[PrerequisiteProblem]:
    """Every prerequisite problem of a plan, one per (problem, kind, install), in a stable order."""
    declared = declared or ProvidedDeclaration()
    sites = install_sites(record)
    installed: dict[str, list[InstallSite]] = {}
    for site in sites:
        for install in site.installs:
            installed.setdefault(install, []).append(site)
    defined = {gk: site for site in sites for gk in site.kinds}
    waits = _dependencies(record)
    found: list[tuple[str, ObjectNeed, str, InstallSite | None]] = []
    for need in object_needs(record):
        gk = need.gvk.group_kind
        if not need.catalogued:
            if gk in defined:
                site = defined[gk]
                if site.urn not in waits.get(need.urn, set()):
                    found.append((UNORDERED, need, f"{gk[0]}/{gk[1]}", site))
            elif not declared.provides_kind(*gk):
                found.append((MISSING, need, f"{gk[0]}/{gk[1]}", None))
            continue
        for install in need.installs:
            entry = install_of(install)
            if entry is not None and entry.status in (ARCHIVED, LEGACY):
                found.append((UNMAINTAINED, need, install, None))
            sites_of = installed.get(install, [])
            if sites_of:
                if not any(s.urn in waits.get(need.urn, set()) for s in sites_of):
                    found.append((UNORDERED, need, install, sites_of[0]))
                continue
            if install in declared.installs or (install == need.installs[0] and declared.provides_kind(*gk)):
                continue
            found.append((MISSING, need, install, None))
    out: list[PrerequisiteProblem] = []
    site_of = {(what, n.urn, i): s for what, n, i, s in found}
    for (what, api_version, kind, install), objects in sorted(_group(found).items()):
        out.append(_problem(what, api_version, kind, install, tuple(objects), site_of.get((what, objects[0].urn, install)), record))
    return out


def _problem(what: str, api_version: str, kind: str, install: str, objects: tuple[ObjectNeed, ...],
             site: InstallSite | None, record: PlanRecord) -> PrerequisiteProblem:
    entry = install_of(install)
    title = f"{entry.title} ({install})" if entry is not None else f"the CustomResourceDefinition of {install}"
    head = f"{api_version} {kind} {_names(objects)}"
    if what == UNORDERED:
        installer = record.by_urn().get(site.urn) if site is not None else None
        where = installer.name if installer is not None else "?"
        return PrerequisiteProblem(
            what, api_version, kind, objects, install,
            f"{head}: the program installs {title} ({site.what if site else ''}, resource {where}) but these objects "
            "do not depend on it, so `pulumi up` may apply them first and fail",
            f"give them depends_on the install ({where}), e.g. with eventing_platform.kubernetes.Prerequisites",
        )
    if what == UNMAINTAINED and entry is not None:
        return PrerequisiteProblem(
            what, api_version, kind, objects, install,
            f"{head}: need {title}, which is {entry.status} upstream ({entry.upstream})",
            "prefer a maintained alternative (see the README, 'Prerequisites'); keep it only on clusters that already run it",
        )
    if entry is None:
        return PrerequisiteProblem(
            what, api_version, kind, objects, install,
            f"{head}: no install this project knows provides {install}, and the program applies no CustomResourceDefinition for it",
            f"install its controller in this program, or {_declare_hint(install)}",
        )
    key = f" (in this repository's stacks: --config {entry.config_key}=true)" if entry.config_key else ""
    return PrerequisiteProblem(
        what, api_version, kind, objects, install,
        f"{head}: need {title}, which this program does not install and the cluster is not declared to provide",
        f"{entry.how}{key}, or {_declare_hint(install)}",
    )
