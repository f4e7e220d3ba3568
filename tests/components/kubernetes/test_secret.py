"""KubernetesSecret: values become Pulumi secrets, masked in manifests; key refs; bad input masked."""

from __future__ import annotations

import json

import pulumi
import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kubernetes import KubernetesSecret, KubernetesSecretArgs, SecretKeyRef
from tests.support.crds import validate_object
from tests.support.offline import objects_of, one, run_components

VALUE = "s3cr3t-value-that-must-not-leak"


def plan_secret(data=None, **kwargs):
    made = {}

    def build():
        string_data = data() if callable(data) else data
        made["s"] = KubernetesSecret("creds", KubernetesSecretArgs(namespace="apps", string_data=string_data, **kwargs))

    return run_components(build), made["s"]


def test_values_are_pulumi_secrets_and_never_in_plaintext_in_the_manifest():
    record, secret = plan_secret(lambda: {"token": VALUE, "other": pulumi.Output.secret("x")})
    obj = one(objects_of(record, "Secret"))
    assert obj["metadata"]["name"] == "creds" and obj["metadata"]["namespace"] == "apps" and obj["type"] == "Opaque"
    assert VALUE not in json.dumps(obj)
    assert VALUE not in json.dumps([r.masked_inputs() for r in record.resources])
    assert one(record.by_type("kubernetes:core/v1:Secret")).plain_inputs()["stringData"] == {"other": "x", "token": VALUE}
    assert secret.keys == ["other", "token"]


def test_key_ref_points_at_a_key_of_this_secret():
    _, secret = plan_secret({"access-key-id": "a"})
    assert secret.key_ref("access-key-id") == SecretKeyRef(name="creds", key="access-key-id")
    with pytest.raises(ArgsError, match=r"is not a key of Secret 'creds'"):
        secret.key_ref("missing")


def test_name_type_immutable_and_labels():
    record, _ = plan_secret({"k": "v"}, secret_name="tls-creds", secret_type="kubernetes.io/basic-auth",
                            immutable=True, labels={"team": "x"})
    inputs = one(record.by_type("kubernetes:core/v1:Secret")).plain_inputs()
    assert inputs["metadata"]["name"] == "tls-creds" and inputs["metadata"]["labels"]["team"] == "x"
    assert inputs["type"] == "kubernetes.io/basic-auth" and inputs["immutable"] is True


def test_the_rendered_secret_passes_the_strict_schema_check():
    record, _ = plan_secret({"k": "v"})
    obj = one(objects_of(record, "Secret"))
    assert obj["stringData"] == {"k": "<set at deploy time>"}  # keys kept, values placeholders
    validate_object(obj)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"string_data": {}}, "at least 1"),
        ({"string_data": {"bad key": VALUE}}, "not a valid Secret key"),
        ({"string_data": {"k": "v"}, "namespace": "Apps"}, "RFC 1123"),
        ({"string_data": {"k": "v"}, "secret_name": "Bad"}, "RFC 1123 subdomain"),
    ],
)
def test_bad_args(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment) as err:
        KubernetesSecretArgs(**{"namespace": "apps", **kwargs})
    assert VALUE not in str(err.value)


def test_a_bad_value_is_masked_in_the_error():
    with pytest.raises(ArgsError) as err:
        KubernetesSecretArgs(namespace="apps", string_data={"k": 12345678})
    assert "12345678" not in str(err.value) and "[secret]" in str(err.value)
