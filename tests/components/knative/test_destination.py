"""Destination: refs to Knative objects and URIs."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    Destination,
)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (lambda: Destination.service("svc", path="/unzip"), {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "svc"}, "uri": "/unzip"}),
        (lambda: Destination.kubernetes_service("svc", "ns"), {"ref": {"apiVersion": "v1", "kind": "Service", "name": "svc", "namespace": "ns"}}),
        (lambda: Destination.channel("ch"), {"ref": {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "ch"}}),
        (lambda: Destination.broker("default"), {"ref": {"apiVersion": "eventing.knative.dev/v1", "kind": "Broker", "name": "default"}}),
        (lambda: Destination.url("https://example.com/hook"), {"uri": "https://example.com/hook"}),
    ],
)
def test_destination_factories_render_refs_and_uris(factory, expected):
    assert factory().render() == expected


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({}, "needs a ref or a uri"),
        ({"uri": "/relative"}, "absolute http(s) URL"),
        ({"uri": "ftp://host/x"}, "absolute http(s) URL"),
        ({"ref": {"api_version": "v1", "kind": "Service", "name": "s"}, "uri": "http://other/x"}, "relative path"),
        ({"ref": {"api_version": "v1", "kind": "Service", "name": "Bad_Name"}}, "RFC 1123 subdomain"),
    ],
)
def test_destination_rejects_ambiguous_or_malformed_targets(kwargs, fragment):
    with pytest.raises(ArgsError) as info:
        Destination(**kwargs)
    assert fragment in str(info.value)
