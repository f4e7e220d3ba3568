"""Container image references: parsed by the distribution reference grammar and required to be pinned.

The grammar is distribution/reference ``regexp.go`` (``referencePat``: ``[domain[:port]/]path[:tag][@digest]``)
with ``reference.go`` ``Parse`` (repository path at most 255 characters), ``normalize.go``
``ParseNormalizedNamed`` (no bare 64-hex name) and opencontainers/go-digest ``Digest.Validate``
(a registered algorithm, ``sha256`` or ``sha512``, with its exact lowercase hex length): what
kubelet and containerd accept when they pull. The registry host may contain uppercase letters;
the repository path may not.

Knative Serving parses a Service's image with go-containerregistry instead
(``pkg/apis/serving/k8s_validation.go`` ``validate`` -> ``name.ParseReference(image,
name.WeakValidation)``), which is narrower: see :func:`check_knative_image`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_PATH_COMPONENT = _ALNUM + r"(?:" + _SEPARATOR + _ALNUM + r")*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = _DOMAIN_COMPONENT + r"(?:\." + _DOMAIN_COMPONENT + r")*"
_HOST = r"(?:" + _DOMAIN + r"|\[(?:[a-fA-F0-9:]+)\])"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
_REFERENCE = re.compile(
    r"^(?:(?P<domain>" + _HOST + r"(?::[0-9]+)?)/)?(?P<path>" + _PATH_COMPONENT + r"(?:/" + _PATH_COMPONENT + r")*)"
    r"(?::(?P<tag>" + _TAG + r"))?(?:@(?P<digest>" + _DIGEST + r"))?$",
    re.ASCII,
)
_HEX_NAME = re.compile(r"^[a-f0-9]{64}$")
DIGEST_HEX_LENGTHS = {"sha256": 64, "sha512": 128}
"""Algorithms go-digest registers by default, and the hex length of each."""
PATH_MAX = 255
"""distribution/reference ``RepositoryNameTotalLengthMax``."""
FORMS = "[registry[:port]/]repository:tag or [registry[:port]/]repository@sha256:<64 hex>"


@dataclass(frozen=True)
class ImageReference:
    """A parsed image reference."""

    domain: str | None
    """Registry host (and port), e.g. ``registry.cn-hangzhou.aliyuncs.com``; None for Docker Hub names."""
    path: str
    """Repository path within the registry, e.g. ``kubeway/demo-ossunzip``."""
    tag: str | None
    """Tag, or None."""
    digest: str | None
    """``<algorithm>:<hex>``, or None."""


def parse_image_reference(value: str) -> ImageReference:
    """Parse an image reference as kubelet does; ``ValueError`` with the reason otherwise."""
    if not isinstance(value, str) or value == "":
        raise ValueError(f"is not an image reference; use {FORMS}")
    if _HEX_NAME.fullmatch(value):
        raise ValueError("is a bare 64-hex string, which is not a repository name; use a repository name with a tag or digest")
    match = _REFERENCE.fullmatch(value)
    if match is None:
        if _REFERENCE.fullmatch(value.lower()):
            raise ValueError(f"has uppercase letters in the repository path, which must be lowercase; use {FORMS}")
        raise ValueError(f"is not a valid image reference; use {FORMS}")
    path = match.group("path")
    if len(path) > PATH_MAX:
        raise ValueError(f"has a repository path longer than {PATH_MAX} characters; shorten it")
    digest = match.group("digest")
    if digest is not None:
        algorithm, _, hex_part = digest.partition(":")
        length = DIGEST_HEX_LENGTHS.get(algorithm)
        if length is None:
            raise ValueError(f"has a digest with the unsupported algorithm {algorithm!r}; use sha256 (or sha512)")
        if len(hex_part) != length or not re.fullmatch(r"[a-f0-9]+", hex_part):
            raise ValueError(f"has a {algorithm} digest that is not {length} lowercase hex digits; copy the digest exactly")
    return ImageReference(_registry(match.group("domain"), path), _repository(match.group("domain"), path), match.group("tag"), digest)


def _registry(first: str | None, path: str) -> str | None:
    """The registry host, as ``normalize.go`` ``splitDockerDomain`` tells it from a Docker Hub
    namespace: ``localhost``, or a first element with ``.``, ``:`` or an uppercase letter."""
    if first is None:
        return None
    if first == "localhost" or any(c in first for c in ".:") or first.lower() != first:
        return first
    return None


def _repository(first: str | None, path: str) -> str:
    return path if first is None or _registry(first, path) is not None else f"{first}/{path}"


def check_pinned_image(value: str) -> str:
    """Accept an image with an explicit tag other than ``latest``, or a digest."""
    ref = parse_image_reference(value)
    if ref.digest:
        return value
    if ref.tag is None:
        raise ValueError("has no tag; pin it with an explicit version tag or a sha256 digest")
    if ref.tag.lower() == "latest":  # as the image-pinned policy reads it
        raise ValueError("uses ':latest'; pin it with an explicit version tag or a sha256 digest")
    return value


def check_knative_image(value: str) -> str:
    """What Knative Serving's webhook parses on top of :func:`check_pinned_image`: go-containerregistry
    ``name.ParseReference`` with ``WeakValidation`` (``pkg/name/ref.go``, ``digest.go`` ``NewDigest``,
    ``repository.go`` ``NewRepository``) takes only ``sha256`` digests, and reads the first path
    element as a registry only when it is ``localhost`` or contains ``.`` or ``:``."""
    ref = parse_image_reference(value)
    if ref.digest is not None and not ref.digest.startswith("sha256:"):
        raise ValueError(
            "has a sha512 digest, which Knative Serving's webhook refuses (it takes sha256 only); "
            "pin the image by its sha256 digest or by a tag"
        )
    if ref.domain is not None and ref.domain != "localhost" and not any(c in ref.domain for c in ".:"):
        # splitDockerDomain took it for a registry because of its uppercase letters.
        raise ValueError(
            f"starts with {ref.domain!r}, which Knative reads as part of the repository name, not a registry; "
            "use a registry host with a '.' or a port (e.g. 'registry.example.com/...') or a lowercase repository"
        )
    return value


PinnedImage = Annotated[
    str,
    AfterValidator(check_pinned_image),
    WithJsonSchema({
        "type": "string",
        "minLength": 1,
        "maxLength": 1024,
        # The same grammar in JSON Schema (ECMA-262) syntax; the tag must not be "latest".
        "pattern": re.sub(r"\(\?P<\w+>", "(", _REFERENCE.pattern),
        "not": {"pattern": r"^[^@]*:[Ll][Aa][Tt][Ee][Ss][Tt]$"},
        "description": "[registry[:port]/]repository:tag (not latest) or [registry[:port]/]repository@sha256:<64 hex>",
    }),
]
"""An image reference with an explicit non-``latest`` tag or a digest."""

__all__ = [
    "DIGEST_HEX_LENGTHS",
    "FORMS",
    "PATH_MAX",
    "ImageReference",
    "PinnedImage",
    "check_knative_image",
    "check_pinned_image",
    "parse_image_reference",
]
