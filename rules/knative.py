"""Knative Eventing and Serving: channels, broker classes, delivery, trigger filters, scale bounds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from eventing_platform.kinds import (
    CORE_GROUP,
    EffectiveDelivery,
    ObjectRef,
    effective_delivery,
    kind_of_token,
)
from eventing_platform.kinds.catalogue import EVENTING, FLOWS, MESSAGING, SERVING, SOURCES
from eventing_platform.kinds.delivery import BROKER_CLASS_ANNOTATION
from eventing_platform.kinds.formats import is_iso8601_duration

from .kube import (
    annotations_at,
    find_object,
    find_ref,
    group_kind,
    kind_matcher,
    metadata_name,
    namespace_of,
)
from .model import ADVISORY, MANDATORY, PROD, Resource, Rule, RuleConfig, Violation
from .props import UNKNOWN, as_int, as_str, get, is_set, is_unknown

BROKER_CLASS = BROKER_CLASS_ANNOTATION
CHANNEL_BROKER = "MTChannelBasedBroker"
DEFAULT_BROKER_CONFIG = ("knative-eventing", "config-br-default-channel")

DELIVERY_KINDS = ((EVENTING, "Broker"), (EVENTING, "Trigger"), (MESSAGING, "Subscription"), (MESSAGING, "Channel"), (SOURCES, "KafkaSource"))
"""Kinds the delivery rules check (each has a delivery block in the catalogue of kinds)."""

# --- knative-no-inmemorychannel ----------------------------------------------------------------

def _template_kind(template: Any) -> Any:
    """The kind of a channelTemplate: a string, UNKNOWN, or None when there is no template."""
    if is_unknown(template):
        return UNKNOWN
    if template is None:
        return None
    kind = get(template, "kind")
    return kind if (isinstance(kind, str) or is_unknown(kind)) else ""


def _channel_problem(kind: Any, what: str) -> str | None:
    if kind is None:
        return f"{what} has no channelTemplate, so the cluster's default channel (InMemoryChannel unless changed) is used"
    if is_unknown(kind):
        return f"{what}'s channel kind is not known during preview"
    if kind == "InMemoryChannel" or not kind:
        return f"{what} uses {'InMemoryChannel' if kind else 'a channelTemplate without a kind'}"
    return None


def _broker_config_problem(broker: Resource, resources: Sequence[Resource], cfg: RuleConfig) -> str | None:
    props = broker.props
    cls = annotations_at(props).get(BROKER_CLASS)
    if is_unknown(cls):
        return "the broker class is not known during preview"
    if cls is not None and cls != CHANNEL_BROKER:
        return None  # Kafka (or another non-channel) broker class
    config = get(props, "spec", "config")
    if is_unknown(config):
        return "the broker config is not known during preview"
    if not isinstance(config, dict) or not config:
        return "this channel-based Broker has no spec.config, so it uses the default InMemoryChannel"
    name = as_str(config.get("name"))
    ns = as_str(config.get("namespace")) or namespace_of(props)
    kind = as_str(config.get("kind")) or "ConfigMap"
    if kind != "ConfigMap":
        return None if is_set(name) else "spec.config names no object"
    if name is None:
        return "spec.config names no ConfigMap"
    if f"{ns}/{name}" in cfg.strings("trustedBrokerConfigs"):
        return None
    cm = find_object(resources, CORE_GROUP, ("ConfigMap",), name, ns)
    if cm is None:
        if (ns, name) == DEFAULT_BROKER_CONFIG:
            return "spec.config is the default config-br-default-channel (InMemoryChannel)"
        return f"spec.config ConfigMap {ns}/{name} is not in this stack, so its channel cannot be verified"
    spec = get(cm.props, "data", "channel-template-spec")
    if is_unknown(spec):
        return f"ConfigMap {ns}/{name} channel-template-spec is not known during preview"
    match = re.search(r"(?m)^\s*kind:\s*['\"]?([A-Za-z]+)", spec) if isinstance(spec, str) else None
    if not match:
        return f"ConfigMap {ns}/{name} has no channel-template-spec with a kind"
    return f"ConfigMap {ns}/{name} selects InMemoryChannel" if match.group(1) == "InMemoryChannel" else None


IMC_FIX = "Use a KafkaChannel channelTemplate, or a Broker of class Kafka (or a channel-based Broker whose config selects KafkaChannel)."


def stack_no_imc(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """InMemoryChannel loses events: allowed only when the stage is dev.

    Unknown: a missing channelTemplate or broker config means the cluster default
    (InMemoryChannel); an unknown kind, or a broker ConfigMap outside the stack that is not in
    ``trustedBrokerConfigs``, is a violation.
    """
    if cfg.stage == "dev":
        return
    for r in resources:
        gk = group_kind(r.type)
        if gk is None or not cfg.applies_to(r.name, r.props):
            continue
        problem = None
        if gk == (MESSAGING, "InMemoryChannel"):
            problem = "an InMemoryChannel loses every in-flight event on restart"
        elif gk == (MESSAGING, "Channel"):
            problem = _channel_problem(_template_kind(get(r.props, "spec", "channelTemplate")), "the Channel")
        elif gk in ((FLOWS, "Sequence"), (FLOWS, "Parallel")):
            problem = _channel_problem(_template_kind(get(r.props, "spec", "channelTemplate")), f"the {gk[1]}")
        elif gk == (EVENTING, "Broker"):
            problem = _broker_config_problem(r, resources, cfg)
        if problem:
            yield Violation(f"{metadata_name(r.props) or r.name}: {problem} (not allowed outside dev)", fix=IMC_FIX, urn=r.urn)


# --- knative-broker-class ----------------------------------------------------------------------

def check_broker_class(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """The class annotation is present and allowed (unknown fails)."""
    allowed = cfg.strings("allowedClasses")
    cls = annotations_at(props).get(BROKER_CLASS)
    if cls is None:
        yield Violation(f"the Broker has no {BROKER_CLASS} annotation, so the cluster default class applies", fix=f"Annotate {BROKER_CLASS}: Kafka (or one of {', '.join(allowed)}).")
    elif not isinstance(cls, str) or cls not in allowed:
        shown = cls if isinstance(cls, str) else "an unknown value"
        yield Violation(f"the Broker class is {shown}, not one of {', '.join(allowed) or '(none allowed)'}", fix=f"Set {BROKER_CLASS} to an allowed class.")


# --- delivery (dead letter, retry) -------------------------------------------------------------

def _delivery_of(r: Resource, resources: Sequence[Resource]) -> EffectiveDelivery:
    """The delivery that applies to ``r`` (own, or inherited as the catalogue says)."""
    def find(ref: ObjectRef) -> Any:
        found = find_ref(resources, ref)
        return found.props if found is not None else None

    return effective_delivery(kind_of_token(r.type), r.props, namespace_of(r.props), find, get)


def _sink_set(sink: Any) -> bool:
    if is_unknown(sink):
        return True
    if not isinstance(sink, dict):
        return False
    return is_set(get(sink, "uri")) or is_set(get(sink, "ref", "name")) or is_unknown(get(sink, "ref"))


def _effective(r: Resource, resources: Sequence[Resource], field: str) -> tuple[Any, str, bool]:
    """``(value, where it came from, parent_missing)`` of one delivery field, with inheritance."""
    delivery = _delivery_of(r, resources)
    value, inherited = delivery.field(field, get)
    if not inherited or delivery.parent is None:
        return value, "own", False
    return value, delivery.parent.label, delivery.parent_missing


def stack_dead_letter(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Effective ``spec.delivery.deadLetterSink`` (own, or the Broker's / Channel's).

    Unknown: a sink not known during preview counts as set; a Broker or Channel outside the
    stack cannot be verified, so the Trigger/Subscription must set its own.
    """
    for r in resources:
        gk = group_kind(r.type)
        if gk is None or gk not in DELIVERY_KINDS or not cfg.applies_to(r.name, r.props):
            continue
        sink, where, parent_missing = _effective(r, resources, "deadLetterSink")
        if _sink_set(sink):
            continue
        label = f"{gk[1]} {metadata_name(r.props) or r.name}"
        if parent_missing:
            msg = f"{label} sets no deadLetterSink and its {where} is not in this stack, so none can be inherited"
        elif where != "own":
            msg = f"{label} has no deadLetterSink, neither its own nor from its {where}"
        else:
            msg = f"{label} has no spec.delivery.deadLetterSink: events that exhaust retries are dropped"
        yield Violation(msg, fix="Set spec.delivery.deadLetterSink (a ref to a dead-letter service, or a URI).", urn=r.urn)


