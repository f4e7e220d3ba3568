"""The deliberate differences from Knative's webhooks are listed once, in the code, and the README
shows exactly that list."""

from __future__ import annotations

from pathlib import Path

from eventing_platform.knative.admission_differences import NOT_FOLLOWED, readme_section

README = Path(__file__).resolve().parents[3] / "README.md"
LEAD = "exceptions, and this list is generated from it:\n\n"


def test_the_readme_lists_the_deliberate_differences_the_code_lists():
    text = README.read_text(encoding="utf-8")
    start = text.index(LEAD) + len(LEAD)
    end = text.index("\nThe diagrams below are generated", start)
    assert text[start:end] == readme_section()


def test_each_difference_is_one_wrapped_bullet_with_its_reason():
    bullets = readme_section().split("\n- ")
    assert len(bullets) == len(NOT_FOLLOWED)
    assert all(len(line) <= 100 for line in readme_section().splitlines())
    assert all(reason.strip() and not reason.endswith(".") for reason in NOT_FOLLOWED.values())
