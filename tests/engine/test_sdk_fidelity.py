"""What ``pulumi up`` would send and read, checked against the installed provider SDKs.

The mock engine accepts any inputs and echoes them back as outputs, so these tests hold every
registration of every stack (shipped config and the variants that take other code paths, dev
and prod) to the SDK's own argument types, and every realistic mock output to the real
resource's output properties or invoke result.
"""

from __future__ import annotations

from typing import Any

import pulumi_alicloud as alicloud
import pytest
from pulumi.runtime import MockResourceArgs

from eventing_platform.engine import outputs as realistic
from eventing_platform.engine import runner
from stacks.scenarios import SCENARIOS
from tests.support.offline import one, plan, run_components
from tests.support.planned import planned
from tests.support.sdk_schema import input_problems, invoke_output_problems, output_problems
from tests.support.variants import ROCKETMQ_SOURCE

KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n"
URL = "https://dead-letter.example.com/events"

VARIANTS: dict[str, list[dict[str, Any]]] = {
    "oss-unzip": [
        {},
        {"config": {"credentials": "access-key"}},
        {"config": {"service_kind": "knative", "target_network": "public"}},
        {"config": {"zone_id": "cn-hangzhou-j"}},
        {"config": {"oidc_provider_arn": "acs:ram::123:oidc-provider/ack", "oidc_issuer_url": "https://oidc.example.com",
                    "vpc_id": "vpc-abc", "vswitch_id": "vsw-abc", "security_group_id": "sg-abc"},
         "secrets": {"kubeconfig": KUBECONFIG}},
        {"config": {"credentials": "access-key", "target_network": "public"}, "secrets": {"kubeconfig": KUBECONFIG}},
    ],
    "rocketmq-orders": [
        {},
        {"config": {"vpc_id": "vpc-abc", "vswitch_ids": '["vsw-abc"]', "security_group_id": "sg-abc",
                    "ots_endpoint": "https://orders.cn-hangzhou.ots.aliyuncs.com", "ots_instance_name": "orders"},
         "secrets": {"kubeconfig": KUBECONFIG, "ots_access_key_id": "id", "ots_access_key_secret": "secret",
                     "rocketmq_password": "abcdefgh12"}},
        {"config": {**ROCKETMQ_SOURCE["config"], "broker_class": "Kafka", "dead_letter_uri": URL},
         "secrets": {**ROCKETMQ_SOURCE["secrets"], "kubeconfig": KUBECONFIG}},
    ],
    "gcs-vision": [
        {},
        {"config": {"cluster": "existing", "object_prefix": "img/", "channel": "kafka"}, "secrets": {"kubeconfig": KUBECONFIG}},
        {"config": {"master_authorized_networks": '["10.0.0.0/8"]', "dead_letter_uri": URL}},
        {"config": {"event_path": "knative-gcp", "install_knative_gcp": "true"}},
    ],
    "kafka-barrage": [
        {},
        {"config": {"zone_id": "cn-shanghai-b", "fc_role_arn": "acs:ram::123:role/fc", "dead_letter_uri": URL,
                    "kafka_sasl_mechanism": "plain"},
         "secrets": {"ots_access_key_id": "id", "ots_access_key_secret": "secret", "tracing_endpoint": "http://tracing.example.com/x",
                     "kafka_source_password": "abc_123", "kafka_producer_password": "abc_456"}},
    ],
    "k8s-events": [
        {},
        {"config": {"dead_letter_uri": URL}, "secrets": {"kubeconfig": KUBECONFIG}},
        {"config": {"install_knative": "false", "create_namespace": "false", "provided_kinds": '["knative-serving", "knative-eventing"]'}},
    ],
}
CASES = [
    pytest.param(stack, variant, stage, id=f"{stack}-{i}-{stage}")
    for stack, variants in VARIANTS.items()
    for i, variant in enumerate(variants)
    for stage in ("dev", "prod")
]


def test_every_scenario_has_variants():
    assert set(VARIANTS) == set(SCENARIOS)


@pytest.fixture
def invokes(monkeypatch):
    """Every invoke of a run: (token, arguments, provider reference, offline result)."""
    seen: list[tuple[str, dict, str, dict]] = []
    original = runner.OfflineMocks.call

    def call(self, args):
        result, failures = original(self, args)
        seen.append((args.token, dict(args.args), args.provider, result))
        return result, failures

    monkeypatch.setattr(runner.OfflineMocks, "call", call)
    return seen


@pytest.mark.parametrize(("stack", "variant", "stage"), CASES)
def test_every_registration_matches_the_sdk_arguments(stack, variant, stage):
    record = planned(stack, stage, **variant)
    problems = [p for r in record.resources if r.custom for p in input_problems(r.type, r.name, r.inputs)]
    assert problems == []


@pytest.mark.parametrize(("stack", "variant", "stage"), CASES)
def test_every_offline_output_exists_on_the_real_resource_or_invoke(stack, variant, stage, invokes):
    record = plan(stack, stage=stage, **variant)
    problems: list[str] = []
    for r in record.resources:
        if r.custom:
            extra = realistic.resource_outputs(MockResourceArgs(
                typ=r.type, name=r.name, inputs=r.plain_inputs(), provider=None, resource_id=None, custom=True,
            ))
            problems += output_problems(r.type, extra)
    for token, _, _, result in invokes:
        problems += invoke_output_problems(token, result)
    assert problems == []


