"""Where an event goes: a reference to an addressable object, a URI, or both (ref + path)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, model_validator

from eventing_platform.kinds import CORE_GROUP, known_kind
from eventing_platform.kinds.catalogue import EVENTING, FLOWS, MESSAGING, SERVING

from ..args import Args, Input, StrInput, is_plain
from ..kubernetes.names import DnsLabel, DnsSubdomain
from ..redaction import check_no_credentials

SERVING_V1 = known_kind(SERVING, "Service").api_version
EVENTING_V1 = known_kind(EVENTING, "Broker").api_version
MESSAGING_V1 = known_kind(MESSAGING, "Channel").api_version
FLOWS_V1 = known_kind(FLOWS, "Sequence").api_version

URL_CREDENTIAL_FIX = (
    "keep the credential in a Kubernetes Secret the receiver reads (Knative authenticates to a sink "
    "with OIDC tokens for its audience and trusts it through CACerts, never through the URL)"
)
"""What to do instead of a credential in a sink URL."""


def _check_uri(value: str) -> str:
    return check_no_credentials(value, URL_CREDENTIAL_FIX)


SinkUri = Annotated[str, AfterValidator(_check_uri)]
"""A sink URL or path, without user info or credential query parameters (written in plaintext to
the object's spec)."""


class KReference(Args):
    """A reference to an addressable Kubernetes object (Knative ``duckv1.KReference``)."""

    api_version: Annotated[str, Field(min_length=1)]
    """API version of the referent, e.g. ``serving.knative.dev/v1``. Required, not empty (as
    knative/pkg ``KReference.Validate`` requires)."""
    kind: Annotated[str, Field(min_length=1)]
    """Kind of the referent, e.g. ``Service``. Required, not empty."""
    name: Input[DnsSubdomain]
    """Name of the referent."""
    namespace: Input[DnsLabel] | None = None
    """Namespace of the referent. Default: the namespace of the object holding the reference."""

    def render(self) -> dict[str, Any]:
        """The ``ref`` block."""
        ref = {"apiVersion": self.api_version, "kind": self.kind, "name": self.name}
        if self.namespace:
            ref["namespace"] = self.namespace
        return ref


class Destination(Args):
    """A Knative ``Destination``: a ``ref``, a ``uri``, or a ``ref`` plus a relative ``uri`` path.

    Build with the factories: ``Destination.service("app")``, ``Destination.channel("ch")``,
    ``Destination.broker("default")``, ``Destination.sequence("seq")``, ``Destination.parallel("par")``,
    ``Destination.url("https://...")``.
    """

    ref: KReference | None = None
    """The addressable object events are sent to. Default none."""
    uri: Input[SinkUri] | None = None
    """Absolute URL, or a path relative to ``ref``'s address; no credential in it (user info or a
    token query parameter is refused: the URL is written in plaintext). Default none."""

    @model_validator(mode="after")
    def _ref_or_uri(self) -> Destination:
        if self.ref is None and self.uri is None:
            raise ValueError("a Destination needs a ref or a uri; use Destination.service(...) or Destination.url(...)")
        if self.uri is not None and is_plain(self.uri):
            parts = urlsplit(self.uri)
            if self.ref is None and (parts.scheme not in ("http", "https") or not parts.netloc):
                raise ValueError(
                    f"uri {self.uri!r} must be an absolute http(s) URL when no ref is given"
                )
            if self.ref is not None and (parts.scheme or parts.netloc):
                raise ValueError(
                    f"uri {self.uri!r} must be a relative path (e.g. '/unzip') when a ref is given"
                )
        return self

    @classmethod
    def service(cls, name: Input[str], namespace: Input[str] | None = None, path: StrInput | None = None) -> Destination:
        """A Knative Service (``serving.knative.dev/v1``), optionally with a request path."""
        return cls(ref=KReference(api_version=SERVING_V1, kind="Service", name=name, namespace=namespace), uri=path)

    @classmethod
    def kubernetes_service(cls, name: Input[str], namespace: Input[str] | None = None, path: StrInput | None = None) -> Destination:
        """A plain Kubernetes ``Service`` (``v1``)."""
        return cls(ref=KReference(api_version=known_kind(CORE_GROUP, "Service").api_version, kind="Service", name=name, namespace=namespace), uri=path)

    @classmethod
    def channel(cls, name: Input[str], namespace: Input[str] | None = None) -> Destination:
        """A ``messaging.knative.dev/v1`` Channel."""
        return cls(ref=KReference(api_version=MESSAGING_V1, kind="Channel", name=name, namespace=namespace))

    @classmethod
    def broker(cls, name: Input[str], namespace: Input[str] | None = None) -> Destination:
        """An ``eventing.knative.dev/v1`` Broker."""
        return cls(ref=KReference(api_version=EVENTING_V1, kind="Broker", name=name, namespace=namespace))

    @classmethod
    def sequence(cls, name: Input[str], namespace: Input[str] | None = None) -> Destination:
        """A ``flows.knative.dev/v1`` Sequence."""
        return cls(ref=KReference(api_version=FLOWS_V1, kind="Sequence", name=name, namespace=namespace))

    @classmethod
    def parallel(cls, name: Input[str], namespace: Input[str] | None = None) -> Destination:
        """A ``flows.knative.dev/v1`` Parallel."""
        return cls(ref=KReference(api_version=FLOWS_V1, kind="Parallel", name=name, namespace=namespace))

    @classmethod
    def url(cls, uri: StrInput) -> Destination:
        """An absolute http(s) URL."""
        return cls(uri=uri)

    def render(self) -> dict[str, Any]:
        """The ``sink`` / ``subscriber`` / ``deadLetterSink`` block."""
        out: dict[str, Any] = {}
        if self.ref is not None:
            out["ref"] = self.ref.render()
        if self.uri is not None:
            out["uri"] = self.uri
        return out
