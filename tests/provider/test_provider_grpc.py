"""The component provider started as the Pulumi CLI starts it, driven over pulumirpc.ResourceProvider.

One provider process for the whole module (``python provider <engine address>``); its children
register with the offline engine's recording monitor, served over gRPC by the test process.
"""

from __future__ import annotations

import importlib
import inspect
import json

import grpc
import pytest

from eventing_platform.component import Component
from eventing_platform.errors import ArgsError
from eventing_platform.knative import BrokerArgs, KnativeServiceArgs
from tests.provider.provider_client import STACK_URN, ProviderProcess, output_value, secret, unknown

INDEX = "eventing-platform:index:"
IMAGE = "registry.example.com/shop/orders:1.4.2"


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def public_components() -> list[type[Component]]:
    """Every component ``eventing_platform.{knative,kubernetes,alicloud,gcp}`` exports (found here,
    not taken from the provider, so a component left out on both sides still fails)."""
    found = []
    for domain in ("knative", "kubernetes", "alicloud", "gcp"):
        module = importlib.import_module(f"eventing_platform.{domain}")
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and issubclass(value, Component) and hasattr(value, "TYPE"):
                found.append(value)
    return sorted(found, key=lambda c: c.__name__)


COMPONENTS = public_components()


@pytest.fixture(scope="module")
def provider():
    process = ProviderProcess()
    yield process
    process.close()


@pytest.fixture(scope="module")
def schema(provider):
    return provider.schema()


def children_of(provider: ProviderProcess, urn: str) -> dict[str, dict]:
    return {u: r for u, r in provider.monitor.registered().items() if r["parent"] == urn}


def descendants(provider: ProviderProcess, urn: str) -> dict[str, dict]:
    out = {}
    for child_urn, record in children_of(provider, urn).items():
        out[child_urn] = record
        out.update(descendants(provider, child_urn))
    return out


def by_type(records: dict[str, dict], type_: str) -> dict:
    (record,) = [r for r in records.values() if r["type"] == type_]
    return record


def rpc_error(provider: ProviderProcess, type_: str, name: str, inputs: dict) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        provider.construct(type_, name, inputs)
    return caught.value


def args_error(model, **values) -> str:
    """What the args model itself says about ``values`` (each problem's field and message; the
    value it shows may list a mapping's keys in another order)."""
    with pytest.raises(ArgsError) as caught:
        model(**values)
    return "\n".join(f"{p.field}: {p.message}" for p in caught.value.problems)


# ---------------------------------------------------------------- start and schema


def test_provider_prints_its_port_and_names_its_version(provider):
    from google.protobuf import empty_pb2

    from eventing_platform import __version__

    info = provider.stub.GetPluginInfo(empty_pb2.Empty(), timeout=30)
    assert info.version == __version__
    assert provider.startup_seconds < 30  # about 2 s here; no cloud SDK is imported to start


def test_schema_serves_every_public_component_and_nothing_else(schema):
    assert schema["name"] == "eventing-platform"
    assert set(schema["resources"]) == {INDEX + c.__name__ for c in COMPONENTS}
    assert len(COMPONENTS) >= 39


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: c.__name__)
def test_each_component_is_described_with_typed_inputs_and_its_registered_outputs(schema, component):
    from eventing_platform.provider.source_reading import registered_output_names

    resource = schema["resources"][INDEX + component.__name__]
    assert resource["isComponent"] is True
    assert resource["description"]
    fields = component.ARGS.model_fields
    assert set(resource["inputProperties"]) == {camel(n) for n in fields}
    assert resource.get("requiredInputs", []) == sorted(camel(n) for n, f in fields.items() if f.is_required())
    assert set(resource["properties"]) == {camel(n) for n in registered_output_names(component)}
    for name, prop in [*resource["inputProperties"].items(), *resource["properties"].items()]:
        assert prop.get("description"), name
        assert "type" in prop or "$ref" in prop, name


def test_every_type_is_described_and_typed(schema):
    assert schema["types"]
    for token, type_ in schema["types"].items():
        assert token.startswith(INDEX)
        assert type_.get("description"), token
        if "enum" in type_:
            assert type_["type"] == "string" and type_["enum"], token
            continue
        assert type_["type"] == "object" and type_["properties"], token
        for name, prop in type_["properties"].items():
            assert prop.get("description"), f"{token}.{name}"
            assert "type" in prop or "$ref" in prop, f"{token}.{name}"


@pytest.mark.parametrize(("type_name", "required"), [
    ("KReference", ["apiVersion", "kind", "name"]),
    ("SecretKeyRef", ["key", "name"]),
    ("TrafficTarget", ["percent"]),
    ("OssLifecycleRule", []),
    ("GcsLifecycleRule", ["action"]),
    ("KnativeServiceWorkload", []),
])
def test_nested_types_require_what_their_models_require(schema, type_name, required):
    assert schema["types"][INDEX + type_name].get("required", []) == required


