"""Every component and every args model rejects bad arguments at construction.

Discovered, not listed: every ``Args`` subclass and every ``Component`` subclass under
``components/`` is tested, so new components are covered as they land. Bad values are generated
(hypothesis) from each field's JSON Schema: wrong types, out-of-range numbers, unknown choices,
pattern violations, over-long and empty strings. Each must raise ``ArgsError`` with a problem
that names the field (``Model.field``), shows the value (masked for secret fields) and says what
to do, on one line.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import re
from typing import Any

import jsonschema
import pulumi
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic.json_schema import GenerateJsonSchema

import eventing_platform
from eventing_platform.args import Args
from eventing_platform.component import Component
from eventing_platform.errors import SECRET_MASK, ArgsError
from tests.support.offline import run_components

for _mod in pkgutil.walk_packages(eventing_platform.__path__, "eventing_platform."):
    importlib.import_module(_mod.name)


def _descendants(cls: type) -> set[type]:
    out: set[type] = set()
    for sub in cls.__subclasses__():
        out |= {sub, *_descendants(sub)}
    return out


ARGS_MODELS = sorted(
    (c for c in _descendants(Args) if c.__module__.startswith("eventing_platform.")),
    key=lambda c: (c.__module__, c.__name__),
)
COMPONENTS = sorted(
    (c for c in _descendants(Component) if "ARGS" in dir(c) and "TYPE" in dir(c)),
    key=lambda c: (c.__module__, c.__name__),
)

OUTPUT_ONLY = {"not": {}, "x-pulumi-output": True}
"""Schema of a ``pulumi.Output`` branch: no plain value is one."""

FIX_HINT = re.compile(
    r"(\be\.g\.|\b(use|set|must|should|choose|one of|allowed|expected|remove|rename|lower|raise|pin|"
    r"give|keep|add|at most|at least|valid|greater|less|build|only|instead|put|name|fix)\b)",
    re.IGNORECASE,
)
"""A message says what to do (or what is allowed), not only what is wrong."""


class _Schema(GenerateJsonSchema):
    """JSON Schema where a ``pulumi.Output`` (an arbitrary type) accepts no plain value."""

    def handle_invalid_for_json_schema(self, schema, error_info):  # noqa: D102
        return dict(OUTPUT_ONLY)


def field_schemas(model: type[Args]) -> dict[str, dict[str, Any]]:
    """``field -> JSON Schema`` (with ``$defs`` attached, so ``$ref`` resolves)."""
    full = model.model_json_schema(schema_generator=_Schema)
    defs = full.get("$defs") or {}
    out = {}
    for name, prop in (full.get("properties") or {}).items():
        prop = copy.deepcopy(prop)
        if defs:
            prop["$defs"] = defs
        out[name] = prop
    return out


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return (root.get("$defs") or {}).get(ref.split("/")[-1], {})
    return schema


def _branches(schema: dict[str, Any], root: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _resolve(schema, root)
    members = schema.get("anyOf") or schema.get("oneOf")
    if members:
        return [b for m in members for b in _branches(m, root)]
    return [schema]


def schema_accepts(schema: dict[str, Any], value: Any) -> bool:
    """Whether the field's JSON Schema accepts ``value``."""
    return jsonschema.Draft202012Validator(schema).is_valid(value)


# Values pydantic's lax mode does not coerce into another type (no numeric strings, no bools
# for numbers): a field rejects one of these unless its schema accepts it.
WRONG_TYPES: list[Any] = [12345, 2.5, "text-value", ["a", "list"], {"a": "mapping"}, None, True]


