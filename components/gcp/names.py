"""Google Cloud naming rules as pydantic field types (no provider SDK needed).

Each check raises ``ValueError`` with a message that states the rule and how to fix the value;
:class:`~eventing_platform.args.Args` turns it into an ``ArgsError`` line naming the field and
the bad value. This module imports nothing from ``pulumi_gcp``, so other domains (the Knative
sources of knative-gcp) can validate GCP names too.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

from ..args import StrInput

_BUCKET_CHARS = re.compile(r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$")
_GOOGLE_LOOKALIKE = re.compile(r"g[o0][o0]g[l1]e")
_PROJECT_ID = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
_REGION = re.compile(
    r"^(africa|asia|australia|europe|me|northamerica|southamerica|us)-"
    r"(central|east|north|northeast|northwest|south|southeast|southwest|west)[1-9][0-9]?$"
)
_ZONE = re.compile(r"^([a-z]+-[a-z]+[0-9]+)-[a-z]$")
_PUBSUB_ID = re.compile(r"^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$")
_PUBSUB_PATH = re.compile(r"^projects/[^/]+/(topics|subscriptions)/(?P<id>[^/]+)$")
_SERVICE_ACCOUNT_ID = re.compile(r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
_ROLE = re.compile(r"^(roles/[A-Za-z0-9_.]+|(projects/[a-z][a-z0-9-]{4,28}[a-z0-9]|organizations/[0-9]+)/roles/[A-Za-z0-9_.]+)$")
_BASIC_ROLES = frozenset({"roles/owner", "roles/editor", "roles/viewer"})
_SERVICE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*\.googleapis\.com$")
_CLUSTER_NAME = re.compile(r"^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$")


def check_bucket_name(value: str) -> str:
    """Cloud Storage bucket naming rules (https://cloud.google.com/storage/docs/buckets#naming)."""
    fix = "e.g. 'my-images-bucket'"
    if value != value.lower():
        try:
            hint = f"; use {check_bucket_name(value.lower())!r}"
        except ValueError:
            hint = f" ({fix})"
        raise ValueError(f"bucket names are lowercase only{hint}")
    if "." in value:
        if len(value) > 222:
            raise ValueError(f"is {len(value)} characters long; a bucket name with dots may have at most 222")
        for part in value.split("."):
            if not part:
                raise ValueError("has an empty dot-separated part ('..' or a leading/trailing '.'); remove the extra dot")
            if len(part) > 63:
                raise ValueError(f"has a dot-separated part of {len(part)} characters; each part may have at most 63")
    elif not 3 <= len(value) <= 63:
        raise ValueError(f"is {len(value)} characters long; a bucket name needs 3-63 characters ({fix})")
    if not _BUCKET_CHARS.fullmatch(value):
        raise ValueError(
            "may contain only lowercase letters, digits, '-', '_' and '.', and must start and end "
            f"with a letter or digit ({fix})"
        )
    if value.startswith("goog"):
        raise ValueError("must not start with 'goog' (reserved by Google); choose another prefix")
    if _GOOGLE_LOOKALIKE.search(value):
        raise ValueError("must not contain 'google' or a look-alike such as 'g00gle'; choose another name")
    try:
        ipaddress.IPv4Address(value)
    except ValueError:
        pass
    else:
        raise ValueError(f"must not be an IP address in dotted-decimal form ({fix})")
    return value


def check_project_id(value: str) -> str:
    """Google Cloud project ID rules: 6-30 characters, lowercase letter first, no trailing hyphen."""
    if not 6 <= len(value) <= 30:
        raise ValueError(f"is {len(value)} characters long; a project ID has 6-30 characters (e.g. 'my-project-123')")
    if not _PROJECT_ID.fullmatch(value):
        raise ValueError(
            "is not a project ID: use lowercase letters, digits and '-', start with a letter and do "
            "not end with '-' (e.g. 'my-project-123'; the project ID, not its display name or number)"
        )
    return value


def check_region(value: str) -> str:
    """A Google Cloud region such as ``us-central1`` or ``europe-west4`` (not a zone)."""
    zone = _ZONE.fullmatch(value)
    if zone and _REGION.fullmatch(zone.group(1)):
        raise ValueError(f"is a zone, not a region; use its region {zone.group(1)!r}")
    if not _REGION.fullmatch(value):
        hint = f"; use {value.lower()!r}" if value != value.lower() and _REGION.fullmatch(value.lower()) else ""
        raise ValueError(
            "is not a Google Cloud region: expected <area>-<direction><number> such as "
            f"'us-central1', 'europe-west4' or 'asia-northeast1'{hint}"
        )
    return value


def _check_pubsub_id(value: str, kind: str) -> str:
    path = _PUBSUB_PATH.fullmatch(value)
    if path:
        raise ValueError(f"is a full resource name; give the {kind} ID only, e.g. {path.group('id')!r}")
    if value.startswith("goog"):
        raise ValueError(f"a {kind} ID must not start with 'goog' (reserved by Google); choose another name")
    if not _PUBSUB_ID.fullmatch(value):
        raise ValueError(
            f"is not a Pub/Sub {kind} ID: 3-255 characters, starting with a letter, then letters, "
            "digits or '-', '_', '.', '~', '+', '%' (e.g. 'testing')"
        )
    return value


def check_topic_id(value: str) -> str:
    """A Pub/Sub topic ID (the short name, not ``projects/<p>/topics/<id>``)."""
    return _check_pubsub_id(value, "topic")


def check_subscription_id(value: str) -> str:
    """A Pub/Sub subscription ID (the short name)."""
    return _check_pubsub_id(value, "subscription")


def check_service_account_id(value: str) -> str:
    """The ``account_id`` of a Google service account (the part before ``@``)."""
    if "@" in value:
        raise ValueError(f"is an email; give the account ID only, e.g. {value.split('@')[0]!r}")
    if not _SERVICE_ACCOUNT_ID.fullmatch(value):
        raise ValueError(
            "is not a service account ID: 6-30 lowercase letters, digits or '-', starting with a "
            "letter and not ending with '-' (e.g. 'vision-service')"
        )
    return value


def check_role(value: str) -> str:
    """An IAM role name; the basic roles (owner, editor, viewer) are refused as too broad."""
    if value in _BASIC_ROLES:
        raise ValueError(
            f"{value} is a basic role that grants far more than a workload needs; grant a predefined "
            "role such as 'roles/pubsub.subscriber' or 'roles/storage.objectViewer'"
        )
    if not _ROLE.fullmatch(value):
        raise ValueError(
            "is not an IAM role: use 'roles/<service>.<role>' (e.g. 'roles/pubsub.subscriber') or a "
            "custom role 'projects/<project>/roles/<id>'"
        )
    return value


def check_service_name(value: str) -> str:
    """A Google API service name such as ``vision.googleapis.com``."""
    if not _SERVICE.fullmatch(value):
        raise ValueError("is not a Google API service name; use e.g. 'vision.googleapis.com'")
    return value


def check_cluster_name(value: str) -> str:
    """A GKE cluster name: 1-40 lowercase letters, digits or '-', starting with a letter."""
    if not _CLUSTER_NAME.fullmatch(value):
        raise ValueError(
            "is not a GKE cluster name: 1-40 lowercase letters, digits or '-', starting with a "
            "letter and ending with a letter or digit (e.g. 'knative-vision')"
        )
    return value


def check_cidr(value: str) -> str:
    """An IPv4 or IPv6 network in CIDR form with no host bits set, e.g. ``203.0.113.0/24``."""
    try:
        ipaddress.ip_network(value, strict=True)
    except ValueError as err:
        raise ValueError(f"is not a CIDR block ({err}); use e.g. '203.0.113.0/24'") from None
    if "/" not in value:
        raise ValueError("needs a prefix length; use e.g. '203.0.113.7/32' for one address")
    return value


BucketName = Annotated[
    str,
    AfterValidator(check_bucket_name),
    WithJsonSchema({"type": "string", "minLength": 3, "maxLength": 222, "pattern": _BUCKET_CHARS.pattern}),
]
"""A Cloud Storage bucket name."""
ProjectId = Annotated[
    str,
    AfterValidator(check_project_id),
    WithJsonSchema({"type": "string", "minLength": 6, "maxLength": 30, "pattern": _PROJECT_ID.pattern}),
]
"""A Google Cloud project ID."""
Region = Annotated[str, AfterValidator(check_region), WithJsonSchema({"type": "string", "pattern": _REGION.pattern})]
"""A Google Cloud region, e.g. ``us-central1``."""
TopicId = Annotated[
    str,
    AfterValidator(check_topic_id),
    WithJsonSchema({"type": "string", "minLength": 3, "maxLength": 255, "pattern": _PUBSUB_ID.pattern}),
]
"""A Pub/Sub topic ID."""
SubscriptionId = Annotated[str, AfterValidator(check_subscription_id)]
"""A Pub/Sub subscription ID."""
ServiceAccountId = Annotated[
    str,
    AfterValidator(check_service_account_id),
    WithJsonSchema({"type": "string", "minLength": 6, "maxLength": 30, "pattern": _SERVICE_ACCOUNT_ID.pattern}),
]
"""A Google service account ID."""
Role = Annotated[str, AfterValidator(check_role)]
"""An IAM role (not a basic role)."""
ServiceName = Annotated[str, AfterValidator(check_service_name)]
"""A Google API service name."""
ClusterName = Annotated[
    str,
    AfterValidator(check_cluster_name),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 40, "pattern": _CLUSTER_NAME.pattern}),
]
"""A GKE cluster name."""
Cidr = Annotated[str, AfterValidator(check_cidr), WithJsonSchema({"type": "string", "description": "CIDR block, e.g. 203.0.113.0/24"})]
"""A CIDR block."""


