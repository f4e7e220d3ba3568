"""Image references follow the distribution reference grammar; Knative Services also what its webhook parses.

Cases re-expressed from distribution/reference ``reference_test.go`` (``TestReferenceParse``)
and ``normalize_test.go``; the Knative-only refusals from go-containerregistry ``pkg/name``
(``NewDigest``: sha256 only; ``NewRepository``: a registry needs ``.``, ``:`` or ``localhost``).
"""

from __future__ import annotations

import pytest

from eventing_platform.kinds.formats.images import (
    check_knative_image,
    check_pinned_image,
    parse_image_reference,
)
from eventing_platform.rules.workloads import image_problem

SHA256 = "sha256:" + "f" * 64
SHA512 = "sha512:" + "f" * 128

# (reference, registry, repository) that reference_test.go parses successfully, pinned by a tag here.
VALID = [
    ("test.com/repo:tag", "test.com", "repo"),
    ("test:5000/repo:tag", "test:5000", "repo"),
    (f"test:5000/repo@{SHA256}", "test:5000", "repo"),
    (f"test:5000/repo:tag@{SHA256}", "test:5000", "repo"),
    ("lowercase:Uppercase", None, "lowercase"),
    ("example.com/" + "a" * 255 + ":tag", "example.com", "a" * 255),
    ("sub-dom1.foo.com/bar/baz/quux:some-long-tag", "sub-dom1.foo.com", "bar/baz/quux"),
    ("b.gcr.io/test.example.com/my-app:test.example.com", "b.gcr.io", "test.example.com/my-app"),
    ("xn--n3h.com/myimage:xn--n3h.com", "xn--n3h.com", "myimage"),
    ("foo/foo_bar.com:8080", None, "foo/foo_bar.com"),
    ("192.168.1.1:5000/repo:5050", "192.168.1.1:5000", "repo"),
    ("[2001:db8:1:2:3:4:5:6]/repo:tag", "[2001:db8:1:2:3:4:5:6]", "repo"),
    (f"[2001:db8::1]:5000/repo:tag@{SHA256}", "[2001:db8::1]:5000", "repo"),
    ("[::1]:5000/repo:tag", "[::1]:5000", "repo"),
    # The cases: an uppercase registry host, and a sha512 digest (go-digest registers it).
    ("Registry.Example.COM/team/app:v1", "Registry.Example.COM", "team/app"),
    (f"registry.example.com/team/app@{SHA512}", "registry.example.com", "team/app"),
    # Docker Hub names: a lowercase first element without '.' or ':' is a namespace (normalize.go).
    ("kubeway/demo:v1", None, "kubeway/demo"),
]

# (reference, reason) that reference_test.go / normalize_test.go refuse.
INVALID = [
    ("", "not an image reference"),
    (":justtag", "not a valid"),
    (f"@{SHA256}", "not a valid"),
    ("repo@sha256:" + "f" * 34, "64 lowercase hex"),
    ("validname@invaliddigest:" + "f" * 64, "unsupported algorithm"),
    ("validname@sha384:" + "f" * 96, "unsupported algorithm"),
    ("Uppercase:tag", "uppercase"),
    ("test:5000/Uppercase/lowercase:tag", "uppercase"),
    ("domain/" + "a" * 256 + ":tag", "longer than 255"),
    ("aa/asdf$$^/aa:tag", "not a valid"),
    ("[2001:db8::1]:tag", "not a valid"),
    ("[fe80::1%eth0]:5000/repo:tag", "not a valid"),
    ("f" * 64, "64-hex"),
    (f"app:v1@sha256:{'F' * 64}", "64 lowercase hex"),
]


@pytest.mark.parametrize(("reference", "registry", "repository"), VALID)
def test_references_the_grammar_accepts_parse_into_registry_and_repository(reference, registry, repository):
    ref = parse_image_reference(reference)
    assert (ref.domain, ref.path) == (registry, repository)
    assert check_pinned_image(reference) == reference


@pytest.mark.parametrize(("reference", "reason"), INVALID)
def test_references_the_grammar_refuses_are_refused_with_the_reason(reference, reason):
    with pytest.raises(ValueError, match=reason):
        parse_image_reference(reference)


@pytest.mark.parametrize(("reference", "reason"), [("nginx", "no tag"), ("nginx:latest", ":latest"), ("nginx:LATEST", ":latest")])
def test_unpinned_references_are_refused(reference, reason):
    with pytest.raises(ValueError, match=reason):
        check_pinned_image(reference)


@pytest.mark.parametrize(
    ("reference", "reason"),
    [(f"registry.example.com/app@{SHA512}", "sha512"), ("UPPER/app:v1", "not a registry")],
)
def test_knative_refuses_what_go_containerregistry_cannot_parse(reference, reason):
    check_pinned_image(reference)  # a Deployment may use it
    with pytest.raises(ValueError, match=reason):
        check_knative_image(reference)


@pytest.mark.parametrize("reference", ["Registry.Example.COM/team/app:v1", "localhost/app:v1", f"[::1]:5000/app@{SHA256}", "kubeway/demo:v1"])
def test_knative_accepts_registries_go_containerregistry_reads_as_registries(reference):
    assert check_knative_image(reference) == reference


@pytest.mark.parametrize("reference", [r for r, _, _ in VALID] + [r for r, _ in INVALID if r] + ["nginx", "nginx:latest", "nginx:LATEST"])
def test_the_image_pinned_policy_agrees_with_the_component(reference):
    try:
        check_pinned_image(reference)
        pinned = True
    except ValueError:
        pinned = False
    assert (image_problem(reference, require_digest=False) is None) == pinned
