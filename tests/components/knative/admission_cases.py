"""One admission case: an upstream webhook test case re-expressed through the components' args.

An upstream case is re-expressed as the arguments from which the component renders the object
the webhook's test judges. Go's zero values become what renders them: an empty string or list
where the argument would render it (``api_version=""`` renders ``apiVersion: ""``), the
argument left out where leaving it out renders nothing. Values the upstream tables use only as
filler and that the components refuse for a reason of their own (names no Kubernetes object can
have, such as ``test_broker``; images without a tag) are replaced by ones a cluster can hold; what
the components refuse about such values is its own entry of ``NOT_FOLLOWED``, shown by its own
case. Cases of our own (not in the upstream tables) have ids starting with ``ours:``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pytest

from eventing_platform.errors import ArgsError
from eventing_platform.knative.admission_differences import NOT_FOLLOWED

ADMITTED, REFUSED = True, False
OURS = "ours: "
"""Prefix of the ids of cases that are not in the upstream tables."""


@dataclass(frozen=True)
class Case:
    """One upstream (or our own) admission case and the verdict the components must give."""

    id: str
    """``<upstream test file> <TestFunction>/<case name>``, or ``ours: <what>``."""
    build: Callable[[], object]
    """Builds the component's args (raises ``ArgsError`` when the component refuses them)."""
    upstream: bool
    """The webhook's verdict on the object the component renders: ADMITTED or REFUSED."""
    field: str | None = None
    """When the component refuses: the field a problem names (that field or one inside it)."""
    fragment: str | None = None
    """When the component refuses: text the error message contains. Default: not checked."""
    differs: str | None = None
    """The ``NOT_FOLLOWED`` entry when the component's verdict is deliberately the other one."""
    defaulted: str | None = None
    """Where Knative's defaulting webhook completes the object before validation, making the
    webhook admit what the table (which calls ``Validate`` alone) refuses."""
    gap: str | None = None
    """A known disagreement to be fixed where named: the case is expected to fail until then."""

    @property
    def expected(self) -> bool:
        """The verdict the components must give."""
        return self.upstream if self.differs is None else not self.upstream


def judge(case: Case) -> None:
    """Build the case and assert the component's verdict, the field named and the message."""
    if case.differs is not None:
        assert case.differs in NOT_FOLLOWED, case.differs
    if case.defaulted is not None:
        assert case.upstream is ADMITTED
    if case.expected is ADMITTED:
        case.build()
        return
    assert case.field, f"{case.id}: a refused case names the field"
    with pytest.raises(ArgsError) as info:
        case.build()
    fields = [p.field for p in info.value.problems]
    assert any(f == case.field or f.startswith(case.field + ".") for f in fields), (case.field, fields)
    message = str(info.value)
    assert all(": " in line for line in message.splitlines())
    if case.fragment is not None:
        assert case.fragment in message, message


def params(cases: Sequence[Case]) -> list[object]:
    """``pytest.param`` per case, with its id; a case with a known gap is a strict xfail that
    must fail the way a wrong verdict does (the component admits what it should refuse)."""
    return [
        pytest.param(c, id=c.id, marks=[pytest.mark.xfail(strict=True, raises=pytest.fail.Exception, reason=c.gap)] if c.gap else [])
        for c in cases
    ]
