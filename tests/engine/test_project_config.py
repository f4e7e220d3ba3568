"""``Pulumi.yaml``'s config declarations applied to a stack as ``pulumi up`` applies them: defaults
reach the program, missing keys and values of the wrong type or not secret are exit-2 lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventing_platform.engine.program import OFFLINE_SECRET, Program, UsageError, plan_stack
from eventing_platform.engine.project_config import configured_stack

PROGRAM = '''
import json
import pulumi
config = pulumi.Config()
pulumi.export("seen", json.dumps({k: config.get(k) for k in ("namespace", "replicas", "debug", "zones", "limits", "token")}))
pulumi.export("region", pulumi.Config("aws").get("region"))
'''
DECLARATIONS = (
    "  namespace: shop\n"
    "  replicas: {type: integer, default: 2}\n"
    "  debug: false\n"
    "  zones: {type: array, items: {type: string}, default: [a, b]}\n"
    "  limits: {type: object, default: {cpu: 1}}\n"
    "  token: {type: string, secret: true}\n"
    "  aws:region: us-west-2\n"
)


def _program(tmp_path: Path, stack_file: str, declarations: str = DECLARATIONS) -> Program:
    (tmp_path / "Pulumi.yaml").write_text("name: shop\nruntime: python\nconfig:\n" + declarations)
    (tmp_path / "__main__.py").write_text(PROGRAM)
    (tmp_path / "Pulumi.dev.yaml").write_text(stack_file)
    return Program.read(tmp_path)


def _seen(program: Program, *config: str, secrets: tuple[str, ...] = ()) -> dict[str, object]:
    record = plan_stack(configured_stack(program, "dev", config, secrets))
    outputs = record.outputs
    return {**json.loads(outputs["seen"]), "aws:region": outputs["region"]}


def test_defaults_reach_the_program_as_pulumi_config_values(tmp_path):
    program = _program(tmp_path, "config:\n  shop:token:\n    secure: v1:abc\n")
    assert _seen(program) == {
        "namespace": "shop", "replicas": "2", "debug": "false", "zones": '["a", "b"]', "limits": '{"cpu": 1}',
        "token": OFFLINE_SECRET, "aws:region": "us-west-2",
    }


def test_the_stack_file_and_the_command_line_win_over_defaults(tmp_path):
    program = _program(tmp_path, "config:\n  shop:replicas: 5\n  shop:zones: [c]\n  aws:region: eu-central-1\n")
    seen = _seen(program, "namespace=other", secrets=("token=t0ken",))
    assert (seen["namespace"], seen["replicas"], seen["zones"], seen["token"], seen["aws:region"]) == ("other", "5", '["c"]', "t0ken", "eu-central-1")


def test_defaults_are_in_the_stack_config_the_artefacts_see(tmp_path):
    stack = configured_stack(_program(tmp_path, "config: {}\n"), "dev", secrets=("token=x",))
    assert stack.config["shop:replicas"] == "2" and "shop:zones" in stack.objects and "shop:replicas" not in stack.objects
    assert stack.secret_keys == {"shop:token"}


@pytest.mark.parametrize(("stack_file", "config", "secrets", "message"), [
    ("config: {}\n", (), (), "Stack 'dev' is missing configuration value 'token'; set it in Pulumi.dev.yaml (`pulumi config set --secret token VALUE`) or with --secret token=VALUE"),
    ("config:\n  shop:token: plain\n", (), (), "Stack 'dev' with configuration key 'token' must be encrypted as it's secret"),
    ("config: {}\n", ("token=plain",), (), "Stack 'dev' with configuration key 'token' must be encrypted as it's secret"),
    ("config: {}\n", ("replicas=three",), ("token=x",), "Stack 'dev' with configuration key 'replicas' must be of type 'integer' (got 'three')"),
    ("config:\n  shop:replicas: 2.5\n", (), ("token=x",), "configuration key 'replicas' must be of type 'integer' (got '2.5')"),
    ("config:\n  shop:zones: '[\"a\"]'\n", (), ("token=x",), "configuration key 'zones' must be of type 'array<string>' (got '[\"a\"]'); set a value of that type as a YAML list or mapping"),
    ("config:\n  shop:zones: [1, 2]\n", (), ("token=x",), "configuration key 'zones' must be of type 'array<string>'"),
    ("config:\n  shop:limits: [1]\n", (), ("token=x",), "configuration key 'limits' must be of type 'object'"),
    ("config:\n  shop:limits: null\n", (), ("token=x",), "configuration key 'limits' must be of type 'object' (got 'null')"),
])
def test_a_stack_that_breaks_a_declaration_is_one_line(tmp_path, stack_file, config, secrets, message):
    program = _program(tmp_path, stack_file)
    with pytest.raises(UsageError) as err:
        configured_stack(program, "dev", config, secrets)
    assert message in str(err.value) and "\n" not in str(err.value), str(err.value)


def test_several_missing_keys_are_one_line_as_pulumi_says_it(tmp_path):
    program = _program(tmp_path, "config: {}\n", "  b: {}\n  a: {type: string}\n  c:\n  shop:d: {description: x}\n")
    with pytest.raises(UsageError, match=r"^Stack 'dev' is missing configuration values 'a', 'b', 'c' and 'shop:d'; "):
        configured_stack(program, "dev")


def test_a_secret_of_the_wrong_type_is_named_without_its_value(tmp_path):
    program = _program(tmp_path, "config: {}\n", "  pin: {type: integer, secret: true}\n")
    with pytest.raises(UsageError) as err:
        configured_stack(program, "dev", secrets=("pin=hunter2",))
    assert "'pin' must be of type 'integer'; " in str(err.value) and "hunter2" not in str(err.value)


@pytest.mark.parametrize("stack_file", [
    "config:\n  shop:pin:\n    secure: v1:abc\n",
    "config:\n  shop:pins:\n    - secure: v1:abc\n    - 7\n",
])
def test_an_encrypted_value_passes_any_type_offline(tmp_path, stack_file):
    declarations = "  pin: {type: integer, default: 1}\n  pins: {type: array, items: {type: integer}, default: [1]}\n"
    stack = configured_stack(_program(tmp_path, stack_file, declarations), "dev")
    assert OFFLINE_SECRET in stack.config["shop:pin"] + stack.config["shop:pins"]


def test_a_typed_secret_with_a_default_needs_a_secret_value_as_under_pulumi(tmp_path):
    """Pulumi writes the default into the stack's config unencrypted, then checks it (``mergeConfig``)."""
    program = _program(tmp_path, "config: {}\n", "  pin: {type: integer, secret: true, default: 1}\n")
    with pytest.raises(UsageError, match="'pin' must be encrypted as it's secret"):
        configured_stack(program, "dev")


def test_untyped_secret_declarations_are_not_enforced_as_under_pulumi(tmp_path):
    program = _program(tmp_path, "config:\n  shop:note: plain\n", "  note: {secret: true}\n")
    assert configured_stack(program, "dev").config["shop:note"] == "plain"
