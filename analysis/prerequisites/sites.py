"""What a planned program installs, recognised from what the engine records.

An install shows up as one of:

- a Helm release or chart (``kubernetes:helm.sh/v3:Release``, ``kubernetes:helm.sh/v4:Chart``,
  ``kubernetes:helm.sh/v3:Chart``) of a chart the catalogue knows (``knative-operator``);
- release manifests applied with ``kubernetes:yaml/v2:ConfigGroup`` / ``ConfigFile`` (the file
  names: ``serving-core.yaml``, ``eventing-kafka-source.yaml``, ...);
- a Knative Operator resource (``KnativeServing``, ``KnativeEventing``);
- an ACK add-on: in the ``addons`` of an ACK/ASK cluster, or a ``cs.KubernetesAddon``;
- a ``CustomResourceDefinition`` applied by the program itself (it provides its own kind).

Remote components (``yaml/v2``, ``helm.sh/v4``) are expanded by the provider at deploy time, so
their objects never appear in a plan: the component itself stands for what it installs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.kinds import parse_type_token
from eventing_platform.kinds.catalogue import OPERATOR
from eventing_platform.kinds.installs import (
    Install,
    installs_by_addon,
    installs_by_chart,
    installs_by_manifest,
    installs_by_operator_resource,
)

HELM_TYPES = frozenset({"kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"})
"""Helm releases and charts (the ``chart`` input names the chart)."""
MANIFEST_TYPES = frozenset({"kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml/v2:ConfigFile"})
"""Manifests applied by the provider (``files`` / ``file`` inputs name them)."""
ACK_CLUSTER_TYPES = frozenset({
    "alicloud:cs/serverlessKubernetes:ServerlessKubernetes",
    "alicloud:cs/managedKubernetes:ManagedKubernetes",
    "alicloud:cs/kubernetes:Kubernetes",
})
"""ACK/ASK clusters (the ``addons`` input lists add-ons installed with the cluster)."""
ACK_ADDON_TYPE = "alicloud:cs/kubernetesAddon:KubernetesAddon"
"""One ACK add-on installed on an existing cluster."""
CRD_KIND = ("apiextensions.k8s.io", "CustomResourceDefinition")


@dataclass(frozen=True)
class InstallSite:
    """A resource of the program that installs something."""

    urn: str
    """The resource that installs it."""
    installs: tuple[str, ...]
    """Install ids it makes (:mod:`eventing_platform.kinds.installs`)."""
    kinds: tuple[tuple[str, str], ...] = ()
    """``(group, kind)`` it defines directly (a CustomResourceDefinition)."""
    what: str = ""
    """How it installs them, for messages (``Helm chart knative-operator``)."""


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [v for v in value if isinstance(v, str)]
    return []


def _ids(found: Iterable[Install]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i.id for i in found))


def _site_of(r: RecordedResource) -> InstallSite | None:
    inputs = r.inputs
    if r.type in HELM_TYPES:
        chart = inputs.get("chart")
        if isinstance(chart, str):
            return InstallSite(r.urn, _ids(installs_by_chart(chart)), what=f"Helm chart {chart}")
    if r.type in MANIFEST_TYPES:
        files = _strings(inputs.get("files")) + _strings(inputs.get("file"))
        found = [i for f in files for i in installs_by_manifest(f)]
        return InstallSite(r.urn, _ids(found), what="release manifests " + ", ".join(f.rsplit("/", 1)[-1] for f in files))
    if r.type in ACK_CLUSTER_TYPES:
        addons = [a for a in inputs.get("addons") or [] if isinstance(a, Mapping) and not a.get("disabled")]
        names = [str(a.get("name")) for a in addons]
        return InstallSite(r.urn, _ids(i for n in names for i in installs_by_addon(n)), what="ACK add-ons " + ", ".join(names))
    if r.type == ACK_ADDON_TYPE and isinstance(inputs.get("name"), str):
        return InstallSite(r.urn, _ids(installs_by_addon(inputs["name"])), what=f"ACK add-on {inputs['name']}")
    gvk = parse_type_token(r.type)
    if gvk is not None and r.custom:
        if gvk.group == OPERATOR:
            return InstallSite(r.urn, _ids(installs_by_operator_resource(gvk.kind, inputs)), what=f"Knative Operator {gvk.kind}")
        if gvk.group_kind == CRD_KIND:
            spec = inputs.get("spec") or {}
            group, kind = spec.get("group"), (spec.get("names") or {}).get("kind")
            if isinstance(group, str) and isinstance(kind, str):
                return InstallSite(r.urn, (), ((group, kind),), what=f"CustomResourceDefinition of {group}/{kind}")
    return None


def install_sites(record: PlanRecord) -> list[InstallSite]:
    """Every resource of the program that installs something (in record order)."""
    sites = (_site_of(r) for r in record.resources)
    return [s for s in sites if s is not None and (s.installs or s.kinds)]
