"""Prerequisite installs: the controllers that make custom kinds exist on a cluster.

A Knative Service can only be applied where Knative Serving runs, a KafkaSource where
eventing-kafka-broker's source controller runs. Each :class:`Install` here is one such
prerequisite: its id, what it is, where it comes from upstream and whether that project is
maintained, and how a planned program shows that it installs it (the Helm chart, the release
manifests, the ACK add-on or the Knative Operator resource the engine records). Which install
provides which kind is said once, on the kind's entry in :mod:`.catalogue` (``provided_by``);
what an object needs beyond its kind (a Kafka-class Broker, a Channel backed by KafkaChannel)
is read by :func:`object_requirements`.

Sources (read 2026-12 from stored snapshots; see the README, "Prerequisites"):

- Knative Operator chart: ``knative/operator`` ``config/charts/knative-operator`` (CRDs under
  ``templates/crds``), published at ``https://knative.github.io/operator`` as ``knative-operator``
  ``v1.23.0``; docs ``knative/docs`` ``docs/versioned/install/operator/knative-with-operators.md``.
- Release manifests: ``knative/serving`` and ``knative/eventing`` ``hack/generate-yamls.sh``
  (``serving-crds.yaml``, ``serving-core.yaml``, ``eventing-crds.yaml``, ``eventing-core.yaml``,
  ``in-memory-channel.yaml``, ``mt-channel-broker.yaml``, ``eventing.yaml``);
  ``knative-extensions/eventing-kafka-broker`` ``hack/artifacts-env.sh``
  (``eventing-kafka-controller.yaml``, ``eventing-kafka-source.yaml``, ``eventing-kafka-channel.yaml``,
  ``eventing-kafka-broker.yaml``, ``eventing-kafka.yaml``).
- ACK add-on ``knative``: ``aliyun/terraform-provider-alicloud``
  ``website/docs/r/cs_serverless_kubernetes.html.markdown`` (``addons { name = "knative" }``).
- knative-gcp: README "status: inactive" (2022-04-11), last release v0.23.0 (2021-05-25),
  archived (knative/docs#5216).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalogue import EVENTING, MESSAGING
from .delivery import BROKER_CLASS_ANNOTATION, KAFKA_BROKER_CLASS
from .paths import value_at

MAINTAINED = "maintained"
"""Upstream is released and supported today."""
ARCHIVED = "archived"
"""Upstream is archived: no fixes, no releases; opt-in only."""
VENDOR = "vendor"
"""A cloud vendor's component (closed source); its status is the vendor's to say."""
LEGACY = "legacy"
"""A vendor component no longer in the vendor's documentation of today."""
STATUSES = (MAINTAINED, ARCHIVED, VENDOR, LEGACY)



@dataclass(frozen=True)
class OperatorSwitch:
    """A Knative Operator resource that installs a prerequisite, optionally only when a field of
    its spec is true (``KnativeEventing`` ``spec.source.kafka.enabled`` installs the KafkaSource)."""

    kind: str
    """Kind in ``operator.knative.dev`` (``KnativeServing`` or ``KnativeEventing``)."""
    enabled_at: tuple[str, ...] = ()
    """Path of a boolean field that must be true. Default none: the resource alone installs it."""

    def installs(self, obj: Mapping[str, Any]) -> bool:
        """Whether the recorded operator resource ``obj`` installs the prerequisite."""
        return not self.enabled_at or value_at(obj, *self.enabled_at) is True


@dataclass(frozen=True)
class Install:
    """One prerequisite a cluster must run before objects of its kinds can be applied."""

    id: str
    """Id, e.g. ``knative-serving``: what ``provided_kinds`` declarations name."""
    title: str
    """Human name, e.g. ``Knative Serving``."""
    upstream: str
    """Where it comes from (a repository or the vendor's product)."""
    status: str
    """Upstream status: one of :data:`STATUSES`."""
    how: str
    """How to install it, for a finding's fix."""
    config_key: str | None = None
    """The stack config key of this repository that installs it (``install_knative``). Default none."""
    helm_charts: tuple[str, ...] = ()
    """Names of the Helm charts that install it. Default none."""
    manifest_files: tuple[str, ...] = ()
    """File names of the release manifests that install it. Default none."""
    ack_addons: tuple[str, ...] = ()
    """Names of the ACK/ASK add-ons that install it. Default none."""
    operator: tuple[OperatorSwitch, ...] = ()
    """Knative Operator resources that install it. Default none."""