def service_account_email(account_id: str, project: str) -> str:
    """The email of a user-managed service account: ``<id>@<project>.iam.gserviceaccount.com``."""
    return f"{account_id}@{project}.iam.gserviceaccount.com"


def workload_pool(project: str) -> str:
    """The GKE Workload Identity pool of a project: ``<project>.svc.id.goog``."""
    return f"{project}.svc.id.goog"


def workload_identity_member(pool: str, namespace: str, service_account: str) -> str:
    """The IAM member of a Kubernetes service account: ``serviceAccount:<pool>[<ns>/<ksa>]``."""
    return f"serviceAccount:{pool}[{namespace}/{service_account}]"


def _when_plain(check: Callable[[str], str]) -> Callable[[StrInput], StrInput]:
    def validate(value: StrInput) -> StrInput:
        # What `is_plain` tells, written so the type checker narrows the value to str.
        return check(value) if isinstance(value, str) else value

    validate.__doc__ = f"{check.__doc__} Skipped for a Pulumi ``Output``."
    return validate


ProjectInput = Annotated[StrInput, AfterValidator(_when_plain(check_project_id))]
"""A project ID, or an output resolving to one (validated when plain)."""
BucketInput = Annotated[StrInput, AfterValidator(_when_plain(check_bucket_name))]
"""A bucket name, or an output resolving to one (validated when plain)."""
TopicInput = Annotated[StrInput, AfterValidator(_when_plain(check_topic_id))]
"""A topic ID, or an output resolving to one (validated when plain)."""
