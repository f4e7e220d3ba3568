"""Realistic outputs for the resource types whose outputs feed other resources.

The mock engine echoes inputs back as outputs; for the types below it adds what the real
provider would report after creation (a Knative Service's ``status.url``, a LoadBalancer's
ingress, a cluster's endpoint and kubeconfig). Other modules register more with
:func:`register_outputs`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs

from eventing_platform.kinds import CORE_GROUP, Kind, addresses, kinds_where, known_kind
from eventing_platform.kinds.catalogue import SERVING

OutputRule = Callable[[MockResourceArgs], dict[str, Any]]
CallRule = Callable[[MockCallArgs], dict[str, Any]]

_RESOURCE_RULES: dict[str, OutputRule] = {}
_CALL_RULES: dict[str, CallRule] = {}

FAKE_KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
    server: https://{endpoint}:6443
  name: {name}
contexts:
- context:
    cluster: {name}
    user: {name}-user
  name: {name}
current-context: {name}
users:
- name: {name}-user
  user:
    token: offline-placeholder-token
"""


def register_outputs(type_token: str) -> Callable[[OutputRule], OutputRule]:
    """Decorator: ``fn(args) -> dict`` adds outputs for resources of ``type_token``."""

    def deco(fn: OutputRule) -> OutputRule:
        _RESOURCE_RULES[type_token] = fn
        return fn

    return deco


def register_call(token: str) -> Callable[[CallRule], CallRule]:
    """Decorator: ``fn(args) -> dict`` answers the invoke ``token``."""

    def deco(fn: CallRule) -> CallRule:
        _CALL_RULES[token] = fn
        return fn

    return deco


def resource_outputs(args: MockResourceArgs) -> dict[str, Any]:
    """Extra outputs for one registration (empty for types without a rule)."""
    rule = _RESOURCE_RULES.get(args.typ)
    return rule(args) if rule else {}


def call_outputs(args: MockCallArgs) -> dict[str, Any]:
    """The result of an invoke (empty for tokens without a rule)."""
    rule = _CALL_RULES.get(args.token)
    return rule(args) if rule else {}


_KNATIVE_SERVICE = known_kind(SERVING, "Service")


def _meta(args: MockResourceArgs) -> tuple[str, str]:
    meta = args.inputs.get("metadata") or {}
    return str(meta.get("name") or args.name), str(meta.get("namespace") or "default")


def _ready() -> list[dict[str, str]]:
    return [{"type": "Ready", "status": "True"}]


@register_outputs(_KNATIVE_SERVICE.type_token)
def _knative_service(args: MockResourceArgs) -> dict[str, Any]:
    name, ns = _meta(args)
    labels = (args.inputs.get("metadata") or {}).get("labels", {})
    local = labels.get(addresses.VISIBILITY_LABEL) == addresses.CLUSTER_LOCAL
    return {"status": {
        "url": addresses.knative_service_url(name, ns, cluster_local=local),
        "address": {"url": addresses.service_url(name, ns)},
        "latestReadyRevisionName": f"{name}-00001",
        "conditions": _ready(),
    }}


def _addressed_by_convention(kind: Kind) -> OutputRule:
    """``status.address.url`` as the catalogue's address convention of ``kind`` gives it."""
    address = kind.address
    assert address is not None

    def rule(args: MockResourceArgs) -> dict[str, Any]:
        name, ns = _meta(args)
        return {"status": {"address": {"url": address(name, ns)}, "conditions": _ready()}}

    return rule


# Brokers, channels, Sequences and Parallels (Knative addresses them; a Sequence by the channel
# in front of its first step, a Parallel by its ingress channel).
for _kind in kinds_where(address=True, builtin=False):
    if _kind is not _KNATIVE_SERVICE:
        for _token in _kind.type_tokens:
            register_outputs(_token)(_addressed_by_convention(_kind))


@register_outputs(known_kind(CORE_GROUP, "Service").type_token)
def _k8s_service(args: MockResourceArgs) -> dict[str, Any]:
    spec = args.inputs.get("spec") or {}
    out: dict[str, Any] = {"spec": {**spec, "clusterIP": "10.96.0.10"}}
    if spec.get("type") == "LoadBalancer":
        out["status"] = {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}
    return out


# Cloud-specific rules (each module registers its own with the decorators above).
from . import outputs_alicloud, outputs_alicloud_messaging, outputs_gcp  # noqa: E402,F401,I001
