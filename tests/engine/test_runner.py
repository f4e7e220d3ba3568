"""The offline engine: records registrations faithfully, resets between runs, refuses duplicates."""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s
import pytest

from eventing_platform.engine import DuplicateUrnError, run_program
from tests.support.offline import one, run_components


def _two_config_maps():
    k8s.core.v1.ConfigMap("cm", metadata={"name": "a"})
    k8s.core.v1.ConfigMap("cm", metadata={"name": "b"})


def test_duplicate_urns_fail_like_a_real_pulumi_up():
    with pytest.raises(DuplicateUrnError, match="duplicate URN .*ConfigMap::cm"):
        run_components(_two_config_maps)


def test_records_parent_dependencies_and_inputs():
    def build():
        a = k8s.core.v1.ConfigMap("a", metadata={"name": "a"}, data={"k": "v"})
        b = k8s.core.v1.ConfigMap("b", metadata={"name": "b"}, opts=pulumi.ResourceOptions(depends_on=[a]))
        comp = pulumi.ComponentResource("test:index:Group", "group")
        k8s.core.v1.ConfigMap("c", metadata={"name": "c"}, opts=pulumi.ResourceOptions(parent=comp))
        return {"b": b.metadata["name"]}

    record = run_components(build)
    by_name = {r.name: r for r in record.resources}
    assert by_name["a"].inputs["data"] == {"k": "v"}
    assert by_name["b"].dependencies == (by_name["a"].urn,)
    assert by_name["c"].parent == by_name["group"].urn
    assert by_name["a"].parent is None  # top-level: parented to the stack
    assert by_name["group"].custom is False and by_name["a"].custom is True
    assert by_name["c"].urn == "urn:pulumi:test::eventing-platform::test:index:Group$kubernetes:core/v1:ConfigMap::c"
    assert record.outputs == {"b": "b"}


def test_secrets_stay_masked_in_recorded_inputs_and_outputs():
    def build():
        cm = k8s.core.v1.Secret("s", metadata={"name": "s"}, string_data={"password": pulumi.Output.secret("hunter2")})
        return {"secret": pulumi.Output.secret("hunter2"), "name": cm.metadata["name"]}

    record = run_components(build)
    assert "hunter2" not in repr(one(record.resources).masked_inputs())
    assert one(record.resources).plain_inputs()["stringData"]["password"] == "hunter2"
    assert record.masked_outputs()["secret"] == "[secret]"
    assert "secret" in record.secret_outputs


def test_runs_are_independent_and_identical():
    first = run_components(lambda: k8s.core.v1.ConfigMap("a", metadata={"name": "a"}))
    second = run_components(lambda: k8s.core.v1.ConfigMap("a", metadata={"name": "a"}))
    assert [(r.urn, r.inputs) for r in first.resources] == [(r.urn, r.inputs) for r in second.resources]
    assert len(second.resources) == 1


def test_program_errors_propagate():
    def build():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        run_components(build)
    # and the runtime is usable again afterwards
    assert len(run_components(lambda: k8s.core.v1.ConfigMap("a", metadata={"name": "a"})).resources) == 1


@pytest.mark.parametrize(
    ("build", "output", "expected"),
    [
        (lambda: k8s.core.v1.Service("lb", metadata={"name": "lb", "namespace": "n"}, spec={"type": "LoadBalancer", "ports": [{"port": 80}]}),
         lambda r: r.status.load_balancer.ingress[0].ip, "203.0.113.10"),
    ],
)
def test_realistic_outputs_feed_dependent_resources(build, output, expected):
    record = run_components(lambda: {"out": output(build())})
    assert record.outputs["out"] == expected


def test_numbers_keep_their_integer_type():
    record = run_components(lambda: k8s.apps.v1.Deployment("d", metadata={"name": "d"}, spec={"replicas": 3, "selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": "x:1"}]}}}))
    assert one(record.resources).inputs["spec"]["replicas"] == 3
    assert isinstance(one(record.resources).inputs["spec"]["replicas"], int)


def test_config_reaches_the_program_through_pulumi_config():
    seen = {}

    def program():
        seen["value"] = pulumi.Config("eventing-platform").get("namespace")
        seen["secret"] = pulumi.runtime.is_config_secret("eventing-platform:token")

    run_program(program, project="eventing-platform", stack="t", config={"eventing-platform:namespace": "demo", "eventing-platform:token": "x"}, secret_keys={"eventing-platform:token"})
    assert seen == {"value": "demo", "secret": True}
    # config does not leak into the next run
    run_program(program, project="eventing-platform", stack="t", config={})
    assert seen["value"] is None
