"""Reachability: endpoints and the networks they answer on, where workloads run, how they are
wired, and the [unreachable] plan check."""

from __future__ import annotations

import pytest

from eventing_platform.analysis.reachability import (
    INTERNET,
    find_endpoints,
    find_placements,
    unreachable,
    vpc_network,
)
from stacks.repository import main
from tests.support.records import k8s, plan_of, resource

KSVC = "kubernetes:serving.knative.dev/v1:Service"
SECRET = "kubernetes:core/v1:Secret"
VPC = "vpc-main"
KAFKA_VPC = "k-1-vpc.alikafka.aliyuncs.com:9094,k-2-vpc.alikafka.aliyuncs.com:9094"
KAFKA_SSL = "k-1.alikafka.aliyuncs.com:9093,k-2.alikafka.aliyuncs.com:9093"


def kafka(deploy_type: int = 5):
    outputs = {"saslDomainEndpoint": KAFKA_VPC, **({"sslDomainEndpoint": KAFKA_SSL} if deploy_type == 4 else {})}
    return resource("alicloud:alikafka/instance:Instance", "kafka", {"name": "kafka", "vpcId": VPC, "deployType": deploy_type}, outputs=outputs)


def cluster(nat: bool = True):
    ask = resource("alicloud:cs/serverlessKubernetes:ServerlessKubernetes", "ask", {"name": "ask", "vpcId": VPC, "newNatGateway": nat})
    provider = resource("pulumi:providers:kubernetes", "k8s", dependencies=(ask.urn,))
    return ask, provider


def service(name: str, provider, env: list[dict], fc: bool = False):
    annotations = {"workload.serving.knative.aliyun.com/class": "fc"} if fc else {}
    return k8s(KSVC, name, "apps", {"metadata": {"annotations": annotations},
                                    "spec": {"template": {"spec": {"containers": [{"image": "x:1", "env": env}]}}}}, provider=provider.urn)


def secret(name: str, provider, data: dict[str, str]):
    return k8s(SECRET, name, "apps", {"stringData": data}, provider=provider.urn)


FROM_SECRET = [{"name": "KAFKA_SERVER", "valueFrom": {"secretKeyRef": {"name": "producer", "key": "servers"}}}]


def test_kafka_vpc_endpoints_answer_in_its_vpc_and_the_ssl_one_on_the_internet_only_for_deploy_type_4():
    vpc_only = {e.what: e.reachable_from for e in find_endpoints(plan_of(kafka(5)))}
    assert vpc_only == {"a VPC endpoint of alikafka instance kafka": {vpc_network(VPC)}}
    public = {e.what: e.reachable_from for e in find_endpoints(plan_of(kafka(4)))}
    assert public["the SSL endpoint of alikafka instance kafka"] == {INTERNET}


@pytest.mark.parametrize(("fc", "nat", "networks"), [
    (True, True, {INTERNET}),
    (False, True, {INTERNET, vpc_network(VPC), "cluster"}),
    (False, False, {vpc_network(VPC), "cluster"}),
])
def test_knative_on_fc_reaches_the_internet_only_and_eci_pods_the_cluster_its_vpc_and_nat(fc, nat, networks):
    ask, provider = cluster(nat)
    svc = service("web", provider, [], fc=fc)
    placement = find_placements(plan_of(ask, provider, svc)).by_urn[svc.urn]
    assert {n if not n.startswith("cluster:") else "cluster" for n in placement.networks} == networks
    assert placement.complete


@pytest.mark.parametrize(("fc", "deploy_type", "servers", "problems"), [
    (True, 5, KAFKA_VPC, 1),
    (True, 4, KAFKA_SSL, 0),
    (False, 5, KAFKA_VPC, 0),
])
def test_a_workload_given_an_endpoint_it_cannot_reach_is_unreachable(fc, deploy_type, servers, problems):
    ask, provider = cluster()
    plan = plan_of(ask, provider, kafka(deploy_type), secret("producer", provider, {"servers": servers}), service("web", provider, FROM_SECRET, fc=fc))
    found = unreachable(plan)
    assert len(found) == problems
    for p in found:
        assert p.message.startswith("Knative Service apps/web on Function Compute (no VPC access), which reaches the Internet, is given a VPC endpoint")
        assert "env KAFKA_SERVER (from Secret producer, key servers)" in p.message and "deploy_type 4" in p.fix


