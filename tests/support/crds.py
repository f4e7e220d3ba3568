"""Strict schema validation of rendered Kubernetes objects.

Custom resources are checked against the upstream CRD schemas in ``../shared/crds`` made strict
(``additionalProperties: false`` wherever a schema lists ``properties`` and does not preserve
unknown fields); core objects against the Kubernetes OpenAPI schema with kubernetes-validate in
strict mode.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from eventing_platform.engine import PlanRecord
from eventing_platform.engine.artefacts import manifests

CRDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "crds"
KUBERNETES_VERSION = "1.30.0"

requires_crds = pytest.mark.skipif(
    not CRDS_DIR.is_dir(),
    reason=f"CRD schemas not found at {CRDS_DIR} (shared/ sits beside the clone in CI)",
)


_OBJECT_REFERENCE = {
    "type": "object",
    "properties": {k: {"type": "string"} for k in ("apiVersion", "kind", "name", "namespace", "uid", "resourceVersion", "fieldPath")},
}
_SECRET_KEY_SELECTOR = {
    "type": "object",
    "required": ["key"],
    "properties": {"name": {"type": "string"}, "key": {"type": "string"}, "optional": {"type": "boolean"}},
}
SPEC_SUPPLEMENTS: dict[tuple[str, str], dict[str, Any]] = {
    # The shared RocketMQSource CRD (apache/rocketmq-externals, 2020) lists only serviceAccountName,
    # sink, transformer, tableName and instance (see shared/crds/SOURCES.md). The fields its own Go
    # types (RocketMQSourceSpec) and the Alibaba Cloud sample use are typed here, so the strict check
    # still rejects misspellings: sink is a corev1.ObjectReference (flat, no `ref`), accessToken a
    # SecretValueFromSource, groupName and instanceId strings (Alibaba sample).
    ("sources.eventing.knative.dev/v1alpha1", "RocketMQSource"): {
        "topic": {"type": "string"},
        "namesrvAddr": {"type": "string"},
        "groupName": {"type": "string"},
        "instanceId": {"type": "string"},
        "accessToken": {"type": "object", "properties": {"secretKeyRef": _SECRET_KEY_SELECTOR}},
        "sink": _OBJECT_REFERENCE,
    },
}
"""Spec properties known from a source's Go types or vendor samples but missing from its shared CRD."""


_ENABLED = {"type": "object", "properties": {"enabled": {"type": "boolean"}}}
_OPERATOR_COMMON = {
    "version": {"type": "string"},
    "config": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}}},
    "registry": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
    "workloads": {"type": "array", "items": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
    "additionalManifests": {"type": "array", "items": {"type": "object", "properties": {"URL": {"type": "string"}}}},
    "manifests": {"type": "array", "items": {"type": "object", "properties": {"URL": {"type": "string"}}}},
    "high-availability": {"type": "object", "properties": {"replicas": {"type": "integer"}}},
}
OPERATOR_SCHEMAS: dict[tuple[str, str], dict[str, Any]] = {
    ("operator.knative.dev/v1beta1", "KnativeServing"): {"type": "object", "properties": {"spec": {"type": "object", "properties": {
        **_OPERATOR_COMMON,
        "ingress": {"type": "object", "properties": {k: _ENABLED for k in ("kourier", "istio", "contour", "gateway-api")}},
    }}}},
    ("operator.knative.dev/v1beta1", "KnativeEventing"): {"type": "object", "properties": {"spec": {"type": "object", "properties": {
        **_OPERATOR_COMMON,
        "defaultBrokerClass": {"type": "string"},
        "sinkBindingSelectionMode": {"type": "string", "enum": ["inclusion", "exclusion"]},
        "source": {"type": "object", "properties": {k: _ENABLED for k in ("ceph", "github", "gitlab", "kafka", "rabbitmq", "redis")}},
    }}}},
}
"""The Knative Operator's resources, whose CRDs ship in its Helm chart rather than ``shared/crds``:
the spec fields of ``knative/operator`` ``pkg/apis/operator/base/common.go`` (CommonSpec) and
``v1beta1/knativeserving_types.go`` / ``knativeeventing_types.go`` this project may render, typed
here so the strict check still rejects a misspelt field."""


def _supplemented(api_version: str, kind: str, schema: dict) -> dict:
    extra = SPEC_SUPPLEMENTS.get((api_version, kind))
    if not extra:
        return schema
    schema = copy.deepcopy(schema)
    spec = schema.setdefault("properties", {}).setdefault("spec", {"type": "object"})
    spec.setdefault("properties", {}).update(copy.deepcopy(extra))
    return schema


