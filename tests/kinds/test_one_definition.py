"""What the catalogue of kinds owns is written nowhere else: no second parser of type tokens or
apiVersions, no second list of pod-template kinds, no address convention outside
``kinds/addresses.py`` (docstrings and comments may still mention them)."""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("components", "kinds", "events", "engine", "analysis", "rules", "cli", "stacks", "scripts")


def _sources() -> list[Path]:
    return sorted(p for folder in SCANNED for p in (ROOT / folder).rglob("*.py"))


def _code_strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, text)`` of every string constant that is not a docstring (a bare string statement)."""
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT))


@functools.cache
def _trees() -> dict[str, ast.AST]:
    """Every scanned file, parsed once (on first use, not at collection)."""
    return {_where(p): ast.parse(p.read_text(), str(p)) for p in _sources()}


@functools.cache
def _strings() -> tuple[tuple[str, int, str], ...]:
    """``(file, line, text)`` of every code string of every scanned file, in file order."""
    return tuple((where, line, text) for where, tree in _trees().items() for line, text in _code_strings(tree))


ADDRESS_FRAGMENTS = ("kn-channel", "broker-ingress", "svc.cluster.local", "kn-sequence", "kn-parallel")
WORKLOAD_KIND_NAMES = ("StatefulSet", "DaemonSet", "ReplicaSet", "CronJob", "ReplicationController")
PARSER_NAMES = ("parse_type", "parse_type_token", "parse_api_version", "group_of_api_version", "group_of")


@pytest.mark.parametrize("fragment", ADDRESS_FRAGMENTS)
def test_address_conventions_live_in_kinds_addresses_only(fragment):
    found = [f"{where}:{line}" for where, line, text in _strings() if where != "kinds/addresses.py" and fragment in text]
    assert found == []


@pytest.mark.parametrize("name", WORKLOAD_KIND_NAMES)
def test_the_pod_template_kinds_are_listed_in_the_catalogue_only(name):
    found = [f"{where}:{line}" for where, line, text in _strings() if where != "kinds/catalogue.py" and text == name]
    assert found == []


def test_type_tokens_and_api_versions_are_parsed_in_kinds_api_versions_only():
    defined = [f"{where}:{node.lineno} {node.name}" for where, tree in _trees().items() if where != "kinds/api_versions.py"
               for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name in PARSER_NAMES]
    core_tokens = [f"{where}:{line}" for where, line, text in _strings()
                   if where != "kinds/api_versions.py" and text in ("core/v1", "core")]
    split_tokens = [f"{where}:{node.lineno}" for where, tree in _trees().items() for node in ast.walk(tree)
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
                    and [ast.unparse(a) for a in node.args] == ["':'", "2"]]
    split_versions = [f"{where}:{node.lineno}" for where, tree in _trees().items() if where != "kinds/api_versions.py"
                      for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr in ("split", "partition", "rpartition") and any(hint in ast.unparse(node.func.value).lower() for hint in ("api_version", "apiversion", "_v1"))]
    assert (defined, core_tokens, split_tokens, split_versions) == ([], [], [], [])
