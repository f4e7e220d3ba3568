"""Google Cloud: private buckets, no public IAM members, no service-account keys, Workload Identity, Pub/Sub dead letters."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from typing import Any

from .model import MANDATORY, PROD, Resource, Rule, RuleConfig, Violation, types
from .props import as_int, as_str, get, is_set, is_true, is_unknown, str_list

GCS_BUCKET = "gcp:storage/bucket:Bucket"
IAM_MEMBER_TYPES = (
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:pubsub/topicIAMMember:TopicIAMMember",
    "gcp:pubsub/topicIAMBinding:TopicIAMBinding",
    "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember",
    "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding",
)
SA_KEY = "gcp:serviceaccount/key:Key"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
SUBSCRIPTION = "gcp:pubsub/subscription:Subscription"
PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")


def check_gcs_private(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """``uniformBucketLevelAccess`` true and ``publicAccessPrevention`` ``enforced`` (unknown fails)."""
    if not is_true(get(props, "uniformBucketLevelAccess")):
        yield Violation("uniformBucketLevelAccess is not true (object ACLs can make objects public)", fix="Set uniform_bucket_level_access=True.")
    if as_str(get(props, "publicAccessPrevention")) != "enforced":
        yield Violation("publicAccessPrevention is not 'enforced'", fix='Set public_access_prevention="enforced".')


def check_public_members(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """No ``allUsers``/``allAuthenticatedUsers`` member.

    Unknown: a member computed from another resource (an e-mail output) is never one of the
    literal public principals, so it passes.
    """
    members = str_list(get(props, "member")) + str_list(get(props, "members"))
    public = sorted({m for m in members if m.strip() in PUBLIC_MEMBERS})
    if public:
        yield Violation(f"grants {as_str(get(props, 'role')) or 'a role'} to {', '.join(public)}", fix="Grant the role to specific service accounts or groups only.")


def check_sa_key(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Denied unless the service account matches ``allowedServiceAccounts`` (unknown is denied)."""
    account = as_str(get(props, "serviceAccountId"))
    if account is None or not any(fnmatch.fnmatchcase(account, p) for p in cfg.strings("allowedServiceAccounts")):
        yield Violation(f"creates a service-account key for {account or '(unknown account)'}",
                        fix="Use Workload Identity (a Kubernetes service account bound to the Google service account) instead of key files.")


