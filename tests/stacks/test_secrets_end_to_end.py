"""Secrets end to end: a value set with ``plan --secret KEY=VALUE`` appears in no artefact
(plan.json, manifests.yaml, flow.mmd, policy reports, anything else written) and not in the
CLI's stdout or stderr, in either stage and either output format, while it does reach the
resources that need it (as a Pulumi secret).

Generic over ``SCENARIOS`` and over each config model's secret keys (``SecretStr`` fields):
every secret key of every stack gets its own unique marker value.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from eventing_platform.cli import plan as cli_plan
from eventing_platform.engine import PlanRecord
from eventing_platform.engine.outputs import FAKE_KUBECONFIG
from eventing_platform.engine.program import read_stack_file
from eventing_platform.engine.record import is_secret_value
from stacks import repository as cli
from stacks.config import PROJECT, ConfigError, parse_config
from stacks.repository import PROGRAM, config_schema
from stacks.scenarios import SCENARIOS
from tests.support.planned import STACK_STAGES, planned
from tests.support.variants import ROCKETMQ_SOURCE

STACKS = list(SCENARIOS)
SECRET_OUTPUT_NAME = re.compile(r"(kubeconfig|password|passwd|secret|token|credential|private_key|access_key)", re.I)
OFFLINE_CLUSTER_TOKEN = re.search(r"token: (\S+)", FAKE_KUBECONFIG).group(1)
"""The offline engine's stand-in for a cluster credential (in every generated kubeconfig)."""


def new_marker() -> str:
    """A unique value: letters and digits only, 16 characters (fits password rules)."""
    return f"Sx{uuid.uuid4().hex[:12]}Q9"


def candidate_values(marker: str) -> list[str]:
    """Ways to carry ``marker`` in a secret, for keys with a format: plain, URL, kubeconfig."""
    kubeconfig = FAKE_KUBECONFIG.format(endpoint="203.0.113.1", name="marker").replace(OFFLINE_CLUSTER_TOKEN, marker)
    return [marker, f"https://{marker.lower()}.example.com/api/{marker}", kubeconfig]


def shipped(stack: str) -> tuple[dict[str, str], set[str]]:
    stack_input = read_stack_file(PROGRAM, stack)
    prefix = f"{PROJECT}:"
    values = {k[len(prefix):]: v for k, v in stack_input.config.items() if k.startswith(prefix) and k != f"{prefix}scenario"}
    return values, {k[len(prefix):] for k in stack_input.secret_keys if k.startswith(prefix)}


def problems(stack: str, stage: str, config: dict[str, str], secrets: dict[str, str]) -> list[str] | None:
    """Top-level keys the config model complains about (``[]``: accepted; ``None``: a rule
    across keys, not about one of ``secrets``)."""
    base, base_secret = shipped(stack)
    values = {**base, **config, **secrets, "stage": stage}
    try:
        parse_config(SCENARIOS[stack].config_model, values, (base_secret - set(config)) | set(secrets))
    except ConfigError as err:
        keys = {part.split(".")[0] for p in err.problems for part in p.field.split(", ")}  # a cross-key problem names several
        return sorted(keys & set(secrets)) or None
    return []


def mode_switches(stack: str) -> list[dict[str, str]]:
    """Config overrides to try when a secret needs a mode: none, each other closed choice, then
    each pair of them (e.g. ``credentials=access-key`` and ``target_network=public``)."""
    singles: list[dict[str, str]] = []
    for key, prop in config_schema(SCENARIOS[stack])["properties"].items():
        if key in ("scenario", "stage") or prop.get("writeOnly"):
            continue
        for choice in prop.get("enum") or []:
            if choice is not None and choice != prop.get("default"):
                singles.append({key: str(choice).lower() if isinstance(choice, bool) else str(choice)})
    pairs = [{**a, **b} for i, a in enumerate(singles) for b in singles[i + 1:] if not set(a) & set(b)]
    return [{}, *singles, *pairs]


