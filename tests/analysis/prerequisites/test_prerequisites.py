"""The prerequisites of a plan: installs recognised from what the engine records, what objects
need, missing/unordered/unmaintained installs, the declaration, the plan check and its reports."""

from __future__ import annotations

import json

import pytest

from eventing_platform.analysis.prerequisites import (
    declared_provided,
    install_sites,
    missing_prerequisites,
    object_needs,
)
from eventing_platform.engine.program import UsageError
from eventing_platform.kinds.installs import ProvidedDeclaration, parse_provided
from tests.support.records import k8s, plan_of, resource

KSVC = "kubernetes:serving.knative.dev/v1:Service"
BROKER = "kubernetes:eventing.knative.dev/v1:Broker"
KAFKA_SOURCE = "kubernetes:sources.knative.dev/v1beta1:KafkaSource"
MONITOR = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"


def ksvc(*deps: str):
    return k8s(KSVC, "hello", "apps", {"spec": {}}, dependencies=deps)


@pytest.mark.parametrize(("r", "installs"), [
    (resource("kubernetes:helm.sh/v3:Release", "op", {"chart": "knative-operator"}), ("knative-operator",)),
    (resource("kubernetes:helm.sh/v4:Chart", "op", {"chart": "oci://ghcr.io/x/knative-operator"}, custom=False), ("knative-operator",)),
    (resource("kubernetes:yaml/v2:ConfigGroup", "serving", {"files": ["https://x/serving-crds.yaml", "https://x/serving-core.yaml"]}, custom=False),
     ("knative-serving",)),
    (resource("kubernetes:yaml/v2:ConfigFile", "kafka", {"file": "eventing-kafka-source.yaml"}, custom=False), ("eventing-kafka-source",)),
    (resource("alicloud:cs/serverlessKubernetes:ServerlessKubernetes", "ask", {"addons": [{"name": "knative"}]}),
     ("knative-serving", "knative-eventing")),
    (resource("alicloud:cs/serverlessKubernetes:ServerlessKubernetes", "ask", {"addons": [{"name": "knative", "disabled": True}]}), ()),
    (resource("alicloud:cs/kubernetesAddon:KubernetesAddon", "addon", {"name": "knative"}), ("knative-serving", "knative-eventing")),
    (k8s("kubernetes:operator.knative.dev/v1beta1:KnativeEventing", "knative-eventing", "knative-eventing",
         {"spec": {"source": {"kafka": {"enabled": True}}}}), ("knative-eventing", "eventing-kafka-source")),
    (resource("kubernetes:helm.sh/v3:Release", "nginx", {"chart": "ingress-nginx"}), ()),
])
def test_installs_are_recognised_from_what_the_engine_records(r, installs):
    sites = install_sites(plan_of(r))
    assert tuple(i for s in sites for i in s.installs) == installs


def test_a_crd_the_program_applies_provides_its_own_kind():
    crd = k8s("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "servicemonitors.monitoring.coreos.com", None,
              {"spec": {"group": "monitoring.coreos.com", "names": {"kind": "ServiceMonitor"}}})
    monitor = k8s(MONITOR, "m", "apps", dependencies=(crd.urn,))
    assert install_sites(plan_of(crd))[0].kinds == (("monitoring.coreos.com", "ServiceMonitor"),)
    assert missing_prerequisites(plan_of(crd, monitor)) == []
    unordered = missing_prerequisites(plan_of(crd, k8s(MONITOR, "m", "apps")))
    assert [p.kind for p in unordered] == ["unordered"]


def test_builtin_objects_need_nothing_and_custom_ones_their_install():
    plan = plan_of(k8s("kubernetes:apps/v1:Deployment", "d", "apps"), ksvc(),
                   k8s(BROKER, "b", "apps", {"metadata": {"annotations": {"eventing.knative.dev/broker.class": "Kafka"}}}))
    needs = {n.gvk.kind: n.installs for n in object_needs(plan)}
    assert needs == {"Service": ("knative-serving",), "Broker": ("knative-eventing", "eventing-kafka-broker")}


def test_a_missing_install_names_the_kind_the_objects_and_the_fix():
    (problem,) = missing_prerequisites(plan_of(ksvc()))
    assert problem.kind == "missing" and problem.blocking
    assert problem.message.startswith("serving.knative.dev/v1 Service apps/hello: need Knative Serving (knative-serving)")
    assert "install_knative=true" in problem.fix and 'eventing-platform:provided_kinds ["knative-serving"]' in problem.fix


def test_an_install_in_the_program_satisfies_its_kind_only_when_the_object_waits_for_it():
    release = resource("kubernetes:helm.sh/v3:Release", "op", {"chart": "knative-operator"})
    serving = k8s("kubernetes:operator.knative.dev/v1beta1:KnativeServing", "knative-serving", "knative-serving", dependencies=(release.urn,))
    assert missing_prerequisites(plan_of(release, serving, ksvc(serving.urn))) == []
    (problem,) = missing_prerequisites(plan_of(release, serving, ksvc()))
    assert problem.kind == "unordered" and "do not depend on it" in problem.message


