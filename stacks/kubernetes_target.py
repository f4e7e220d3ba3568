"""Which cluster a Kubernetes-only stack deploys to: an explicit kubeconfig, or the ambient one."""

from __future__ import annotations

import pulumi
import pulumi_kubernetes as k8s
import pydantic

from .config import secret_output


def cluster_options(name: str, kubeconfig: pydantic.SecretStr | None) -> pulumi.ResourceOptions:
    """Options that route every Kubernetes resource to the chosen cluster.

    With a kubeconfig (a secret config value) an explicit provider ``<name>-k8s`` is created;
    without one the default provider uses the ambient kubeconfig (``KUBECONFIG`` / ``~/.kube``).
    """
    if kubeconfig is None:
        return pulumi.ResourceOptions()
    provider = k8s.Provider(f"{name}-k8s", kubeconfig=secret_output(kubeconfig))
    return pulumi.ResourceOptions(providers=[provider])
