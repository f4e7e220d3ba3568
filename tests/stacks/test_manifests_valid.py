"""Every object of every shipped stack, in both stages, passes the strict schema check."""

from __future__ import annotations

import pytest

from stacks.scenarios import SCENARIOS
from tests.support.crds import requires_crds, validate_all, validate_object
from tests.support.offline import plan


@requires_crds
@pytest.mark.parametrize("stage", ["dev", "prod"])
@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_all_manifests_validate_strictly(stack, stage):
    assert validate_all(plan(stack, stage=stage)) > 0


@requires_crds
@pytest.mark.parametrize(
    "obj",
    [
        {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": "x"},
         "spec": {"template": {"spec": {"containerConcurency": 1, "containers": [{"image": "x:1"}]}}}},
        {"apiVersion": "messaging.knative.dev/v1", "kind": "Subscription", "metadata": {"name": "x"},
         "spec": {"channel": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "c"}, "subscriber": {"reff": {}}}},
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "x"}, "automountToken": True},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "x"}, "rules": [{"verbs": "get"}]},
    ],
    ids=["misspelt-knative-field", "misspelt-destination", "misspelt-core-field", "wrong-type"],
)
def test_strict_check_rejects_misspelt_and_mistyped_fields(obj):
    with pytest.raises(AssertionError):
        validate_object(obj)
