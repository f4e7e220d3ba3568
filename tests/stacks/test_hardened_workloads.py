"""Every container of every stack (dev and prod) is hardened by default.

Pod specs are found generically: any object part that holds a ``containers`` list (Knative
Service templates, Deployments, ContainerSources, Jobs, ...), so new stacks and kinds are
covered. The config fuzz tests run the same checks on randomly configured plans, and
``scripts/checkov_scan.py`` (CI) on every closed-choice variant of every stack.
"""

from __future__ import annotations

import pytest

from tests.support.hardening import (
    container_problems,
    placement_problems,
    pod_problems,
    pod_specs,
    workload_problems,
)
from tests.support.planned import STACK_STAGES, planned_objects


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_container_has_limits_and_a_restricted_security_context(stack, stage):
    problems = workload_problems(planned_objects(stack, stage))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_workload_runs_in_a_dedicated_namespace_with_a_dedicated_service_account(stack, stage):
    problems = placement_problems(planned_objects(stack, stage))
    assert not problems, "\n".join(problems)


def test_the_stacks_have_workloads_to_check():
    """The two tests above are not vacuous: the shipped stacks do run containers."""
    assert sum(len(list(pod_specs(o.get("spec") or {}))) for s, st in STACK_STAGES for o in planned_objects(s, st)) > 0


def test_the_checker_finds_an_unhardened_container():
    bad = {"name": "c", "image": "nginx:latest", "securityContext": {"privileged": True, "capabilities": {"add": ["NET_ADMIN"]}}}
    problems = container_problems(bad, {})
    for expected in ("no cpu request", "no memory limit", "privileged is not false", "allowPrivilegeEscalation",
                     "runAsNonRoot", "drop ALL", "adds capabilities", "seccompProfile", "not pinned"):
        assert any(expected in p for p in problems), expected
    assert pod_problems({"hostNetwork": True}) == ["hostNetwork is true"]


def test_the_checker_finds_a_workload_in_the_default_namespace_or_service_account():
    pod = {"containers": [{"name": "c"}]}
    objects = [{"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": pod}}}]
    problems = placement_problems(objects)
    assert any("namespace None" in p for p in problems) and any("ServiceAccount 'default'" in p for p in problems)
