"""GkeAutopilotCluster: Workload Identity, exec-plugin kubeconfig, no static token."""

from __future__ import annotations

import base64

import pytest
import yaml

from eventing_platform.engine.record import is_secret_value
from eventing_platform.errors import ArgsError
from eventing_platform.gcp import GkeAutopilotCluster, GkeAutopilotClusterArgs, gke_kubeconfig
from tests.support.offline import one, run_components

PROJECT = "my-project-1"
CLUSTER_T = "gcp:container/cluster:Cluster"


def _cluster(**kwargs):
    def build():
        c = GkeAutopilotCluster("kv", GkeAutopilotClusterArgs(project=PROJECT, region="europe-west4", cluster_name="kv", **kwargs))
        return {"kubeconfig": c.kubeconfig, "pool": c.workload_pool, "endpoint": c.endpoint, "ca": c.ca_certificate}

    return run_components(build)


def test_cluster_is_autopilot_with_workload_identity_and_deletion_protection_by_default():
    record = _cluster()
    cluster = one(record.by_type(CLUSTER_T))
    assert cluster.inputs["enableAutopilot"] is True
    assert cluster.inputs["workloadIdentityConfig"] == {"workloadPool": f"{PROJECT}.svc.id.goog"}
    assert cluster.inputs["location"] == "europe-west4"
    assert cluster.inputs["releaseChannel"] == {"channel": "REGULAR"}
    assert cluster.inputs["deletionProtection"] is True
    assert "masterAuthorizedNetworksConfig" not in cluster.inputs and "privateClusterConfig" not in cluster.inputs
    assert record.outputs["pool"] == f"{PROJECT}.svc.id.goog"


def test_kubeconfig_is_secret_built_from_endpoint_and_ca_and_uses_the_gcloud_plugin():
    record = _cluster()
    assert "kubeconfig" in record.secret_outputs
    doc = yaml.safe_load(record.outputs["kubeconfig"])
    cluster = doc["clusters"][0]["cluster"]
    assert cluster["server"] == f"https://{record.outputs['endpoint']}"
    assert cluster["certificate-authority-data"] == record.outputs["ca"]
    assert base64.b64decode(record.outputs["ca"]).startswith(b"-----BEGIN CERTIFICATE-----")
    user = doc["users"][0]["user"]
    assert set(user) == {"exec"}, "no token, password or client key"
    assert user["exec"]["command"] == "gke-gcloud-auth-plugin"
    assert user["exec"]["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    assert doc["current-context"] == f"gke_{PROJECT}_europe-west4_kv"


def test_kubernetes_provider_gets_the_kubeconfig_as_a_secret_after_the_cluster():
    record = _cluster()
    provider = one(record.by_type("pulumi:providers:kubernetes"))
    assert is_secret_value(provider.inputs["kubeconfig"])
    assert one(record.by_type(CLUSTER_T)).urn in provider.dependencies


def test_cluster_options_reach_the_provider():
    record = _cluster(
        deletion_protection=False, release_channel="STABLE", private_nodes=True,
        master_authorized_networks=["203.0.113.0/24"], network="vpc", subnetwork="vpc-eu", resource_labels={"stage": "dev"},
    )
    inputs = one(record.by_type(CLUSTER_T)).inputs
    assert inputs["deletionProtection"] is False
    assert inputs["releaseChannel"] == {"channel": "STABLE"}
    assert inputs["privateClusterConfig"] == {"enablePrivateNodes": True, "enablePrivateEndpoint": False}
    assert inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [{"cidrBlock": "203.0.113.0/24", "displayName": "allowed-0"}], "gcpPublicCidrsAccessEnabled": False,
    }
    assert (inputs["network"], inputs["subnetwork"], inputs["resourceLabels"]) == ("vpc", "vpc-eu", {"stage": "dev"})


def test_gke_kubeconfig_is_valid_yaml_without_credentials():
    doc = yaml.safe_load(gke_kubeconfig("ctx", "10.0.0.1", "Q0E="))
    assert doc["kind"] == "Config" and doc["clusters"][0]["cluster"]["server"] == "https://10.0.0.1"
    assert "token" not in yaml.safe_dump(doc) and "client-key" not in yaml.safe_dump(doc)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"region": "us-central1-c"}, "is a zone"),
        ({"cluster_name": "Knative"}, "not a GKE cluster name"),
        ({"cluster_name": "a" * 41}, "not a GKE cluster name"),
        ({"master_authorized_networks": ["0.0.0.0"]}, "prefix length"),
        ({"release_channel": "EXTENDED"}, "'RAPID', 'REGULAR' or 'STABLE'"),
        ({"enable_autopilot": False}, "GkeAutopilotClusterArgs.enable_autopilot"),
    ],
)
def test_cluster_rejects_bad_options(kwargs, fragment):
    base = {"project": PROJECT, "region": "us-central1", "cluster_name": "kv"}
    with pytest.raises(ArgsError) as info:
        GkeAutopilotClusterArgs(**{**base, **kwargs})
    assert fragment in str(info.value)
