"""Stack files as the Pulumi CLI reads them: malformed files, ``null``, ``secure:`` values, and the
precedence of the stack file, ``--config`` and ``PULUMI_CONFIG``.

Precedence (the Pulumi CLI's): the stack file, then ``--config``/``--secret`` (``pulumi up -c``
saves them into the stack file before the run), then ``--stage``. ``PULUMI_CONFIG`` and
``PULUMI_CONFIG_SECRET_KEYS`` in the environment count for nothing: the Python language host
sets both from the stack's config for the program (pulumi/pulumi
``sdk/python/cmd/pulumi-language-python/main.go``, appended after ``os.Environ()``).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from eventing_platform.cli.main import main as cli_main
from eventing_platform.engine.program import (
    OFFLINE_SECRET,
    Program,
    plan_stack,
    read_stack_file,
    with_overrides,
)
from stacks.config import PROJECT, parse_config
from stacks.repository import PROGRAM, REPOSITORY
from stacks.scenarios import SCENARIOS

STACK = "k8s-events"


def project_with(tmp_path: Path, stack: str, stack_file: str | bytes):
    """The repository's CLI project, with ``Pulumi.<stack>.yaml`` replaced by ``stack_file``."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROGRAM.directory / name, tmp_path / name)
    path = tmp_path / f"Pulumi.{stack}.yaml"
    path.write_bytes(stack_file if isinstance(stack_file, bytes) else stack_file.encode())
    return dataclasses.replace(REPOSITORY, program=Program.at(tmp_path, PROJECT))


def run(project, argv, capsys) -> tuple[int, str, str]:
    rc = cli_main(argv, project)
    out, err = capsys.readouterr()
    return rc, out, err


@pytest.mark.parametrize(("text", "fragment"), [
    ("config:\n  namespace: [unclosed\n", "line 3: not valid YAML (expected ',' or ']'"),
    ("- just\n- a list\n", "line 1: the file must be a mapping with a 'config:' key, not a list"),
    ("config:\n  - namespace\n", "line 2: 'config' must be a mapping of keys to values, not a list"),
    ("config: just-text\n", "'config' must be a mapping of keys to values, not a single value"),
    (b"config:\n  namespace: caf\xe9\n", "is not UTF-8 text (byte 0xe9 at offset 24)"),
    ("config:\n  namespace: !!python/object:os.system x\n", "line 2: config key 'namespace': the YAML tag !!python/object:os.system is not supported"),
    ("config:\n  namespace: !!binary aGVsbG8=\n", "config key 'namespace': the YAML tag !!binary is not supported"),
    ("config:\n  namespace: !Ref other\n", "config key 'namespace': the YAML tag !Ref is not supported"),
    ("config:\n  namespace: 2024-01-02\n", "line 2: config key 'namespace': the unquoted date 2024-01-02 would reach the program as Go's"),
    ("config:\n  namespace: a\n  namespace: b\n", "line 3: config key 'namespace' is set twice (first on line 2)"),
])
def test_a_malformed_stack_file_is_exit_2_naming_file_line_and_fix(tmp_path, capsys, text, fragment):
    project = project_with(tmp_path / "p", STACK, text) if (tmp_path / "p").mkdir() is None else None
    rc, _, err = run(project, ["plan", STACK, "--out", str(tmp_path / "out")], capsys)
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"error: Pulumi.{STACK}.yaml: ") and fragment in err, err
    assert not (tmp_path / "out").exists()


def test_a_quoted_date_and_plain_scalars_reach_the_program_as_pulumi_passes_them(tmp_path):
    (tmp_path / "p").mkdir()
    project = project_with(tmp_path / "p", STACK, "config:\n  a: '2024-01-02'\n  b: 8\n  c: 1.0\n  d: true\n  e: {x: 1}\n  f: null\n  g:\n")
    config = read_stack_file(project.program, STACK).config
    assert {k.split(":", 1)[1]: v for k, v in config.items()} == {
        "a": "2024-01-02", "b": "8", "c": "1", "d": "true", "e": '{"x": 1}', "f": "null", "g": "null",
    }


# ------------------------------------------------------------------ null