def bad_values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the field's schema rejects, one strategy per way of being wrong."""
    strategies: list[st.SearchStrategy[Any]] = [st.sampled_from(WRONG_TYPES)]
    for b in _branches(schema, schema):
        kind = b.get("type")
        if "enum" in b:
            strategies.append(st.text(min_size=1, max_size=12).filter(lambda s, e=tuple(b["enum"]): s not in e))
        if kind in ("integer", "number"):
            lo = b.get("minimum", b.get("exclusiveMinimum"))
            hi = b.get("maximum", b.get("exclusiveMaximum"))
            if lo is not None:
                strategies.append(st.integers(min_value=int(lo) - 10**6, max_value=int(lo) - 1) if kind == "integer"
                                  else st.floats(max_value=lo, exclude_max="minimum" in b, allow_nan=False, allow_infinity=False, min_value=lo - 1e6))
            if hi is not None:
                strategies.append(st.integers(min_value=int(hi) + 1, max_value=int(hi) + 10**6) if kind == "integer"
                                  else st.floats(min_value=hi, exclude_min="maximum" in b, allow_nan=False, allow_infinity=False, max_value=hi + 1e6))
        if kind == "string":
            if b.get("pattern"):
                pattern = re.compile(b["pattern"])
                strategies.append(st.text(max_size=30).filter(lambda s, p=pattern: not p.search(s)))
                strategies.append(st.sampled_from(["UPPER_case!", " spaced out ", "-lead", "trail-", "a/b\\c", "x" * 300]))
            if b.get("maxLength") is not None:
                n = int(b["maxLength"])
                strategies.append(st.integers(min_value=n + 1, max_value=n + 40).map(lambda k: "a" * k))
            if int(b.get("minLength", 0)) >= 1:
                strategies.append(st.just(""))
        if kind == "array":
            strategies.append(st.just("not-a-list"))
            if b.get("maxItems") is not None:
                strategies.append(st.just(["x"] * (int(b["maxItems"]) + 1)))
    return st.one_of(strategies)


FIELD_SCHEMAS = {model: field_schemas(model) for model in ARGS_MODELS}


def test_discovery_finds_the_components_and_their_args():
    assert len(COMPONENTS) >= 5, [c.__name__ for c in COMPONENTS]
    for cls in COMPONENTS:
        assert cls.ARGS in ARGS_MODELS or issubclass(cls.ARGS, Args), cls


def check_rejected(model: type[Args], field: str, schema: dict[str, Any], value: Any) -> None:
    """``model(field=value)`` raises ArgsError naming the field, the value and a fix, one line each."""
    with pytest.raises(ArgsError) as caught:
        model(**{field: value})
    prefix = f"{model.__name__}.{field}"
    mine = [p for p in caught.value.problems if p.field == prefix or p.field.startswith(prefix + ".")]
    assert mine, f"{prefix}={value!r}: no problem names {prefix}; got: {caught.value}"
    secret = field in getattr(model, "secret_fields", frozenset())
    for p in mine:
        line = p.line()
        assert "\n" not in line and "\r" not in line, line
        assert FIX_HINT.search(p.message), f"{line!r} does not say what to do"
        if secret:
            assert SECRET_MASK in line and (not isinstance(value, str) or len(value) < 4 or value not in line), line
    top = [p for p in mine if p.field == prefix]
    if top and not secret:
        assert any(p.has_value and p.value == value for p in top), f"{[p.line() for p in top]} does not show {value!r}"


def _numeric(schema: dict[str, Any]) -> bool:
    return bool({"integer", "number"} & {b.get("type") for b in _branches(schema, schema)})


@pytest.mark.parametrize("model", ARGS_MODELS, ids=lambda m: m.__name__)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_args_fields_reject_generated_bad_values_naming_field_value_and_fix(model, data):
    """One example draws a bad value for every field of the model and checks each alone."""
    for field, schema in FIELD_SCHEMAS[model].items():
        value = data.draw(bad_values(schema), label=f"{model.__name__}.{field}")
        if schema_accepts(schema, value):
            continue  # a strategy produced a value the schema allows: not a bad value
        if isinstance(value, bool) and _numeric(schema):
            continue  # pydantic's lax mode reads a bool as 0/1 for a number field (documented)
        check_rejected(model, field, schema, value)


ASCII_PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
PATTERN_FIELDS = {
    model: {f: [b["pattern"] for b in _branches(sch, sch) if b.get("type") == "string" and b.get("pattern")]
            for f, sch in FIELD_SCHEMAS[model].items()}
    for model in ARGS_MODELS
}