def fit_values(stack: str, stage: str, config: dict[str, str], keys: list[str]) -> tuple[dict[str, str] | None, list[str]]:
    """A marker value for each of ``keys`` in a form the config accepts (plain, URL, kubeconfig),
    or None and the keys the config still refuses (empty when a rule across keys refuses them)."""
    markers = {k: new_marker() for k in keys}
    choice = dict.fromkeys(keys, 0)
    for _ in range(len(candidate_values("x")) + 1):
        secrets = {k: candidate_values(markers[k])[choice[k]] for k in keys}
        bad = problems(stack, stage, config, secrets)
        if bad == []:
            return secrets, []
        if bad is None:
            return None, []
        for k in bad:
            choice[k] += 1
            if choice[k] >= len(candidate_values("x")):
                return None, bad
    return None, []


EXTRA_MODES: dict[str, list[dict[str, str]]] = {"rocketmq-orders": [dict(ROCKETMQ_SOURCE["config"])]}
"""Modes a closed choice alone does not reach (an opt-in path that needs more config), per stack."""


def secret_setups(stack: str, stage: str) -> list[tuple[dict[str, str], dict[str, str]]]:
    """``(config, secrets)`` runs that together set every secret key to a marker value.

    All secrets in one run when some mode (no override, one or two closed-choice overrides, or an
    :data:`EXTRA_MODES` entry) accepts them together; otherwise the largest group each mode
    accepts (dropping the keys it refuses), until every key has a run.
    """
    keys = sorted(SCENARIOS[stack].config_model.secret_keys())
    switches = [*mode_switches(stack), *EXTRA_MODES.get(stack, [])]
    for switch in switches:
        secrets, _ = fit_values(stack, stage, switch, keys)
        if secrets is not None:
            return [(switch, secrets)]
    runs = []
    remaining = list(keys)
    while remaining:
        for switch in switches:
            group = list(remaining)
            while group:
                secrets, refused = fit_values(stack, stage, switch, group)
                if secrets is not None or not refused:
                    break
                group = [k for k in group if k not in refused]
            if group and secrets is not None:
                runs.append((switch, secrets))
                remaining = [k for k in remaining if k not in group]
                break
        else:
            pytest.fail(f"{stack} ({stage}): no value and mode found that the config accepts for secrets {remaining}")
    return runs


def marker_of(value: str) -> str:
    return re.search(r"Sx[0-9a-f]{12}Q9", value).group(0)


def leaks(text: str, marker: str) -> list[str]:
    """Where ``marker`` shows in ``text``: as is, any case, or inside a base64 token."""
    found = []
    if marker.lower() in text.lower():
        found.append("plaintext")
    for token in re.findall(r"[A-Za-z0-9+/_-]{16,}={0,2}", text):
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                decoded = decode(token + "=" * (-len(token) % 4)).decode("utf-8", "replace")
            except (binascii.Error, ValueError):
                continue
            if marker.lower() in decoded.lower():
                found.append(f"base64 {token[:20]}...")
    return found


def artefact_texts(out_dir: Path) -> dict[str, str]:
    return {str(p.relative_to(out_dir)): p.read_text(errors="replace") for p in sorted(out_dir.rglob("*")) if p.is_file()}


def run_cli(argv: list[str], capfd, monkeypatch) -> tuple[int, str, str, list[PlanRecord]]:
    """Run the CLI in-process; capture file-descriptor output and the plan records."""
    records: list[PlanRecord] = []
    real = cli_plan.plan_stack

    def recording(stack):
        record = real(stack)
        records.append(record)
        return record

    monkeypatch.setattr(cli_plan, "plan_stack", recording)
    capfd.readouterr()
    rc = cli.main(argv)
    out, err = capfd.readouterr()
    return rc, out, err, records