INSTALLS: tuple[Install, ...] = (
    Install(
        "knative-operator", "Knative Operator", "knative/operator", MAINTAINED,
        "install the knative-operator Helm chart (https://knative.github.io/operator) or operator.yaml",
        config_key="install_knative", helm_charts=("knative-operator",), manifest_files=("operator.yaml",),
    ),
    Install(
        "knative-serving", "Knative Serving", "knative/serving", MAINTAINED,
        "install Knative Serving (a KnativeServing resource of the Knative Operator, serving-crds.yaml + "
        "serving-core.yaml, or the ACK add-on 'knative')",
        config_key="install_knative", manifest_files=("serving-crds.yaml", "serving-core.yaml"),
        ack_addons=("knative",), operator=(OperatorSwitch("KnativeServing"),),
    ),
    Install(
        "knative-eventing", "Knative Eventing", "knative/eventing", MAINTAINED,
        "install Knative Eventing (a KnativeEventing resource of the Knative Operator, eventing-crds.yaml + "
        "eventing-core.yaml, or the ACK add-on 'knative')",
        config_key="install_knative",
        manifest_files=("eventing-crds.yaml", "eventing-core.yaml", "eventing.yaml", "in-memory-channel.yaml", "mt-channel-broker.yaml"),
        ack_addons=("knative",), operator=(OperatorSwitch("KnativeEventing"),),
    ),
    Install(
        "eventing-kafka-source", "Knative KafkaSource", "knative-extensions/eventing-kafka-broker", MAINTAINED,
        "install eventing-kafka-controller.yaml + eventing-kafka-source.yaml (or KnativeEventing "
        "spec.source.kafka.enabled)",
        config_key="install_knative_kafka",
        manifest_files=("eventing-kafka-source.yaml", "eventing-kafka-source-bundle.yaml", "eventing-kafka.yaml"),
        operator=(OperatorSwitch("KnativeEventing", ("spec", "source", "kafka", "enabled")),),
    ),
    Install(
        "eventing-kafka-channel", "Knative KafkaChannel", "knative-extensions/eventing-kafka-broker", MAINTAINED,
        "install eventing-kafka-controller.yaml + eventing-kafka-channel.yaml",
        config_key="install_knative_kafka", manifest_files=("eventing-kafka-channel.yaml", "eventing-kafka.yaml"),
    ),
    Install(
        "eventing-kafka-broker", "Knative Kafka Broker", "knative-extensions/eventing-kafka-broker", MAINTAINED,
        "install eventing-kafka-controller.yaml + eventing-kafka-broker.yaml",
        config_key="install_knative_kafka", manifest_files=("eventing-kafka-broker.yaml", "eventing-kafka.yaml"),
    ),
    Install(
        "knative-gcp", "knative-gcp (Cloud Run events)", "google/knative-gcp", ARCHIVED,
        "install knative-gcp's cloud-run-events.yaml (archived upstream, last release v0.23.0)",
        config_key="install_knative_gcp", manifest_files=("cloud-run-events.yaml",),
    ),
    Install(
        "rocketmq-source", "Alibaba Cloud RocketMQSource", "Alibaba Cloud ACK Knative component (closed source)", LEGACY,
        "deploy the RocketMQSource component from the ACK console (Knative > Components); it has no public "
        "manifest or add-on API",
    ),
    Install(
        "cert-manager", "cert-manager", "cert-manager/cert-manager", MAINTAINED,
        "install the cert-manager Helm chart (https://charts.jetstack.io)", helm_charts=("cert-manager",),
        manifest_files=("cert-manager.yaml",),
    ),
)
"""Every prerequisite the project knows."""

_BY_ID = {i.id: i for i in INSTALLS}


def install_of(install_id: str) -> Install | None:
    """The install with ``install_id``, or None."""
    return _BY_ID.get(install_id)


def known_install(install_id: str) -> Install:
    """The install with ``install_id``, which the caller knows exists (``KeyError`` otherwise)."""
    return _BY_ID[install_id]


