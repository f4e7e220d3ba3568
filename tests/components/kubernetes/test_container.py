"""Quantities in resources and the hardened container."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kubernetes import ContainerFields, Resources


def test_every_container_gets_requests_limits_and_a_restricted_security_context():
    c = ContainerFields(image="app:v1").render_container("main")
    assert set(c["resources"]) == {"requests", "limits"}
    assert c["securityContext"] == {
        "allowPrivilegeEscalation": False, "privileged": False, "readOnlyRootFilesystem": True,
        "runAsNonRoot": True, "runAsUser": 65532, "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }


def test_read_only_root_filesystem_can_be_relaxed_for_apps_that_write_to_disk():
    c = ContainerFields(image="app:v1", read_only_root_filesystem=False).render_container("main")
    assert c["securityContext"]["readOnlyRootFilesystem"] is False


def test_fixed_resources_set_requests_equal_to_limits():
    assert Resources.fixed("500m", "128Mi").render() == {
        "requests": {"cpu": "500m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"},
    }


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"memory_request": "1Gi", "memory_limit": "512Mi"}, "memory_request '1Gi' exceeds"),
    ({"cpu_limit": "-1"}, "negative"),
    ({"cpu_limit": "1 core"}, "not a Kubernetes quantity"),
    ({"cpu_request": "2e0", "cpu_limit": "1500m"}, "cpu_request '2e0' exceeds"),
])
def test_resources_reject_inverted_or_malformed_quantities(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment):
        Resources(**kwargs)


@pytest.mark.parametrize(("request_", "limit"), [("1e3", "1k"), ("12E6", "12M"), ("+1", "1"), ("0.5", "500m"), (".5", "1"), ("1.", "1")])
def test_resources_accept_every_quantity_form_apimachinery_parses(request_, limit):
    assert Resources(cpu_request=request_, cpu_limit=limit).cpu_request == request_
