"""What a cluster's Knative Serving admits: the ConfigMap settings its webhook validates against.

Knative Serving's webhook reads limits from ``config-defaults`` and ``config-autoscaler`` in
``knative-serving`` (knative/serving ``pkg/apis/config/defaults.go`` and
``pkg/autoscaler/config/config.go``). :class:`ServingClusterConfig` holds those settings with
Knative's own defaults, so a Service is checked against a stock installation unless the caller
says the cluster is configured otherwise.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ..args import Args

KPA_CLASS = "kpa.autoscaling.knative.dev"
"""Knative Pod Autoscaler, the default ``autoscaling.knative.dev/class``."""
HPA_CLASS = "hpa.autoscaling.knative.dev"
"""Kubernetes Horizontal Pod Autoscaler class (``cpu`` and ``memory`` metrics)."""


class ServingClusterConfig(Args):
    """The cluster's Knative Serving settings that admission checks a Service against.

    Every default is Knative's own, so ``ServingClusterConfig()`` describes a stock installation.
    Set a field only when the cluster's ConfigMap sets it differently.
    """

    max_revision_timeout_seconds: Annotated[int, Field(ge=1)] = 600
    """``config-defaults`` ``max-revision-timeout-seconds``: the largest ``timeout_seconds``
    admitted. Default 600 (knative/serving ``DefaultMaxRevisionTimeoutSeconds``)."""
    container_concurrency_max_limit: Annotated[int, Field(ge=1)] = 1000
    """``config-defaults`` ``container-concurrency-max-limit``: the largest
    ``container_concurrency`` admitted. Default 1000 (``DefaultMaxRevisionContainerConcurrency``)."""
    allow_container_concurrency_zero: bool = True
    """``config-defaults`` ``allow-container-concurrency-zero``: whether ``container_concurrency=0``
    (unlimited) is admitted. Default True (``DefaultAllowContainerConcurrencyZero``)."""
    max_scale_limit: Annotated[int, Field(ge=0)] = 0
    """``config-autoscaler`` ``max-scale-limit``: the largest ``max_scale`` admitted; 0 means no
    limit. Default 0."""
    allow_zero_initial_scale: bool = False
    """``config-autoscaler`` ``allow-zero-initial-scale``: whether ``initial_scale=0`` is admitted.
    Default False."""
    pod_autoscaler_class: str = KPA_CLASS
    """``config-autoscaler`` ``pod-autoscaler-class``: the class used when a revision names none
    (it decides which ``metric`` values are admitted). Default ``kpa.autoscaling.knative.dev``."""


STOCK_SERVING = ServingClusterConfig()
"""A stock Knative Serving installation."""
