"""The type-check gate: errors in the installed copy are shown at their repository paths, and the
mypy config leaves no module of the package out (no exclude, no override naming one)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("typecheck", ROOT / "scripts" / "typecheck.py")
assert _spec is not None and _spec.loader is not None
typecheck = importlib.util.module_from_spec(_spec)
sys.modules["typecheck"] = typecheck
_spec.loader.exec_module(typecheck)


@pytest.mark.parametrize(("installed", "source"), [
    ("build/typecheck/eventing_platform/kinds/kind.py", "kinds/kind.py"),
    ("build/typecheck/eventing_platform/kinds/formats/images.py", "kinds/formats/images.py"),
    ("build/typecheck/eventing_platform/knative/sources/gcp.py", "components/knative/sources/gcp.py"),
    ("build/typecheck/eventing_platform/component.py", "components/component.py"),
    ("build/typecheck/eventing_platform/rules/pack.py", "rules/pack.py"),
    ("/usr/lib/python3/site-packages/pulumi/output.py", "/usr/lib/python3/site-packages/pulumi/output.py"),
])
def test_an_installed_file_is_shown_at_its_repository_path(installed, source):
    assert typecheck.source_path(installed, typecheck.package_parts()) == source


def test_every_part_of_the_package_is_mapped_to_its_folder():
    parts = typecheck.package_parts()
    assert parts["eventing_platform"] == "components"
    assert all((ROOT / folder).is_dir() for folder in parts.values())


def test_no_module_of_the_package_is_left_out_of_the_gate():
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert "exclude" not in config
    overridden = [m for o in config.get("overrides", []) for m in ([o["module"]] if isinstance(o["module"], str) else o["module"])]
    assert overridden, "the SDK override (follow_imports = skip) is missing"
    assert [m for m in overridden if m.split(".")[0] == "eventing_platform"] == []
