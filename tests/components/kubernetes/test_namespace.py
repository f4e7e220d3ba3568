"""Namespace: restricted pod security by default, an RFC 1123 name."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.kubernetes import Namespace, NamespaceArgs
from tests.support.crds import validate_all
from tests.support.offline import objects_of, one, run_components


def test_namespace_enforces_restricted_pod_security_by_default():
    record = run_components(lambda: Namespace("apps", NamespaceArgs()))
    labels = one(objects_of(record, "Namespace"))["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    assert validate_all(record) == 1


def test_namespace_name_must_be_a_label():
    with pytest.raises(ArgsError, match="NamespaceArgs.namespace_name: must be an RFC 1123 label"):
        NamespaceArgs(namespace_name="Not_A_Valid_Name!")
