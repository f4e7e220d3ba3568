"""ServiceAccountWithRole: RBAC from declared needs."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kubernetes import (
    AccessNeed,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from tests.support.crds import validate_all
from tests.support.offline import objects_of, one, run_components

WATCH_EVENTS = AccessNeed(resources=["events"], verbs=["get", "list", "watch"])


def test_role_grants_exactly_the_declared_needs_and_binds_the_account():
    args = ServiceAccountWithRoleArgs(namespace="apps", needs=[WATCH_EVENTS], role_name="event-watcher", role_binding_name="rb")
    record = run_components(lambda: ServiceAccountWithRole("events-sa", args))
    assert one(objects_of(record, "Role"))["rules"] == [{"apiGroups": [""], "resources": ["events"], "verbs": ["get", "list", "watch"]}]
    binding = one(objects_of(record, "RoleBinding"))
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "event-watcher"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "events-sa", "namespace": "apps"}]
    assert one(objects_of(record, "ServiceAccount"))["metadata"]["name"] == "events-sa"
    assert validate_all(record) == 3


def test_role_binding_depends_on_account_and_role():
    record = run_components(lambda: ServiceAccountWithRole("sa", ServiceAccountWithRoleArgs(namespace="apps", needs=[WATCH_EVENTS])))
    binding = one(record.by_type("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"))
    deps = {record.by_urn()[u].type for u in binding.dependencies}
    assert deps == {"kubernetes:core/v1:ServiceAccount", "kubernetes:rbac.authorization.k8s.io/v1:Role"}


def test_without_needs_only_a_service_account_without_token_is_created():
    record = run_components(lambda: ServiceAccountWithRole("app", ServiceAccountWithRoleArgs(namespace="apps")))
    assert [o["kind"] for o in objects_of(record, "ServiceAccount")] == ["ServiceAccount"]
    assert objects_of(record, "Role") == [] and objects_of(record, "RoleBinding") == []
    assert one(objects_of(record, "ServiceAccount"))["automountServiceAccountToken"] is False


@pytest.mark.parametrize(
    ("need", "fragment"),
    [
        ({"resources": ["*"], "verbs": ["get"]}, "wildcard"),
        ({"resources": ["events"], "verbs": ["*"]}, "Input should be"),
        ({"resources": [], "verbs": ["get"]}, "at least 1 item"),
        ({"resources": ["events"], "verbs": ["escalate"]}, "Input should be"),
    ],
)
def test_access_need_refuses_wildcards_and_unknown_verbs(need, fragment):
    with pytest.raises(ArgsError, match="AccessNeed") as info:
        AccessNeed(**need)
    assert fragment in str(info.value)


def test_role_namespaces_grant_the_needs_where_the_account_works_keeping_the_first_names():
    args = ServiceAccountWithRoleArgs(namespace="apps", needs=[WATCH_EVENTS], role_namespaces=["watched", "other"])
    record = run_components(lambda: ServiceAccountWithRole("sa", args))
    roles = {r.name: r.inputs["metadata"]["namespace"] for r in record.by_type("kubernetes:rbac.authorization.k8s.io/v1:Role")}
    assert roles == {"sa-role": "watched", "sa-role-other": "other"}
    for binding in objects_of(record, "RoleBinding"):
        assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "sa", "namespace": "apps"}]


def test_cluster_wide_needs_are_a_cluster_role_and_binding():
    args = ServiceAccountWithRoleArgs(namespace="apps", needs=[WATCH_EVENTS], cluster_wide=True)
    record = run_components(lambda: ServiceAccountWithRole("sa", args))
    assert not objects_of(record, "Role") and not objects_of(record, "RoleBinding")
    assert one(objects_of(record, "ClusterRole"))["rules"][0]["resources"] == ["events"]
    binding = one(objects_of(record, "ClusterRoleBinding"))
    assert binding["roleRef"]["kind"] == "ClusterRole" and binding["subjects"][0]["namespace"] == "apps"
