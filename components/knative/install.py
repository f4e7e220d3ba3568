"""Knative Serving and Eventing installed on a cluster through the Knative Operator's Helm chart.

The Knative Operator's chart is the only Helm chart Knative publishes (``knative/operator``
``config/charts/knative-operator``, repository ``https://knative.github.io/operator``; Serving,
Eventing and eventing-kafka-broker publish release manifests only). The operator's Knative docs
(``knative/docs`` ``docs/versioned/install/operator/knative-with-operators.md``) install it with
``helm install knative-operator --create-namespace --namespace knative-operator`` and then create
the ``knative-serving`` / ``knative-eventing`` namespaces with a ``KnativeServing`` /
``KnativeEventing`` resource (``operator.knative.dev/v1beta1``) in each; Kourier is "the one to
choose if you are not sure" (``spec.ingress.kourier.enabled`` and
``spec.config.network.ingress-class``). :class:`KnativeInstall` registers exactly that, with the
chart and Knative pinned, and every resource waits for the one before it:
``pulumi.com/waitFor: condition=Ready`` (pulumi-kubernetes 4.18+) makes dependants wait until
the operator reports the install ready, and pulumi-kubernetes 4.32.0 (#3176) resolves the
chart's CRDs during preview.

Versions (``knative/operator`` tags and ``gh-pages:index.yaml``, read 2026-12): chart
``v1.23.0`` (appVersion 1.23.0, digest
``8722be0a739f1841f143a5c7e5dbf64b06dad24847b4743d286bdf8f9eeef672``, released 2026-08-04),
bundling Serving and Eventing 1.20.0-1.23.0. Knative 1.23 needs Kubernetes 1.34 or later
(``knative.dev/pkg`` ``version.DefaultKubernetesMinVersion``); on an older cluster pin
``version="1.21.x"`` (Kubernetes 1.33). The operator upgrades one minor version at a time.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pulumi
import pulumi_kubernetes as k8s
from pydantic import AfterValidator, Field, model_validator

from eventing_platform.kinds import known_kind
from eventing_platform.kinds.catalogue import OPERATOR

from ..args import Args, Input
from ..component import Component
from ..kubernetes.custom_object import CustomObject
from ..kubernetes.names import DnsLabel, object_meta
from ..redaction import check_no_credentials

OPERATOR_CHART = "knative-operator"
"""The Knative Operator's Helm chart."""
OPERATOR_CHART_REPOSITORY = "https://knative.github.io/operator"
"""Where Knative publishes it."""
OPERATOR_CHART_VERSION = "v1.23.0"
"""The pinned chart version (the chart's versions carry a ``v``)."""
KNATIVE_VERSION = "1.23.0"
"""The pinned Knative Serving and Eventing version the operator installs (``spec.version``)."""
SERVING_NAMESPACE = "knative-serving"
"""Where Knative Serving runs (its KnativeServing resource lives there)."""
EVENTING_NAMESPACE = "knative-eventing"
"""Where Knative Eventing runs (its KnativeEventing resource lives there)."""
WAIT_FOR_ANNOTATION = "pulumi.com/waitFor"
"""pulumi-kubernetes' await annotation: dependants wait until the condition holds."""
INGRESS_CLASSES = {
    "kourier": "kourier.ingress.networking.knative.dev",
    "istio": "istio.ingress.networking.knative.dev",
    "contour": "contour.ingress.networking.knative.dev",
    "gateway-api": "gateway-api.ingress.networking.knative.dev",
}
"""The ``config-network`` ``ingress-class`` of each networking layer the operator installs."""

_KNATIVE_SERVING = known_kind(OPERATOR, "KnativeServing")
_KNATIVE_EVENTING = known_kind(OPERATOR, "KnativeEventing")
_VERSION = r"^\d+\.\d+(\.\d+)?$"


def check_mirror_url(value: str) -> str:
    """A release or chart mirror's URL, without user info or a token query parameter."""
    return check_no_credentials(value, "use a mirror that needs no credential in its URL")


MirrorUrl = Annotated[str, AfterValidator(check_mirror_url)]
"""Where releases or charts are downloaded from; never with a credential in the URL."""