def check_workload_identity(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """Clusters: Autopilot or a workload pool (unknown pool counts as set); node pools: GKE_METADATA."""
    if type_ == GKE_CLUSTER:
        if is_true(get(props, "enableAutopilot")):
            return
        if not is_set(get(props, "workloadIdentityConfig", "workloadPool")):
            yield Violation("Workload Identity is off (no workloadIdentityConfig.workloadPool)", fix='Set workload_identity_config={"workload_pool": f"{project}.svc.id.goog"} or use Autopilot.')
        node_config = get(props, "nodeConfig")
        if node_config is not None and not is_true(get(props, "removeDefaultNodePool")):
            mode = get(node_config, "workloadMetadataConfig", "mode")
            if as_str(mode) != "GKE_METADATA" and not is_unknown(mode):
                yield Violation("the default node pool does not use the GKE metadata server", fix='Set node_config.workload_metadata_config.mode="GKE_METADATA".')
    elif type_ == GKE_NODE_POOL:
        mode = get(props, "nodeConfig", "workloadMetadataConfig", "mode")
        if as_str(mode) != "GKE_METADATA" and not is_unknown(mode):
            yield Violation("the node pool does not use the GKE metadata server", fix='Set node_config.workload_metadata_config.mode="GKE_METADATA".')


def _topic_key(value: Any) -> str | None:
    """A topic reference reduced to ``<project-or-?>/<name>`` for comparison."""
    text = as_str(value)
    if not text:
        return None
    if "/topics/" in text:
        project = text.split("/topics/", 1)[0].rsplit("/", 1)[-1]
        return f"{project}/{text.rsplit('/', 1)[-1]}"
    return f"?/{text}"


def _same_topic(a: Any, b: Any) -> bool:
    ka, kb = _topic_key(a), _topic_key(b)
    if ka is None or kb is None:
        return False
    pa, na = ka.split("/", 1)
    pb, nb = kb.split("/", 1)
    return na == nb and (pa == pb or "?" in (pa, pb))


def _subscribes_to(sub: Resource, dlq: Resource) -> bool:
    """True when ``sub`` reads the topic that ``dlq`` uses as its dead-letter topic."""
    if _same_topic(get(sub.props, "topic"), get(dlq.props, "deadLetterPolicy", "deadLetterTopic")):
        return True
    topic_deps = set(sub.deps_of("topic"))
    return bool(topic_deps & set(dlq.deps_of("deadLetterPolicy")))


def stack_pubsub_dead_letter(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Dead-letter policy (5..100 attempts; unset means Pub/Sub's default 5), retry policy, and a
    subscription on the dead-letter topic. Subscriptions that read a dead-letter topic are exempt.
    """
    subs = [r for r in resources if r.type == SUBSCRIPTION]
    dlq_readers = {s.urn for s in subs for d in subs if d is not s and is_set(get(d.props, "deadLetterPolicy", "deadLetterTopic")) and _subscribes_to(s, d)}
    for s in subs:
        if s.urn in dlq_readers or not cfg.applies_to(s.name, s.props):
            continue
        label = as_str(get(s.props, "name")) or s.name
        policy = get(s.props, "deadLetterPolicy")
        topic = get(policy, "deadLetterTopic")
        if not is_set(topic):
            yield Violation(f"subscription {label} has no dead-letter policy: undeliverable messages are redelivered until they expire",
                            fix="Set dead_letter_policy={dead_letter_topic: <topic id>, max_delivery_attempts: 5..100}.", urn=s.urn)
        else:
            attempts = get(policy, "maxDeliveryAttempts")
            n = as_int(attempts)
            if attempts is not None and not is_unknown(attempts) and (n is None or not 5 <= n <= 100):
                yield Violation(f"subscription {label} maxDeliveryAttempts is {attempts!r}, outside 5..100", fix="Set max_delivery_attempts between 5 and 100.", urn=s.urn)
            if not any(_subscribes_to(o, s) for o in subs if o is not s):
                yield Violation(f"subscription {label}: nothing in this stack subscribes to its dead-letter topic, so dead letters are never read",
                                fix="Add a pubsub.Subscription on the dead-letter topic.", urn=s.urn)
        retry = get(s.props, "retryPolicy")
        if not (isinstance(retry, dict) or is_unknown(retry)):
            yield Violation(f"subscription {label} has no retry policy (immediate redelivery)", fix="Set retry_policy={minimum_backoff: '10s', maximum_backoff: '600s'}.", urn=s.urn)


RULES = (
    Rule(
        id="gcs-bucket-private",
        description="Cloud Storage buckets must use uniform bucket-level access and enforce public access prevention.",
        level=MANDATORY,
        severity="critical",
        remediation='Set uniform_bucket_level_access=True and public_access_prevention="enforced".',
        applies=types(GCS_BUCKET),
        check=check_gcs_private,
        tags=("gcp", "storage"),
    ),
    Rule(
        id="gcp-no-public-members",
        description="Storage and Pub/Sub IAM grants must not include allUsers or allAuthenticatedUsers.",
        level=MANDATORY,
        severity="critical",
        remediation="Grant roles to named service accounts or groups only.",
        applies=types(*IAM_MEMBER_TYPES),
        check=check_public_members,
        tags=("gcp", "iam"),
    ),
    Rule(
        id="gcp-no-service-account-keys",
        description="Service-account keys are denied unless the account is allow-listed.",
        level=MANDATORY,
        severity="high",
        remediation="Use Workload Identity instead of key files.",
        applies=types(SA_KEY),
        check=check_sa_key,
        config={"allowedServiceAccounts": {"type": "array", "items": {"type": "string"}, "default": [],
                                           "description": "Service account ids/e-mails (globs) that may have keys. Default [] (none)."}},
        tags=("gcp", "iam", "secrets"),
    ),
    Rule(
        id="gke-workload-identity",
        description="GKE clusters must have Workload Identity (Autopilot has it) and node pools must use the GKE metadata server.",
        level=MANDATORY,
        severity="high",
        remediation='Use Autopilot, or set workload_identity_config.workload_pool and node_config.workload_metadata_config.mode="GKE_METADATA".',
        applies=types(GKE_CLUSTER, GKE_NODE_POOL),
        check=check_workload_identity,
        tags=("gcp", "kubernetes", "iam"),
    ),
    Rule(
        id="pubsub-subscription-dead-letter",
        description="Pub/Sub subscriptions should have a dead-letter policy (5-100 attempts) whose topic is subscribed, and a retry policy (required in prod).",
        level=PROD,
        severity="medium",
        remediation="Set dead_letter_policy and retry_policy, and subscribe to the dead-letter topic.",
        applies=types(SUBSCRIPTION),
        stack_check=stack_pubsub_dead_letter,
        tags=("gcp", "eventing", "reliability"),
    ),
)

__all__ = ["RULES"]
