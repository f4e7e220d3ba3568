"""PubSubTopic and PubSubSubscription: retry policy, dead-letter topic kept by its own subscription,
and the Pub/Sub service agent's grants that dead-lettering needs."""

from __future__ import annotations

import pytest

from eventing_platform.engine.outputs_gcp import project_number
from eventing_platform.errors import ArgsError
from eventing_platform.gcp import (
    DeadLetterSettings,
    PubSubSubscription,
    PubSubSubscriptionArgs,
    PubSubTopic,
    PubSubTopicArgs,
    RetryPolicy,
)
from tests.support.offline import one, run_components

PROJECT = "my-project-1"
SUB_T = "gcp:pubsub/subscription:Subscription"
TOPIC_T = "gcp:pubsub/topic:Topic"
AGENT = f"serviceAccount:service-{project_number(PROJECT)}@gcp-sa-pubsub.iam.gserviceaccount.com"


def test_topic_renders_name_project_options_and_path():
    def build():
        t = PubSubTopic("testing", PubSubTopicArgs(
            topic_name="testing", project=PROJECT, message_retention_duration="86400s",
            allowed_persistence_regions=["europe-west4"], labels={"app": "vision"},
        ))
        return {"path": t.path, "name": t.topic_name}

    record = run_components(build)
    topic = one(record.by_type(TOPIC_T))
    assert topic.inputs == {
        "name": "testing", "project": PROJECT, "messageRetentionDuration": "86400s",
        "messageStoragePolicy": {"allowedPersistenceRegions": ["europe-west4"]}, "labels": {"app": "vision"},
    }
    assert record.outputs == {"path": f"projects/{PROJECT}/topics/testing", "name": "testing"}


def _subscription(**kwargs):
    def build():
        s = PubSubSubscription("orders", PubSubSubscriptionArgs(subscription_name="orders", topic="testing", project=PROJECT, **kwargs))
        return {"path": s.path}

    return run_components(build)


def test_subscription_dead_letters_after_five_attempts_into_a_topic_with_its_own_subscription():
    record = _subscription()
    subs = {r.inputs["name"]: r for r in record.by_type(SUB_T)}
    assert set(subs) == {"orders", "orders-dead-letter-sub"}
    main, kept = subs["orders"], subs["orders-dead-letter-sub"]
    assert main.inputs["topic"] == "testing"
    assert main.inputs["deadLetterPolicy"] == {
        "deadLetterTopic": f"projects/{PROJECT}/topics/orders-dead-letter", "maxDeliveryAttempts": 5,
    }
    assert main.inputs["retryPolicy"] == {"minimumBackoff": "10s", "maximumBackoff": "600s"}
    assert main.inputs["expirationPolicy"] == {"ttl": ""}
    assert main.inputs["ackDeadlineSeconds"] == 60
    assert main.inputs["messageRetentionDuration"] == "604800s"
    dl_topic = one(record.by_type(TOPIC_T))
    assert dl_topic.inputs["name"] == "orders-dead-letter"
    assert kept.inputs["topic"] == "orders-dead-letter" and "deadLetterPolicy" not in kept.inputs
    assert kept.inputs["expirationPolicy"] == {"ttl": ""}
    assert dl_topic.urn in main.dependencies and dl_topic.urn in kept.dependencies
    assert record.outputs == {"path": f"projects/{PROJECT}/subscriptions/orders"}


def test_pubsub_service_agent_may_publish_dead_letters_and_ack_the_source_subscription():
    record = _subscription()
    identity = one(record.by_type("gcp:projects/serviceIdentity:ServiceIdentity"))
    assert identity.inputs == {"project": PROJECT, "service": "pubsub.googleapis.com"}
    publisher = one(record.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember"))
    assert publisher.inputs == {"project": PROJECT, "topic": "orders-dead-letter", "role": "roles/pubsub.publisher", "member": AGENT}
    subscriber = one(record.by_type("gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"))
    assert subscriber.inputs == {"project": PROJECT, "subscription": "orders", "role": "roles/pubsub.subscriber", "member": AGENT}


def test_a_given_service_agent_is_used_instead_of_looking_it_up():
    record = _subscription(pubsub_service_agent="serviceAccount:service-1@gcp-sa-pubsub.iam.gserviceaccount.com")
    assert record.by_type("gcp:projects/serviceIdentity:ServiceIdentity") == []
    assert one(record.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember")).inputs["member"].startswith("serviceAccount:service-1@")


def test_dead_letter_settings_and_retry_are_configurable():
    record = _subscription(
        dead_letter=DeadLetterSettings(max_delivery_attempts=20, topic_name="orders-dlq", subscription_name="orders-dlq-keep", retention="86400s"),
        retry=RetryPolicy(minimum_backoff="1s", maximum_backoff="60s"),
        ack_deadline_seconds=120, filter='attributes.eventType = "OBJECT_FINALIZE"', enable_exactly_once_delivery=True,
    )
    subs = {r.inputs["name"]: r for r in record.by_type(SUB_T)}
    assert subs["orders"].inputs["deadLetterPolicy"] == {"deadLetterTopic": f"projects/{PROJECT}/topics/orders-dlq", "maxDeliveryAttempts": 20}
    assert subs["orders"].inputs["retryPolicy"] == {"minimumBackoff": "1s", "maximumBackoff": "60s"}
    assert subs["orders"].inputs["filter"] == 'attributes.eventType = "OBJECT_FINALIZE"'
    assert subs["orders"].inputs["enableExactlyOnceDelivery"] is True
    assert subs["orders-dlq-keep"].inputs["messageRetentionDuration"] == "86400s"


def test_dead_lettering_can_be_turned_off_but_retry_stays():
    record = _subscription(dead_letter=None)
    sub = one(record.by_type(SUB_T))
    assert "deadLetterPolicy" not in sub.inputs
    assert sub.inputs["retryPolicy"] == {"minimumBackoff": "10s", "maximumBackoff": "600s"}
    assert record.by_type(TOPIC_T) == [] and record.by_type("gcp:pubsub/topicIAMMember:TopicIAMMember") == []


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"dead_letter": {"max_delivery_attempts": 4}}, "greater than or equal to 5"),
        ({"dead_letter": {"max_delivery_attempts": 101}}, "less than or equal to 100"),
        ({"retry": {"minimum_backoff": "60s", "maximum_backoff": "10s"}}, "exceeds maximum_backoff"),
        ({"retry": {"maximum_backoff": "601s"}}, "outside 0s-600s"),
        ({"retry": {"minimum_backoff": "10"}}, "seconds with an 's' suffix"),
        ({"message_retention_duration": "60s"}, "outside 600s-2678400s"),
        ({"ack_deadline_seconds": 5}, "greater than or equal to 10"),
        ({"dead_letter": {"subscription_name": "orders"}}, "its own ID"),
        ({"dead_letter": {"topic_name": "testing"}}, "redelivered forever"),
        ({"subscription_name": "projects/p/subscriptions/orders"}, "give the subscription ID only"),
    ],
)
def test_subscription_rejects_bad_settings(kwargs, fragment):
    base = {"subscription_name": "orders", "topic": "testing", "project": PROJECT}
    with pytest.raises(ArgsError) as info:
        PubSubSubscriptionArgs(**{**base, **kwargs})
    assert fragment in str(info.value)
