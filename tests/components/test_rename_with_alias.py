"""Renaming components without replacing what they created (README, "Renaming a component").

The example renames ``orders`` to ``checkout``: a Knative Service, its ServiceAccount with a
Role, an MNS dead-letter queue and an OSS bucket. Both programs run on the offline engine; the
engine's alias matching (``tests/support/aliases.py``) then says which old resource each new one
takes over. With an alias on each component and the name fields pinned to the old names, every
resource is kept as it is; the alias alone keeps the URNs but changes the physical names that
default to the component name, which replaces those objects.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from eventing_platform.alicloud import MnsQueue, MnsQueueArgs, OssBucket, OssBucketArgs
from eventing_platform.knative import KnativeService, KnativeServiceArgs
from eventing_platform.kubernetes import (
    AccessNeed,
    ServiceAccountWithRole,
    ServiceAccountWithRoleArgs,
)
from tests.support.aliases import RegistrationSpy, match_old_urns
from tests.support.offline import run_components

IMAGE = "registry.example.com/shop/orders:1.4.2"


def shop(name: str, renamed_from: str | None = None, *, keep_names: bool = False) -> None:
    """The example program: everything named after ``name``.

    ``renamed_from`` adds ``pulumi.Alias(name=<old name>)`` to each component; ``keep_names`` sets
    each field whose default is the component name to the value it had under the old name.
    """

    def opts(suffix: str = "") -> pulumi.ResourceOptions | None:
        return pulumi.ResourceOptions(aliases=[pulumi.Alias(name=f"{renamed_from}{suffix}")]) if renamed_from else None

    old = renamed_from or name
    account = ServiceAccountWithRole(name, ServiceAccountWithRoleArgs(
        namespace="shop",
        service_account_name=old if keep_names else None,
        needs=[AccessNeed(resources=["configmaps"], verbs=["get"])],
    ), opts())
    KnativeService(name, KnativeServiceArgs(
        image=IMAGE, namespace="shop", service_account_name=account.service_account_name,
        service_name=old if keep_names else None,
    ), opts())
    MnsQueue(f"{name}-dlq", MnsQueueArgs(
        region="cn-hangzhou", account_id="1234567890", queue_name=f"{old}-dlq" if keep_names else None,
    ), opts("-dlq"))
    OssBucket(f"{name}-archive", OssBucketArgs(bucket_name="shop-orders-archive"), opts("-archive"))


def _plan(build: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], RegistrationSpy]:
    spy = RegistrationSpy()
    with spy.watching(monkeypatch):
        record = run_components(build)
    return {r.urn: r for r in record.resources}, spy


@pytest.fixture
def before(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    resources, _ = _plan(lambda: shop("orders"), monkeypatch)
    return resources


def _steps(before: dict[str, Any], after: dict[str, Any], spy: RegistrationSpy) -> dict[str, list[str]]:
    """What ``pulumi up`` would do: ``same`` / ``update`` / ``replace`` (a custom resource whose
    physical name changed) by new URN, ``create`` for the unmatched, ``delete`` for the orphaned."""
    matched = match_old_urns(spy.registrations, set(before))
    steps: dict[str, list[str]] = {"same": [], "update": [], "replace": [], "create": [], "delete": []}
    for urn, old in matched.items():
        if old is None:
            steps["create"].append(urn)
        elif before[old].inputs == after[urn].inputs:
            steps["same"].append(urn)
        else:
            steps["replace" if _physical_name(before[old]) != _physical_name(after[urn]) else "update"].append(urn)
    steps["delete"] = sorted(set(before) - {old for old in matched.values() if old})
    return steps


def _physical_name(resource: Any) -> object:
    """The inputs a provider replaces the resource for when they change (its name and namespace)."""
    inputs = resource.inputs
    meta = inputs.get("metadata") or {}
    return (meta.get("name"), meta.get("namespace"), inputs.get("queueName"), inputs.get("bucket"))


def test_an_alias_and_the_old_names_keep_every_resource(before, monkeypatch):
    after, spy = _plan(lambda: shop("checkout", renamed_from="orders", keep_names=True), monkeypatch)
    steps = _steps(before, after, spy)
    assert steps["create"] == [] and steps["delete"] == [] and steps["replace"] == [] and steps["update"] == []
    assert len(steps["same"]) == len(before) == len(after)


def test_children_need_no_alias_of_their_own(before, monkeypatch):
    _, spy = _plan(lambda: shop("checkout", renamed_from="orders", keep_names=True), monkeypatch)
    # (pulumi-kubernetes gives Role and RoleBinding aliases of their own, for older API versions.)
    renamed = {r.name for r in spy.registrations if any(a.urn or a.spec.name for a in r.aliases)}
    assert renamed == {"checkout", "checkout-dlq", "checkout-archive"}
    children = [r for r in spy.registrations if r.parent and "pulumi:pulumi:Stack" not in r.parent]
    assert children and all(r.name.startswith("checkout") for r in children)


def test_an_alias_alone_replaces_the_objects_named_after_the_component(before, monkeypatch):
    after, spy = _plan(lambda: shop("checkout", renamed_from="orders"), monkeypatch)
    steps = _steps(before, after, spy)
    assert steps["create"] == [] and steps["delete"] == []
    replaced = {after[urn].type for urn in steps["replace"]}
    assert replaced == {
        "kubernetes:serving.knative.dev/v1:Service",
        "kubernetes:core/v1:ServiceAccount",
        "kubernetes:rbac.authorization.k8s.io/v1:Role",
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        "alicloud:message/serviceQueue:ServiceQueue",
    }
    # The bucket's name is its own field, not the component's: untouched.
    assert not any(after[urn].type.startswith("alicloud:oss/") for urn in steps["replace"] + steps["update"])


def test_a_rename_without_an_alias_deletes_and_recreates_everything(before, monkeypatch):
    after, spy = _plan(lambda: shop("checkout", keep_names=True), monkeypatch)
    steps = _steps(before, after, spy)
    assert steps["same"] == [] and len(steps["create"]) == len(after) and len(steps["delete"]) == len(before)