def plain_blob(record: PlanRecord) -> str:
    """Everything the record holds, secrets unwrapped (only for checking that a value was used)."""
    return json.dumps([r.plain_inputs() for r in record.resources], default=str) + json.dumps(record.outputs, default=str)


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_every_secret_value_stays_out_of_artefacts_and_output_but_reaches_resources(stack, stage, tmp_path, capfd, monkeypatch):
    setups = secret_setups(stack, stage)
    if not any(secrets for _, secrets in setups):
        pytest.skip(f"{stack} has no secret config keys")
    for i, (config, secrets) in enumerate(setups):
        out_dir = tmp_path / f"run{i}"
        argv = ["plan", stack, "--stage", stage, "--out", str(out_dir), "--format", "text" if stage == "dev" else "json"]
        argv += [a for k, v in config.items() for a in ("--config", f"{k}={v}")]
        argv += [a for k, v in secrets.items() for a in ("--secret", f"{k}={v}")]
        rc, out, err, records = run_cli(argv, capfd, monkeypatch)
        assert rc in (0, 1), f"{stack} {config}: exit {rc}: {err}"
        if rc == 1:
            assert all(line.startswith(f"error: {stack}: [") for line in err.splitlines()), err
        (record,) = records
        texts = {"stdout": out, "stderr": err, **artefact_texts(out_dir)}
        assert {"plan.json", "manifests.yaml"} <= {Path(n).name for n in texts}
        for key, value in secrets.items():
            marker = marker_of(value)
            found = {name: where for name, text in texts.items() if (where := leaks(text, marker))}
            assert not found, f"{stack} ({stage}): secret {key} leaked into {found}"
            assert marker in plain_blob(record), f"{stack} ({stage}): secret {key} reached no resource; the test proves nothing for it"
            for name, output in record.outputs.items():
                if marker in json.dumps(output, default=str):
                    assert name in record.secret_outputs, f"{stack}: output {name} carries secret {key} but is not a secret output"


def _wrapped_secrets(value: Any) -> list[str]:
    """Plain strings of every Pulumi secret inside ``value``."""
    if is_secret_value(value):
        inner = value.get("value")
        return [inner] if isinstance(inner, str) else [json.dumps(inner, default=str)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _wrapped_secrets(v)]
    if isinstance(value, list):
        return [s for v in value for s in _wrapped_secrets(v)]
    return []


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_no_secret_input_of_any_resource_is_written_in_plaintext(stack, stage, tmp_path, capfd):
    """Generated secrets too (passwords, access keys, kubeconfigs from clusters): whatever the
    program wraps as a secret is masked in every artefact and in the output."""
    record = planned(stack, stage)
    values = {s for r in record.resources for s in _wrapped_secrets(r.inputs)}
    values |= {json.dumps(record.outputs[k], default=str).strip('"') for k in record.secret_outputs}
    values = {v for v in values if len(v) >= 12 and v not in ("[secret]", "offline-secret-placeholder")}
    from eventing_platform.analysis.checks import run_checks
    from eventing_platform.cli.writer import write_stack_artefacts
    from eventing_platform.engine.program import with_overrides

    checked = run_checks(with_overrides(read_stack_file(PROGRAM, stack), stage=stage), record)
    write_stack_artefacts(tmp_path, record, stage, checked.files)
    texts = {**artefact_texts(tmp_path), "check text": checked.text,
             "findings": json.dumps([f.__dict__ for f in checked.findings], default=str)}
    for value in values:
        for candidate in {value, json.dumps(value)[1:-1]}:
            for name, text in texts.items():
                assert candidate not in text, f"{stack} ({stage}): a secret ({candidate[:12]}...) is in {name}"
    if any(OFFLINE_CLUSTER_TOKEN in v for v in values):  # a cluster credential the engine made up
        leaked = [name for name, text in texts.items() if OFFLINE_CLUSTER_TOKEN in text]
        assert not leaked, f"{stack} ({stage}): the cluster's kubeconfig token is in {leaked}"


@pytest.mark.parametrize(("stack", "stage"), STACK_STAGES)
def test_outputs_named_like_credentials_are_secret(stack, stage):
    record = planned(stack, stage)
    for name, value in record.outputs.items():
        mode_word = isinstance(value, str) and re.fullmatch(r"[a-z][a-z-]{0,19}", value)  # e.g. credentials: rrsa
        if SECRET_OUTPUT_NAME.search(name) and not mode_word and not name.endswith(("_name", "_ref", "_mode")):
            assert name in record.secret_outputs, f"{stack}: output {name} looks like a credential but is not a secret"
    for name in record.secret_outputs:
        assert record.masked_outputs()[name] == "[secret]"


