"""The catalogue of upstream admission cases is complete and honest: every case has a verdict, and
every case marked taken exists in the admission tests."""

from __future__ import annotations

from tests.components.knative.admission_catalogue import CATALOGUE
from tests.components.knative.test_eventing_admission import CASES as EVENTING_CASES
from tests.components.knative.test_serving_admission import AUTOSCALING_CASES, SERVICE_CASES

OUR_CASES = {c[0] for c in SERVICE_CASES} | {c[0] for c in EVENTING_CASES}


def test_every_upstream_case_is_either_taken_or_has_a_reason():
    assert sum(len(cases) for cases in CATALOGUE.values()) > 600
    assert all(reason.strip() for cases in CATALOGUE.values() for reason in cases.values())


def test_every_taken_case_is_one_of_our_admission_tests():
    autoscaling = {c[0] for c in AUTOSCALING_CASES}
    for upstream, cases in CATALOGUE.items():
        for name, reason in cases.items():
            if not reason.startswith("TAKEN: "):
                continue
            ours = reason.removeprefix("TAKEN: ")
            if "annotation_validation_test.go" in upstream:
                assert name in autoscaling, name
            else:
                assert ours in OUR_CASES, ours
