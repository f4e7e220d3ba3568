"""A private, encrypted, versioned OSS bucket with its public access blocked.

In pulumi-alicloud 4.x the ACL, server-side encryption, versioning and public access block are
separate resources (``oss.BucketAcl``, ``oss.BucketServerSideEncryption``,
``oss.BucketVersioning``, ``oss.BucketPublicAccessBlock``); lifecycle rules stay on
``oss.Bucket``. :class:`OssBucket` registers all of them, so no bucket this project creates is
ever public or unencrypted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

import pulumi
import pulumi_alicloud as alicloud
from pydantic import Field, model_validator

from ..args import Args, Input, StrInput, computed
from ..component import Component
from .names import BucketName, ObjectPrefix, oss_bucket_arn, oss_object_arn

StorageClass = Literal["Standard", "IA", "Archive", "ColdArchive", "DeepColdArchive"]
Days = Annotated[int, Field(ge=1, le=36500)]


class LifecycleTransition(Args):
    """Move objects to a colder storage class after some days."""

    days: Days
    """Days after the last modification."""
    storage_class: Literal["IA", "Archive", "ColdArchive", "DeepColdArchive"]
    """Target storage class."""


class LifecycleRule(Args):
    """One lifecycle rule on objects under ``prefix``; at least one action must be set."""

    rule_id: Annotated[str, Field(min_length=1, max_length=255)] | None = None
    """Rule ID. Default: ``<prefix or 'all'>-lifecycle``."""
    prefix: ObjectPrefix = ""
    """Objects the rule applies to. Default ``""`` (the whole bucket)."""
    enabled: bool = True
    """Whether the rule is active. Default True."""
    expiration_days: Days | None = None
    """Delete current versions this many days after creation. Default: never."""
    abort_multipart_days: Days | None = None
    """Abort multipart uploads left incomplete this long (their parts cost storage). Default: never."""
    noncurrent_expiration_days: Days | None = None
    """Delete noncurrent versions (versioned buckets) after this many days. Default: never."""
    transitions: list[LifecycleTransition] = Field(default_factory=list)
    """Storage-class transitions. Default none."""

    @model_validator(mode="after")
    def _has_action(self) -> LifecycleRule:
        if not (self.expiration_days or self.abort_multipart_days or self.noncurrent_expiration_days or self.transitions):
            raise ValueError(
                "a lifecycle rule needs an action: set expiration_days, abort_multipart_days, "
                "noncurrent_expiration_days or transitions"
            )
        return self

    def render(self) -> dict[str, Any]:
        """The ``lifecycle_rules`` item of ``oss.Bucket``."""
        out: dict[str, Any] = {
            "id": self.rule_id or f"{self.prefix.strip('/').replace('/', '-') or 'all'}-lifecycle",
            "enabled": self.enabled,
        }
        if self.prefix:
            out["prefix"] = self.prefix
        if self.expiration_days:
            out["expirations"] = [{"days": self.expiration_days}]
        if self.abort_multipart_days:
            out["abort_multipart_uploads"] = [{"days": self.abort_multipart_days}]
        if self.noncurrent_expiration_days:
            out["noncurrent_version_expirations"] = [{"days": self.noncurrent_expiration_days}]
        if self.transitions:
            out["transitions"] = [{"days": t.days, "storage_class": t.storage_class} for t in self.transitions]
        return out


class OssBucketArgs(Args):
    """Arguments of :class:`OssBucket`. The ACL is always private and public access blocked."""

    bucket_name: Input[BucketName]
    """Globally unique bucket name (3-63 lowercase letters, digits, '-'). Required."""
    versioning: bool = True
    """Keep previous versions of overwritten or deleted objects. Default True."""
    sse_algorithm: Literal["AES256", "KMS", "SM4"] = "AES256"
    """Server-side encryption. Default ``AES256`` (OSS-managed keys)."""
    kms_key_id: StrInput | None = None
    """KMS key for ``sse_algorithm="KMS"``. Default: the OSS service key in KMS."""
    storage_class: StorageClass = "Standard"
    """Storage class of new objects. Default ``Standard``."""
    redundancy_type: Literal["LRS", "ZRS"] | None = None
    """``ZRS`` keeps data in several zones (not every region offers it). Default: the provider's (``LRS``)."""
    lifecycle_rules: list[LifecycleRule] = Field(default_factory=list)
    """Lifecycle rules. Default none."""
    force_destroy: bool = False
    """Let ``pulumi destroy`` delete a bucket that still holds objects. Default False."""
    deletion_protection: bool = False
    """Protect the bucket resource in Pulumi (``protect=True``): destroy and replace are refused. Default False."""
    tags: Mapping[str, Input[str]] = Field(default_factory=dict)
    """Tags (at most 10). Default none."""

    @model_validator(mode="after")
    def _consistent(self) -> OssBucketArgs:
        if self.kms_key_id is not None and self.sse_algorithm != "KMS":
            raise ValueError(f"kms_key_id is only used with sse_algorithm='KMS' (got sse_algorithm={self.sse_algorithm!r}); drop kms_key_id or set sse_algorithm='KMS'")
        if len(self.tags) > 10:
            raise ValueError(f"a bucket takes at most 10 tags, got {len(self.tags)}")
        ids = [r.render()["id"] for r in self.lifecycle_rules]
        if len(ids) != len(set(ids)):
            raise ValueError(f"lifecycle rule ids repeat: {ids}; set distinct rule_id values")
        if self.force_destroy and self.deletion_protection:
            raise ValueError("force_destroy and deletion_protection contradict each other; choose one")
        return self


