"""gcs-vision (seed 002): the issue's "Done when" list, the Workload Identity wiring, and bad config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from eventing_platform.engine.outputs_gcp import project_number
from eventing_platform.errors import ArgsError
from stacks.config import parse_config
from stacks.gcs_vision import EVENT_DISPLAY_IMAGE, VISION_IMAGE, Config
from stacks.repository import main
from tests.support.crds import requires_crds, validate_all
from tests.support.offline import objects_of, one, plan
from tests.support.variants import KNATIVE_GCP

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "knative-vision-demo"
BUCKET = "knative-vision-demo-images"
NS = "gcs-vision"
STORAGE_AGENT = f"serviceAccount:service-{project_number(PROJECT)}@gs-project-accounts.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def dev():
    return plan("gcs-vision")


@pytest.fixture(scope="module")
def prod():
    return plan("gcs-vision", stage="prod")


@pytest.fixture(scope="module")
def knative_gcp():
    return plan("gcs-vision", **KNATIVE_GCP)


@pytest.fixture(scope="module")
def existing():
    return plan("gcs-vision", config={"cluster": "existing"}, secrets={"kubeconfig": "apiVersion: v1\nkind: Config\n# offline-test-kubeconfig\n"})


def _one_input(record, token):
    return one(record.by_type(token)).inputs


# --- Done when ---------------------------------------------------------------------------------

def test_plan_cli_exits_zero_and_writes_artefacts(tmp_path, capsys):
    assert main(["plan", "gcs-vision", "--out", str(tmp_path)]) == 0
    assert "gcs-vision (dev):" in capsys.readouterr().out
    assert (tmp_path / "gcs-vision" / "plan.json").is_file() and (tmp_path / "gcs-vision" / "manifests.yaml").is_file()


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_bucket_has_uniform_access_and_public_access_prevention_enforced(stage, dev, prod):
    bucket = _one_input(dev if stage == "dev" else prod, "gcp:storage/bucket:Bucket")
    assert bucket["name"] == BUCKET
    assert bucket["uniformBucketLevelAccess"] is True
    assert bucket["publicAccessPrevention"] == "enforced"
    assert bucket["versioning"] == {"enabled": True}


def test_notification_targets_topic_testing_after_the_storage_agent_may_publish(dev):
    topic = one(dev.by_type("gcp:pubsub/topic:Topic"))
    assert topic.inputs["name"] == "testing"
    notification = one(dev.by_type("gcp:storage/notification:Notification"))
    assert notification.inputs["topic"] == f"projects/{PROJECT}/topics/testing"
    assert notification.inputs["bucket"] == BUCKET
    assert notification.inputs["payloadFormat"] == "JSON_API_V1"
    assert notification.inputs["eventTypes"] == ["OBJECT_FINALIZE"]
    grant = one([r for r in dev.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember") if r.inputs["member"] == STORAGE_AGENT])
    assert grant.inputs["role"] == "roles/pubsub.publisher" and grant.inputs["topic"] == "testing"
    assert grant.urn in notification.dependencies
    assert topic.urn in grant.dependencies


def test_vision_api_and_the_other_needed_apis_are_enabled_and_kept_on_destroy(dev):
    services = {r.inputs["service"]: r.inputs for r in dev.by_type("gcp:projects/service:Service")}
    assert {"vision.googleapis.com", "pubsub.googleapis.com", "storage.googleapis.com", "container.googleapis.com",
            "iam.googleapis.com", "iamcredentials.googleapis.com", "eventarc.googleapis.com"} == set(services)
    assert all(s["disableOnDestroy"] is False and s["project"] == PROJECT for s in services.values())


@pytest.mark.parametrize("which", ["dev", "prod", "existing"])
def test_no_service_account_key_exists(which, request):
    record = request.getfixturevalue(which)
    assert [r for r in record.resources if r.type == "gcp:serviceaccount/key:Key"] == []
    assert "google-cloud-key" not in json.dumps([r.masked_inputs() for r in record.resources])


def test_subscriptions_reach_message_dumper_and_vision_with_dead_letters(dev):
    subs = {o["spec"]["subscriber"]["ref"]["name"]: o for o in objects_of(dev, "Subscription")}
    assert set(subs) == {"message-dumper", "vision"}
    for sub in subs.values():
        assert sub["spec"]["channel"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "pubsub-test"}
        assert sub["spec"]["subscriber"]["ref"]["apiVersion"] == "serving.knative.dev/v1"
        assert sub["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"
        assert sub["spec"]["delivery"]["retry"] == 5
    services = {o["metadata"]["name"] for o in objects_of(dev, "Service") if o["apiVersion"] == "serving.knative.dev/v1"}
    assert services == {"message-dumper", "vision", "dead-letter"}


@requires_crds
@pytest.mark.parametrize("which", ["dev", "prod", "existing"])
def test_every_object_passes_the_strict_schema_check(which, request):
    assert validate_all(request.getfixturevalue(which)) >= 9


# --- wiring ------------------------------------------------------------------------------------

def test_eventarc_delivers_testing_to_the_channels_service_in_the_cluster(dev):
    trigger = one(dev.by_type("gcp:eventarc/trigger:Trigger"))
    inputs = trigger.inputs
    assert inputs["matchingCriterias"] == [{"attribute": "type", "value": "google.cloud.pubsub.topic.v1.messagePublished"}]
    assert inputs["transport"] == {"pubsub": {"topic": f"projects/{PROJECT}/topics/testing"}}
    assert inputs["destination"] == {"gke": {"cluster": "knative-vision", "location": "us-central1", "namespace": NS,
                                             "service": "pubsub-test-kn-channel", "path": "/"}}
    assert inputs["serviceAccount"] == f"vision-eventarc-trigger@{PROJECT}.iam.gserviceaccount.com"
    assert inputs["retryPolicy"] == {"maxAttempts": 5}
    grants = {r.inputs["role"]: r for r in dev.by_type("gcp:projects/iAMMember:IAMMember")}
    assert grants["roles/eventarc.eventReceiver"].inputs["member"] == f"serviceAccount:{inputs['serviceAccount']}"
    agent = one(dev.by_type("gcp:projects/serviceIdentity:ServiceIdentity"))
    assert agent.inputs["service"] == "eventarc.googleapis.com"
    for role in ("roles/compute.viewer", "roles/container.developer", "roles/iam.serviceAccountAdmin"):
        assert grants[role].urn in trigger.dependencies
    assert one(dev.by_type("gcp:container/cluster:Cluster")).urn in trigger.dependencies
    assert not objects_of(dev, "CloudPubSubSource")


def test_the_namespace_is_restricted_without_knative_gcp_and_baseline_with_it(dev, knative_gcp):
    labels = next(o for o in objects_of(dev, "Namespace") if o["metadata"]["name"] == NS)["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "restricted"
    gcp_labels = next(o for o in objects_of(knative_gcp, "Namespace") if o["metadata"]["name"] == NS)["metadata"]["labels"]
    assert gcp_labels["pod-security.kubernetes.io/enforce"] == "baseline"


def test_the_knative_gcp_path_keeps_the_urns_the_seed_path_had(knative_gcp):
    urns = {r.urn for r in knative_gcp.resources}
    for name in ("CloudPubSubSource::testing-source", "WorkloadIdentity::source-identity", "source-identity-project-pubsub-subscriber"):
        assert any(u.endswith(name) for u in urns), name
    assert not knative_gcp.by_type("gcp:eventarc/trigger:Trigger")


def test_cloudpubsubsource_reads_testing_into_the_channel_as_its_workload_identity(knative_gcp):
    src = one(objects_of(knative_gcp, "CloudPubSubSource"))
    assert src["apiVersion"] == "events.cloud.google.com/v1"
    assert src["spec"]["topic"] == "testing" and src["spec"]["project"] == PROJECT
    assert src["spec"]["serviceAccountName"] == "pubsub-source"
    assert src["spec"]["sink"]["ref"] == {"apiVersion": "messaging.knative.dev/v1", "kind": "Channel", "name": "pubsub-test", "namespace": NS}
    assert "secret" not in src["spec"]


def test_channel_delivery_has_a_dead_letter_sink_and_its_kind_follows_the_stage(dev, prod):
    dev_channel, prod_channel = one(objects_of(dev, "Channel")), one(objects_of(prod, "Channel"))
    assert dev_channel["spec"]["channelTemplate"]["kind"] == "InMemoryChannel"
    assert prod_channel["spec"]["channelTemplate"]["kind"] == "KafkaChannel"
    for channel in (dev_channel, prod_channel):
        assert channel["spec"]["delivery"]["deadLetterSink"]["ref"]["name"] == "dead-letter"


@pytest.mark.parametrize(
    ("ksa", "gsa", "grant_token", "grant"),
    [
        ("pubsub-source", "vision-pubsub-source", "gcp:projects/iAMMember:IAMMember", {"project": PROJECT, "role": "roles/pubsub.subscriber"}),
        ("vision", "vision-service", "gcp:storage/bucketIAMMember:BucketIAMMember", {"bucket": BUCKET, "role": "roles/storage.objectViewer"}),
    ],
)
def test_workload_identities_bind_gsa_ksa_and_grant_least_privilege(knative_gcp, ksa, gsa, grant_token, grant):
    dev = knative_gcp
    email = f"{gsa}@{PROJECT}.iam.gserviceaccount.com"
    sa = one([o for o in objects_of(dev, "ServiceAccount") if o["metadata"]["name"] == ksa])
    assert sa["metadata"]["namespace"] == NS
    assert sa["metadata"]["annotations"] == {"iam.gke.io/gcp-service-account": email}
    bindings = [r.inputs for r in dev.by_type("gcp:serviceaccount/iAMMember:IAMMember")]
    assert {"serviceAccountId": f"projects/{PROJECT}/serviceAccounts/{email}", "role": "roles/iam.workloadIdentityUser",
            "member": f"serviceAccount:{PROJECT}.svc.id.goog[{NS}/{ksa}]"} in bindings
    assert {**grant, "member": f"serviceAccount:{email}"} in [r.inputs for r in dev.by_type(grant_token)]


def test_workload_identity_bindings_wait_for_the_cluster_and_the_bucket_grant_for_the_bucket(dev):
    cluster = one(dev.by_type("gcp:container/cluster:Cluster"))
    bucket = one(dev.by_type("gcp:storage/bucket:Bucket"))
    for binding in dev.by_type("gcp:serviceaccount/iAMMember:IAMMember"):
        assert cluster.urn in binding.dependencies
    assert bucket.urn in one(dev.by_type("gcp:storage/bucketIAMMember:BucketIAMMember")).dependencies


def test_services_run_as_dedicated_accounts_with_pinned_images_and_stay_cluster_local(dev):
    services = {o["metadata"]["name"]: o for o in objects_of(dev, "Service") if o["apiVersion"] == "serving.knative.dev/v1"}
    pod = {name: s["spec"]["template"]["spec"] for name, s in services.items()}
    assert pod["vision"]["serviceAccountName"] == "vision"
    assert pod["message-dumper"]["serviceAccountName"] == "event-display"
    assert pod["vision"]["containers"][0]["image"] == VISION_IMAGE
    assert pod["message-dumper"]["containers"][0]["image"] == EVENT_DISPLAY_IMAGE
    for s in services.values():
        assert s["metadata"]["labels"]["networking.knative.dev/visibility"] == "cluster-local"


def test_cluster_is_autopilot_and_every_kubernetes_object_uses_its_provider(dev):
    cluster = _one_input(dev, "gcp:container/cluster:Cluster")
    assert cluster["enableAutopilot"] is True and cluster["workloadIdentityConfig"] == {"workloadPool": f"{PROJECT}.svc.id.goog"}
    assert cluster["deletionProtection"] is False
    provider = one(dev.by_type("pulumi:providers:kubernetes"))
    k8s = [r for r in dev.resources if r.custom and r.type.startswith("kubernetes:")]
    assert k8s and all(r.provider and r.provider.startswith(provider.urn) for r in k8s)


def test_every_gcp_resource_waits_for_the_apis(dev):
    apis = {r.urn for r in dev.by_type("gcp:projects/service:Service")}
    gcp = [r for r in dev.resources if r.custom and r.type.startswith("gcp:") and r.type != "gcp:projects/service:Service"]
    assert gcp and all(apis <= set(r.dependencies) for r in gcp), [r.name for r in gcp if not apis <= set(r.dependencies)]


def test_prod_protects_the_bucket_and_cluster(prod):
    assert _one_input(prod, "gcp:container/cluster:Cluster")["deletionProtection"] is True


def test_outputs_name_what_a_user_needs_next_and_keep_the_kubeconfig_secret(dev, tmp_path):
    out = dev.outputs
    assert out["bucket"] == BUCKET and out["bucket_url"] == f"gs://{BUCKET}"
    assert out["topic"] == "testing" and out["topic_path"] == f"projects/{PROJECT}/topics/testing"
    assert out["message_dumper_url"] == f"http://message-dumper.{NS}.svc.cluster.local"
    assert out["vision_url"] == f"http://vision.{NS}.svc.cluster.local"
    assert out["vision_service_account"] == f"vision-service@{PROJECT}.iam.gserviceaccount.com"
    assert "kubeconfig" in dev.secret_outputs and dev.masked_outputs()["kubeconfig"] == "[secret]"
    assert "gke-gcloud-auth-plugin" in out["kubeconfig"]


def test_existing_cluster_mode_uses_the_secret_kubeconfig_and_creates_no_cluster(existing, tmp_path):
    assert existing.by_type("gcp:container/cluster:Cluster") == []
    assert "container.googleapis.com" not in {r.inputs["service"] for r in existing.by_type("gcp:projects/service:Service")}
    provider = one(existing.by_type("pulumi:providers:kubernetes"))
    assert provider.masked_inputs()["kubeconfig"] == "[secret]"
    assert "kubeconfig" in existing.secret_outputs
    assert main(["plan", "gcs-vision", "--config", "cluster=existing", "--secret", "kubeconfig=offline-test-kubeconfig-value",
                 "--out", str(tmp_path)]) == 0
    written = "".join(p.read_text() for p in (tmp_path / "gcs-vision").iterdir())
    assert "offline-test-kubeconfig-value" not in written


def test_a_dead_letter_url_replaces_the_dead_letter_service():
    record = plan("gcs-vision", config={"dead_letter_uri": "https://events.example.com/dead"})
    names = {o["metadata"]["name"] for o in objects_of(record, "Service") if o["apiVersion"] == "serving.knative.dev/v1"}
    assert names == {"message-dumper", "vision"}
    for sub in objects_of(record, "Subscription"):
        assert sub["spec"]["delivery"]["deadLetterSink"] == {"uri": "https://events.example.com/dead"}


def test_shipped_stack_file_sets_the_issue_keys():
    doc = yaml.safe_load((ROOT / "Pulumi.gcs-vision.yaml").read_text())["config"]
    keys = {k.split(":", 1)[1] for k in doc}
    assert {"scenario", "project", "region", "bucket", "topic", "stage", "cluster"} <= keys
    assert doc["eventing-platform:topic"] == "testing"


# --- bad config ----------------------------------------------------------------------------------

BASE = {"project": PROJECT, "bucket": BUCKET}


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"bucket": "ab"}, "bucket", "3-63 characters"),
        ({"bucket": "Images"}, "bucket", "lowercase only"),
        ({"bucket": "my-google-images"}, "bucket", "'google'"),
        ({"bucket": "goog-images"}, "bucket", "'goog'"),
        ({"bucket": "10.1.2.3"}, "bucket", "IP address"),
        ({"bucket": "-images"}, "bucket", "start and end with a letter or digit"),
        ({"project": "proj"}, "project", "6-30 characters"),
        ({"project": "1-project"}, "project", "start with a letter"),
        ({"project": "my-project-"}, "project", "not end with '-'"),
        ({"region": "us-central1-f"}, "region", "is a zone"),
        ({"region": "eu-west1"}, "region", "not a Google Cloud region"),
        ({"topic": "projects/x/topics/testing"}, "topic", "topic ID only"),
        ({"cluster": "standard"}, "cluster", "'autopilot' or 'existing'"),
        ({"master_authorized_networks": '["10.0.0.1/8"]'}, "master_authorized_networks", "host bits"),
        ({"event_types": '["OBJECT_CREATED"]'}, "event_types", "OBJECT_FINALIZE"),
        ({"vision_image": "docker.io/meteatamel/vision"}, "vision_image", "has no tag"),
        ({"source_service_account": "src"}, "source_service_account", "6-30"),
    ],
)
def test_bad_config_names_key_value_and_fix(values, field, fragment):
    with pytest.raises(ArgsError) as info:
        parse_config(Config, {**BASE, **values})
    problem = one([p for p in info.value.problems if p.field.split(".")[0] == field])
    assert fragment in problem.message


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"stage": "prod", "channel": "in-memory"}, "use channel=kafka in prod"),
        ({"vision_min_scale": "6"}, "below vision_min_scale (6)"),
        ({"source_service_account": "vision-service"}, "its own identity"),
        ({"master_authorized_networks": '["203.0.113.0/24"]', "cluster": "existing"}, "applies to the Autopilot cluster"),
        ({"source_service_account": "same-account", "vision_service_account": "same-account"}, "its own identity"),
    ],
)
def test_inconsistent_config_is_refused(values, fragment):
    with pytest.raises(ArgsError) as info:
        parse_config(Config, {**BASE, **values})
    assert fragment in str(info.value)


def test_kubeconfig_with_autopilot_is_refused_without_echoing_it():
    with pytest.raises(ArgsError) as info:
        plan("gcs-vision", secrets={"kubeconfig": "super-secret-kubeconfig"})
    assert "only used with cluster=existing" in str(info.value)
    assert "super-secret-kubeconfig" not in str(info.value)


@pytest.mark.parametrize("missing", ["project", "bucket"])
def test_required_keys_are_reported(missing):
    values = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(ArgsError) as info:
        parse_config(Config, values)
    assert f"{missing}: is required" in str(info.value)


def test_bad_config_in_the_cli_exits_2_with_one_line_per_problem(tmp_path, capsys):
    code = main(["plan", "gcs-vision", "--config", "bucket=goog", "--config", "region=us-central1-a", "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "bucket:" in err and "region:" in err and "'us-central1'" in err
    assert not (tmp_path / "gcs-vision").exists()
