"""The one-pass conversion of the pack's requests returns what pulumi-policy's own pipeline returns."""

from __future__ import annotations

import math
from typing import Any

import pulumi
import pytest
from google.protobuf import struct_pb2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import StackValidationPolicy
from pulumi_policy.deserialize import (
    SPECIAL_ARCHIVE_SIG,
    SPECIAL_ASSET_SIG,
    SPECIAL_SECRET_SIG,
    SPECIAL_SIG_KEY,
)
from pulumi_policy.policy import EnforcementLevel, _PolicyAnalyzerServicer

from eventing_platform.rules import pack_wire
from eventing_platform.rules.pack import _policy_resource
from eventing_platform.rules.pack_wire import (
    plain_struct,
    reference_plain_struct,
    request_resource,
    stack_resources,
)
from eventing_platform.rules.props import UNKNOWN, UNKNOWN_SENTINELS
from tests.rules.strategies import wire_props
from tests.support.planned import planned_resources


def struct_of(props: dict[str, Any]) -> struct_pb2.Struct:
    """``props`` as the server receives them: a ``Struct`` parsed from the wire."""
    built = struct_pb2.Struct()
    built.update(props)
    return struct_pb2.Struct.FromString(built.SerializeToString())


def ordered(value: Any) -> Any:
    """``value`` with every dict as its list of items, so comparisons see key order (and assets,
    which have no equality, as their type and attributes)."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    if isinstance(value, (pulumi.Asset, pulumi.Archive)):
        return type(value).__name__, ordered(dict(vars(value)))
    return value


def outcome(convert: Any, struct: struct_pb2.Struct) -> Any:
    """What ``convert`` returns (key order included), or the error it raises."""
    try:
        return ordered(convert(struct))
    except Exception as err:  # noqa: BLE001 - the error is the outcome compared
        return (type(err), str(err))


def secret(value: Any) -> dict[str, Any]:
    return {SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG, "value": value}


def nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = {"a": leaf}
    return leaf


# Trees with what the engine puts into properties: unknowns, secrets (also nested), odd keys.
signed_trees = st.recursive(
    st.one_of(st.none(), st.booleans(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
              st.sampled_from(sorted(UNKNOWN_SENTINELS))),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=5),
        children.map(secret),
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(props=wire_props)
def test_one_pass_equals_pulumi_policys_pipeline_on_random_properties(props):
    struct = struct_of(props if isinstance(props, dict) else {"value": props})
    assert outcome(plain_struct, struct) == outcome(reference_plain_struct, struct)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(tree=signed_trees)
def test_one_pass_equals_pulumi_policys_pipeline_with_secrets_and_unknowns(tree):
    struct = struct_of({"spec": tree, "metadata": {"name": "x"}})
    assert outcome(plain_struct, struct) == outcome(reference_plain_struct, struct)


@pytest.mark.parametrize("props", [
    pytest.param({"password": secret("hunter2")}, id="secret"),
    pytest.param({"data": {"k": secret({"nested": secret(["a", "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7"])})}}, id="nested secrets"),
    pytest.param({"code": {SPECIAL_SIG_KEY: SPECIAL_ASSET_SIG, "path": "./index.py"}}, id="asset"),
    pytest.param({"code": {SPECIAL_SIG_KEY: SPECIAL_ARCHIVE_SIG, "assets": {"a": {SPECIAL_SIG_KEY: SPECIAL_ASSET_SIG, "text": "x"}}}}, id="archive"),
    pytest.param({"x": {SPECIAL_SIG_KEY: "not-a-signature"}}, id="unknown signature"),
    pytest.param({"x": {SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG}}, id="secret without value"),
    pytest.param({SPECIAL_SIG_KEY: SPECIAL_SECRET_SIG, "value": 1}, id="signature at the top level is a plain key"),
    pytest.param({"n": math.nan}, id="NaN"),
    pytest.param({"n": [1, -math.inf]}, id="infinity"),
    pytest.param({"deep": nested(63, "leaf")}, id="deepest kept"),
    pytest.param({"deep": nested(64, "leaf")}, id="cut below depth 64"),
    pytest.param({"deep": nested(70, [1, {}])}, id="far below depth 64"),
    pytest.param({"deep": nested(64, {})}, id="empty map at the cut"),
    pytest.param({"empty": {}, "list": [], "none": None, "t": True, "n": 8080.0}, id="empty containers and scalars"),
])
def test_one_pass_equals_pulumi_policys_pipeline_on_irregular_properties(props):
    struct = struct_of(props)
    assert outcome(plain_struct, struct) == outcome(reference_plain_struct, struct)


def test_unknowns_become_the_unknown_marker_and_secrets_their_value():
    struct = struct_of({"a": "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "b": [secret("s")], "c": 1})
    assert plain_struct(struct) == {"a": UNKNOWN, "b": ["s"], "c": 1.0}


def test_shipped_properties_take_the_one_pass_path(monkeypatch):
    def refuse(struct):
        raise AssertionError("fell back to pulumi-policy's pipeline")

    monkeypatch.setattr(pack_wire, "reference_plain_struct", refuse)
    for stack in ("k8s-events", "kafka-barrage", "oss-unzip"):
        for resource in planned_resources(stack, "dev"):
            plain_struct(struct_of(resource.props))


def sdk_linked_resources(request: analyzer_pb2.AnalyzeStackRequest) -> list[Any]:
    """The resources pulumi-policy's own ``AnalyzeStack`` hands a stack policy, as the pack read them before."""
    seen: list[Any] = []
    policy = StackValidationPolicy("capture", "captures", validate=lambda args, report: seen.extend(_policy_resource(r) for r in args.resources))
    servicer = _PolicyAnalyzerServicer("p", "0.0.1", [policy], EnforcementLevel.ADVISORY)
    servicer._configure_runtime_settings = lambda: None  # not this test's business: it sets global runtime state
    servicer.AnalyzeStack(request, None)
    return seen


