"""ProjectServices: the APIs a stack needs, left enabled on destroy."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.gcp import ProjectServices, ProjectServicesArgs
from tests.support.offline import run_components

PROJECT = "my-project-1"


def test_project_services_stay_enabled_on_destroy():
    def build():
        ProjectServices("apis", ProjectServicesArgs(project=PROJECT, services=["vision.googleapis.com", "pubsub.googleapis.com"]))

    record = run_components(build)
    services = {r.name: r.inputs for r in record.by_type("gcp:projects/service:Service")}
    assert set(services) == {"apis-vision", "apis-pubsub"}
    assert services["apis-vision"] == {
        "project": PROJECT, "service": "vision.googleapis.com", "disableOnDestroy": False, "disableDependentServices": False,
    }


@pytest.mark.parametrize(
    ("services", "fragment"),
    [([], "at least 1 item"), (["vision"], "not a Google API service name"), (["vision.googleapis.com"] * 2, "more than once")],
)
def test_project_services_reject_bad_lists(services, fragment):
    with pytest.raises(ArgsError) as info:
        ProjectServicesArgs(project=PROJECT, services=services)
    assert fragment in str(info.value)
