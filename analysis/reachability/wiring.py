"""Which addresses each workload is given: env values (literal, from a Secret or a ConfigMap of its
namespace), a source's own fields (a KafkaSource's ``bootstrapServers``, the URL in a
RocketMQSource's access token), an EventBridge target's URL, an event source's instance endpoint.

Values read from Secrets stay in memory: only host names that match an endpoint of the program
(a resource's own address) ever reach a message.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator, Mapping
from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource
from eventing_platform.engine.artefacts import is_kubernetes_object
from eventing_platform.kinds import CORE_GROUP, kind_of_token, parse_type_token

from .endpoints import provider_urn
from .model import Placement, Wire
from .placements import Placements, event_source_placement, eventbridge_target_placement
from .values import hosts_in

EVENTBRIDGE_RULE = "alicloud:eventbridge/rule:Rule"
EVENTBRIDGE_SOURCE = "alicloud:eventbridge/eventSourceV2:EventSourceV2"

_Key = tuple[str, str, str, str]
"""(provider, namespace, kind, name) of a Secret or ConfigMap."""


def _data(record: PlanRecord) -> dict[_Key, dict[str, Any]]:
    """Every Secret's and ConfigMap's keys and values (plain, in memory only)."""
    found: dict[_Key, dict[str, Any]] = {}
    for r in record.resources:
        gvk = parse_type_token(r.type)
        if gvk is None or gvk.group != CORE_GROUP or gvk.kind not in ("Secret", "ConfigMap") or not is_kubernetes_object(r):
            continue
        inputs = r.plain_inputs()
        meta = inputs.get("metadata") or {}
        values: dict[str, Any] = dict(inputs.get("stringData") or {})
        for key, value in (inputs.get("data") or {}).items():
            try:
                values.setdefault(key, base64.b64decode(str(value)).decode("utf-8", "replace") if gvk.kind == "Secret" else value)
            except (binascii.Error, ValueError):
                continue
        found[(provider_urn(r), str(meta.get("namespace") or "default"), gvk.kind, str(meta.get("name") or r.name))] = values
    return found


def _env(container: Mapping[str, Any], lookup: Mapping[tuple[str, str], dict[str, Any]]) -> Iterator[tuple[Any, str]]:
    """``(value, how)`` of every env var of a container."""
    for env in container.get("env") or []:
        if not isinstance(env, Mapping):
            continue
        name = env.get("name")
        if "value" in env:
            yield env["value"], f"env {name}"
        ref = env.get("valueFrom") or {}
        for field, kind in (("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")):
            sel = ref.get(field) if isinstance(ref, Mapping) else None
            if isinstance(sel, Mapping):
                values = lookup.get((kind, str(sel.get("name"))), {})
                if sel.get("key") in values:
                    yield values[sel["key"]], f"env {name} (from {kind} {sel.get('name')}, key {sel.get('key')})"
    for source in container.get("envFrom") or []:
        for field, kind in (("secretRef", "Secret"), ("configMapRef", "ConfigMap")):
            sel = source.get(field) if isinstance(source, Mapping) else None
            if isinstance(sel, Mapping):
                for key, value in lookup.get((kind, str(sel.get("name"))), {}).items():
                    yield value, f"env {key} (from {kind} {sel.get('name')})"


def _object_values(r: RecordedResource, lookup: Mapping[tuple[str, str], dict[str, Any]]) -> Iterator[tuple[Any, str]]:
    inputs = r.plain_inputs()
    kind = kind_of_token(r.type)
    spec = inputs.get("spec") or {}
    pod = kind.pod_spec_of(inputs) if kind is not None else None
    if isinstance(pod, Mapping):
        for container in [*(pod.get("initContainers") or []), *(pod.get("containers") or [])]:
            if isinstance(container, Mapping):
                yield from _env(container, lookup)
    if isinstance(spec, Mapping) and spec.get("bootstrapServers"):
        yield spec["bootstrapServers"], "spec.bootstrapServers"
    token = (spec.get("accessToken") or {}).get("secretKeyRef") if isinstance(spec, Mapping) else None
    if isinstance(token, Mapping):
        values = lookup.get(("Secret", str(token.get("name"))), {})
        if token.get("key") in values:
            yield values[token["key"]], f"its access token (Secret {token.get('name')}, key {token.get('key')})"


def _wires(placement: Placement, values: Iterator[tuple[Any, str]]) -> Iterator[Wire]:
    for value, how in values:
        hosts = tuple(hosts_in(value))
        for host in hosts:
            yield Wire(placement, host, how, hosts)


def find_wires(record: PlanRecord, placements: Placements) -> list[Wire]:
    """Every (workload, host) the program wires, with how."""
    data = _data(record)
    wires: list[Wire] = []
    for r in record.resources:
        placement = placements.by_urn.get(r.urn)
        if placement is not None:
            meta = r.inputs.get("metadata") or {}
            ns, provider = str(meta.get("namespace") or "default"), provider_urn(r)
            lookup = {(kind, name): values for (p, n, kind, name), values in data.items() if (p, n) == (provider, ns)}
            wires += _wires(placement, _object_values(r, lookup))
        elif r.type == EVENTBRIDGE_RULE:
            for target in r.plain_inputs().get("targets") or []:
                if isinstance(target, Mapping) and str(target.get("type")) in ("http", "https"):
                    wires += _wires(eventbridge_target_placement(r, target), iter([(target.get("endpoint"), "its target URL")]))
        elif r.type == EVENTBRIDGE_SOURCE:
            params = r.plain_inputs().get("sourceRocketmqParameters")
            if isinstance(params, Mapping) and params.get("instanceEndpoint"):
                wires += _wires(event_source_placement(r, params), iter([(params["instanceEndpoint"], "its instance endpoint")]))
    return wires