@pytest.mark.parametrize("stack", STACKS)
def test_a_non_secret_key_set_as_secret_is_refused_without_echoing_it(stack, tmp_path, capfd, monkeypatch):
    model = SCENARIOS[stack].config_model
    key = next(k for k in model.model_fields if k not in model.secret_keys() and k != "stage")
    marker = new_marker()
    rc, out, err, _ = run_cli(["plan", stack, "--out", str(tmp_path / "o"), "--secret", f"{key}={marker}"], capfd, monkeypatch)
    assert rc == 2 and out == "" and not (tmp_path / "o").exists()
    assert len(err.splitlines()) == 1 and f"{key}: is not a secret setting" in err
    assert marker not in err


@pytest.mark.parametrize("stack", STACKS)
def test_an_unknown_key_set_as_secret_is_refused_without_echoing_it(stack, tmp_path, capfd, monkeypatch):
    marker = new_marker()
    rc, out, err, _ = run_cli(["plan", stack, "--out", str(tmp_path / "o"), "--secret", f"no_such_password={marker}"], capfd, monkeypatch)
    assert rc == 2 and out == "" and not (tmp_path / "o").exists()
    assert "no_such_password" in err and marker not in err


SECRET_KEYS = [(stack, key) for stack in STACKS for key in sorted(SCENARIOS[stack].config_model.secret_keys())]


@pytest.mark.parametrize(("stack", "key"), SECRET_KEYS)
def test_a_secret_key_set_in_plaintext_is_refused_without_echoing_it(stack, key, tmp_path, capfd, monkeypatch):
    marker = new_marker()
    rc, out, err, _ = run_cli(["plan", stack, "--out", str(tmp_path / "o"), "--config", f"{key}={marker}"], capfd, monkeypatch)
    assert rc == 2 and out == "" and not (tmp_path / "o").exists()
    assert f"{key}: is a secret" in err and "--secret" in err
    assert marker not in err


@pytest.mark.parametrize(("stack", "key"), SECRET_KEYS)
@pytest.mark.parametrize("corrupt", ["\x00", "\x1b[31m", "\u202e"], ids=["nul", "escape", "bidi"])
def test_a_bad_secret_value_is_refused_without_echoing_it(stack, key, corrupt, tmp_path, capfd, monkeypatch):
    marker = new_marker()
    value = marker[:8] + corrupt + marker[8:]
    rc, out, err, _ = run_cli(["plan", stack, "--out", str(tmp_path / "o"), "--secret", f"{key}={value}"], capfd, monkeypatch)
    assert rc == 2 and out == "" and not (tmp_path / "o").exists()
    assert len(err.splitlines()) == 1 and f"{stack}: {key}:" in err and "[secret]" in err
    assert marker[:8] not in err and marker[8:] not in err


def test_leak_detector_finds_plain_and_base64_copies():
    marker = new_marker()
    assert leaks(f"x {marker} y", marker) == ["plaintext"]
    encoded = base64.b64encode(f"user: {marker}\n".encode()).decode()
    assert leaks(f"data: {encoded}", marker)
    assert leaks("nothing here", marker) == []


def test_outside_the_offline_engine_an_unknown_secret_marking_checks_nothing(monkeypatch):
    """Under a CLI that does not say which keys are secret, an encrypted key cannot be told from
    a plaintext one: the plaintext check is skipped rather than refusing every secret."""
    from pulumi.runtime.config import set_all_config

    from stacks.config import read_stack_config

    stack = next(s for s in STACKS if SCENARIOS[s].config_model.secret_keys())
    model = SCENARIOS[stack].config_model
    key = sorted(model.secret_keys())[0]
    monkeypatch.delenv("PULUMI_CONFIG_SECRET_KEYS", raising=False)
    values = {f"{PROJECT}:{k}": v for k, v in shipped(stack)[0].items()}
    set_all_config({**values, f"{PROJECT}:{key}": new_marker()}, [])
    try:
        read_stack_config(model)  # accepted (other keys may still be judged, not the marking)
    except ConfigError as err:
        assert not any("is a secret" in p.message for p in err.problems), str(err)
    finally:
        set_all_config({}, [])
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", "[]")  # the CLI says: no key is secret
    set_all_config({**values, f"{PROJECT}:{key}": new_marker()}, [])
    try:
        with pytest.raises(ConfigError, match="is a secret"):
            read_stack_config(model)
    finally:
        set_all_config({}, [])