def test_stack_resources_are_linked_as_pulumi_policy_links_them():
    request = analyzer_pb2.AnalyzeStackRequest()
    for name, parent, deps, prop_deps in [
        ("a", "", [], {}),
        ("b", "urn:a", ["urn:a", "urn:missing"], {"spec": ["urn:a", "urn:missing"], "other": ["urn:missing"]}),
        ("c", "urn:missing", ["urn:b"], {}),
        ("a", "urn:b", [], {}),  # a duplicate URN: the last one wins the links
    ]:
        item = analyzer_pb2.AnalyzerResource(type="t:m:R", properties=struct_of({"n": name}), urn=f"urn:{name}", name=name,
                                             parent=parent, dependencies=deps)
        for key, urns in prop_deps.items():
            item.propertyDependencies[key].CopyFrom(analyzer_pb2.AnalyzerPropertyDependencies(urns=urns))
        request.resources.append(item)
    assert stack_resources(request) == sdk_linked_resources(request)


@pytest.mark.parametrize("stack", ["k8s-events", "rocketmq-orders"])
def test_shipped_stack_resources_equal_pulumi_policys(stack):
    request = analyzer_pb2.AnalyzeStackRequest()
    for r in planned_resources(stack, "prod"):
        item = analyzer_pb2.AnalyzerResource(type=r.type, properties=struct_of(r.props), urn=r.urn, name=r.name,
                                             parent=r.parent or "", dependencies=list(r.dependencies))
        for key, urns in dict(r.property_dependencies).items():
            item.propertyDependencies[key].CopyFrom(analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns)))
        request.resources.append(item)
    assert stack_resources(request) == sdk_linked_resources(request)


def test_request_resource_is_the_resource_alone():
    request = analyzer_pb2.AnalyzeRequest(type="t:m:R", properties=struct_of({"k": "v"}), urn="urn:r", name="r")
    resource = request_resource(request)
    assert (resource.type, resource.name, resource.urn, resource.props) == ("t:m:R", "r", "urn:r", {"k": "v"})
    assert (resource.parent, resource.dependencies, dict(resource.property_dependencies)) == (None, (), {})
