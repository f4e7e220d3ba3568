"""Event loops through the cluster: an ApiServerSource that watches what its own subscribers change.

An ApiServerSource sends an event for every change of the objects it watches in its watched
namespaces. When a subscriber it delivers to runs in one of those namespaces, the subscriber's
own scaling changes watched objects there: a Knative Service scaled from zero by a delivery gets
a Deployment scaled up, a ReplicaSet, Pods that are scheduled, pulled, created and started
(each a Kubernetes ``Event``), Endpoints, a Revision's and PodAutoscaler's status; scaled back
to zero after the stable window, ``ScalingReplicaSet`` and ``Killing`` Events again
(kube-controller-manager ``pkg/controller/deployment/sync.go``, kubelet
``pkg/kubelet/events/event.go``). Each of those is delivered to the subscriber, which therefore
never stays at zero: the k8s-events seed's own sample event is about the subscriber's revision.

Which kinds a receiver's scaling changes is the catalogue's ``Kind.changed_by_scaling``.
Namespaces watched (knative/eventing ``pkg/reconciler/apiserversource``): no
``namespaceSelector``, only the source's own; an empty one, every namespace; otherwise those it
selects. A label ``selector`` on Events does not help: Events do not carry the labels of the
object they are about.

A loop is **certain** when the subscriber scales to zero (Knative's default ``min-scale`` 0) or
restarts on a failing delivery (a liveness probe), the subscriber's namespace is watched by name
or as every namespace, and every hop passes the source's events; **possible** otherwise (it
scales only with load, or the namespace is selected by labels the plan does not show).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from eventing_platform.kinds import Kind, group_of_api_version, kind_of
from eventing_platform.kinds.catalogue import APISERVER_EVENT_PREFIX

from .loops import Loop
from .model import FlowGraph, Node
from .route import route

NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"
"""The label Kubernetes sets on every namespace to its name."""



@dataclass(frozen=True)
class Watched:
    """The namespaces an ApiServerSource watches."""

    names: frozenset[str] = frozenset()
    """Namespaces watched by name."""
    every: bool = False
    """Every namespace (an empty selector)."""
    by_labels: bool = False
    """Namespaces selected by labels the plan does not show."""

    def covers(self, namespace: str | None) -> bool | None:
        """True when ``namespace`` is watched, None when that depends on its labels, else False."""
        if self.every or (namespace is not None and namespace in self.names):
            return True
        return None if self.by_labels else False

    def describe(self) -> str:
        """``every namespace``, ``namespace a, b`` or ``namespaces selected by labels``."""
        if self.every:
            return "every namespace"
        if self.by_labels:
            return "namespaces selected by labels"
        return ("namespace " if len(self.names) == 1 else "namespaces ") + ", ".join(sorted(self.names))


def watched_namespaces(source: Node) -> Watched:
    """What ``source`` (an ``apiserver-source`` node) watches, from its ``namespaceSelector``."""
    selector = source.attrs.get("namespace_selector")
    if selector is None:
        return Watched(frozenset({source.namespace or "default"}))
    if not isinstance(selector, Mapping) or not (selector.get("matchLabels") or selector.get("matchExpressions")):
        return Watched(every=True)
    names: set[str] = set()
    expressions = selector.get("matchExpressions") or []
    by_name = (
        not selector.get("matchLabels")
        and isinstance(expressions, list)
        and all(isinstance(e, Mapping) and e.get("key") == NAMESPACE_NAME_LABEL and e.get("operator") == "In" for e in expressions)
    )
    if by_name:
        value_sets = [set(map(str, e.get("values") or [])) for e in expressions]
        names = set.intersection(*value_sets) if value_sets else set()
        return Watched(frozenset(names))
    labels = selector.get("matchLabels") or {}
    if isinstance(labels, Mapping) and set(labels) == {NAMESPACE_NAME_LABEL} and not expressions:
        return Watched(frozenset({str(labels[NAMESPACE_NAME_LABEL])}))
    return Watched(by_labels=True)


def _resources(source: Node) -> list[tuple[Kind, Mapping[str, Any]]]:
    """The watched kinds the catalogue knows, each with its label selector."""
    out = []
    for res in source.attrs.get("resources") or []:
        kind = kind_of(group_of_api_version(res.get("apiVersion") or "v1"), res.get("kind"))
        if kind is not None:
            out.append((kind, res.get("selector") or {}))
    return out


def _selected(selector: Mapping[str, Any], labels: Mapping[str, Any]) -> bool | None:
    """Whether a resource's label selector selects objects labelled ``labels`` (None: cannot tell)."""
    if not selector:
        return True
    match = selector.get("matchLabels") or {}
    if selector.get("matchExpressions") or not isinstance(match, Mapping):
        return None
    return all(labels.get(k) == v for k, v in match.items())


