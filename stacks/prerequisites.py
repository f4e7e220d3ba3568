"""What every stack shares about its cluster's prerequisites: the config keys that install them
(``install_<prerequisite>``), the declaration of what the cluster already provides
(``provided_kinds``), whether the stack creates its namespace (``create_namespace``), and the
installs themselves.

Install mechanisms (why: see the README, "Prerequisites"):

- on an ASK cluster the stack creates: the ACK add-on ``knative`` (``AskClusterArgs.knative``);
- on any other cluster (GKE, an existing cluster): the Knative Operator's Helm chart with
  ``KnativeServing`` / ``KnativeEventing`` (:class:`eventing_platform.knative.install.KnativeInstall`);
- Kafka parts (KafkaSource, KafkaChannel, Kafka Broker) on either: eventing-kafka-broker's release
  manifests (:class:`eventing_platform.knative.kafka_install.KnativeKafkaInstall`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import pulumi
from pydantic import AfterValidator, Field

from eventing_platform.kinds.installs import parse_provided, parse_provided_entry, provided_format
from eventing_platform.knative.install import KnativeInstall, KnativeInstallArgs
from eventing_platform.knative.kafka_install import KnativeKafkaInstall, KnativeKafkaInstallArgs
from eventing_platform.kubernetes.prerequisites import Prerequisites


def _entry(value: str) -> str:
    parse_provided_entry(value)
    return value


ProvidedEntry = Annotated[str, AfterValidator(_entry)]
"""One ``provided_kinds`` entry: an install id or ``<group>/<Kind>``."""


def install_knative_field(how: str) -> Any:
    """The ``install_knative`` key: Knative Serving and Eventing, installed ``how``."""
    return Field(True, description=(
        f"Install Knative Serving and Eventing on the cluster ({how}). Set false when the cluster runs "
        "them already, and declare them in provided_kinds (['knative-serving', 'knative-eventing']). Default true."
    ))


def install_knative_kafka_field(parts: str) -> Any:
    """The ``install_knative_kafka`` key: the eventing-kafka-broker parts the stack uses."""
    return Field(True, description=(
        f"Install the eventing-kafka-broker parts this stack uses ({parts}) from its release manifests "
        "(knative-v1.23.0), when it uses them. Set false when the cluster has them, and declare them in provided_kinds. Default true."
    ))


def provided_kinds_field(validate_default: bool = False) -> Any:
    """The ``provided_kinds`` key: what the cluster already runs (``validate_default`` when a
    cross-key rule of the stack must see the default too)."""
    return Field(default_factory=list, validate_default=validate_default, description=(
        "What the cluster already provides, so `plan` need not see it installed (JSON list): each entry "
        f"{provided_format()}. The prerequisites check of `plan` reads this key (eventing-platform:provided_kinds) "
        "for any program, and EVENTING_PLATFORM_PROVIDED_KINDS. Default none."
    ))


def create_namespace_field(namespace_key: str = "namespace") -> Any:
    """The ``create_namespace`` key."""
    return Field(True, description=(
        f"Create the namespace `{namespace_key}` (with Pod Security labels). false: deploy into an existing "
        "namespace of that name without creating, labelling or otherwise touching it. Default true."
    ))


def declared(entries: Sequence[str]) -> frozenset[str]:
    """Install ids declared in ``provided_kinds``."""
    return parse_provided(list(entries)).installs


def knative_prerequisites(
    stack: str,
    *,
    install_knative: bool,
    kafka_parts: Sequence[str],
    install_kafka: bool,
    k8s_opts: pulumi.ResourceOptions,
    cluster: Sequence[pulumi.Resource] = (),
) -> Prerequisites:
    """Install Knative (the Knative Operator's chart) and the Kafka parts a stack uses on a
    cluster that is not an ASK cluster the stack creates.

    ``kafka_parts`` are ``source``, ``channel`` and/or ``broker``; ``cluster`` what the installs
    wait for (a cluster the stack creates). Children: ``<stack>-knative`` and ``<stack>-kafka``.
    """
    prerequisites = Prerequisites()
    after_cluster = pulumi.ResourceOptions.merge(k8s_opts, pulumi.ResourceOptions(depends_on=list(cluster)))
    knative: KnativeInstall | None = None
    if install_knative:
        knative = KnativeInstall(f"{stack}-knative", KnativeInstallArgs(), after_cluster)
        prerequisites.add(knative.provides, knative)
    if install_kafka and kafka_parts:
        prerequisites.add(*kafka_install(stack, kafka_parts, after_cluster, [knative] if knative else []))
    return prerequisites


def kafka_install(stack: str, parts: Sequence[str], opts: pulumi.ResourceOptions,
                  after: Sequence[pulumi.Resource] = ()) -> tuple[tuple[str, ...], KnativeKafkaInstall]:
    """The eventing-kafka-broker parts ``parts`` (``source``/``channel``/``broker``), after ``after``."""
    args = KnativeKafkaInstallArgs(**{p: True for p in parts})
    install = KnativeKafkaInstall(f"{stack}-kafka", args, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=list(after))))
    return install.provides, install
