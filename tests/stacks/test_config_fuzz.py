"""Property-based tests of every config key of every stack, driven by the key's JSON Schema.

Bad values (wrong type, empty, too long, control characters, out of range, unknown choice,
pattern violations, bad JSON) must make ``python -m stacks plan`` exit 2 with exactly one
``error:`` line naming the stack and key, print nothing on stdout and write nothing. Valid
values (generated from the same schema, and accepted by the config model) must plan, and every workload they render must stay hardened.

Generic over ``SCENARIOS``: a new stack, or a new key, is covered when it is registered.
Runtime is bounded: few examples per stack, no deadline.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from eventing_platform.engine.program import read_stack_file
from stacks import repository as cli
from stacks.config import PROJECT, ConfigError, parse_config
from stacks.repository import PROGRAM, config_schema
from stacks.scenarios import SCENARIOS
from tests.support.hardening import placement_problems, workload_problems

STACKS = list(SCENARIOS)
SCHEMAS = {stack: config_schema(SCENARIOS[stack]) for stack in STACKS}
def fuzz(max_examples: int) -> settings:
    """Few examples, no deadline, no health checks (plans are slow by hypothesis' standards)."""
    return settings(
        max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: a failure reports its first example
    )

CONTROL = ["\x00", "\x07", "\x1b", "\n", "\r", "\t", "\x7f", "\x85", "\u200b", "\u202e", "\u2028", "\ufeff"]
SECRET_CONTROL = [c for c in CONTROL if c not in "\t\n\r"]
LAX_BOOLEANS = {"0", "1", "true", "false", "t", "f", "y", "n", "yes", "no", "on", "off"}
"""Strings pydantic reads as a bool (case-insensitive): not bad values for a boolean key."""
SAFE_TEXT = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
"""Printable ASCII without space, for generated text."""


def members(prop: dict[str, Any]) -> list[dict[str, Any]]:
    return [prop, *[m for sub in prop.get("anyOf") or [] for m in members(sub)]]


def kinds(prop: dict[str, Any]) -> set[str]:
    return {m["type"] for m in members(prop) if isinstance(m.get("type"), str)}


def typed(prop: dict[str, Any], raw: str) -> Any:
    """The raw config string as the value the schema describes; ``None`` when it cannot be one."""
    k = kinds(prop)
    if k & {"array", "object"}:
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            return None
    if "integer" in k:
        return int(raw) if re.fullmatch(r"[+-]?[0-9]+", raw) else None
    if "number" in k:
        try:
            value = float(raw)
        except ValueError:
            return None
        return value if value == value and abs(value) != float("inf") else None
    if "boolean" in k:
        return {"true": True, "false": False}.get(raw.lower()) if raw.lower() in LAX_BOOLEANS else None
    return raw


def schema_rejects(stack: str, key: str, raw: str) -> bool:
    """The key's JSON Schema rejects the raw config string (the oracle for bad values)."""
    prop = SCHEMAS[stack]["properties"][key]
    value = typed(prop, raw)
    if value is None:
        return True
    schema = {**prop, "$defs": SCHEMAS[stack].get("$defs", {})}
    return not jsonschema.Draft202012Validator(schema).is_valid(value)


def base_value(prop: dict[str, Any]) -> str:
    """A plausible value to corrupt: the default, an example, an allowed value, or text."""
    for candidate in [prop.get("default"), *(prop.get("examples") or []), *(prop.get("enum") or [])]:
        if candidate is not None:
            return candidate if isinstance(candidate, str) else json.dumps(candidate)
    return "value"


def bad_raw_values(stack: str, key: str) -> list[st.SearchStrategy[str]]:
    """One strategy per way a config string can be bad for this key."""
    prop = SCHEMAS[stack]["properties"][key]
    k = kinds(prop)
    secret = bool(prop.get("writeOnly"))
    base = base_value(prop)
    strategies: dict[str, st.SearchStrategy[str]] = {
        "empty": st.sampled_from(["", " ", "   "]),
        "control character": st.tuples(
            st.sampled_from(SECRET_CONTROL if secret else CONTROL), st.integers(0, len(base))
        ).map(lambda t: base[: t[1]] + t[0] + base[t[1]:]),
    }
    if "integer" in k or "number" in k:
        strategies["wrong type"] = st.sampled_from(["abc", "ten", "1.5.2", "0x10", "[1]", "1 000", "NaN", "inf"]) if "number" in k \
            else st.sampled_from(["abc", "ten", "1.5", "0x10", "[1]", "1e3", "1 000"])
        for m in members(prop):
            lo, hi = m.get("minimum"), m.get("maximum")
            if lo is not None:
                strategies["below minimum"] = st.integers(1, 10**6).map(lambda d, lo=lo: str(int(lo) - d))
            if hi is not None:
                strategies["above maximum"] = st.integers(1, 10**6).map(lambda d, hi=hi: str(int(hi) + d))
    if "boolean" in k:
        strategies["wrong type"] = st.text(SAFE_TEXT, min_size=1, max_size=8).filter(lambda s: s.lower() not in LAX_BOOLEANS)
    if k & {"array", "object"}:
        strategies["bad JSON"] = st.sampled_from(["[", "{", "not json", "[1,", "{'a': 1}"])
        strategies["wrong JSON type"] = st.sampled_from(['"text"', "42", "true", "null", "{}" if "array" in k else "[]"])
        for m in members(prop):
            if m.get("maxItems") is not None:
                strategies["too many items"] = st.just(json.dumps(["x"] * (int(m["maxItems"]) + 1)))
            items = m.get("items") or {}
            if items.get("enum"):
                strategies["unknown item"] = st.text(SAFE_TEXT, min_size=1, max_size=12).filter(
                    lambda s, e=tuple(items["enum"]): s not in e).map(lambda s: json.dumps([s]))
    for m in members(prop):
        if m.get("type") != "string":
            continue
        if m.get("enum"):
            choices = tuple(m["enum"])
            strategies["unknown choice"] = st.one_of(
                st.text(SAFE_TEXT, min_size=1, max_size=16).filter(lambda s, c=choices: s not in c),
                st.sampled_from([c.upper() if c.upper() != c else c.lower() + "x" for c in choices if isinstance(c, str)] or ["x"]),
            )
        if m.get("maxLength") is not None:
            n = int(m["maxLength"])
            strategies["too long"] = st.integers(n + 1, n + 64).map(lambda size: (base * (size // max(len(base), 1) + 1))[:size])
        if m.get("pattern"):
            pattern = re.compile(m["pattern"])
            strategies["pattern mismatch"] = st.text(SAFE_TEXT, min_size=1, max_size=24).filter(lambda s, p=pattern: not p.search(s))
    # `null` (as a stack file's `key: null` reaches the program) is bad only for a key that cannot be none.
    field = SCENARIOS[stack].config_model.model_fields.get(key)
    if field is None or type(None) in typing.get_args(field.annotation):  # `scenario` has no field
        return [strategy.filter(lambda s: s != "null") for strategy in strategies.values()]
    strategies["null"] = st.just("null")
    return list(strategies.values())


def run_plan(tmp: Path, stack: str, config: dict[str, str], secrets: dict[str, str], capsys) -> tuple[int, str, str, Path]:
    out = tmp / "out"
    argv = ["plan", stack, "--out", str(out)]
    argv += [a for k, v in config.items() for a in ("--config", f"{k}={v}")]
    argv += [a for k, v in secrets.items() for a in ("--secret", f"{k}={v}")]
    capsys.readouterr()
    rc = cli.main(argv)
    captured = capsys.readouterr()
    return rc, captured.out, captured.err, out


def assert_rejected_cleanly(stack: str, key: str, raw: str, rc: int, out: str, err: str, out_dir: Path, secret: bool) -> None:
    lines = err.splitlines()
    assert rc == 2, f"{stack}: {key}={raw!r} gave exit {rc}: {err.strip()}"
    assert out == "", f"{stack}: {key}={raw!r} printed on stdout: {out[:200]}"
    assert len(lines) == 1, f"{stack}: {key}={raw!r} gave {len(lines)} lines: {lines}"
    assert re.match(rf"error: {re.escape(stack)}: {re.escape(key)}(\.|:)", lines[0]), lines[0]
    assert not out_dir.exists(), f"{stack}: {key}={raw!r} wrote {sorted(out_dir.rglob('*'))}"
    if secret and len(raw.strip()) >= 4:
        assert raw not in err, f"{stack}: the value of secret {key} was echoed"


def assert_model_rejects(stack: str, key: str, raw: str, secret: bool) -> None:
    """The config model alone (as ``__main__.py`` reads it) refuses ``key=raw``: one problem,
    naming the key, on one line, the value masked for a secret."""
    base, base_secret = shipped(stack)
    values = {k: v for k, v in {**base, key: raw}.items() if k != "scenario"}
    marked = (base_secret - {key}) | ({key} if secret else set())
    with pytest.raises(ConfigError) as caught:
        parse_config(SCENARIOS[stack].config_model, values, marked)
    lines = [p.line() for p in caught.value.problems]
    assert len(lines) == 1 and re.match(rf"{re.escape(key)}(\.|:)", lines[0]), f"{stack}: {key}={raw!r}: {lines}"
    assert "\n" not in lines[0] and "\r" not in lines[0]
    if secret and len(raw.strip()) >= 4:
        assert raw not in lines[0], f"{stack}: the value of secret {key} was echoed"


@pytest.mark.parametrize("stack", STACKS)
@fuzz(2)
@given(data=st.data())
def test_every_bad_value_of_every_key_exits_2_with_one_line_and_writes_nothing(stack, data, tmp_path_factory, capsys):
    """Each example tries, for every key, one generated value of every way of being bad.

    One of them (drawn at random) goes through the whole CLI (exit 2, one ``error:`` line,
    nothing on stdout, nothing written); the others through the config model ``plan`` runs
    (one problem naming the key), which keeps the test fast.
    """
    tmp = tmp_path_factory.mktemp("bad")
    for key, prop in SCHEMAS[stack]["properties"].items():
        secret = bool(prop.get("writeOnly"))
        strategies = bad_raw_values(stack, key)
        through_cli = data.draw(st.integers(0, len(strategies) - 1), label=f"{key}: way checked through the CLI")
        for i, strategy in enumerate(strategies):
            raw = data.draw(strategy, label=key)
            if not schema_rejects(stack, key, raw):
                continue  # a generator slipped a valid value in: not a bad value
            if i == through_cli or key == "scenario":  # the scenario key is read before the model
                cfg, sec = ({}, {key: raw}) if secret else ({key: raw}, {})
                rc, out, err, out_dir = run_plan(tmp, stack, cfg, sec, capsys)
                assert_rejected_cleanly(stack, key, raw, rc, out, err, out_dir, secret)
            else:
                assert_model_rejects(stack, key, raw, secret)


def valid_raw_value(stack: str, key: str) -> st.SearchStrategy[str]:
    """Config strings the key's schema accepts (generated from type, bounds, choices, pattern)."""
    prop = SCHEMAS[stack]["properties"][key]
    options: list[st.SearchStrategy[str]] = []
    if prop.get("default") is not None:
        options.append(st.just(prop["default"] if isinstance(prop["default"], str) else json.dumps(prop["default"])))
    for example in prop.get("examples") or []:
        options.append(st.just(example if isinstance(example, str) else json.dumps(example)))
    for m in members(prop):
        t = m.get("type")
        if m.get("enum"):
            options.append(st.sampled_from([e for e in m["enum"] if e is not None]))
        elif t == "integer":
            options.append(st.integers(int(m.get("minimum", -(10**6))), int(m.get("maximum", 10**6))).map(str))
        elif t == "boolean":
            options.append(st.sampled_from(["true", "false"]))
        elif t == "string" and m.get("pattern"):
            options.append(st.from_regex(m["pattern"], fullmatch=True, alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E)))
        elif t == "string":
            options.append(st.text(SAFE_TEXT, min_size=max(1, int(m.get("minLength", 1))), max_size=min(int(m.get("maxLength", 40)), 40)))
        elif t == "array" and (m.get("items") or {}).get("enum"):
            options.append(st.lists(st.sampled_from(m["items"]["enum"]), min_size=max(1, int(m.get("minItems", 0))), max_size=3, unique=True).map(json.dumps))
    return st.one_of(options).filter(lambda raw: not schema_rejects(stack, key, raw)) if options else st.nothing()


def shipped(stack: str) -> tuple[dict[str, str], set[str]]:
    """The stack file's own keys (short names) and which of them are secret."""
    stack_input = read_stack_file(PROGRAM, stack)
    prefix = f"{PROJECT}:"
    values = {k[len(prefix):]: v for k, v in stack_input.config.items() if k.startswith(prefix)}
    return values, {k[len(prefix):] for k in stack_input.secret_keys if k.startswith(prefix)}


def model_accepts(stack: str, values: dict[str, str], secret_keys: set[str]) -> bool:
    """The config model accepts the stack file's config with ``values`` set on top."""
    base, base_secret = shipped(stack)
    merged = {k: v for k, v in {**base, **values}.items() if k != "scenario"}
    secret = (base_secret - set(values)) | secret_keys
    try:
        parse_config(SCENARIOS[stack].config_model, merged, secret)
    except ConfigError:
        return False
    return True


@st.composite
def valid_configs(draw, stack: str) -> dict[str, str]:
    """A whole config: each key unset or set to a value its schema and the model accept."""
    values: dict[str, str] = {}
    for key, prop in SCHEMAS[stack]["properties"].items():
        if key == "scenario":
            continue
        required = key in SCHEMAS[stack].get("required", [])
        if not required and draw(st.booleans(), label=f"set {key}"):
            continue
        raw = draw(st.one_of(st.none(), valid_raw_value(stack, key)) if not required else valid_raw_value(stack, key), label=key)
        secret = {key} if prop.get("writeOnly") else set()
        if raw is not None and model_accepts(stack, {key: raw}, secret):
            values[key] = raw
    return values


@pytest.mark.parametrize("stack", STACKS)
@fuzz(2)
@given(data=st.data())
def test_valid_values_of_every_key_plan(stack, data, tmp_path_factory, capsys):
    values = data.draw(valid_configs(stack))
    secret_keys = {k for k in values if SCHEMAS[stack]["properties"][k].get("writeOnly")}
    assume(model_accepts(stack, values, secret_keys))  # cross-key rules (min <= max, ...)
    config = {k: v for k, v in values.items() if k not in secret_keys}
    secrets = {k: v for k, v in values.items() if k in secret_keys}
    rc, out, err, out_dir = run_plan(tmp_path_factory.mktemp("ok"), stack, config, secrets, capsys)
    # Exit 1 is allowed only for plan findings (a policy or loop finding), never a crash.
    findings = [line for line in err.splitlines() if re.match(rf"error: {re.escape(stack)}: \[", line)]
    assert rc == 0 or (rc == 1 and len(findings) == len(err.splitlines())), f"{stack} {values}: exit {rc}: {err.strip()}"
    assert (out_dir / stack / "plan.json").is_file()
    objects = [o for o in yaml.safe_load_all((out_dir / stack / "manifests.yaml").read_text()) if o]
    # create_namespace=false deploys into an existing namespace on purpose (the stack does not touch it).
    existing = frozenset({values.get("namespace") or SCHEMAS[stack]["properties"]["namespace"]["default"]}) if values.get("create_namespace") == "false" else frozenset()
    gaps = workload_problems(objects) + placement_problems(objects, existing)
    assert not gaps, f"{stack} {values}: workloads not hardened:\n" + "\n".join(gaps)


@pytest.mark.parametrize("stack", STACKS)
def test_values_the_model_accepts_satisfy_the_schema(stack):
    """The schema is not stricter than the model: every shipped default is schema-valid."""
    for key, prop in SCHEMAS[stack]["properties"].items():
        if prop.get("default") is not None:
            raw = prop["default"] if isinstance(prop["default"], str) else json.dumps(prop["default"])
            assert not schema_rejects(stack, key, raw), f"{stack}: default of {key} ({raw!r}) breaks its own schema"


@pytest.mark.parametrize("stack", STACKS)
def test_several_bad_keys_give_one_line_each(stack, tmp_path, capsys):
    keys = [k for k, p in SCHEMAS[stack]["properties"].items() if k != "scenario" and not p.get("writeOnly")][:3]
    rc, out, err, out_dir = run_plan(tmp_path, stack, {k: "\x00" for k in keys}, {}, capsys)
    assert rc == 2 and out == "" and not out_dir.exists()
    lines = err.splitlines()
    assert len(lines) == len(keys), lines
    for key, line in zip(sorted(keys), sorted(lines, key=lambda s: s.split(": ")[2].split(":")[0]), strict=False):
        assert line.startswith(f"error: {stack}: {key}"), (key, line)


def test_an_unknown_key_with_odd_characters_is_reported_on_one_line(tmp_path, capsys):
    stack = STACKS[0]
    rc, out, err, out_dir = run_plan(tmp_path, stack, {"no\nsuch\x1bkey": "x"}, {}, capsys)
    assert rc == 2 and out == "" and not out_dir.exists()
    assert len(err.splitlines()) == 1 and "is not a config key" in err