def _event(source: Node, kind: Kind, receiver: Node) -> dict[str, Any]:
    """The event the source sends when an object of ``kind`` about ``receiver`` changes."""
    mode = "ref" if source.attrs.get("mode", "Reference") == "Reference" else "resource"
    name = kind.kind
    obj = {"apiVersion": kind.api_version, "kind": name, "name": f"{receiver.name}-scaled", "namespace": receiver.namespace}
    return {
        "specversion": "1.0", "id": "offline-apiserver-event", "type": f"{APISERVER_EVENT_PREFIX}{mode}.update",
        "source": "https://kubernetes.default.svc", "subject": f"/namespaces/{receiver.namespace}/{name}/{obj['name']}",
        "data": obj if mode == "ref" else {**obj, "metadata": {"name": obj["name"], "namespace": receiver.namespace}},
    }


def _why(receiver: Node) -> tuple[bool, str]:
    """Whether the receiver's scaling is certain to cause changes, and how it does."""
    if receiver.kind == "knative-service" and receiver.attrs.get("min_scale", 0) == 0:
        return True, "it scales to zero, so each delivery scales it up and back down"
    if receiver.attrs.get("restarts_on_failure"):
        return True, "its pods restart when a delivery wedges them (liveness probe)"
    return False, "it scales out with load and restarts on failures"


def cluster_loops(graph: FlowGraph) -> list[Loop]:
    """Every ApiServerSource whose subscribers run in a namespace it watches, with the kinds it
    watches that their scaling changes."""
    loops: list[Loop] = []
    for source in graph.of_kind("apiserver-source"):
        watched = watched_namespaces(source)
        found: dict[str, tuple[bool, tuple[str, ...], list[str], str]] = {}
        for kind, selector in _resources(source):
            for receiver in graph.nodes.values():
                if receiver.kind not in kind.changed_by_scaling or (covered := watched.covers(receiver.namespace)) is False:
                    continue
                # Objects with a pod template carry the pods' labels; others (Events) cannot be told.
                chosen = _selected(selector, receiver.attrs.get("pod_labels") or {}) if kind.pod_spec else (None if selector else True)
                if chosen is False:
                    continue
                result = route(graph, _event(source, kind, receiver), [source.id], follow_replies=False)
                for reach in result.reaches:
                    if reach.node != receiver.id:
                        continue
                    certain_scaling, how = _why(receiver)
                    certain = certain_scaling and covered is True and chosen is True and not reach.undecided
                    previous = found.get(receiver.id)
                    kinds = [*(previous[2] if previous else []), kind.kind]
                    if previous is None or (certain and not previous[0]):
                        found[receiver.id] = (certain, reach.node_path, kinds, how)
                    else:
                        found[receiver.id] = (previous[0], previous[1], kinds, previous[3])
        for receiver_id, (certain, path, kinds, how) in sorted(found.items()):
            loops.append(_loop(graph, source, graph.nodes[receiver_id], watched, certain, path, kinds, how))
    return loops


def _loop(graph: FlowGraph, source: Node, receiver: Node, watched: Watched, certain: bool, path: tuple[str, ...],
          kinds: list[str], how: str) -> Loop:
    hops = " -> ".join(graph.hop(n) for n in path)
    what = ", ".join(dict.fromkeys(kinds))
    head = "event loop" if certain else "possible event loop"
    message = (
        f"{head} (cluster): ApiServerSource {source.name} watches {what} in {watched.describe()}, where its subscriber "
        f"{receiver.name} runs (namespace {receiver.namespace}); {how}, which changes watched objects that are delivered "
        f"to it again: {hops}; fix: watch namespaces the subscriber does not run in (namespaceSelector; k8s-events: "
        f"watched_namespaces) or run the subscriber outside the watched namespaces"
    )
    return Loop("cluster", (*path, source.id), message, certain=certain)