def _strict_root(schema: dict) -> dict:
    """Strict schema of a whole object: apiVersion, kind and metadata are always allowed."""
    schema = copy.deepcopy(schema)
    props = schema.setdefault("properties", {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    props.setdefault("metadata", {"type": "object"})
    return _strict(schema)


def _strict(schema: Any) -> Any:
    """Add ``additionalProperties: false`` where properties are listed and unknowns not preserved."""
    if isinstance(schema, dict):
        out = {k: _strict(v) for k, v in schema.items() if not k.startswith("x-kubernetes-")}
        preserve = schema.get("x-kubernetes-preserve-unknown-fields") is True
        if "properties" in schema and not preserve and "additionalProperties" not in schema:
            out["additionalProperties"] = False
        if preserve and schema.get("type") == "object" and "properties" not in schema:
            out.pop("type", None)  # preserve-unknown objects accept anything
        return out
    if isinstance(schema, list):
        return [_strict(v) for v in schema]
    return schema


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the CRDs parse in a tenth of the pure-Python time."""


@functools.lru_cache(maxsize=1)
def crd_schemas() -> dict[tuple[str, str], dict]:
    """``(apiVersion, kind) -> strict JSON schema`` for every CRD version in ``shared/crds``."""
    schemas: dict[tuple[str, str], dict] = {}
    for path in sorted(CRDS_DIR.rglob("*.yaml")):
        for doc in yaml.load_all(path.read_text(), Loader=_YAML_LOADER):
            if not doc or doc.get("kind") != "CustomResourceDefinition":
                continue
            spec = doc["spec"]
            group, kind = spec["group"], spec["names"]["kind"]
            if "versions" in spec and spec["versions"]:
                for version in spec["versions"]:
                    schema = (version.get("schema") or {}).get("openAPIV3Schema") or (spec.get("validation") or {}).get("openAPIV3Schema")
                    if schema:
                        av = f"{group}/{version['name']}"
                        schemas[(av, kind)] = _strict_root(_supplemented(av, kind, schema))
            elif spec.get("validation"):
                av = f"{group}/{spec['version']}"
                schemas[(av, kind)] = _strict_root(_supplemented(av, kind, spec["validation"]["openAPIV3Schema"]))
    return schemas


def _is_core(api_version: str) -> bool:
    group = api_version.split("/")[0] if "/" in api_version else ""
    return group == "" or group.endswith(".k8s.io") or group in ("apps", "batch", "autoscaling", "policy")


@functools.cache
def _crd_validator(api_version: str, kind: str) -> jsonschema.Draft7Validator | None:
    """The validator of a custom resource's strict schema, built once per kind (None: no CRD)."""
    schema = crd_schemas().get((api_version, kind)) or (
        _strict_root(OPERATOR_SCHEMAS[(api_version, kind)]) if (api_version, kind) in OPERATOR_SCHEMAS else None)
    return None if schema is None else jsonschema.Draft7Validator(schema)


@functools.cache
def _kubernetes_validate() -> Any:
    """kubernetes-validate, with its schema files read once per process: it reads and parses its
    1.2 MB definitions file on every ``validate`` call otherwise (about 10 ms an object)."""
    import kubernetes_validate
    from kubernetes_validate import utils

    utils.schema_contents = functools.cache(utils.schema_contents)
    return kubernetes_validate


def validate_object(obj: dict[str, Any]) -> None:
    """Fail (AssertionError) unless ``obj`` is valid under the strict schema for its kind."""
    api_version, kind = obj.get("apiVersion", ""), obj.get("kind", "")
    name = (obj.get("metadata") or {}).get("name")
    if _is_core(api_version):
        kubernetes_validate = _kubernetes_validate()
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as err:
            raise AssertionError(f"{api_version} {kind} {name}: {err.message} at {list(err.path)}") from None
        return
    validator = _crd_validator(api_version, kind)
    assert validator is not None, f"no CRD schema for {api_version} {kind} in {CRDS_DIR}"
    errors = sorted(validator.iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, f"{api_version} {kind} {name}: " + "; ".join(
        f"{e.message} at {'/'.join(map(str, e.path))}" for e in errors
    )


def manifest_objects(record: PlanRecord) -> list[dict[str, Any]]:
    """Every Kubernetes object of a plan, as written to ``manifests.yaml``."""
    return manifests(record)


def validate_all(record: PlanRecord) -> int:
    """Validate every object of a plan; returns how many were checked."""
    objects = manifest_objects(record)
    for obj in objects:
        validate_object(obj)
    return len(objects)
