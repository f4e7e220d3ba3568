"""SinkBinding: a subject by name or selector, sink, CloudEvent overrides."""

from __future__ import annotations

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative import (
    BindingSubject,
    Destination,
    LabelSelectorRequirement,
    SinkBinding,
    SinkBindingArgs,
)
from tests.support.crds import requires_crds, validate_object
from tests.support.offline import objects_of, one, run_components

SINK = Destination.service("event-display", "apps")
SINK_REF = {"ref": {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "event-display", "namespace": "apps"}}


def render(**kwargs) -> dict:
    args = SinkBindingArgs(**{"subject": BindingSubject.deployment("emitter"), "sink": SINK, **kwargs})
    return one(objects_of(run_components(lambda: SinkBinding("bind-emitter", args)), "SinkBinding"))


def test_binding_a_deployment_by_name():
    sb = render()
    assert (sb["apiVersion"], sb["kind"], sb["metadata"]["name"]) == ("sources.knative.dev/v1", "SinkBinding", "bind-emitter")
    assert sb["spec"] == {"subject": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "emitter"}, "sink": SINK_REF}


def test_every_option_is_rendered():
    subject = BindingSubject.selecting(
        "batch/v1", "Job", match_labels={"app.kubernetes.io/part-of": "nightly"},
        match_expressions=[LabelSelectorRequirement(key="tier", operator="In", values=["batch", "report"]),
                           LabelSelectorRequirement(key="skip-events", operator="DoesNotExist")],
    )
    sb = render(subject=subject, ce_extensions={"team": "reports"}, binding_name="bind-jobs", namespace="apps")
    assert sb["metadata"]["name"] == "bind-jobs" and sb["metadata"]["namespace"] == "apps"
    assert sb["spec"] == {
        "subject": {
            "apiVersion": "batch/v1", "kind": "Job",
            "selector": {
                "matchLabels": {"app.kubernetes.io/part-of": "nightly"},
                "matchExpressions": [{"key": "tier", "operator": "In", "values": ["batch", "report"]},
                                     {"key": "skip-events", "operator": "DoesNotExist"}],
            },
        },
        "sink": SINK_REF,
        "ceOverrides": {"extensions": {"team": "reports"}},
    }


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (BindingSubject.job("nightly", "apps"), {"apiVersion": "batch/v1", "kind": "Job", "name": "nightly", "namespace": "apps"}),
        (BindingSubject(api_version="serving.knative.dev/v1", kind="Service", name="web"), {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "name": "web"}),
        (BindingSubject.selecting("apps/v1", "Deployment", match_labels={"sends": "events"}),
         {"apiVersion": "apps/v1", "kind": "Deployment", "selector": {"matchLabels": {"sends": "events"}}}),
    ],
)
def test_subject_factories(subject, expected):
    assert subject.render() == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"api_version": "apps/v1", "kind": "Deployment"}, "BindingSubject: the subject needs a name or a selector; set name, or match_labels / match_expressions"),
        ({"api_version": "apps/v1", "kind": "Deployment", "name": "a", "match_labels": {"x": "y"}}, "BindingSubject: the subject has both a name and a selector"),
        ({"api_version": "apps", "kind": "Deployment", "name": "a"}, "BindingSubject.api_version: is not an apiVersion; use 'v1' for the core group or '<group>/<version>'"),
        ({"api_version": "apps/v1", "kind": "deployment", "name": "a"}, "BindingSubject.kind: is not a kind; use the CamelCase kind name"),
        ({"api_version": "apps/v1", "kind": "Deployment", "name": "Emitter"}, "BindingSubject.name: must be an RFC 1123 label"),
        ({"api_version": "apps/v1", "kind": "Deployment", "match_labels": {"a/b/c": "x"}}, "BindingSubject.match_labels.a/b/c: label key 'a/b/c' is not valid"),
        ({"api_version": "apps/v1", "kind": "Deployment", "match_labels": {"app": "x" * 64}}, "BindingSubject.match_labels.app: label value"),
        ({"api_version": "apps/v1", "kind": "Deployment", "match_expressions": [{"key": "tier", "operator": "In"}]}, "BindingSubject.match_expressions.0: operator In needs values"),
        ({"api_version": "apps/v1", "kind": "Deployment", "match_expressions": [{"key": "tier", "operator": "Exists", "values": ["a"]}]}, "BindingSubject.match_expressions.0: operator Exists takes no values"),
        ({"api_version": "apps/v1", "kind": "Deployment", "match_expressions": [{"key": "tier", "operator": "Gt", "values": ["1"]}]}, "BindingSubject.match_expressions.0.operator: Input should be 'In', 'NotIn', 'Exists' or 'DoesNotExist'"),
    ],
)
def test_bad_subjects_are_rejected_with_field_and_fix(kwargs, message):
    with pytest.raises(ArgsError) as info:
        BindingSubject(**kwargs)
    assert message in str(info.value)


def test_a_subject_without_name_or_selector_is_reported_at_the_binding_subject_with_its_value():
    with pytest.raises(ArgsError) as info:
        SinkBindingArgs(subject={"api_version": "apps/v1", "kind": "Deployment"}, sink=SINK)
    (problem,) = info.value.problems
    assert problem.field == "SinkBindingArgs.subject" and "needs a name or a selector" in problem.message
    assert problem.value == {"api_version": "apps/v1", "kind": "Deployment"}


@pytest.mark.parametrize(
    ("kwargs", "field", "fragment"),
    [
        ({"subject": BindingSubject.deployment("emitter", "other"), "namespace": "apps"}, "SinkBindingArgs.subject.namespace", "binds only subjects in its own namespace; set namespace='other'"),
        ({"subject": BindingSubject.deployment("emitter", "apps")}, "SinkBindingArgs.subject.namespace", "namespace is unset"),
        ({"sink": {"uri": "relative/path"}}, "SinkBindingArgs.sink", "absolute http(s) URL"),
        ({"ce_extensions": {"source": "x"}}, "SinkBindingArgs.ce_extensions", "context attribute"),
        ({"binding_name": "bind.emitter"}, "SinkBindingArgs.binding_name", "RFC 1123 label"),
    ],
)
def test_bad_binding_args_are_rejected_with_field_and_fix(kwargs, field, fragment):
    with pytest.raises(ArgsError) as info:
        SinkBindingArgs(**{"subject": BindingSubject.deployment("emitter"), "sink": SINK, **kwargs})
    assert str(info.value).startswith(f"{field}: ") and fragment in str(info.value)


def test_subject_in_the_bindings_own_namespace_is_accepted():
    sb = render(subject=BindingSubject.deployment("emitter", "apps"), namespace="apps")
    assert sb["spec"]["subject"]["namespace"] == "apps"


@requires_crds
def test_bindings_pass_the_strict_crd_check():
    validate_object(render())
    validate_object(render(
        subject=BindingSubject.selecting("apps/v1", "Deployment", match_labels={"a": "b"},
                                         match_expressions=[LabelSelectorRequirement(key="c", operator="NotIn", values=["d"])]),
        ce_extensions={"team": "x"}, namespace="apps",
    ))
