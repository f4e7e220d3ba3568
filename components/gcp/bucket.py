"""A private Cloud Storage bucket: uniform access, public access prevention, versioning, lifecycle."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pulumi
import pulumi_gcp as gcp
from pydantic import Field, field_validator, model_validator

from ..args import Args, Input, StrInput, is_plain
from ..component import Component
from .names import BucketName, ProjectInput, check_region

MULTI_REGIONS = frozenset({"US", "EU", "ASIA"})
"""Cloud Storage multi-region locations."""
DUAL_REGIONS = frozenset({"NAM4", "EUR4", "EUR5", "EUR7", "EUR8", "ASIA1"})
"""Cloud Storage predefined dual-region locations."""

_LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_LABEL_VALUE = re.compile(r"^[a-z0-9_-]{0,63}$")


def check_labels(value: dict[str, StrInput]) -> dict[str, StrInput]:
    """Google Cloud label rules: keys start with a lowercase letter; keys and values use
    lowercase letters, digits, '_' and '-', at most 63 characters; at most 64 labels. A value that
    is a Pulumi ``Output`` is checked once it resolves."""
    if len(value) > 64:
        raise ValueError(f"has {len(value)} labels; Google Cloud allows at most 64")
    for key, val in value.items():
        if not _LABEL_KEY.fullmatch(key):
            raise ValueError(
                f"label key {key!r} is not valid: start with a lowercase letter, then up to 62 "
                "lowercase letters, digits, '_' or '-'"
            )
        if is_plain(val) and not _LABEL_VALUE.fullmatch(val):
            raise ValueError(f"label value {val!r} of {key!r} is not valid: up to 63 lowercase letters, digits, '_' or '-'")
    return value


def check_location(value: str) -> str:
    """A bucket location: a region (``us-central1``), a multi-region or a dual-region; upper-cased."""
    upper = value.upper()
    if upper in MULTI_REGIONS or upper in DUAL_REGIONS:
        return upper
    try:
        check_region(value.lower())
    except ValueError:
        raise ValueError(
            "is not a bucket location: use a region such as 'us-central1', a multi-region "
            f"({', '.join(sorted(MULTI_REGIONS))}) or a dual-region ({', '.join(sorted(DUAL_REGIONS))})"
        ) from None
    return upper


StorageClass = Literal["STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE"]


class LifecycleRule(Args):
    """One lifecycle rule: an action applied to objects that meet every set condition.

    Build with the factories (``LifecycleRule.delete_noncurrent_after(30)``, ...) or directly.
    At least one condition is required, so a rule never applies to every object by accident.
    """

    action: Literal["Delete", "SetStorageClass", "AbortIncompleteMultipartUpload"]
    """What to do with matching objects."""
    storage_class: StorageClass | None = None
    """Target class; required for (and only for) ``SetStorageClass``. Default none."""
    age_days: Annotated[int, Field(ge=1)] | None = None
    """Objects at least this many days old. Default unset."""
    days_since_noncurrent: Annotated[int, Field(ge=1)] | None = None
    """Noncurrent versions at least this many days old (versioned buckets). Default unset."""
    num_newer_versions: Annotated[int, Field(ge=1)] | None = None
    """Versions with at least this many newer versions. Default unset."""
    with_state: Literal["LIVE", "ARCHIVED", "ANY"] | None = None
    """Live or noncurrent (archived) objects only. Default: the provider's (any)."""
    matches_prefixes: list[str] = Field(default_factory=list)
    """Only objects whose name starts with one of these. Default: no prefix condition."""
    matches_suffixes: list[str] = Field(default_factory=list)
    """Only objects whose name ends with one of these. Default: no suffix condition."""

    @model_validator(mode="after")
    def _consistent(self) -> LifecycleRule:
        if (self.action == "SetStorageClass") != (self.storage_class is not None):
            raise ValueError("set storage_class exactly when action is 'SetStorageClass'")
        conditions = (self.age_days, self.days_since_noncurrent, self.num_newer_versions, self.with_state)
        if all(c is None for c in conditions) and not self.matches_prefixes and not self.matches_suffixes:
            raise ValueError(
                "a lifecycle rule needs at least one condition (age_days, days_since_noncurrent, "
                "num_newer_versions, with_state or a prefix/suffix); without one it hits every object"
            )
        return self

    @classmethod
    def delete_noncurrent_after(cls, days: int) -> LifecycleRule:
        """Delete noncurrent (overwritten or deleted) versions ``days`` after they became noncurrent."""
        return cls(action="Delete", days_since_noncurrent=days, with_state="ARCHIVED")

    @classmethod
    def abort_incomplete_uploads_after(cls, days: int) -> LifecycleRule:
        """Abort incomplete multipart uploads ``days`` after they started."""
        return cls(action="AbortIncompleteMultipartUpload", age_days=days)

    @classmethod
    def delete_after(cls, days: int, prefixes: list[str] | None = None) -> LifecycleRule:
        """Delete live objects ``days`` after creation (optionally only under ``prefixes``)."""
        return cls(action="Delete", age_days=days, with_state="LIVE", matches_prefixes=prefixes or [])

    @classmethod
    def move_after(cls, days: int, storage_class: StorageClass) -> LifecycleRule:
        """Move objects to a colder ``storage_class`` ``days`` after creation."""
        return cls(action="SetStorageClass", storage_class=storage_class, age_days=days)

    def render(self) -> dict[str, Any]:
        """The ``lifecycle_rules`` entry (provider argument names)."""
        action: dict[str, Any] = {"type": self.action}
        if self.storage_class:
            action["storage_class"] = self.storage_class
        condition: dict[str, Any] = {}
        for key, value in (
            ("age", self.age_days),
            ("days_since_noncurrent_time", self.days_since_noncurrent),
            ("num_newer_versions", self.num_newer_versions),
            ("with_state", self.with_state),
        ):
            if value is not None:
                condition[key] = value
        if self.matches_prefixes:
            condition["matches_prefixes"] = list(self.matches_prefixes)
        if self.matches_suffixes:
            condition["matches_suffixes"] = list(self.matches_suffixes)
        return {"action": action, "condition": condition}


