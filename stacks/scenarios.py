"""The scenarios this project ships: one Pulumi stack each, built by ``stacks.<module>.build``
from its config model ``stacks.configs.<module>.Config``.

This module and the config models import no provider SDK: ``list`` reads only this, ``schema``
only the config model; a scenario module (and the SDKs it uses) is imported to build the stack.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .project import SCENARIO_KEY

if TYPE_CHECKING:
    from .config import StackConfig


@dataclass(frozen=True)
class Scenario:
    """One scenario: its stack name, the seed tutorial it reproduces and where its code is."""

    name: str
    """Stack name and ``Pulumi.<name>.yaml`` file stem, e.g. ``k8s-events``."""
    module: str
    """Module with ``build(config) -> dict`` (and its ``Config``), e.g. ``stacks.k8s_events``; its
    config model alone is in :attr:`config_module`."""
    seed: str
    """The seed tutorial in ``shared/seeds`` it comes from."""
    summary: str
    """One line on what it stands up."""
    cloud: str
    """``kubernetes``, ``alicloud`` or ``gcp``: which provider SDK it needs."""

    def load(self) -> ModuleType:
        """Import the scenario module (provider SDKs are imported only now)."""
        return importlib.import_module(self.module)

    @property
    def config_module(self) -> str:
        """The module of the scenario's ``Config`` alone: ``stacks.configs.<name of the module>``
        (no provider SDK)."""
        return "stacks.configs." + self.module.rpartition(".")[2]

    @property
    def config_model(self) -> type[StackConfig]:
        """The scenario's config model (imports no provider SDK)."""
        model: type[StackConfig] = importlib.import_module(self.config_module).Config
        return model

    @property
    def build(self) -> Callable[[Any], dict[str, Any]]:
        """The scenario's ``build(config) -> outputs``."""
        return self.load().build


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in [
        Scenario("oss-unzip", "stacks.oss_unzip", "000",
                 "OSS upload (zip/*.zip) -> EventBridge rule -> unzip service on ASK -> OSS unzip/",
                 "alicloud"),
        Scenario("k8s-events", "stacks.k8s_events", "004",
                 "Kubernetes API events -> ApiServerSource -> Channel -> Subscription -> Knative Service",
                 "kubernetes"),
        Scenario("gcs-vision", "stacks.gcs_vision", "002",
                 "Cloud Storage -> Pub/Sub 'testing' -> Eventarc -> Channel -> message-dumper and vision on GKE",
                 "gcp"),
        Scenario("rocketmq-orders", "stacks.rocketmq_orders", "001",
                 "RocketMQ 5.x topic -> EventBridge source -> bus -> rule -> order-service Knative Service",
                 "alicloud"),
        Scenario("kafka-barrage", "stacks.kafka_barrage", "003",
                 "HomePage on FC -> Kafka 'barrage-info' -> KafkaSource -> test-barrage-process on ECI -> Tablestore, on ASK",
                 "alicloud"),
    ]
}


def for_stack(stack: str, configured: str | None = None) -> Scenario:
    """The scenario a stack runs: the ``scenario`` config key, else the stack's own name."""
    name = stack if configured is None else configured
    if name not in SCENARIOS:
        from eventing_platform.errors import Problem

        from .config import ConfigError

        allowed = ", ".join(sorted(SCENARIOS))
        raise ConfigError([Problem(SCENARIO_KEY, f"names no scenario; set it (or name the stack) to one of: {allowed}", name)])
    return SCENARIOS[name]
