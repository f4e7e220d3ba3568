"""``manifests.yaml`` is written by libyaml when that gives the bytes PyYAML's own emitter gives."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventing_platform.engine import artefacts
from stacks.scenarios import SCENARIOS
from tests.support.offline import plan


def _pure_python(objects: list) -> str:
    """What ``manifests.yaml`` held before libyaml: PyYAML's pure-Python safe emitter."""
    return yaml.safe_dump_all(objects, sort_keys=False, default_flow_style=False, allow_unicode=True)


@pytest.mark.parametrize("stage", ["dev", "prod"])
@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_shipped_manifests_take_the_libyaml_path_with_identical_bytes(stack: str, stage: str) -> None:
    objects = artefacts.manifests(plan(stack, stage=stage))
    assert artefacts._LIBYAML_DUMPER is not None, "PyYAML without libyaml: the fast path is never taken"
    assert artefacts._emitted_alike(objects)
    assert artefacts.dumps_manifests(objects) == _pure_python(objects)


@pytest.mark.parametrize("text", [
    "tab\there", "line\nbreak", "carriage\rreturn", "nel\x85", "line\u2028separator", "paragraph\u2029",
    "\ufeffbom", "emoji \U0001f600", "nul\x00", "del\x7f", "c1\x9b",
    " leading space", "trailing space ", "yes", "null", "~", "1e3", "- dash", "a: b", "#hash", "x #y",
    "word " * 60 + "\t" + "word " * 60,
])
@pytest.mark.parametrize("where", ["key", "value", "long value"])
def test_strings_the_emitters_write_differently_fall_back_to_pure_python(text: str, where: str) -> None:
    doc = {text: 1} if where == "key" else {"a": text if where == "value" else "w " * 50 + text}
    assert artefacts.dumps_manifests([doc]) == _pure_python([doc])


def test_an_empty_key_falls_back_to_pure_python() -> None:
    assert not artefacts._emitted_alike([{"": []}])
    assert artefacts.dumps_manifests([{"": []}]) == _pure_python([{"": []}]) == "? ''\n: []\n"


_chars = st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.sampled_from(list(":-#'\"&*!|>%@`,[]{}?~= \t\n\r\x85\u2028\ufeff\x00\U0001f600é中")),
    st.characters(blacklist_categories=("Cs",)),
)
_text = st.one_of(st.text(_chars, max_size=12), st.text(_chars, min_size=60, max_size=120),
                  st.sampled_from(["", "yes", "no", "on", "null", "~", "true", "0x1f", "012", "1_000", ".inf", "2001-12-14", "<<"]))
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _text)
_keys = st.one_of(_text, st.text(_chars, min_size=40, max_size=140), st.integers(), st.booleans(), st.none())
_trees = st.recursive(_scalars, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(_keys, c, max_size=4)),
                      max_leaves=10)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.dictionaries(_keys, _trees, max_size=4), max_size=2))
def test_any_documents_give_the_bytes_of_the_pure_python_emitter(objects: list) -> None:
    assert artefacts.dumps_manifests(objects) == _pure_python(objects)


@pytest.mark.parametrize("key", ["k" * 122, "k" * 123, "k" * 129, "é" * 64, "é" * 65, "中" * 42, "中" * 43, 7, True, None])
def test_keys_near_the_simple_key_limit_give_the_bytes_of_the_pure_python_emitter(key: object) -> None:
    assert artefacts.dumps_manifests([{key: "v"}]) == _pure_python([{key: "v"}])