class OssBucket(Component[OssBucketArgs]):
    """An OSS bucket that is private, encrypted, versioned (by default) and blocks public access.

    Attributes: ``bucket`` (``oss.Bucket``), ``acl``, ``encryption``, ``versioning`` (None when
    disabled), ``public_access_block``, ``bucket_name`` (str), ``bucket_output`` (the
    provider's name, for dependencies).
    """

    TYPE = "eventing-platform:alicloud:OssBucket"
    ARGS = OssBucketArgs

    def __init__(self, name: str, args: OssBucketArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.bucket_name = args.bucket_name
        n, o = self.child("bucket", protect=args.deletion_protection or None)
        self.bucket = alicloud.oss.Bucket(
            n,
            bucket=args.bucket_name,
            storage_class=args.storage_class,
            redundancy_type=args.redundancy_type,
            lifecycle_rules=[r.render() for r in args.lifecycle_rules] or None,
            force_destroy=args.force_destroy,
            tags=args.tags or None,
            opts=o,
        )
        self.bucket_output: pulumi.Output[str] = self.bucket.bucket
        n, o = self.child("acl")
        self.acl = alicloud.oss.BucketAcl(n, bucket=self.bucket.bucket, acl="private", opts=o)
        n, o = self.child("public-access-block")
        self.public_access_block = alicloud.oss.BucketPublicAccessBlock(
            n, bucket=self.bucket.bucket, block_public_access=True, opts=o
        )
        n, o = self.child("encryption")
        self.encryption = alicloud.oss.BucketServerSideEncryption(
            n,
            bucket=self.bucket.bucket,
            sse_algorithm=args.sse_algorithm,
            kms_master_key_id=args.kms_key_id,
            opts=o,
        )
        self.versioning = None
        if args.versioning:
            n, o = self.child("versioning")
            self.versioning = alicloud.oss.BucketVersioning(n, bucket=self.bucket.bucket, status="Enabled", opts=o)
        self.register_outputs({"bucket_name": self.bucket_output})

    def object_arn(self, prefix: str = "") -> StrInput:
        """RAM resource for objects under ``prefix``: ``acs:oss:*:*:<bucket>/<prefix>*`` (an
        ``Output`` when the bucket name is one)."""
        return computed(oss_object_arn, self.bucket_name, prefix)

    @property
    def arn(self) -> StrInput:
        """RAM resource for the bucket itself: ``acs:oss:*:*:<bucket>`` (an ``Output`` when the
        bucket name is one)."""
        return computed(oss_bucket_arn, self.bucket_name)
