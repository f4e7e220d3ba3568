"""The installs of what every stack's cluster needs (the config keys that ask for them are in
:mod:`stacks.configs.prerequisites`).

Install mechanisms (why: see the README, "Prerequisites"):

- on an ASK cluster the stack creates: the ACK add-on ``knative`` (``AskClusterArgs.knative``);
- on any other cluster (GKE, an existing cluster): the Knative Operator's Helm chart with
  ``KnativeServing`` / ``KnativeEventing`` (:class:`eventing_platform.knative.install.KnativeInstall`);
- Kafka parts (KafkaSource, KafkaChannel, Kafka Broker) on either: eventing-kafka-broker's release
  manifests (:class:`eventing_platform.knative.kafka_install.KnativeKafkaInstall`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from eventing_platform.knative.install import KnativeInstall, KnativeInstallArgs
from eventing_platform.knative.kafka_install import KnativeKafkaInstall, KnativeKafkaInstallArgs
from eventing_platform.kubernetes.prerequisites import Prerequisites

# The config keys moved to an SDK-free module (so `schema` imports no SDK); kept importable here.
from .configs.prerequisites import (  # noqa: F401
    ProvidedEntry,
    create_namespace_field,
    declared,
    install_knative_field,
    install_knative_kafka_field,
    provided_kinds_field,
)


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