def test_literal_env_values_envfrom_and_source_fields_are_wiring_too():
    ask, provider = cluster()
    plan = plan_of(ask, provider, kafka(5), secret("all", provider, {"S": KAFKA_VPC}),
                   service("a", provider, [{"name": "S", "value": KAFKA_VPC}], fc=True),
                   k8s(KSVC, "b", "apps", {"metadata": {"annotations": {"workload.serving.knative.aliyun.com/class": "fc"}},
                                           "spec": {"template": {"spec": {"containers": [{"image": "x:1", "envFrom": [{"secretRef": {"name": "all"}}]}]}}}},
                       provider=provider.urn),
                   k8s("kubernetes:sources.knative.dev/v1beta1:KafkaSource", "src", "apps", {"spec": {"bootstrapServers": KAFKA_VPC.split(",")}},
                       provider=provider.urn))
    assert sorted(p.placement.what.split(" on ")[0] for p in unreachable(plan)) == ["Knative Service apps/a", "Knative Service apps/b"]


def test_a_cluster_the_program_does_not_create_is_not_judged_for_vpc_endpoints():
    provider = resource("pulumi:providers:kubernetes", "ambient")
    plan = plan_of(provider, kafka(5), service("web", provider, [{"name": "K", "value": KAFKA_VPC}]))
    assert not find_placements(plan).by_urn[service("web", provider, []).urn].complete
    assert unreachable(plan) == []


def test_an_eventbridge_target_cannot_reach_an_in_cluster_address():
    ask, provider = cluster()
    svc = k8s("kubernetes:core/v1:Service", "web", "apps", {"spec": {}}, provider=provider.urn)
    rule = resource("alicloud:eventbridge/rule:Rule", "rule", {"ruleName": "r", "targets": [{
        "targetId": "t", "type": "http", "endpoint": "http://web.apps.svc.cluster.local/x",
        "paramLists": [{"resourceKey": "Network", "form": "CONSTANT", "value": "PrivateNetwork"},
                       {"resourceKey": "VpcId", "form": "CONSTANT", "value": VPC}]}]})
    (problem,) = unreachable(plan_of(ask, provider, svc, rule))
    assert problem.placement.what == "EventBridge rule r (target t, private network)"
    assert "in-cluster address of Service apps/web" in problem.message


@pytest.mark.parametrize(("address_type", "network", "problems"), [("intranet", "PrivateNetwork", 0), ("intranet", "PublicNetwork", 1),
                                                                    ("internet", "PublicNetwork", 0)])
def test_a_load_balancer_answers_in_the_vpc_or_on_the_internet(address_type, network, problems):
    ask, provider = cluster()
    svc = k8s("kubernetes:core/v1:Service", "web", "apps",
              {"metadata": {"annotations": {"service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": address_type}}, "spec": {}},
              provider=provider.urn, outputs={"status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}]}}})
    params = [{"resourceKey": "Network", "form": "CONSTANT", "value": network}]
    if network == "PrivateNetwork":
        params.append({"resourceKey": "VpcId", "form": "CONSTANT", "value": VPC})
    rule = resource("alicloud:eventbridge/rule:Rule", "rule", {"ruleName": "r", "targets": [
        {"targetId": "t", "type": "http", "endpoint": "http://203.0.113.10/unzip", "paramLists": params}]})
    assert len(unreachable(plan_of(ask, provider, svc, rule))) == problems


def test_kafka_barrage_with_vpc_endpoints_for_its_fc_homepage_exits_1_naming_both_ends(tmp_path, capsys):
    assert main(["plan", "kafka-barrage", "--out", str(tmp_path), "--config", "homepage_endpoints=vpc"]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "[unreachable]" in line]
    assert len(lines) == 2
    assert all("Knative Service barrage/demo-barrage on Function Compute (no VPC access)" in line and "; fix: " in line for line in lines)
    assert "barrage-kafka" in lines[0] + lines[1] and "Tablestore instance barrage" in lines[0] + lines[1]


def test_kafka_barrage_plans_clean_by_default(tmp_path):
    assert main(["plan", "kafka-barrage", "--out", str(tmp_path)]) == 0
