"""AskCluster (VPC, vSwitch, ServerlessKubernetes with RRSA, kubeconfig provider) and ExistingCluster."""

from __future__ import annotations

import pytest

from eventing_platform.alicloud import (
    AskCluster,
    AskClusterArgs,
    ClusterAddon,
    ExistingCluster,
    ExistingClusterArgs,
    RrsaTrust,
)
from eventing_platform.errors import ArgsError
from tests.support.offline import one, run_components

CLUSTER = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"


def plan_cluster(**kwargs):
    made = {}

    def build():
        made["c"] = c = AskCluster("ask", AskClusterArgs(**kwargs))
        return {"kubeconfig": c.kubeconfig, "oidc": c.oidc_provider_arn, "issuer": c.oidc_issuer_url, "sg": c.security_group_id}

    return run_components(build), made["c"]


def test_defaults_rrsa_on_private_api_and_the_pod_identity_webhook():
    record, cluster = plan_cluster()
    inputs = one(record.by_type(CLUSTER)).plain_inputs()
    vpc = one(record.by_type("alicloud:vpc/network:Network"))
    vsw = one(record.by_type("alicloud:vpc/switch:Switch"))
    assert inputs["enableRrsa"] is True
    assert inputs["endpointPublicAccessEnabled"] is False
    assert inputs["deletionProtection"] is False
    assert inputs["newNatGateway"] is True
    assert inputs["clusterSpec"] == "ack.pro.small"
    assert inputs["serviceCidr"] == "172.21.0.0/20"
    assert inputs["addons"] == [{"name": "ack-pod-identity-webhook"}]
    assert inputs["vpcId"] == vpc.id and inputs["vswitchIds"] == [vsw.id]
    assert vpc.plain_inputs() == {"vpcName": "ask-vpc", "cidrBlock": "192.168.0.0/16"}
    assert vsw.plain_inputs()["cidrBlock"] == "192.168.0.0/20" and vsw.plain_inputs()["zoneId"] == "offline-zone-a"
    assert isinstance(cluster.rrsa_trust, RrsaTrust)


def test_the_kubeconfig_is_a_secret_and_feeds_the_kubernetes_provider():
    record, _ = plan_cluster()
    assert "kubeconfig" in record.secret_outputs
    assert record.outputs["kubeconfig"].startswith("apiVersion: v1")
    provider = one(record.by_type("pulumi:providers:kubernetes"))
    assert provider.masked_inputs()["kubeconfig"] == "[secret]"
    assert provider.name == "ask-k8s"


def test_rrsa_outputs_come_from_the_cluster():
    record, _ = plan_cluster()
    assert record.outputs["oidc"].startswith("acs:ram::") and ":oidc-provider/ack-rrsa-" in record.outputs["oidc"]
    assert record.outputs["issuer"].startswith("https://")
    assert record.outputs["sg"].startswith("sg-")


def test_every_option():
    record, cluster = plan_cluster(
        cluster_name="demo", zone_id="cn-hangzhou-j", vpc_cidr="10.0.0.0/8", vswitch_cidr="10.1.0.0/16",
        service_cidr="172.16.0.0/16", cluster_spec="ack.standard", kubernetes_version="1.31.1-aliyun.1",
        knative=True, addons=[ClusterAddon(name="metrics-server", config="{}", version="1.0")],
        public_api_endpoint=True, new_nat_gateway=False, deletion_protection=True, credential_minutes=60,
        tags={"team": "x"},
    )
    inputs = one(record.by_type(CLUSTER)).plain_inputs()
    assert inputs["name"] == "demo" and inputs["version"] == "1.31.1-aliyun.1" and inputs["clusterSpec"] == "ack.standard"
    assert inputs["addons"] == [{"name": "ack-pod-identity-webhook"}, {"name": "knative"}, {"name": "metrics-server", "config": "{}", "version": "1.0"}]
    assert inputs["endpointPublicAccessEnabled"] is True and inputs["newNatGateway"] is False
    assert inputs["deletionProtection"] is True and inputs["tags"] == {"team": "x"}
    assert one(record.by_type("alicloud:vpc/switch:Switch")).plain_inputs()["zoneId"] == "cn-hangzhou-j"
    assert cluster.cluster._protect is True


def test_rrsa_can_be_disabled_only_without_the_webhook():
    record, cluster = plan_cluster(enable_rrsa=False, pod_identity_webhook=False)
    assert one(record.by_type(CLUSTER)).plain_inputs()["enableRrsa"] is False and cluster.rrsa_trust is None
    with pytest.raises(ArgsError, match="pod_identity_webhook needs enable_rrsa"):
        AskClusterArgs(enable_rrsa=False)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"vswitch_cidr": "10.0.0.0/24"}, "not inside vpc_cidr"),
        ({"vpc_cidr": "10.0.0.0/8", "vswitch_cidr": "10.0.0.0/12"}, "/16 to /29"),
        ({"service_cidr": "192.168.128.0/20"}, "overlaps vpc_cidr"),
        ({"vpc_cidr": "192.168.0.1/16"}, "host bits"),
        ({"addons": [{"name": "knative"}]}, "knative=True"),
        ({"addons": [{"name": "a"}, {"name": "a"}]}, "repeat"),
        ({"cluster_spec": "ack.pro.large"}, "ack.pro.small"),
        ({"credential_minutes": 5}, "greater than or equal to 15"),
        ({"cluster_name": "-bad"}, "cluster name"),
    ],
)
def test_bad_cluster_args(kwargs, fragment):
    with pytest.raises(ArgsError, match=fragment):
        AskClusterArgs(**kwargs)


def test_a_bad_component_name_is_refused_before_registering():
    with pytest.raises(ArgsError, match="AskCluster.name"):
        run_components(lambda: AskCluster("bad.name", AskClusterArgs()))


def test_an_existing_cluster_gets_a_provider_from_a_secret_kubeconfig():
    made = {}

    def build():
        made["c"] = c = ExistingCluster("mine", ExistingClusterArgs(
            kubeconfig="apiVersion: v1\nkind: Config\n",
            rrsa=RrsaTrust(oidc_provider_arn="acs:ram::1:oidc-provider/p", oidc_issuer_url="https://issuer"),
            vpc_id="vpc-1", vswitch_ids=["vsw-1"], security_group_id="sg-1",
        ))
        return {"kubeconfig": c.kubeconfig}

    record = run_components(build)
    assert record.secret_outputs == {"kubeconfig"}
    assert one(record.by_type("pulumi:providers:kubernetes")).masked_inputs()["kubeconfig"] == "[secret]"
    c = made["c"]
    assert c.oidc_provider_arn == "acs:ram::1:oidc-provider/p" and c.vpc_id == "vpc-1" and c.vswitch_ids == ["vsw-1"]
    assert record.by_type(CLUSTER) == []