def test_null_for_a_key_that_cannot_be_none_is_refused(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = project_with(tmp_path / "p", STACK, "config:\n  namespace: null\n")
    rc, _, err = run(project, ["plan", STACK, "--out", str(tmp_path / "out")], capsys)
    assert rc == 2 and err.startswith(f"error: {STACK}: namespace: is null"), err


def test_null_for_a_nullable_key_means_none(tmp_path, capsys):
    (tmp_path / "p").mkdir()
    project = project_with(tmp_path / "p", STACK, "config:\n  dead_letter_uri: null\n  kubeconfig:\n")
    rc, _, err = run(project, ["plan", STACK, "--out", str(tmp_path / "out")], capsys)
    assert rc == 0, err


@pytest.mark.parametrize(("stack", "key"), [
    (stack, key) for stack, sc in sorted(SCENARIOS.items()) for key, f in sorted(sc.config_model.model_fields.items())
    if f.annotation is not None and type(None) in getattr(f.annotation, "__args__", ())
])
def test_every_nullable_key_takes_null_as_none(stack, key):
    model = SCENARIOS[stack].config_model
    shipped = {k.split(":", 1)[1]: v for k, v in read_stack_file(PROGRAM, stack).config.items() if k.startswith(f"{PROJECT}:")}
    shipped.pop("scenario", None)
    config = parse_config(model, {**shipped, key: "null"}, {k for k in model.secret_keys() if k in shipped})
    assert getattr(config, key) is None


# ------------------------------------------------------------------ secure: values


@pytest.mark.parametrize(("stack", "key"), [
    (stack, key) for stack, sc in sorted(SCENARIOS.items()) for key in sorted(sc.config_model.secret_keys())
])
def test_an_encrypted_value_of_every_secret_key_plans_offline_with_a_placeholder_that_fits(stack, key):
    """The placeholder causes no problem that a real value would not cause too (rules across keys,
    e.g. 'only with cluster=existing', may still object to any value)."""
    model = SCENARIOS[stack].config_model

    def own_problems(value: str) -> set[str]:
        try:
            parse_config(model, {key: value}, {key})
        except Exception as err:  # noqa: BLE001 - inspected
            return {p.message for p in getattr(err, "problems", []) if key in p.field.split(", ")}
        return set()

    assert own_problems(OFFLINE_SECRET) <= own_problems("Sx0123456789abQ9")


def test_an_encrypted_kafka_password_in_the_stack_file_plans(tmp_path, capsys):
    shipped = (PROGRAM.directory / "Pulumi.kafka-barrage.yaml").read_text()
    text = shipped.replace("config:\n", "config:\n  eventing-platform:kafka_source_password:\n    secure: v1:abc123==\n", 1)
    (tmp_path / "p").mkdir()
    project = project_with(tmp_path / "p", "kafka-barrage", text)
    rc, _, err = run(project, ["plan", "kafka-barrage", "--out", str(tmp_path / "out")], capsys)
    assert rc == 0, err
    assert "abc123" not in (tmp_path / "out" / "kafka-barrage" / "plan.json").read_text()


# ------------------------------------------------------------------ precedence


def _namespace(record) -> str:
    """The namespace the stack's own objects go to (not the ones a Knative install creates)."""
    return next(
        r.inputs["metadata"]["name"] for r in record.resources
        if r.type == "kubernetes:core/v1:Namespace" and not r.inputs["metadata"]["name"].startswith("knative-")
    )


def test_pulumi_config_in_the_environment_changes_nothing_as_under_the_pulumi_cli(monkeypatch):
    stack = read_stack_file(PROGRAM, STACK)
    expected = plan_stack(stack)
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps({"eventing-platform:namespace": "from-env", "eventing-platform:max_scale": "7"}))
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", "[]")
    got = plan_stack(stack)
    assert _namespace(got) == _namespace(expected)
    assert [r.masked_inputs() for r in got.resources] == [r.masked_inputs() for r in expected.resources]


@pytest.mark.parametrize(("variable", "value"), [
    ("PULUMI_CONFIG", "{not json"),
    ("PULUMI_CONFIG", "[1, 2]"),
    ("PULUMI_CONFIG_SECRET_KEYS", "nope"),
])
def test_bad_pulumi_config_variables_are_ignored_with_a_warning_naming_them(tmp_path, capsys, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    rc = cli_main(["plan", STACK, "--out", str(tmp_path)], REPOSITORY)
    err = capsys.readouterr().err
    assert rc == 0, err
    assert err.startswith(f"warning: {variable} is set in the environment and ignored") and "Traceback" not in err


def test_config_flags_override_the_stack_file_and_stage_overrides_both():
    base = read_stack_file(PROGRAM, STACK)
    stacked = with_overrides(base, ["namespace=from-flag", "stage=dev"], [], "prod")
    assert stacked.config["eventing-platform:namespace"] == "from-flag"
    assert stacked.config["eventing-platform:stage"] == "prod"
    assert _namespace(plan_stack(stacked)) == "from-flag"
