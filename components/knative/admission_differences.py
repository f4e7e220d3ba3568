"""Where the Knative components deliberately judge an object differently from Knative's webhooks.

The components refuse at construction what Knative's admission webhooks would refuse (each rule
cites the webhook's file and function). :data:`NOT_FOLLOWED` lists the exceptions: values the
components refuse although the webhooks admit them (stricter), and the one they admit although a
webhook refuses it (looser), each with the reason. The admission tests re-express the upstream
``*_validation_test.go`` cases through the components' args; a case whose verdict differs names
its entry here (``tests/components/knative/admission_catalogue.py`` lists every upstream case).
The README section "Where the components differ from Knative's webhooks" is
:func:`readme_section`, and a test keeps the two equal.
"""

from __future__ import annotations

import textwrap

NOT_FOLLOWED: dict[str, str] = {
    "bounded max-scale": (
        "ScalingPolicy.max_scale is at least 1. Knative admits max-scale 0, which means no upper bound; "
        "every Service here is bounded, to cap its cost"
    ),
    "initial scale above max scale": (
        "ScalingPolicy refuses an initial_scale above max_scale. Knative admits it and clamps the initial "
        "scale to max-scale; here it is taken for a mistake"
    ),
    "explicit traffic targets": (
        "a TrafficTarget sets percent and exactly one of revision_name and latest_revision=True. Knative "
        "reads an unset percent as 0 and, in a Service, an unset latestRevision as true; here each target "
        "says what it follows"
    ),
    "pinned images": (
        "an image needs a tag other than latest, or a digest. Knative admits any reference it can parse "
        "('foo' means foo:latest); a plan names the code it deploys"
    ),
    "non-root user": (
        "run_as_user is at least 1. Knative admits runAsUser 0 (root); the components' containers never "
        "run as root"
    ),
    "filters and attributes together": (
        "a Trigger sets filters or attributes, not both. Knative admits both and then ignores "
        "filter.attributes, so the attributes would silently do nothing"
    ),
    "one attribute per filter": (
        "exact, prefix and suffix take one attribute each. Knative admits several in one map (all must "
        "match); TriggerFilter.all_of(...) says the same explicitly, and raw Triggers with several are "
        "still evaluated (eventing_platform.events.knative_filters)"
    ),
    "empty all/any": (
        "all_of() and any_of() need at least one filter. Knative admits all: [] and any: [], and its "
        "broker skips such an entry, so the Trigger would pass every event"
    ),
    "filter entry without a dialect": (
        "a filters entry sets exactly one dialect. Knative admits an entry with none ({}), and its broker "
        "skips it, so the Trigger would pass every event"
    ),
    "empty filter value": (
        "an exact, prefix or suffix value may not be empty. Knative's webhook admits it, its broker cannot "
        "build the filter and skips it, so the Trigger would pass every event"
    ),
    "cesql syntax": (
        "looser: a cesql expression is only checked to be non-blank. Knative parses it with the CloudEvents "
        "Go SDK and refuses a syntax error when the Trigger is applied; no maintained CESQL parser exists "
        "for Python"
    ),
    "CloudEvents attribute names": (
        "extension names (ce_extensions) and filter attribute names are 1-20 lowercase letters or digits, "
        "as the CloudEvents spec names attributes, and an extension may not take a context attribute's name "
        "(type, source, ...). Knative admits uppercase letters and context attribute names in ceOverrides, "
        "and longer filter attribute names"
    ),
    "empty destination": (
        "a Destination needs a ref or a uri wherever one is given. Knative ignores an empty reply of a "
        "Subscription (reply: {}) instead of refusing it"
    ),
    "Kubernetes object names": (
        "names of referenced objects (Trigger.broker, a reference's name and namespace, a SinkBinding "
        "subject) are RFC 1123 names. Knative's webhooks only require most of them non-empty, but no object "
        "with another name can exist, so the reference could never resolve"
    ),
    "Kafka names and addresses": (
        "KafkaSource topics follow Kafka's topic-name rule, bootstrap servers are host:port and the consumer "
        "group uses Kafka's characters. Knative's webhook admits any non-empty strings; the Kafka client "
        "refuses malformed ones later, and the source never becomes ready"
    ),
    "empty watched apiVersion": (
        "an ApiServerResource's api_version may not be empty. Knative's webhook admits it "
        "(schema.ParseGroupVersion accepts ''), and the adapter then watches nothing it can find"
    ),
    "JSON data for +json media types": (
        "PingSource data with a +json media type (application/cloudevents+json, ...) must be JSON. "
        "Knative checks only application/json"
    ),
    "time zone inside the schedule": (
        "a PingSource schedule may not start with CRON_TZ= or TZ=; the timezone field says it. Knative's "
        "cron parser admits the prefix"
    ),
    "bounded retries": (
        "DeliveryPolicy.retry is at most 100. Knative admits any count from 0; with exponential backoff "
        "the last of more retries would wait longer than any event is worth"
    ),
}
"""Rules of Knative's admission webhooks the components deliberately do not follow, each with the reason."""


def readme_section() -> str:
    """The README list of :data:`NOT_FOLLOWED`: one bullet per entry, in order, wrapped at 100 columns."""
    return "".join(
        textwrap.fill(f"- **{key}**: {reason}.", width=100, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False) + "\n"
        for key, reason in NOT_FOLLOWED.items()
    )


__all__ = ["NOT_FOLLOWED", "readme_section"]