class KnativeInstallArgs(Args):
    """Arguments of :class:`KnativeInstall`. Defaults: Serving with Kourier and Eventing, Knative
    1.23.0 from the Knative Operator chart v1.23.0."""

    serving: bool = True
    """Install Knative Serving. Default True."""
    eventing: bool = True
    """Install Knative Eventing. Default True."""
    version: Annotated[str, Field(pattern=_VERSION)] = KNATIVE_VERSION
    """Knative version the operator installs (``1.23.0``, or ``1.23`` for its latest bundled
    patch); one of the three minor versions the chart bundles. Default ``1.23.0``."""
    chart_version: Annotated[str, Field(pattern=r"^v?\d+\.\d+\.\d+$")] = OPERATOR_CHART_VERSION
    """Version of the ``knative-operator`` chart. Default ``v1.23.0``."""
    chart_repository: Annotated[MirrorUrl, Field(pattern=r"^(https?|oci)://[\x21-\x7e]+$")] = OPERATOR_CHART_REPOSITORY
    """Helm repository of the chart (a mirror for clusters that cannot reach GitHub Pages).
    Default ``https://knative.github.io/operator``."""
    operator_namespace: Input[DnsLabel] = "knative-operator"
    """Namespace the chart is released into (created by Helm). Default ``knative-operator``."""
    ingress: Literal["kourier", "istio", "contour", "gateway-api"] = "kourier"
    """Serving's networking layer. ``istio``, ``contour`` and ``gateway-api`` need that ingress
    installed first; Kourier needs nothing else (and no privileged pods, which GKE Autopilot
    refuses). Default ``kourier``."""
    sink_binding_selection_mode: Literal["inclusion", "exclusion"] = "inclusion"
    """Which namespaces Eventing's SinkBinding webhook intercepts: ``inclusion`` only those
    labelled ``bindings.knative.dev/include=true`` (so it never touches ``kube-system``, which
    managed clusters such as GKE Autopilot guard); ``exclusion`` every namespace not excluded
    (Knative's own default). Default ``inclusion``."""

    @model_validator(mode="after")
    def _something(self) -> KnativeInstallArgs:
        if not (self.serving or self.eventing):
            raise ValueError("installs nothing: set serving=True, eventing=True or both (or do not create a KnativeInstall)")
        return self

    @property
    def provides(self) -> tuple[str, ...]:
        """Ids of the installs (:mod:`eventing_platform.kinds.installs`) this makes."""
        return ("knative-operator", *(("knative-serving",) if self.serving else ()), *(("knative-eventing",) if self.eventing else ()))


class KnativeInstall(Component[KnativeInstallArgs]):
    """The Knative Operator (Helm release) and the ``KnativeServing`` / ``KnativeEventing``
    resources it reconciles.

    Children: ``<name>-operator`` (``helm.v3.Release``), ``<name>-serving-namespace`` and
    ``<name>-serving`` (KnativeServing), ``<name>-eventing-namespace`` and ``<name>-eventing``
    (KnativeEventing). Attributes: ``operator``, ``serving`` and ``eventing`` (None when not
    installed), ``provides`` (install ids). Objects of Serving's kinds depend on ``serving``,
    Eventing's on ``eventing``; depending on the component waits for all of it.
    """

    TYPE = "eventing-platform:knative:KnativeInstall"
    ARGS = KnativeInstallArgs

    def __init__(self, name: str, args: KnativeInstallArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(name, args, opts)
        self.provides = args.provides
        n, o = self.child("operator")
        self.operator = k8s.helm.v3.Release(
            n,
            name=OPERATOR_CHART,
            chart=OPERATOR_CHART,
            version=args.chart_version,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=args.chart_repository),
            namespace=args.operator_namespace,
            create_namespace=True,
            atomic=True,
            opts=o,
        )
        self.serving: CustomObject | None = None
        self.eventing: CustomObject | None = None
        if args.serving:
            spec_serving: dict[str, object] = {
                "version": args.version,
                "ingress": {args.ingress: {"enabled": True}},
                "config": {"network": {"ingress-class": INGRESS_CLASSES[args.ingress]}},
            }
            self.serving = self._knative("serving", _KNATIVE_SERVING.kind, SERVING_NAMESPACE, spec_serving)
        if args.eventing:
            spec_eventing: dict[str, object] = {"version": args.version, "sinkBindingSelectionMode": args.sink_binding_selection_mode}
            self.eventing = self._knative("eventing", _KNATIVE_EVENTING.kind, EVENTING_NAMESPACE, spec_eventing)
        self.register_outputs({"provides": list(self.provides)})

    def _knative(self, role: str, kind: str, namespace: str, spec: dict[str, object]) -> CustomObject:
        """The namespace Knative's docs create for the resource, then the resource itself."""
        n, o = self.child(f"{role}-namespace")
        ns = k8s.core.v1.Namespace(n, metadata=object_meta(namespace, labels={"app.kubernetes.io/name": namespace}), opts=o)
        n, o = self.child(role, depends_on=[self.operator, ns])
        meta = object_meta(namespace, namespace, annotations={WAIT_FOR_ANNOTATION: "condition=Ready"})
        return CustomObject(n, _KNATIVE_SERVING.api_version, kind, meta, spec, opts=o)