def _default_lifecycle() -> list[LifecycleRule]:
    return [LifecycleRule.delete_noncurrent_after(30), LifecycleRule.abort_incomplete_uploads_after(7)]


class GcsBucketArgs(Args):
    """Arguments of :class:`GcsBucket`. Public access is not configurable: it is always off."""

    bucket_name: Input[BucketName]
    """Globally unique bucket name. Required."""
    project: ProjectInput
    """Project ID that owns the bucket. Required."""
    location: StrInput = "US-CENTRAL1"
    """Region (``us-central1``), multi-region (``US``) or dual-region (``NAM4``). Default ``US-CENTRAL1``."""
    storage_class: StorageClass = "STANDARD"
    """Default storage class of new objects. Default ``STANDARD``."""
    versioning: bool = True
    """Keep noncurrent versions of overwritten and deleted objects. Default True."""
    lifecycle_rules: list[LifecycleRule] = Field(default_factory=_default_lifecycle)
    """Lifecycle rules. Default: delete noncurrent versions after 30 days and abort incomplete
    multipart uploads after 7 days (so versioning does not grow storage without bound)."""
    kms_key_name: StrInput | None = None
    """Cloud KMS key for default encryption (CMEK), ``projects/.../cryptoKeys/...``. Default:
    Google-managed encryption (every object is encrypted at rest either way)."""
    soft_delete_retention_seconds: Annotated[int, Field(ge=0, le=7_776_000)] | None = None
    """Soft-delete retention (0 disables, at most 90 days). Default: Cloud Storage's (7 days)."""
    labels: Mapping[str, StrInput] = Field(default_factory=dict)
    """Labels. Default none."""
    force_destroy: bool = False
    """Let ``pulumi destroy`` delete a non-empty bucket. Default False (objects are never lost by accident)."""
    deletion_protection: bool = False
    """Protect the bucket in Pulumi state so ``destroy`` refuses to delete it. Default False; the
    stacks turn it on in prod."""

    @field_validator("location")
    @classmethod
    def _location(cls, value: StrInput) -> StrInput:
        if is_plain(value):
            return check_location(value)
        # Upper-cased as a plain location is; checked once it resolves.
        return pulumi.Output.from_input(value).apply(lambda v: v.upper() if isinstance(v, str) else v)

    @field_validator("labels")
    @classmethod
    def _labels(cls, value: dict[str, StrInput]) -> dict[str, StrInput]:
        return check_labels(value)

    @field_validator("kms_key_name")
    @classmethod
    def _kms(cls, value: StrInput | None) -> StrInput | None:
        if value is not None and is_plain(value) and not re.fullmatch(r"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$", value):
            raise ValueError("is not a KMS key name: use 'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>'")
        return value

    @model_validator(mode="after")
    def _noncurrent_needs_versioning(self) -> GcsBucketArgs:
        if not self.versioning and any(r.days_since_noncurrent or r.num_newer_versions for r in self.lifecycle_rules):
            raise ValueError(
                "lifecycle rules on noncurrent versions need versioning=True; enable versioning "
                "or drop those rules"
            )
        return self


class GcsBucket(Component[GcsBucketArgs]):
    """A Cloud Storage bucket that cannot be made public.

    Always: uniform bucket-level access (no object ACLs) and public access prevention
    ``enforced``. Attributes: ``bucket``, ``bucket_name`` (output), ``url`` (``gs://...``).
    """

    TYPE = "eventing-platform:gcp:GcsBucket"
    ARGS = GcsBucketArgs

    def __init__(self, name: str, args: GcsBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        extra: dict[str, Any] = {}
        if args.kms_key_name:
            extra["encryption"] = {"default_kms_key_name": args.kms_key_name}
        if args.soft_delete_retention_seconds is not None:
            extra["soft_delete_policy"] = {"retention_duration_seconds": args.soft_delete_retention_seconds}
        n, o = self.child("bucket", protect=args.deletion_protection)
        self.bucket = gcp.storage.Bucket(
            n,
            name=args.bucket_name,
            project=args.project,
            location=args.location,
            storage_class=args.storage_class,
            uniform_bucket_level_access=True,
            public_access_prevention="enforced",
            versioning={"enabled": args.versioning},
            lifecycle_rules=[r.render() for r in args.lifecycle_rules],
            labels=dict(args.labels) or None,
            force_destroy=args.force_destroy,
            opts=o,
            **extra,
        )
        self.bucket_name: pulumi.Output[str] = self.bucket.name
        self.url: pulumi.Output[str] = self.bucket.url
        self.register_outputs({"bucket_name": self.bucket_name, "url": self.url})
