"""Image pinning, quantities and the hardened container."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kubernetes import ContainerFields, Resources
from eventing_platform.kubernetes.image import check_pinned_image

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    "image",
    [
        "nginx:1.27", "docker.io/library/nginx:1.27.0", "registry.cn-hangzhou.aliyuncs.com/kubeway/demo-ossunzip:v0.0.1-20211218152144_master_37323b1",
        f"gcr.io/knative-releases/knative.dev/eventing/cmd/event_display@{DIGEST}", f"localhost:5000/app:v1@{DIGEST}",
    ],
)
def test_pinned_images_are_accepted(image):
    assert check_pinned_image(image) == image


@pytest.mark.parametrize(("image", "fragment"), [("nginx", "no tag"), ("nginx:latest", ":latest"), ("UPPER/app:v1", "not a valid"), ("app:v1@sha256:abc", "not a valid")])
def test_unpinned_images_are_refused(image, fragment):
    with pytest.raises(ValueError, match=fragment):
        check_pinned_image(image)


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


@pytest.mark.parametrize(("kwargs", "fragment"), [({"memory_request": "1Gi", "memory_limit": "512Mi"}, "memory_request '1Gi' exceeds"), ({"cpu_limit": "-1"}, "not a Kubernetes quantity")])
def test_resources_reject_inverted_or_malformed_quantities(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment):
        Resources(**kwargs)
