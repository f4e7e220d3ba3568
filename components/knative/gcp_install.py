"""knative-gcp (CloudPubSubSource, CloudStorageSource) installed from its last release. Archived upstream.

google/knative-gcp's README says "status: inactive - This project is no longer actively
developed or maintained" (2022-04-11, its last commit); its last release is ``v0.23.0``
(2021-05-25) and the repository is archived (knative/docs#5216). Its release publishes
``cloud-run-events.yaml`` (``hack/release.sh``: ``cloud-run-events-core.yaml`` assembled). Whether
its 2021 images still run on today's Knative and Kubernetes is not known: prefer an Eventarc
trigger (:class:`eventing_platform.gcp.eventarc.EventarcGkeTrigger`), and use this only to
reproduce a cluster that runs knative-gcp already.
"""

from __future__ import annotations

from typing import Annotated

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field

from ..args import Args
from ..component import Component
from .install import MirrorUrl

KNATIVE_GCP_RELEASE_URL = "https://github.com/google/knative-gcp/releases/download"
"""Where knative-gcp's releases were published (``<url>/v<version>/<file>``)."""
KNATIVE_GCP_VERSION = "0.23.0"
"""knative-gcp's last release."""
KNATIVE_GCP_MANIFEST = "cloud-run-events.yaml"
"""The release manifest holding its CRDs, controller and webhook."""


class KnativeGcpInstallArgs(Args):
    """Arguments of :class:`KnativeGcpInstall`. Default: the last release, v0.23.0."""

    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")] = KNATIVE_GCP_VERSION
    """knative-gcp release. Default ``0.23.0`` (its last)."""
    release_url: Annotated[MirrorUrl, Field(pattern=r"^https?://[\x21-\x7e]*[\x21-\x2e\x30-\x7e]$")] = KNATIVE_GCP_RELEASE_URL
    """Base URL of the releases (a mirror keeps ``<url>/v<version>/<file>``). Default GitHub's."""

    @property
    def files(self) -> list[str]:
        """The manifest URL."""
        return [f"{self.release_url}/v{self.version}/{KNATIVE_GCP_MANIFEST}"]


class KnativeGcpInstall(Component[KnativeGcpInstallArgs]):
    """knative-gcp's release manifest (archived upstream).

    Children: ``<name>-manifests`` (``yaml.v2.ConfigGroup``). Attributes: ``manifests``,
    ``provides`` (``("knative-gcp",)``). Give it ``depends_on`` the Knative Eventing install.
    """

    TYPE = "eventing-platform:knative:KnativeGcpInstall"
    ARGS = KnativeGcpInstallArgs

    def __init__(self, name: str, args: KnativeGcpInstallArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.provides: tuple[str, ...] = ("knative-gcp",)
        n, o = self.child("manifests")
        self.manifests = k8s.yaml.v2.ConfigGroup(n, files=args.files, opts=o)
        self.register_outputs({"provides": list(self.provides)})
