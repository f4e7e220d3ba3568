"""Kubernetes name rules (RFC 1123 labels and subdomains) as reusable pydantic field types."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, WithJsonSchema

if TYPE_CHECKING:
    from pulumi_kubernetes.meta.v1 import ObjectMetaArgsDict

    from ..args import Input

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS_1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def check_dns_label(value: str) -> str:
    """Validate an RFC 1123 label (namespaces, Knative Services, most object names)."""
    if len(value) > 63 or not _DNS_LABEL.fullmatch(value):
        raise ValueError(
            "must be an RFC 1123 label: 1-63 lowercase letters, digits or '-', starting and "
            "ending with a letter or digit (e.g. 'my-app')"
        )
    return value


def check_dns1035_label(value: str) -> str:
    """Validate an RFC 1035 label (apimachinery ``IsDNS1035Label``): what Knative Serving requires
    of Service names and traffic tags (they become host names)."""
    if len(value) > 63 or not _DNS_1035_LABEL.fullmatch(value):
        raise ValueError(
            "must be an RFC 1035 label: 1-63 lowercase letters, digits or '-', starting with a letter "
            "and ending with a letter or digit (e.g. 'my-app')"
        )
    return value


def check_dns_subdomain(value: str) -> str:
    """Validate an RFC 1123 subdomain (ServiceAccount, Role, Secret names)."""
    if len(value) > 253 or not _DNS_SUBDOMAIN.fullmatch(value):
        raise ValueError(
            "must be an RFC 1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', "
            "starting and ending with a letter or digit (e.g. 'events-sa')"
        )
    return value


DnsLabel = Annotated[
    str,
    AfterValidator(check_dns_label),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 63, "pattern": _DNS_LABEL.pattern}),
]
"""A string that must be a Kubernetes RFC 1123 label."""

Dns1035Label = Annotated[
    str,
    AfterValidator(check_dns1035_label),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 63, "pattern": _DNS_1035_LABEL.pattern}),
]
"""A string that must be an RFC 1035 label (starts with a letter)."""

DnsSubdomain = Annotated[
    str,
    AfterValidator(check_dns_subdomain),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 253, "pattern": _DNS_SUBDOMAIN.pattern}),
]
"""A string that must be a Kubernetes RFC 1123 subdomain."""


ALL_NAMESPACES = "*"
"""``watched_namespaces`` entry meaning every namespace (an empty ``namespaceSelector``; the
ApiServerSource re-exports it)."""

SYSTEM_NAMESPACES = frozenset({
    "default", "cert-manager", "istio-system", "kourier-system", "gmp-system", "gmp-public", "arms-prom",
})
"""Namespaces that belong to the cluster or its platform components, by exact name."""
SYSTEM_NAMESPACE_PREFIXES = ("kube-", "knative-", "gke-", "openshift-")
"""Prefixes of namespaces that belong to Kubernetes (``kube-system``, ``kube-public``,
``kube-node-lease``), Knative (``knative-serving``, ``knative-eventing``, ...), GKE and OpenShift."""


def system_namespace_reason(name: str) -> str | None:
    """Why ``name`` is a system namespace (None when it is not one)."""
    if name == "default":
        return "'default' is the cluster's shared namespace, not one a stack owns"
    for prefix in SYSTEM_NAMESPACE_PREFIXES:
        if name.startswith(prefix):
            return f"namespaces starting with '{prefix}' belong to the cluster's own components"
    if name in SYSTEM_NAMESPACES:
        return f"'{name}' belongs to a platform component"
    return None


def check_app_namespace(value: str) -> str:
    """Validate a namespace an application may be deployed into: an RFC 1123 label that is not a
    system namespace (``kube-*``, ``knative-*``, ``default``, ...)."""
    check_dns_label(value)
    reason = system_namespace_reason(value)
    if reason is not None:
        raise ValueError(
            f"is a system namespace ({reason}): a stack never creates, relabels or deploys into one; "
            "choose a namespace of its own, e.g. 'my-app'"
        )
    return value


AppNamespace = Annotated[
    str,
    AfterValidator(check_app_namespace),
    WithJsonSchema({
        "type": "string", "minLength": 1, "maxLength": 63, "pattern": _DNS_LABEL.pattern,
        "not": {"anyOf": [{"enum": sorted(SYSTEM_NAMESPACES)}, *({"pattern": f"^{p}"} for p in SYSTEM_NAMESPACE_PREFIXES)]},
    }),
]
"""A namespace of the application's own: an RFC 1123 label, never a system namespace."""


_LABEL_NAME = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$")
_LABEL_KEY = re.compile(
    r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$"
)
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def check_label_key(value: str) -> str:
    """Validate a label key: ``[prefix/]name``, the prefix a DNS subdomain, the name 1-63 characters."""
    prefix, _, name = value.rpartition("/")
    if (
        not _LABEL_KEY.fullmatch(value)
        or len(prefix) > 253
        or len(name) > 63
        or not _LABEL_NAME.fullmatch(name)
    ):
        raise ValueError(
            f"label key {value!r} is not valid: use [prefix/]name, the name 1-63 letters, digits, "
            "'-', '_' or '.' starting and ending with a letter or digit (e.g. 'app' or 'example.com/tier')"
        )
    return value


def check_label_value(value: str) -> str:
    """Validate a label value: empty, or 1-63 letters, digits, '-', '_' or '.', alphanumeric at both ends."""
    if len(value) > 63 or not _LABEL_VALUE.fullmatch(value):
        raise ValueError(
            f"label value {value!r} is not valid: use at most 63 letters, digits, '-', '_' or '.', "
            "starting and ending with a letter or digit (e.g. 'heartbeats')"
        )
    return value


LabelKey = Annotated[
    str,
    AfterValidator(check_label_key),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 317, "pattern": _LABEL_KEY.pattern}),
]
"""A Kubernetes label key (``app``, ``app.kubernetes.io/name``)."""

LabelValue = Annotated[
    str,
    AfterValidator(check_label_value),
    WithJsonSchema({"type": "string", "maxLength": 63, "pattern": _LABEL_VALUE.pattern}),
]
"""A Kubernetes label value (may be empty)."""


def object_meta(
    name: Input[str],
    namespace: Input[str] | None = None,
    labels: Mapping[str, Input[str]] | None = None,
    annotations: Mapping[str, Input[str]] | None = None,
) -> ObjectMetaArgsDict:
    """Build ``metadata`` with the labels every object of this project carries (any value may
    be a Pulumi ``Output``). Its keys are spelt alike by the API and the SDK's typed dict."""
    meta: ObjectMetaArgsDict = {
        "name": name,
        "labels": {"app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "eventing-platform", **(labels or {})},
    }
    if namespace is not None:
        meta["namespace"] = namespace
    if annotations:
        meta["annotations"] = dict(annotations)
    return meta


def default_object_name(component_name: str, owner: str, field: str, check: Callable[[str], str] = check_dns_label) -> str:
    """The component name used as ``metadata.name``; a clear error when it is not a valid label.

    ``owner`` is the component class (for the message), ``field`` the args field that overrides
    the name and ``check`` the name rule (an RFC 1123 label unless the kind needs another).
    """
    from ..errors import ArgsError, Problem

    try:
        return check(component_name)
    except ValueError as err:
        raise ArgsError([Problem(f"{owner}.name", f"{err}; or set {field}", component_name)]) from None