def stack_retry(resources: Sequence[Resource], cfg: RuleConfig) -> Iterable[Violation]:
    """Effective ``retry`` in 1..maxRetry; ``backoffPolicy`` linear/exponential; ``backoffDelay`` ISO-8601."""
    cap = cfg.integer("maxRetry", 10)
    for r in resources:
        gk = group_kind(r.type)
        if gk is None or gk not in DELIVERY_KINDS or not cfg.applies_to(r.name, r.props):
            continue
        label = f"{gk[1]} {metadata_name(r.props) or r.name}"
        retry, _, _ = _effective(r, resources, "retry")
        n = as_int(retry)
        if retry is None:
            yield Violation(f"{label} sets no delivery.retry: a failed delivery is not retried", fix="Set spec.delivery.retry (e.g. 5).", urn=r.urn)
        elif not is_unknown(retry) and (n is None or n < 1 or n > cap):
            yield Violation(f"{label} delivery.retry is {retry!r}, outside 1..{cap}", fix=f"Set spec.delivery.retry between 1 and {cap}.", urn=r.urn)
        policy, _, _ = _effective(r, resources, "backoffPolicy")
        if policy is not None and not is_unknown(policy) and policy not in ("linear", "exponential"):
            yield Violation(f"{label} backoffPolicy is {policy!r}", fix="Use 'linear' or 'exponential'.", urn=r.urn)
        delay, _, _ = _effective(r, resources, "backoffDelay")
        if delay is not None and not is_unknown(delay) and not is_iso8601_duration(delay):
            yield Violation(f"{label} backoffDelay {delay!r} is not an ISO-8601 duration", fix="Use e.g. PT0.5S.", urn=r.urn)


