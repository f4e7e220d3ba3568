"""Compare the admission catalogue with the upstream test tables it was made from.

``python scripts/admission_cases.py REPO=DIR ...`` reads each upstream ``*_test.go`` file the
catalogue (``tests/components/knative/admission_catalogue.py``) names from ``git show HEAD:<path>``
in the git directory given for its repository (``knative/serving=/path/to/serving.git``, likewise
``knative/eventing``, ``knative/pkg``, ``eventing-kafka-broker``) and prints every named table entry
(``<TestFunction>/<case name>``, ``(2)`` for a repeated name) that the catalogue lacks, and every
catalogue entry upstream no longer has. Exit 1 when there is any; run it after fetching newer
upstream sources, then classify the new cases.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.components.knative.admission_catalogue import APPLIES, DOES_NOT_APPLY  # noqa: E402

_FUNCTION = re.compile(r"^(?:func (\w+)\(|var (\w+) = )", re.M)
_NAMES = (
    re.compile(r'^\s*(?:name|desc|description):\s*"((?:[^"\\]|\\.)*)"', re.M),  # table entries
    re.compile(r'^\s*(?:\}\{|\},\s*)?"((?:[^"\\]|\\.)*)":\s*\{\s*$', re.M),  # map-keyed tables
    re.compile(r'^\s*name :?= "((?:[^"\\]|\\.)*)"', re.M),  # t.Run(name, ...)
)
_ONLY = {"destination_test.go": "TestValidateDestination", "delivery_types_test.go": "TestDeliverySpecValidation"}
"""Files of which the catalogue takes one function (the others test no admission)."""
_NOT_CASES = {"the-name"}
"""Map keys of test inputs (volume names) that the patterns would take for cases."""


def upstream_cases(text: str, only: str | None) -> list[str]:
    """``<TestFunction>/<case name>`` of every named table entry of one Go test file."""
    functions = [(m.start(), m.group(1) or m.group(2)) for m in _FUNCTION.finditer(text)]
    found = sorted((m.start(), m.group(1)) for pattern in _NAMES for m in pattern.finditer(text))
    seen: Counter[tuple[str, str]] = Counter()
    keys = []
    for start, name in found:
        function = [f for at, f in functions if at < start][-1]
        if name in _NOT_CASES or (only and function != only):
            continue
        seen[(function, name)] += 1
        keys.append(f"{function}/{name}" + (f" ({seen[(function, name)]})" if seen[(function, name)] > 1 else ""))
    return keys


def main(argv: list[str]) -> int:
    """Print the differences; 0 when the catalogue has exactly the upstream cases."""
    git_dirs = dict(arg.split("=", 1) for arg in argv)
    differences = 0
    for upstream in APPLIES:
        repository, path = upstream.split(" ", 1)
        if repository not in git_dirs:
            print(f"skipped (no git directory given for {repository}): {path}")
            continue
        text = subprocess.run(["git", "-C", git_dirs[repository], "show", f"HEAD:{path}"], capture_output=True, text=True, check=True).stdout
        keys = set(upstream_cases(text, _ONLY.get(path.rsplit("/", 1)[-1])))
        catalogued = APPLIES[upstream].keys() | DOES_NOT_APPLY[upstream].keys()
        for key in sorted(keys - catalogued):
            print(f"new upstream case: {upstream}: {key}")
        for key in sorted(catalogued - keys):
            print(f"gone upstream: {upstream}: {key}")
        differences += len(keys ^ catalogued)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
