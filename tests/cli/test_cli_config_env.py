"""The program with its config only in the environment, as the Pulumi CLI's language host passes it.

The CLI's Python language host exports the stack config as ``PULUMI_CONFIG`` (JSON: full keys,
string values, secrets decrypted) and the secret keys as ``PULUMI_CONFIG_SECRET_KEYS`` (a JSON
list, ``[]`` when none); the offline engine sets the runtime's config map instead. Both paths
must give the same program.
"""

from __future__ import annotations

import json

import pytest

from eventing_platform.engine import run_program
from eventing_platform.engine.program import plan_stack, read_stack_file, run_main
from stacks.config import ConfigError
from stacks.repository import PROGRAM
from stacks.scenarios import SCENARIOS

KUBECONFIG_KEY = "eventing-platform:kubeconfig"
KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n"


def _run_from_environment(stack: str):
    return run_program(lambda: run_main(PROGRAM), project="eventing-platform", stack=stack, config={})


def _signature(record):
    return sorted((r.type, r.name, str(r.masked_inputs())) for r in record.resources)


@pytest.mark.parametrize("stack", sorted(SCENARIOS))
def test_shipped_config_from_the_environment_gives_the_same_program(stack, monkeypatch):
    shipped = read_stack_file(PROGRAM, stack)
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(shipped.config))
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", json.dumps(sorted(shipped.secret_keys)))
    assert _signature(_run_from_environment(stack)) == _signature(plan_stack(shipped))


@pytest.mark.parametrize("stack", ["k8s-events", "rocketmq-orders"])
def test_a_secret_from_the_environment_stays_secret_and_must_be_marked(stack, monkeypatch):
    config = {**read_stack_file(PROGRAM, stack).config, KUBECONFIG_KEY: KUBECONFIG}
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(config))
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", json.dumps([KUBECONFIG_KEY]))
    record = _run_from_environment(stack)
    provider = next(r for r in record.resources if r.type == "pulumi:providers:kubernetes")
    assert provider.masked_inputs()["kubeconfig"] == "[secret]"
    monkeypatch.setenv("PULUMI_CONFIG_SECRET_KEYS", "[]")  # set without --secret
    with pytest.raises(ConfigError, match="is a secret"):
        _run_from_environment(stack)