# --- knative-trigger-has-filter ----------------------------------------------------------------

def check_trigger_filter(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """``filter.attributes`` with at least one non-empty value, or ``filters`` non-empty."""
    filters = get(props, "spec", "filters")
    attributes = get(props, "spec", "filter", "attributes")
    if is_unknown(filters) or is_unknown(attributes):
        return
    if isinstance(filters, list) and filters:
        return
    if isinstance(attributes, dict) and any(v != "" for v in attributes.values()):
        return
    yield Violation("the Trigger has no filter, so it receives every event on the Broker (and can loop on replies)",
                    fix="Filter on at least the event type: spec.filter.attributes.type or spec.filters.")


# --- knative-scale-bounds ----------------------------------------------------------------------

def _scale(annotations_: dict[str, Any], which: str) -> Any:
    for key in (f"autoscaling.knative.dev/{which}-scale", f"autoscaling.knative.dev/{which}Scale"):
        if key in annotations_:
            return annotations_[key]
    return None


def check_scale_bounds(type_: str, props: Any, name: str, urn: str, cfg: RuleConfig) -> Iterable[Violation]:
    """max-scale set and <= cap, min <= max, autoscaling annotations on the template, timeout <= cap."""
    cap = cfg.integer("maxScaleCap", 100)
    timeout_cap = cfg.integer("maxTimeoutSeconds", 600)
    top = annotations_at(props)
    misplaced = sorted(k for k in top if isinstance(k, str) and k.startswith("autoscaling.knative.dev/"))
    if misplaced:
        yield Violation(f"autoscaling annotations on the Service metadata are ignored: {', '.join(misplaced)}", fix="Put them on spec.template.metadata.annotations.")
    template = annotations_at(props, "spec", "template")
    max_raw, min_raw = _scale(template, "max"), _scale(template, "min")
    max_n, min_n = as_int(max_raw), as_int(min_raw)
    if max_raw is None:
        yield Violation("max-scale is not set: the service can scale without bound", fix=f"Set autoscaling.knative.dev/max-scale (<= {cap}) on the template.")
    elif not is_unknown(max_raw) and (max_n is None or max_n <= 0 or max_n > cap):
        yield Violation(f"max-scale is {max_raw!r}, outside 1..{cap}", fix=f"Set autoscaling.knative.dev/max-scale between 1 and {cap}.")
    if min_n is not None and max_n is not None and max_n > 0 and min_n > max_n:
        yield Violation(f"min-scale {min_n} is above max-scale {max_n}", fix="Lower min-scale or raise max-scale.")
    timeout = get(props, "spec", "template", "spec", "timeoutSeconds")
    t = as_int(timeout)
    if timeout is not None and not is_unknown(timeout) and (t is None or t > timeout_cap):
        yield Violation(f"timeoutSeconds {timeout!r} is above {timeout_cap}", fix=f"Keep timeoutSeconds <= {timeout_cap}.")


RULES = (
    Rule(
        id="knative-no-inmemorychannel",
        description="InMemoryChannel (directly, as a channelTemplate, or behind a channel-based Broker) is allowed only when the stage is dev.",
        level=MANDATORY,
        severity="high",
        remediation=IMC_FIX,
        applies=kind_matcher((MESSAGING, "InMemoryChannel"), (MESSAGING, "Channel"), (EVENTING, "Broker"), (FLOWS, "Sequence"), (FLOWS, "Parallel"), (CORE_GROUP, "ConfigMap")),
        stack_check=stack_no_imc,
        config={"trustedBrokerConfigs": {"type": "array", "items": {"type": "string"}, "default": [],
                                         "description": "Broker config ConfigMaps outside the stack ('namespace/name') known to select a durable channel. Default []."}},
        tags=("kubernetes", "knative", "reliability"),
    ),
    Rule(
        id="knative-broker-class",
        description="Brokers should carry an allowed eventing.knative.dev/broker.class annotation (required in prod).",
        level=PROD,
        severity="medium",
        remediation=f"Annotate the Broker with {BROKER_CLASS}: Kafka.",
        applies=kind_matcher((EVENTING, "Broker")),
        check=check_broker_class,
        config={"allowedClasses": {"type": "array", "items": {"type": "string"}, "default": ["Kafka", CHANNEL_BROKER],
                                   "description": "Allowed broker classes. Default ['Kafka', 'MTChannelBasedBroker']."}},
        tags=("kubernetes", "knative"),
    ),
    Rule(
        id="knative-delivery-dead-letter",
        description="Brokers, Triggers, Subscriptions, Channels and KafkaSources must have an effective dead-letter sink (a Trigger inherits its Broker's, a Subscription its Channel's).",
        level=MANDATORY,
        severity="high",
        remediation="Set spec.delivery.deadLetterSink on the object (or on its Broker/Channel in the same stack).",
        applies=kind_matcher(*DELIVERY_KINDS),
        stack_check=stack_dead_letter,
        tags=("kubernetes", "knative", "reliability"),
    ),
    Rule(
        id="knative-delivery-retry",
        description="Delivery should retry at least once and at most a configured maximum, with a linear or exponential backoff and an ISO-8601 backoff delay.",
        level=ADVISORY,
        severity="low",
        remediation="Set spec.delivery retry (1..max), backoffPolicy exponential and backoffDelay such as PT0.5S.",
        applies=kind_matcher(*DELIVERY_KINDS),
        stack_check=stack_retry,
        config={"maxRetry": {"type": "integer", "minimum": 1, "default": 10, "description": "Largest accepted retry count. Default 10."}},
        tags=("kubernetes", "knative", "reliability"),
    ),
    Rule(
        id="knative-trigger-has-filter",
        description="Triggers should filter events (filter.attributes or filters) instead of receiving everything on the Broker.",
        level=ADVISORY,
        severity="medium",
        remediation="Add spec.filter.attributes.type (or spec.filters) to the Trigger.",
        applies=kind_matcher((EVENTING, "Trigger")),
        check=check_trigger_filter,
        tags=("kubernetes", "knative"),
    ),
    Rule(
        id="knative-scale-bounds",
        description="Knative Services should set max-scale within a cap, min-scale <= max-scale, autoscaling annotations on the template and a bounded timeout.",
        level=ADVISORY,
        severity="low",
        remediation="Set autoscaling.knative.dev/min-scale and max-scale on spec.template.metadata.annotations and keep timeoutSeconds small.",
        applies=kind_matcher((SERVING, "Service")),
        check=check_scale_bounds,
        config={
            "maxScaleCap": {"type": "integer", "minimum": 1, "default": 100, "description": "Largest accepted max-scale. Default 100."},
            "maxTimeoutSeconds": {"type": "integer", "minimum": 1, "default": 600, "description": "Largest accepted timeoutSeconds. Default 600."},
        },
        tags=("kubernetes", "knative", "cost"),
    ),
)

__all__ = ["RULES"]
