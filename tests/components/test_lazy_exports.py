"""The domain packages import their components on first use, and type checkers see the same names."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

LAZY_PACKAGES = [
    "eventing_platform.alicloud",
    "eventing_platform.engine",
    "eventing_platform.gcp",
    "eventing_platform.knative",
    "eventing_platform.knative.sources",
    "eventing_platform.kubernetes",
]


def _type_checking_imports(package: ModuleType) -> dict[str, str]:
    """``name -> submodule`` of the imports under ``if TYPE_CHECKING:`` in the package's ``__init__``."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.level == 1 and statement.module
                found.update({alias.asname or alias.name: statement.module for alias in statement.names})
    return found


@pytest.mark.parametrize("name", LAZY_PACKAGES)
def test_the_lazy_names_the_type_checking_imports_and_all_agree(name: str) -> None:
    package = importlib.import_module(name)
    exports = package._EXPORTS
    assert _type_checking_imports(package) == exports
    assert sorted(package.__all__) == sorted(exports)
    assert len(set(package.__all__)) == len(package.__all__)


@pytest.mark.parametrize("name", LAZY_PACKAGES)
def test_every_lazy_name_is_the_object_its_submodule_defines(name: str) -> None:
    package = importlib.import_module(name)
    for export, module in package._EXPORTS.items():
        assert getattr(package, export) is getattr(importlib.import_module(f"{name}.{module}"), export)
    assert set(package._EXPORTS) <= set(dir(package))


def test_an_unknown_name_is_an_attribute_error_and_submodules_still_import() -> None:
    knative = importlib.import_module("eventing_platform.knative")
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchComponent'"):
        knative.NoSuchComponent  # noqa: B018
    from eventing_platform.knative import delivery, sources

    assert delivery.__name__ == "eventing_platform.knative.delivery"
    assert sources.__name__ == "eventing_platform.knative.sources"


def test_importing_the_packages_and_their_naming_rules_loads_no_provider_sdk() -> None:
    light = [*LAZY_PACKAGES, "eventing_platform.kubernetes.names", "eventing_platform.kubernetes.image",
             "eventing_platform.knative.delivery", "eventing_platform.gcp.names", "eventing_platform.alicloud.names"]
    code = (
        "import importlib, sys\n"
        f"for m in {light!r}: importlib.import_module(m)\n"
        "sdks = sorted(m for m in sys.modules if m.startswith('pulumi_'))\n"
        "assert not sdks, sdks\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