@pytest.mark.parametrize(("component", "field", "expected"), [
    ("KnativeService", "namespace", {"type": "string"}),  # an Input: takes another resource's output
    ("KnativeService", "port", {"type": "integer", "plain": True}),  # shapes what is built
    ("KnativeService", "scaling", {"$ref": "#/types/eventing-platform:index:ScalingPolicy", "plain": True}),
    ("Broker", "brokerClass", {"$ref": "#/types/eventing-platform:index:BrokerClass", "plain": True}),
    ("EventRule", "pattern", {"$ref": "pulumi.json#/Any", "plain": True}),
    ("KafkaSource", "bootstrapServers", {"type": "array", "plain": True}),
])
def test_inputs_are_typed_as_the_args_models_take_them(schema, component, field, expected):
    prop = schema["resources"][INDEX + component]["inputProperties"][field]
    assert {k: v for k, v in prop.items() if k in expected} == expected
    assert "plain" in expected or "plain" not in prop


def test_closed_choices_are_enums_of_their_values(schema):
    broker_class = schema["types"][INDEX + "BrokerClass"]
    assert [(v["name"], v["value"]) for v in broker_class["enum"]] == [
        ("MT_CHANNEL_BASED_BROKER", "MTChannelBasedBroker"), ("KAFKA", "Kafka"),
    ]
    verbs = schema["types"][INDEX + "AccessNeed"]["properties"]["verbs"]
    assert verbs["items"]["$ref"] == "#/types/eventing-platform:index:AccessNeedVerb"


def test_a_trigger_filter_nests_itself(schema):
    props = schema["types"][INDEX + "TriggerFilter"]["properties"]
    assert props["not"]["$ref"] == props["all"]["items"]["$ref"] == "#/types/eventing-platform:index:TriggerFilter"


# ---------------------------------------------------------------- construct


def test_knative_service_registers_its_service_and_returns_its_outputs(provider):
    result = provider.construct(INDEX + "KnativeService", "orders", {
        "image": IMAGE, "namespace": "shop", "scaling": {"maxScale": 5}, "labels": {"team": "checkout"},
    })
    assert result.urn == f"urn:pulumi:dev::consumer::{INDEX}KnativeService::orders"
    assert result.state == {"url": "http://orders.shop.example.com", "serviceName": "orders"}
    assert provider.monitor.registered()[result.urn]["parent"] == STACK_URN
    inner = by_type(children_of(provider, result.urn), "eventing-platform:knative:KnativeService")
    assert inner["name"] == "orders"
    service = by_type(children_of(provider, inner["urn"]), "kubernetes:serving.knative.dev/v1:Service")
    assert service["name"] == "orders-service"
    meta = service["inputs"]["metadata"]
    assert (meta["name"], meta["namespace"], meta["labels"]["team"]) == ("orders", "shop", "checkout")
    annotations = service["inputs"]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["autoscaling.knative.dev/max-scale"] == "5"


def test_broker_and_trigger_wire_through_the_brokers_output(provider):
    broker = provider.construct(INDEX + "Broker", "orders", {
        "namespace": "shop",
        "delivery": {"retry": 3, "backoffPolicy": "linear", "deadLetterSink": {"uri": "http://dls.shop.svc.cluster.local"}},
    })
    assert broker.state == {"url": "http://broker-ingress.knative-eventing.svc.cluster.local/shop/orders", "brokerName": "orders"}
    broker_object = by_type(descendants(provider, broker.urn), "kubernetes:eventing.knative.dev/v1:Broker")
    assert broker_object["inputs"]["spec"]["delivery"]["backoffPolicy"] == "linear"

    trigger = provider.construct(INDEX + "Trigger", "created", {
        "broker": output_value(broker.state["brokerName"], broker.urn),
        "namespace": "shop",
        "subscriber": {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "orders"}},
        "filters": [{"exact": {"type": "order.created"}}, {"not": {"prefix": {"source": "/test"}}}],
    })
    assert trigger.state == {"triggerName": "created", "filterSummary": "type = order.created AND NOT source starts with /test"}
    trigger_object = by_type(descendants(provider, trigger.urn), "kubernetes:eventing.knative.dev/v1:Trigger")
    spec = trigger_object["inputs"]["spec"]
    assert spec["broker"] == "orders"
    assert spec["subscriber"] == {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "orders"}}
    assert spec["filters"] == [{"exact": {"type": "order.created"}}, {"not": {"prefix": {"source": "/test"}}}]
    assert broker.urn in trigger_object["dependencies"]  # the name came as the Broker's output


def test_oss_bucket_registers_its_bucket_and_settings(provider):
    bucket = provider.construct(INDEX + "OssBucket", "uploads", {
        "bucketName": "acme-uploads-1", "lifecycleRules": [{"prefix": "tmp/", "expirationDays": 7}], "tags": {"team": "shop"},
    })
    assert bucket.state == {"bucketName": "acme-uploads-1"}
    children = descendants(provider, bucket.urn)
    assert sorted(r["type"] for r in children.values()) == [
        "alicloud:oss/bucket:Bucket", "alicloud:oss/bucketAcl:BucketAcl",
        "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "alicloud:oss/bucketServerSideEncryption:BucketServerSideEncryption",
        "alicloud:oss/bucketVersioning:BucketVersioning", "eventing-platform:alicloud:OssBucket",
    ]
    oss = by_type(children, "alicloud:oss/bucket:Bucket")
    assert oss["inputs"]["bucket"] == "acme-uploads-1"
    assert oss["inputs"]["lifecycleRules"][0]["prefix"] == "tmp/"