def installs_by_chart(chart: str) -> tuple[Install, ...]:
    """Installs a Helm chart installs; ``chart`` may be a name, ``repo/name``, an OCI reference or
    a ``.tgz`` URL (``knative-operator-v1.23.0.tgz``)."""
    base = chart.rstrip("/").rsplit("/", 1)[-1]
    base = re.sub(r"-v?\d+\.\d+\.\d+.*\.tgz$", "", base)
    base = base.split(":", 1)[0]
    return tuple(i for i in INSTALLS if base in i.helm_charts)


def installs_by_manifest(path: str) -> tuple[Install, ...]:
    """Installs a release manifest (a path or URL) installs, by its file name."""
    base = path.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return tuple(i for i in INSTALLS if base in i.manifest_files)


def installs_by_addon(addon: str) -> tuple[Install, ...]:
    """Installs an ACK/ASK add-on installs."""
    return tuple(i for i in INSTALLS if addon in i.ack_addons)


def installs_by_operator_resource(kind: str, obj: Mapping[str, Any]) -> tuple[Install, ...]:
    """Installs a Knative Operator resource (``KnativeServing``/``KnativeEventing``) installs."""
    return tuple(i for i in INSTALLS for s in i.operator if s.kind == kind and s.installs(obj))


def object_requirements(group: str, kind: str, obj: Mapping[str, Any]) -> tuple[str, ...]:
    """Installs an object needs beyond the one providing its kind: a Broker of class ``Kafka``
    needs the Kafka Broker, a Channel whose template is a KafkaChannel the KafkaChannel."""
    kafka_broker = value_at(obj, "metadata", "annotations", BROKER_CLASS_ANNOTATION) == KAFKA_BROKER_CLASS
    if (group, kind) == (EVENTING, "Broker") and kafka_broker:
        return ("eventing-kafka-broker",)
    if (group, kind) == (MESSAGING, "Channel") and value_at(obj, "spec", "channelTemplate", "kind") == "KafkaChannel":
        return ("eventing-kafka-channel",)
    return ()


@dataclass(frozen=True)
class ProvidedDeclaration:
    """What a cluster is declared to provide: install ids and ``<group>/<Kind>`` kinds."""

    installs: frozenset[str] = frozenset()
    """Install ids (``knative-serving``)."""
    kinds: frozenset[tuple[str, str]] = frozenset()
    """``(group, kind)``; kind ``*`` stands for every kind of the group."""

    def provides_kind(self, group: str, kind: str) -> bool:
        """Whether the kind itself is declared (by group/kind or group wildcard)."""
        return (group, kind) in self.kinds or (group, "*") in self.kinds


PROVIDED_FORMAT = (
    "an install id ({ids}) or a kind as '<group>/<Kind>' (e.g. 'sources.knative.dev/KafkaSource', "
    "'sources.knative.dev/*')"
)
"""What one entry of a ``provided_kinds`` declaration may be (``{ids}`` filled by :func:`provided_format`)."""

_GROUP = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
_KIND = re.compile(r"^([A-Z][A-Za-z0-9]*|\*)$")


def provided_format() -> str:
    """:data:`PROVIDED_FORMAT` with the known install ids."""
    return PROVIDED_FORMAT.format(ids=", ".join(i.id for i in INSTALLS))


def parse_provided_entry(entry: str) -> tuple[str, str | tuple[str, str]]:
    """``("install", id)`` or ``("kind", (group, kind))`` of one declaration entry; ``ValueError``
    naming the entry and the allowed forms otherwise."""
    text = entry.strip()
    if text in _BY_ID:
        return "install", text
    group, sep, kind = text.rpartition("/")
    if sep and _GROUP.fullmatch(group) and "." in group and _KIND.fullmatch(kind):
        return "kind", (group, kind)
    raise ValueError(f"{entry!r} is not {provided_format()}")


def parse_provided(entries: list[str] | tuple[str, ...]) -> ProvidedDeclaration:
    """The declaration of ``entries`` (each checked with :func:`parse_provided_entry`)."""
    installs: set[str] = set()
    kinds: set[tuple[str, str]] = set()
    for entry in entries:
        what, value = parse_provided_entry(entry)
        if what == "install":
            installs.add(str(value))
        else:
            assert isinstance(value, tuple)
            kinds.add(value)
    return ProvidedDeclaration(frozenset(installs), frozenset(kinds))