def test_every_realistic_rule_names_a_real_type_or_invoke():
    """A rule for a type no SDK registers (a typo in the token) would silently never apply."""
    from tests.support.sdk_schema import invoke_result_class, resource_class

    for token in realistic._RESOURCE_RULES:
        if token.startswith("kubernetes:") and "/" in token.split(":")[1] and "." in token.split(":")[1]:
            continue  # a custom resource (Knative): validated against its CRD elsewhere
        assert resource_class(token) is not None, token
    for token in realistic._CALL_RULES:
        assert invoke_result_class(token) is not None, token


@pytest.mark.parametrize(("stack", "expected"), [
    ("oss-unzip", {"alicloud:index/getZones:getZones", "alicloud:cs/getClusterCredential:getClusterCredential",
                   "alicloud:index/getAccount:getAccount"}),
    ("kafka-barrage", {"alicloud:index/getZones:getZones", "alicloud:cs/getClusterCredential:getClusterCredential"}),
])
def test_every_cloud_resource_and_invoke_uses_the_stack_provider(stack, expected, invokes):
    """These stacks pin their region with an explicit provider; a resource or invoke that fell back
    to the default provider would land in whatever region alicloud:region or the environment says."""
    record = plan(stack)
    provider = one(record.by_type("pulumi:providers:alicloud"))
    alicloud_invokes = [(token, ref) for token, _, ref, _ in invokes if token.startswith("alicloud:")]
    assert {t for t, _ in alicloud_invokes} >= expected
    assert all(ref.startswith(provider.urn + "::") for _, ref in alicloud_invokes), alicloud_invokes
    resources = [r for r in record.resources if r.custom and r.type.startswith("alicloud:")]
    assert all((r.provider or "").startswith(provider.urn + "::") for r in resources)


def test_checker_reports_unknown_missing_and_mistyped_inputs():
    """The checker itself: a wrong nested key, a missing required argument and a wrong scalar type."""

    def build():
        alicloud.eventbridge.Rule(
            "r", event_bus_name="default", rule_name="r", filter_pattern="{}",
            targets=[{"target_id": "t", "type": "http", "endpoint": "http://x", "param_lists": [{"resource_key": "url", "form": "CONSTANT"}],
                      "retry_strategy": "BACKOFF_RETRY"}],
        )
        alicloud.alikafka.Instance("k", deploy_type="5", vswitch_ids=["vsw"])  # type: ignore[arg-type]
        alicloud.ots.Table("t", instance_name="i", table_name="t", time_to_live=-1, max_version=1, primary_keys=[{"name": "id"}])

    record = run_components(build)
    problems = [p for r in record.resources if r.custom for p in input_problems(r.type, r.name, r.inputs)]
    text = "\n".join(problems)
    assert "targets[0].retry_strategy: not a field of RuleTargetArgs" in text  # sent as written
    assert "deployType: expected an integer, got str" in text
    assert "primaryKeys[0]: required 'type' of TablePrimaryKeyArgs is missing" in text


def test_checker_reports_a_mock_output_the_provider_never_returns():
    problems = output_problems("alicloud:cs/serverlessKubernetes:ServerlessKubernetes", {
        "securityGroupId": "sg-1", "apiServerEndpoint": "https://x", "rrsaMetadata": {"enabled": True, "oidcIssuer": "x"},
    })
    assert any(p.endswith("apiServerEndpoint: not an output of ServerlessKubernetes") for p in problems), problems
    assert any("rrsaMetadata.oidcIssuer: not a field of ServerlessKubernetesRrsaMetadata" in p for p in problems), problems
    assert invoke_output_problems("alicloud:cs/getClusterCredential:getClusterCredential", {"kubeconfig": "x"})


def test_outputs_reach_the_program_as_the_sdk_types():
    """The engine turns camelCase mock outputs into the SDK's output types, as the real engine does;
    code reading them (``rrsa_metadata.ram_oidc_provider_arn``) works the same way in both."""

    def build():
        cluster = alicloud.cs.ServerlessKubernetes("c", name="c", enable_rrsa=True)
        return {"arn": cluster.rrsa_metadata.apply(lambda m: type(m).__name__ + ":" + m.ram_oidc_provider_arn)}

    record = run_components(build)
    assert record.outputs["arn"].startswith("ServerlessKubernetesRrsaMetadata:acs:ram::")


ASK = "alicloud:cs/serverlessKubernetes:ServerlessKubernetes"


@pytest.mark.parametrize(("stack", "variant", "stage"), [c for c in CASES if c.values[0] in ("oss-unzip", "kafka-barrage")])
def test_a_cluster_deployed_into_through_its_credential_has_a_public_api_endpoint(stack, variant, stage):
    """cs.get_cluster_credential always asks DescribeClusterUserKubeconfig for the Internet
    kubeconfig (PrivateIpAddress=false; the SDK has no option for the intranet one), so a
    Kubernetes provider built from it reaches the cluster only through its public endpoint."""
    record = planned(stack, stage, **variant)
    clusters = {r.urn: r for r in record.by_type(ASK)}
    fed = [
        clusters[urn]
        for p in record.by_type("pulumi:providers:kubernetes")
        for urn in p.property_dependencies.get("kubeconfig", ())
        if urn in clusters
    ]
    assert all(c.inputs.get("endpointPublicAccessEnabled") is True for c in fed), [c.name for c in fed]
    assert bool(fed) == bool(clusters)  # every created cluster is deployed into through its credential


def test_the_credential_invoke_has_no_private_address_option():
    """If a later SDK adds one, a private API server becomes possible: revisit the test above."""
    import inspect

    params = set(inspect.signature(alicloud.cs.get_cluster_credential_output).parameters)
    assert params == {"cluster_id", "output_file", "temporary_duration_minutes", "opts"}
