"""The catalogue of kinds the project understands (plain data: no Pulumi, no cloud SDK).

    from eventing_platform.kinds import kind_of, kind_of_token, parse_type_token

    parse_type_token("kubernetes:core/v1:Pod")          # GroupVersionKind("", "v1", "Pod")
    kind = kind_of("eventing.knative.dev", "Broker")
    kind.api_version, kind.address("default", "ns")     # "eventing.knative.dev/v1", the ingress URL
    kind_of_token("kubernetes:batch/v1:CronJob").pod_spec   # ("spec", "jobTemplate", ...)

Modules: :mod:`.api_versions` (the one parser of type tokens and apiVersions),
:mod:`.kind` (an entry), :mod:`.catalogue` (the entries and lookups), :mod:`.addresses`
(address conventions), :mod:`.delivery` (effective delivery and its inheritance),
:mod:`.references` (a Trigger's Broker, a Subscription's channel), :mod:`.installs` (the
prerequisite installs that provide custom kinds: ``Kind.provided_by`` names one).
"""

from . import addresses, installs
from .api_versions import (
    CORE_GROUP,
    GroupVersionKind,
    api_version_of,
    group_of_api_version,
    is_builtin_group,
    parse_api_version,
    parse_type_token,
    type_token_of,
)
from .catalogue import (
    CLUSTER_SCOPED_KINDS,
    KINDS,
    POD_TEMPLATE_KINDS,
    SOURCE_KINDS,
    apply_rank,
    kind_of,
    kind_of_token,
    kinds_where,
    known_kind,
)
from .delivery import EffectiveDelivery, effective_delivery, own_delivery
from .kind import EmittedEvents, Kind
from .paths import value_at
from .references import ObjectRef

__all__ = [
    "CLUSTER_SCOPED_KINDS",
    "CORE_GROUP",
    "KINDS",
    "POD_TEMPLATE_KINDS",
    "SOURCE_KINDS",
    "EffectiveDelivery",
    "EmittedEvents",
    "GroupVersionKind",
    "Kind",
    "ObjectRef",
    "addresses",
    "installs",
    "api_version_of",
    "apply_rank",
    "effective_delivery",
    "group_of_api_version",
    "is_builtin_group",
    "kind_of",
    "kind_of_token",
    "kinds_where",
    "known_kind",
    "own_delivery",
    "parse_api_version",
    "parse_type_token",
    "type_token_of",
    "value_at",
]
