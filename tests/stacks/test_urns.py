"""Every stack's URNs are pinned: a rename that would replace resources on the next `pulumi up` fails here.

``tests/stacks/urns/<stack>.<stage>.txt`` holds the sorted URN list of each shipped stack planned
with its own config. A change to one is deliberate only with a Pulumi alias on the renamed
resource; then regenerate the file and say so in the commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.planned import STACK_STAGES, planned

URNS_DIR = Path(__file__).parent / "urns"


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_stack_urns_are_unchanged(stack: str, stage: str) -> None:
    expected = (URNS_DIR / f"{stack}.{stage}.txt").read_text().split()
    assert sorted(r.urn for r in planned(stack, stage).resources) == expected
