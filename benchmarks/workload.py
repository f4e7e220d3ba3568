"""The generated workloads the benchmark scales: Service+Trigger pairs and a very wide Deployment.

``pairs_program(n)`` is a Pulumi program of ``n`` Knative Services, each with a Trigger on one
Broker, every object built through the public components with their defaults, as a user would
write it. ``wide_deployment(n)`` is one Kubernetes Deployment whose pod has ``n`` hardened
containers: the largest single resource the policy pack has to read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventing_platform.engine import PlanRecord, run_program
from eventing_platform.engine.program import StackInput
from eventing_platform.rules.model import Resource
from stacks.config import PROJECT
from stacks.repository import PROGRAM

NAMESPACE = "bench"
"""Namespace of every generated object."""
IMAGE = "registry.example.com/hello@sha256:" + "0" * 64
"""A digest-pinned image (the policies' image rules pass it)."""
STACK = "bench"
"""Stack name of the generated program."""
PAIR = "KnativeService + Trigger (one Broker)"
"""What one generated pair is."""


def pairs_program(pairs: int) -> Callable[[], None]:
    """A program of ``pairs`` Knative Services, each with a Trigger on one Broker (``default``)."""
    from eventing_platform.knative import KnativeService, KnativeServiceArgs
    from eventing_platform.knative.broker import Broker, BrokerArgs
    from eventing_platform.knative.trigger import Trigger, TriggerArgs

    def program() -> None:
        Broker("bench-broker", BrokerArgs(broker_name="default", namespace=NAMESPACE))
        for i in range(pairs):
            service = KnativeService(f"svc-{i}", KnativeServiceArgs(image=IMAGE, namespace=NAMESPACE))
            Trigger(f"trigger-{i}", TriggerArgs(
                broker="default", subscriber=service.destination, namespace=NAMESPACE,
                attributes={"type": f"dev.example.event{i}"},
            ))

    return program


def plan_pairs(pairs: int) -> PlanRecord:
    """The generated program run on the offline engine."""
    return run_program(pairs_program(pairs), project=PROJECT, stack=STACK, config={})


def bench_stack(stage: str = "dev") -> StackInput:
    """The :class:`StackInput` the plan checks see for the generated stack."""
    return StackInput(PROGRAM, STACK, {f"{PROJECT}:stage": stage}, frozenset())


def _container(i: int) -> dict[str, Any]:
    return {
        "name": f"c{i}",
        "image": IMAGE,
        "ports": [{"containerPort": 8080 + (i % 1000)}],
        "env": [{"name": "INDEX", "value": str(i)}],
        "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "100m", "memory": "64Mi"}},
        "securityContext": {
            "privileged": False,
            "allowPrivilegeEscalation": False,
            "runAsNonRoot": True,
            "runAsUser": 1000,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
    }


def wide_deployment(containers: int) -> Resource:
    """One Deployment (as the policy pack sees it) whose pod has ``containers`` containers."""
    name = "wide"
    labels = {"app": name}
    props = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": NAMESPACE, "labels": labels},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": labels},
            "template": {
                "metadata": {"labels": labels},
                "spec": {
                    "serviceAccountName": name,
                    "automountServiceAccountToken": False,
                    "containers": [_container(i) for i in range(containers)],
                },
            },
        },
    }
    urn = f"urn:pulumi:{STACK}::{PROJECT}::kubernetes:apps/v1:Deployment::{name}"
    return Resource("kubernetes:apps/v1:Deployment", name, urn, props)