def test_waiting_through_the_provider_counts():
    cluster = resource("alicloud:cs/serverlessKubernetes:ServerlessKubernetes", "ask", {"addons": [{"name": "knative"}]})
    provider = resource("pulumi:providers:kubernetes", "k8s", dependencies=(cluster.urn,))
    obj = k8s(KSVC, "hello", "apps", provider=provider.urn)
    assert missing_prerequisites(plan_of(cluster, provider, obj)) == []


@pytest.mark.parametrize("declared", [["knative-serving"], ["serving.knative.dev/Service"], ["serving.knative.dev/*"]])
def test_a_declaration_satisfies_the_kind(declared):
    assert missing_prerequisites(plan_of(ksvc()), parse_provided(declared)) == []


def test_declaring_the_kind_does_not_declare_an_implementation_it_needs():
    broker = k8s(BROKER, "b", "apps", {"metadata": {"annotations": {"eventing.knative.dev/broker.class": "Kafka"}}})
    (problem,) = missing_prerequisites(plan_of(broker), parse_provided(["eventing.knative.dev/Broker"]))
    assert problem.install == "eventing-kafka-broker"


def test_an_unknown_custom_kind_needs_a_crd_or_a_declaration():
    (problem,) = missing_prerequisites(plan_of(k8s(MONITOR, "m", "apps")))
    assert problem.install == "monitoring.coreos.com/ServiceMonitor" and "no install this project knows" in problem.message
    assert missing_prerequisites(plan_of(k8s(MONITOR, "m", "apps")), parse_provided(["monitoring.coreos.com/*"])) == []


def test_an_archived_install_is_advice_even_when_present():
    source = k8s("kubernetes:events.cloud.google.com/v1:CloudPubSubSource", "s", "apps")
    (problem,) = missing_prerequisites(plan_of(source), parse_provided(["knative-gcp"]))
    assert problem.kind == "unmaintained" and not problem.blocking and "archived upstream" in problem.message


@pytest.mark.parametrize(("config", "environ", "installs"), [
    ({"eventing-platform:provided_kinds": '["knative-serving", "knative-eventing"]'}, {}, {"knative-serving", "knative-eventing"}),
    ({}, {"EVENTING_PLATFORM_PROVIDED_KINDS": "knative-serving, eventing-kafka-source"}, {"knative-serving", "eventing-kafka-source"}),
    ({"eventing-platform:provided_kinds": "knative-gcp"}, {"EVENTING_PLATFORM_PROVIDED_KINDS": "cert-manager"}, {"knative-gcp", "cert-manager"}),
    ({}, {}, set()),
])
def test_the_declaration_comes_from_the_stack_config_key_and_the_environment(config, environ, installs):
    assert declared_provided(config, environ).installs == installs


@pytest.mark.parametrize(("config", "environ", "where"), [
    ({"eventing-platform:provided_kinds": '["knative"]'}, {}, "eventing-platform:provided_kinds"),
    ({"eventing-platform:provided_kinds": "[not json"}, {}, "eventing-platform:provided_kinds"),
    ({}, {"EVENTING_PLATFORM_PROVIDED_KINDS": "Service"}, "EVENTING_PLATFORM_PROVIDED_KINDS"),
])
def test_a_bad_declaration_is_a_usage_error_naming_where_it_comes_from(config, environ, where):
    with pytest.raises(UsageError, match=where):
        declared_provided(config, environ)


def test_no_declaration_is_an_empty_one():
    assert declared_provided({}, {}) == ProvidedDeclaration()


def test_plan_exits_1_on_a_missing_prerequisite_and_reports_it_in_the_policy_files(tmp_path, capsys):
    from stacks.repository import main

    assert main(["plan", "gcs-vision", "--out", str(tmp_path), "--config", "install_knative=false"]) == 1
    err = capsys.readouterr().err
    assert "error: gcs-vision: [prerequisite] serving.knative.dev/v1 Service gcs-vision/dead-letter, gcs-vision/message-dumper, gcs-vision/vision" in err
    report = json.loads((tmp_path / "gcs-vision" / "policy-report.json").read_text())
    assert any(f["check"] == "prerequisite" and f["level"] == "mandatory" and f["blocking"] for f in report["checks"])
    sarif = json.loads((tmp_path / "gcs-vision" / "policy-report.sarif").read_text())
    run = sarif["runs"][0]
    assert "prerequisite" in {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert any(r["ruleId"] == "prerequisite" and r["level"] == "error" for r in run["results"])


@pytest.mark.parametrize("declaration", [
    ["--config", 'provided_kinds=["knative-serving", "knative-eventing"]'],
    ["--config", "provided_kinds=[\"knative-serving\",\"knative-eventing\"]"],
])
def test_declaring_knative_provided_makes_plan_pass_again(tmp_path, declaration):
    from stacks.repository import main

    assert main(["plan", "gcs-vision", "--out", str(tmp_path), "--config", "install_knative=false", *declaration]) == 0


def test_the_environment_declaration_works_for_any_program(tmp_path, monkeypatch):
    from stacks.repository import main

    monkeypatch.setenv("EVENTING_PLATFORM_PROVIDED_KINDS", "knative-serving,knative-eventing")
    assert main(["plan", "k8s-events", "--out", str(tmp_path), "--config", "install_knative=false"]) == 0
