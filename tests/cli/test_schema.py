"""``python -m stacks schema STACK``: every stack's config keys as JSON Schema.

Generic over ``SCENARIOS``: a new stack is covered as soon as it is registered.
"""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from stacks import repository as cli
from stacks.config import CONTROL_PATTERN, MAX_TEXT_LENGTH, PROJECT
from stacks.repository import PROGRAM, config_schema
from stacks.scenarios import SCENARIOS

STACKS = list(SCENARIOS)
SECRET_NAME = re.compile(r"(password|passwd|secret|token|kubeconfig|credential|private_key|access_key)", re.I)


def schema_of(stack: str) -> dict:
    return config_schema(SCENARIOS[stack])


def members(prop: dict) -> list[dict]:
    """A property schema and its anyOf members."""
    return [prop, *[m for sub in prop.get("anyOf") or [] for m in members(sub)]]


def typed(prop: dict, raw: str):
    """A config string as the typed value the schema describes (as `plan` parses it)."""
    kinds = {m.get("type") for m in members(prop)}
    if kinds & {"array", "object"}:
        return json.loads(raw)
    if "integer" in kinds and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if "number" in kinds:
        try:
            return float(raw)
        except ValueError:
            return raw
    if "boolean" in kinds and raw in ("true", "false"):
        return raw == "true"
    return raw


@pytest.mark.parametrize("stack", STACKS)
def test_schema_command_prints_a_valid_json_schema(stack, capsys):
    assert cli.main(["schema", stack]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json.loads(json.dumps(schema_of(stack)))


def test_schema_command_rejects_an_unknown_stack_with_exit_2_and_one_line(capsys):
    assert cli.main(["schema", "no-such-stack"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "no-such-stack" in err and "choose from" in err


def test_schema_command_needs_a_stack(capsys):
    assert cli.main(["schema"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.parametrize("stack", STACKS)
def test_schema_lists_every_config_key_with_type_default_and_description(stack):
    schema = schema_of(stack)
    model = SCENARIOS[stack].config_model
    assert set(schema["properties"]) == {"scenario", *model.model_fields}
    assert schema["additionalProperties"] is False
    required = set(schema.get("required", []))
    for key, prop in schema["properties"].items():
        assert prop["x-pulumi-key"] == f"{PROJECT}:{key}"
        assert prop.get("description"), f"{stack}: {key} has no description"
        assert any("type" in m or "$ref" in m or "enum" in m for m in members(prop)), f"{stack}: {key} has no type"
        if key in required:
            assert "default" not in prop
        else:
            assert "default" in prop, f"{stack}: {key} shows no default"
            assert re.search(r"default", prop["description"], re.I), f"{stack}: {key}'s description does not state its default"


@pytest.mark.parametrize("stack", STACKS)
def test_schema_shows_allowed_values_and_bounds(stack):
    """Closed choices list their values; numbers are bounded; strings have a maximum length."""
    for key, prop in schema_of(stack)["properties"].items():
        for m in members(prop):
            if m.get("type") in ("integer", "number"):
                assert "minimum" in m or "exclusiveMinimum" in m, f"{stack}: {key} has no lower bound"
                assert "maximum" in m or "exclusiveMaximum" in m, f"{stack}: {key} has no upper bound"
            if m.get("type") == "string" and "enum" not in m:
                # minLength 0 only where a stack declares an empty value meaningful (oss-unzip's
                # input_prefix: the whole bucket, refused by the loop guard with exit 1).
                assert m.get("maxLength", 10**9) <= 65536 and "minLength" in m, f"{stack}: {key} is not length-bounded"
                assert "not" in m, f"{stack}: {key} does not exclude control characters"
            if m.get("type") == "array":
                assert "maxItems" in m, f"{stack}: {key} has no item limit"
    assert schema_of(stack)["properties"]["stage"]["enum"] == ["dev", "prod"]


@pytest.mark.parametrize("stack", STACKS)
def test_secret_keys_are_write_only_passwords_and_no_other_key_is(stack):
    model = SCENARIOS[stack].config_model
    for key, prop in schema_of(stack)["properties"].items():
        secret = key in model.secret_keys()
        assert (prop.get("writeOnly") is True) == secret, key
        assert (prop.get("format") == "password") == secret, key
        if secret:
            assert prop["x-pulumi-secret"] is True
            assert prop.get("default") is None, f"{stack}: secret {key} has a default value"


@pytest.mark.parametrize("stack", STACKS)
def test_keys_named_like_credentials_are_secrets(stack):
    model = SCENARIOS[stack].config_model
    props = schema_of(stack)["properties"]
    for key in model.model_fields:
        choice = any("enum" in m for m in members(props[key]))  # e.g. credentials: rrsa | access-key
        if SECRET_NAME.search(key) and not choice and not key.endswith(("_name", "_ref", "_mode")):
            assert key in model.secret_keys(), f"{stack}: {key} looks like a credential; type it pydantic.SecretStr"


@pytest.mark.parametrize("stack", STACKS)
def test_shipped_stack_file_and_defaults_satisfy_the_schema(stack):
    schema = schema_of(stack)
    doc = yaml.safe_load(PROGRAM.stack_file(stack).read_text()) or {}
    values = {}
    for full, raw in (doc.get("config") or {}).items():
        namespace, key = full.split(":", 1)
        if namespace != PROJECT or isinstance(raw, dict):
            continue  # a provider's own key (alicloud:region), or a secure: ciphertext
        prop = schema["properties"][key]
        values[key] = raw if not isinstance(raw, str) else typed(prop, raw)
    for key, prop in schema["properties"].items():
        if key not in values and prop.get("default") is not None:
            values[key] = prop["default"]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(values))
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


def test_control_character_pattern_matches_what_the_config_rejects():
    from stacks.config import check_config_text

    pattern = re.compile(CONTROL_PATTERN)
    for cp in [*range(0x00, 0x20), 0x7F, 0x85, 0x200B, 0x2028, 0x202E, 0x2066, 0xFEFF]:
        assert pattern.search(chr(cp)), hex(cp)
        with pytest.raises(ValueError):
            check_config_text(f"a{chr(cp)}b")
    assert not pattern.search("plain text, ünïcode, 日本語 and emoji 🚀")
    assert check_config_text("x" * MAX_TEXT_LENGTH)