@pytest.mark.parametrize("model", [m for m in ARGS_MODELS if any(PATTERN_FIELDS[m].values())], ids=lambda m: m.__name__)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(data=st.data())
def test_pattern_fields_reject_a_matching_value_with_a_control_character_appended(model, data):
    """Python's ``$`` also matches before a final newline: ``'my-app\\n'`` must not pass a name check."""
    for field, patterns in PATTERN_FIELDS[model].items():
        if not patterns:
            continue
        base = data.draw(st.from_regex(patterns[0], fullmatch=True, alphabet=ASCII_PRINTABLE), label=f"{field} base")
        value = base + data.draw(st.sampled_from(["\n", "\r\n", "\x00", "\t"]), label=f"{field} suffix")
        check_rejected(model, field, FIELD_SCHEMAS[model][field], value)


@pytest.mark.parametrize("model", ARGS_MODELS, ids=lambda m: m.__name__)
def test_args_model_rejects_an_unknown_field_naming_it(model):
    with pytest.raises(ArgsError) as caught:
        model(no_such_field="x")
    (p,) = [p for p in caught.value.problems if p.field.endswith(".no_such_field")]
    assert p.field == f"{model.__name__}.no_such_field"
    assert FIX_HINT.search(p.message), p.line()


BAD_NAME = "not a valid name!"
WRONG_ARGS = {"none": None, "dict": {"image": "x"}, "str": "args"}


@pytest.fixture(scope="module")
def bad_constructions() -> tuple[dict[tuple[type, str], Any], int]:
    """Construct every component with a bad name and with wrong args, in one offline run.

    Returns what each attempt raised (an exception or None) and how many resources the run
    registered (none may be).
    """
    outcome: dict[tuple[type, str], Any] = {}

    def program() -> None:
        for cls in COMPONENTS:
            for key, name, args in [("name", BAD_NAME, None), *((f"args-{k}", "good-name", v) for k, v in WRONG_ARGS.items())]:
                try:
                    cls(name, args)
                except Exception as err:  # noqa: BLE001 - the test judges what was raised
                    outcome[(cls, key)] = err
                else:
                    outcome[(cls, key)] = None

    record = run_components(program)
    return outcome, len(record.resources)


def test_no_bad_construction_registers_anything(bad_constructions):
    _, registered = bad_constructions
    assert registered == 0


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_component_rejects_a_bad_resource_name(cls, bad_constructions):
    err = bad_constructions[0][(cls, "name")]
    assert isinstance(err, ArgsError), f"{cls.__name__}({BAD_NAME!r}, ...) raised {err!r}"
    (p,) = err.problems
    assert p.field == f"{cls.__name__}.name" and p.value == BAD_NAME
    assert FIX_HINT.search(p.message)


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("wrong", list(WRONG_ARGS))
def test_component_rejects_args_of_the_wrong_type(cls, wrong, bad_constructions):
    err = bad_constructions[0][(cls, f"args-{wrong}")]
    assert isinstance(err, ArgsError), f"{cls.__name__}('good-name', {WRONG_ARGS[wrong]!r}) raised {err!r}"
    (p,) = err.problems
    assert p.field == f"{cls.__name__}.args"
    assert f"build it with {cls.ARGS.__name__}(" in p.message


@pytest.mark.parametrize("cls", COMPONENTS, ids=lambda c: c.__name__)
def test_component_type_token_names_its_domain_and_class(cls):
    project, domain, name = cls.TYPE.split(":")
    assert project == "eventing-platform" and name == cls.__name__
    assert domain == cls.__module__.split(".")[1], f"{cls.TYPE} is not under its domain {cls.__module__}"


def test_component_rejects_options_that_are_not_resource_options():
    cls = COMPONENTS[0]
    with pytest.raises(ArgsError) as caught:
        cls._check_call("good-name", object.__new__(cls.ARGS), {"parent": None})
    (p,) = caught.value.problems
    assert p.field == f"{cls.__name__}.opts" and "pulumi.ResourceOptions" in p.message
    cls._check_call("good-name", object.__new__(cls.ARGS), pulumi.ResourceOptions())
