"""The catalogue of upstream admission cases is complete and honest: every case either applies and
is run through the components' args, or does not apply for a stated reason, and every difference
of verdict names its entry of ``NOT_FOLLOWED``."""

from __future__ import annotations

from eventing_platform.knative.admission_differences import NOT_FOLLOWED
from tests.components.knative.admission_cases import OURS
from tests.components.knative.admission_catalogue import APPLIES, DOES_NOT_APPLY, REASONS
from tests.components.knative.test_eventing_admission import CASES as EVENTING_CASES
from tests.components.knative.test_serving_admission import (
    AUTOSCALING,
    AUTOSCALING_CASES,
    AUTOSCALING_DIFFERS,
    SERVICE_CASES,
)

OUR_CASES = {c.id: c for c in [*SERVICE_CASES, *EVENTING_CASES]}
AUTOSCALING_IDS = {AUTOSCALING + c[0] for c in AUTOSCALING_CASES}


def test_each_upstream_case_either_applies_or_does_not_never_both():
    assert APPLIES.keys() == DOES_NOT_APPLY.keys()
    for upstream in APPLIES:
        assert not APPLIES[upstream].keys() & DOES_NOT_APPLY[upstream].keys(), upstream
    assert sum(len(cases) for cases in [*APPLIES.values(), *DOES_NOT_APPLY.values()]) > 750


def test_every_case_that_does_not_apply_gives_one_of_the_stated_reasons():
    reasons = {reason for cases in DOES_NOT_APPLY.values() for reason in cases.values()}
    assert reasons == REASONS.keys()
    assert all(text.strip() for text in REASONS.values())


def test_every_case_that_applies_is_run_by_an_admission_test():
    run = OUR_CASES.keys() | AUTOSCALING_IDS
    missing = sorted(ours for cases in APPLIES.values() for ours in cases.values() if ours not in run)
    assert not missing


def test_every_admission_test_case_runs_an_upstream_case_or_says_it_is_ours():
    cited = {ours for cases in APPLIES.values() for ours in cases.values()}
    orphans = sorted(case for case in [*OUR_CASES, *AUTOSCALING_IDS] if case not in cited and not case.startswith(OURS))
    assert not orphans
    assert len(OUR_CASES) == len(SERVICE_CASES) + len(EVENTING_CASES), "case ids repeat"


def test_every_difference_of_verdict_is_a_listed_deliberate_difference_and_every_listed_one_is_shown():
    named = {c.differs for c in OUR_CASES.values() if c.differs} | set(AUTOSCALING_DIFFERS.values())
    assert named == NOT_FOLLOWED.keys()