def test_outputs_reach_integer_fields_and_lists_of_choices_keep_their_values(provider):
    service = provider.construct(INDEX + "KnativeService", "scaled", {
        "image": IMAGE, "namespace": "shop", "scaling": {"maxScale": output_value(7, STACK_URN)},
    })
    knative = by_type(descendants(provider, service.urn), "kubernetes:serving.knative.dev/v1:Service")
    assert knative["inputs"]["spec"]["template"]["metadata"]["annotations"]["autoscaling.knative.dev/max-scale"] == "7"

    account = provider.construct(INDEX + "ServiceAccountWithRole", "watcher", {
        "namespace": "shop", "needs": [{"resources": ["events"], "verbs": ["get", "list", "watch"]}],
    })
    role = by_type(descendants(provider, account.urn), "kubernetes:rbac.authorization.k8s.io/v1:Role")
    assert role["inputs"]["rules"][0]["verbs"] == ["get", "list", "watch"]


def test_an_event_rule_takes_its_pattern_as_json(provider):
    pattern = {"source": ["acs.oss"], "type": [{"prefix": "oss:ObjectCreated:"}]}
    rule = provider.construct(INDEX + "EventRule", "uploads", {
        "pattern": pattern,
        "targets": [{
            "targetId": "unzip", "type": "http", "endpoint": "http://unzip.example.com/unzip",
            "params": [{"resourceKey": "url", "form": "CONSTANT", "value": "http://unzip.example.com/unzip"},
                       {"resourceKey": "Body", "form": "ORIGINAL"}],
        }],
    })
    assert json.loads(rule.state["filterPattern"]) == pattern


def test_a_function_compute_workload_is_chosen_by_its_kind(provider):
    service = provider.construct(INDEX + "KnativeService", "homepage", {
        "image": IMAGE, "namespace": "shop", "workload": {"kind": "fc", "roleArn": "acs:ram::123456789:role/homepage"},
    })
    knative = by_type(descendants(provider, service.urn), "kubernetes:serving.knative.dev/v1:Service")
    assert knative["inputs"]["metadata"]["annotations"]["workload.serving.knative.aliyun.com/class"] == "fc"


def test_a_preview_takes_an_output_not_known_yet(provider):
    trigger = provider.construct(INDEX + "Trigger", "pending", {
        "broker": unknown(STACK_URN), "namespace": "shop", "subscriber": {"uri": "http://audit.example.com"},
    }, preview=True)
    assert trigger.state == {"triggerName": "pending", "filterSummary": "all events"}
    trigger_object = by_type(descendants(provider, trigger.urn), "kubernetes:eventing.knative.dev/v1:Trigger")
    assert "broker" not in trigger_object["inputs"]["spec"]  # unknown until the update


@pytest.mark.parametrize(("type_", "name", "inputs", "expected", "shown"), [
    ("KnativeService", "bad-namespace", {"image": IMAGE, "namespace": "Bad_NS!"},
     lambda: args_error(KnativeServiceArgs, image=IMAGE, namespace="Bad_NS!"), "(got 'Bad_NS!')"),
    ("KnativeService", "no-image", {"namespace": "shop"}, lambda: args_error(KnativeServiceArgs, namespace="shop"), ""),
    ("Broker", "bad-class", {"brokerClass": "Nope"}, lambda: args_error(BrokerArgs, broker_class="Nope"), "(got 'Nope')"),
    ("KnativeService", "bad-scaling", {"image": IMAGE, "scaling": {"minScale": 5, "maxScale": 2}},
     lambda: args_error(KnativeServiceArgs, image=IMAGE, scaling={"min_scale": 5, "max_scale": 2}), ""),
], ids=["namespace", "missing-image", "enum-value", "model-rule"])
def test_a_bad_value_returns_the_components_own_error_and_registers_nothing(provider, type_, name, inputs, expected, shown):
    error = rpc_error(provider, INDEX + type_, name, inputs)
    assert error.code() == grpc.StatusCode.UNKNOWN
    assert expected() + (f" {shown}" if shown else "") in error.details()
    assert not [u for u in provider.monitor.registered() if u.endswith(f"::{name}")]


def test_a_bad_value_in_a_secret_returns_the_error_once_it_resolves(provider):
    error = rpc_error(provider, INDEX + "KnativeService", "secret-namespace", {"image": IMAGE, "namespace": secret("Bad_NS!")})
    expected = args_error(KnativeServiceArgs, image=IMAGE, namespace="Bad_NS!") + " (got '[secret]')"
    assert expected in error.details()
    assert "Bad_NS!" not in error.details()
    assert not [u for u in provider.monitor.registered() if u.endswith("::secret-namespace-service")]
