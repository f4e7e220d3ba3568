"""eventing-kafka-broker (KafkaSource, KafkaChannel, Kafka Broker) installed from its release manifests.

eventing-kafka-broker publishes no Helm chart, and the Knative Operator bundles only its
KafkaSource; Knative's docs install it with ``kubectl apply -f`` of the release manifests:
the control plane ``eventing-kafka-controller.yaml`` first, then the data plane of each part
used (``eventing-kafka-source.yaml``, ``eventing-kafka-channel.yaml``,
``eventing-kafka-broker.yaml``), after Knative Eventing and at its minor version
(``knative-extensions/eventing-kafka-broker`` ``hack/artifacts-env.sh``; ``knative/docs``
``docs/versioned/install/yaml-install/eventing/install-eventing-with-yaml.md``).
:class:`KnativeKafkaInstall` applies those files, pinned to one release, with
``pulumi_kubernetes.yaml.v2.ConfigGroup`` (which orders CRDs and namespaces first).

Release read 2026-12: ``knative-v1.23.0`` (2026-07-30). The manifests pin their images by
digest; every release publishes ``checksums.txt`` (sha256 of each file, signed with cosign).
The provider fetches the URLs at preview and up: clusters or CI without access to GitHub set
``release_url`` to a mirror holding the same files.

The Kafka cluster itself is another prerequisite: KafkaChannel and Kafka-class Brokers read its
``bootstrap.servers`` from ``kafka-channel-config`` / ``kafka-broker-config`` in
``knative-eventing`` (or a Broker's own ``spec.config``); a KafkaSource names it itself.
"""

from __future__ import annotations

from typing import Annotated

import pulumi
import pulumi_kubernetes as k8s
from pydantic import Field, model_validator

from ..args import Args
from ..component import Component
from .install import MirrorUrl

KAFKA_RELEASE_URL = "https://github.com/knative-extensions/eventing-kafka-broker/releases/download"
"""Where eventing-kafka-broker's releases are published (``<url>/knative-v<version>/<file>``)."""
KAFKA_VERSION = "1.23.0"
"""The pinned eventing-kafka-broker release."""
CONTROLLER_MANIFEST = "eventing-kafka-controller.yaml"
"""The control plane every part needs."""
PART_MANIFESTS = {
    "source": ("eventing-kafka-source.yaml", "eventing-kafka-source"),
    "channel": ("eventing-kafka-channel.yaml", "eventing-kafka-channel"),
    "broker": ("eventing-kafka-broker.yaml", "eventing-kafka-broker"),
}
"""Each data plane: its manifest and the install id (:mod:`eventing_platform.kinds.installs`)."""


class KnativeKafkaInstallArgs(Args):
    """Arguments of :class:`KnativeKafkaInstall`: which parts, at which release. Default: none
    selected (choose at least one)."""

    source: bool = False
    """Install KafkaSource. Default False."""
    channel: bool = False
    """Install KafkaChannel. Default False."""
    broker: bool = False
    """Install the Kafka Broker (Brokers of class ``Kafka``). Default False."""
    version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")] = KAFKA_VERSION
    """eventing-kafka-broker release; use Knative Eventing's minor version. Default ``1.23.0``."""
    release_url: Annotated[MirrorUrl, Field(pattern=r"^https?://[\x21-\x7e]*[\x21-\x2e\x30-\x7e]$")] = KAFKA_RELEASE_URL
    """Base URL of the releases (a mirror keeps the layout ``<url>/knative-v<version>/<file>``).
    Default GitHub's release downloads."""

    @model_validator(mode="after")
    def _something(self) -> KnativeKafkaInstallArgs:
        if not (self.source or self.channel or self.broker):
            raise ValueError("installs nothing: set source, channel and/or broker to True")
        return self

    @property
    def parts(self) -> tuple[str, ...]:
        """The parts selected, in the order the docs apply them."""
        return tuple(p for p in PART_MANIFESTS if getattr(self, p))

    @property
    def files(self) -> list[str]:
        """The manifest URLs: the control plane, then each selected data plane."""
        base = f"{self.release_url}/knative-v{self.version}"
        return [f"{base}/{CONTROLLER_MANIFEST}", *(f"{base}/{PART_MANIFESTS[p][0]}" for p in self.parts)]

    @property
    def provides(self) -> tuple[str, ...]:
        """Ids of the installs this makes."""
        return tuple(PART_MANIFESTS[p][1] for p in self.parts)


class KnativeKafkaInstall(Component[KnativeKafkaInstallArgs]):
    """eventing-kafka-broker's release manifests for the selected parts.

    Children: ``<name>-manifests`` (``yaml.v2.ConfigGroup``). Attributes: ``manifests``,
    ``provides`` (install ids). Give it ``depends_on`` the Knative Eventing install.
    """

    TYPE = "eventing-platform:knative:KnativeKafkaInstall"
    ARGS = KnativeKafkaInstallArgs

    def __init__(self, name: str, args: KnativeKafkaInstallArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.provides = args.provides
        n, o = self.child("manifests")
        self.manifests = k8s.yaml.v2.ConfigGroup(n, files=args.files, opts=o)
        self.register_outputs({"provides": list(self.provides)})
