"""The generated workloads: Service+Trigger pairs through the components, a very wide Deployment."""

from __future__ import annotations

import pytest

from benchmarks import workload
from eventing_platform.rules.evaluate import evaluate


def test_generated_stack_has_one_service_and_one_trigger_per_index_on_one_broker() -> None:
    record = workload.plan_pairs(3)
    services = record.by_type("kubernetes:serving.knative.dev/v1:Service")
    triggers = record.by_type("kubernetes:eventing.knative.dev/v1:Trigger")
    assert sorted(r.name for r in services) == ["svc-0-service", "svc-1-service", "svc-2-service"]
    assert len(triggers) == 3 and len(record.by_type("kubernetes:eventing.knative.dev/v1:Broker")) == 1
    assert len(record.resources) == 4 * 3 + 2


@pytest.mark.parametrize("containers", [1, 50])
def test_wide_deployment_has_every_container_and_passes_the_container_rules(containers: int) -> None:
    deployment = workload.wide_deployment(containers)
    assert len(deployment.props["spec"]["template"]["spec"]["containers"]) == containers
    mandatory = [f for f in evaluate([deployment], stack_stage="dev") if f.blocking and "container" in f.policy]
    assert not mandatory, mandatory
