"""Credentials in component arguments (URL user info, token query parameters): URL fields refuse
them, naming the field, the URL with the credential masked and where the credential goes; no
error line ever repeats one, whichever validator quotes the value, in the ``ArgsError`` text or on
the CLI's stderr (exit 2, nothing written).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pulumi
import pytest

from eventing_platform.alicloud import RrsaTrust, RuleTarget, TargetParam
from eventing_platform.alicloud.rocketmq_events import RocketMQEventSourceArgs
from eventing_platform.cli.console import main
from eventing_platform.errors import SECRET_MASK, ArgsError, Problem
from eventing_platform.gcp import EventarcGkeTriggerArgs, IamGrant
from eventing_platform.knative import (
    Destination,
    EciWorkload,
    FcDomain,
    KafkaSourceArgs,
    KnativeServiceArgs,
    RocketMQSourceArgs,
)
from eventing_platform.knative.gcp_install import KnativeGcpInstallArgs
from eventing_platform.knative.install import KnativeInstallArgs
from eventing_platform.knative.kafka_install import KnativeKafkaInstallArgs
from eventing_platform.kubernetes import ContainerWorkloadArgs, SecretKeyRef
from eventing_platform.redaction import REDACTED
from tests.support.offline import run_components

SECRET = "hunter2-s3cret"
USERINFO = f"https://admin:{SECRET}@dl.example.com/x"
TOKEN = f"https://dl.example.com/x?a=1&token={SECRET}"
IMAGE = "registry.example.com/demo/app:1.0.0"
BROKER = Destination.broker("default")
ROCKETMQ_EVENTS = {"event_source_name": "orders", "event_bus_name": "orders-bus", "region": "cn-hangzhou",
                   "instance_id": "rmq-cn-1", "endpoint": "rmq-cn-1-vpc.cn-hangzhou.rmq.aliyuncs.com:8080",
                   "topic": "orders", "group_id": "GID_orders", "username": "reader", "password": "s3cret-pass",
                   "vpc_id": "vpc-1", "vswitch_ids": ["vsw-1"], "security_group_id": "sg-1"}
EVENTARC = {"project": "demo-project", "location": "us-central1", "topic": "testing", "cluster": "knative-vision",
            "cluster_location": "us-central1", "namespace": "apps", "service": "events-kn-channel",
            "service_account_id": "events-trigger"}
ROCKETMQ_SOURCE = {"topic": "orders", "group_name": "GID_orders", "instance_id": "rmq-1", "service_account_name": "sa",
                   "access_token": SecretKeyRef(name="rocketmq-token", key="token"), "sink": BROKER}


def _failure(build: Callable[[], object]) -> ArgsError:
    with pytest.raises(ArgsError) as caught:
        build()
    return caught.value


# Validators of several components that quote the bad value in their message (field rules, rules
# across fields, dict keys in the field path), each given a value holding a credential.
QUOTING = {
    "rocketmq topic name": lambda: RocketMQEventSourceArgs(**{**ROCKETMQ_EVENTS, "topic": USERINFO}),
    "kafka topics repeat": lambda: KafkaSourceArgs(bootstrap_servers="kafka:9092", topics=[TOKEN, TOKEN], sink=BROKER),
    "fc custom domain": lambda: FcDomain(domain=USERINFO),
    "eci image snapshot": lambda: EciWorkload(image_snapshot_id=TOKEN),
    "eventbridge dead letter": lambda: RuleTarget.http("https://h.example.com", dead_letter_arn=USERINFO),
    "eventbridge param form": lambda: TargetParam(resource_key=USERINFO, form="ORIGINAL", value="x"),
    "gcp grant resource": lambda: IamGrant.bucket(USERINFO, "roles/storage.objectViewer"),
    "env variable name": lambda: ContainerWorkloadArgs(image=IMAGE, namespace="apps", env={TOKEN: "x"}),
    "knative rocketmq topic": lambda: RocketMQSourceArgs(**{**ROCKETMQ_SOURCE, "topic": TOKEN}),
    "password with an at sign": lambda: FcDomain(domain=f"https://admin:p@{SECRET}@h.example.com"),
}


@pytest.mark.parametrize("build", QUOTING.values(), ids=QUOTING.keys())
def test_no_argument_error_repeats_a_credential(build):
    text = str(_failure(build))
    assert SECRET not in text, text
    assert REDACTED in text


def test_a_long_value_is_masked_before_it_is_shortened():
    # The '@' that makes it a credential lies past the length a value is cut to.
    line = Problem("Args.url", "is bad", f"https://admin:{SECRET}{'x' * 200}@h.example.com/{'y' * 200}").line()
    assert SECRET not in line and line.endswith("...)")


# URL fields: (build with the URL, the field the line names, a word of the fix).
URL_FIELDS = {
    "knative sink": (lambda url: Destination.url(url), "Destination.uri", "CACerts"),
    "knative sink path": (lambda url: Destination.service("app", path="/x?access_token=" + SECRET), "Destination.uri", "OIDC"),
    "knative dead letter": (lambda url: KnativeServiceArgs(image=IMAGE, env={"DEAD_LETTER": url}), "KnativeServiceArgs.env.DEAD_LETTER", "env_from_secret"),
    "eventbridge http target": (lambda url: RuleTarget.http(url), "RuleTarget.http.url", "eventbridge.Connection"),
    "eventbridge target path": (lambda url: RuleTarget.http("https://h.example.com", path="/x?sig=" + SECRET), "RuleTarget.http.path", "PrivateNetwork"),
    "eventbridge endpoint": (
        lambda url: RuleTarget(target_id="t", type="https", endpoint=url, params=[TargetParam(resource_key="Body", form="ORIGINAL")]),
        "RuleTarget.endpoint", "eventbridge.Connection",
    ),
    "eventbridge param": (lambda url: TargetParam(resource_key="url", form="CONSTANT", value=url), "TargetParam.value", "API destination"),
    "rrsa issuer": (lambda url: RrsaTrust(oidc_provider_arn="acs:ram::1:oidc-provider/ack", oidc_issuer_url=url), "RrsaTrust.oidc_issuer_url", "AskCluster"),
    "rocketmq name server": (lambda url: RocketMQSourceArgs(**ROCKETMQ_SOURCE, namesrv_addr=url), "RocketMQSourceArgs.namesrv_addr", "access_token"),
    "rocketmq endpoint": (lambda url: RocketMQEventSourceArgs(**{**ROCKETMQ_EVENTS, "endpoint": url}), "RocketMQEventSourceArgs.endpoint", "username"),
    "eventarc path": (lambda url: EventarcGkeTriggerArgs(**EVENTARC, path=f"/x?token={SECRET}"), "EventarcGkeTriggerArgs.path", "Secret"),
    "knative chart mirror": (lambda url: KnativeInstallArgs(chart_repository=url), "KnativeInstallArgs.chart_repository", "mirror"),
    "kafka release mirror": (lambda url: KnativeKafkaInstallArgs(source=True, release_url=url), "KnativeKafkaInstallArgs.release_url", "mirror"),
    "knative-gcp release mirror": (lambda url: KnativeGcpInstallArgs(release_url=url), "KnativeGcpInstallArgs.release_url", "mirror"),
}


@pytest.mark.parametrize("url", [USERINFO, TOKEN], ids=["user info", "token parameter"])
@pytest.mark.parametrize(("build", "field", "fix"), URL_FIELDS.values(), ids=URL_FIELDS.keys())
def test_a_url_field_refuses_a_credential_naming_the_field_the_masked_url_and_the_fix(build, field, fix, url):
    error = _failure(lambda: build(url))
    assert len(error.problems) == 1
    line = str(error)
    assert line.startswith(f"{field}: holds ") and "in a URL" in line and fix in line
    assert f"{REDACTED}" in line.rsplit("(got ", 1)[1] and SECRET not in line


@pytest.mark.parametrize("url", ["https://h.example.com/x?page=2&key_id=7", "https://h.example.com/orders", "http://10.0.0.7:8080/"])
def test_a_url_without_a_credential_is_accepted(url):
    assert Destination.url(url).uri == url
    assert RuleTarget.http(url).endpoint == url


def test_an_output_resolving_to_a_url_with_a_credential_is_refused_with_the_same_line():
    plain = str(_failure(lambda: Destination.url(USERINFO)))
    resolved = _failure(lambda: run_components(lambda: Destination.url(pulumi.Output.from_input(USERINFO))))
    assert str(resolved) == plain and SECRET not in plain


def test_a_secret_output_holding_a_credential_is_refused_and_shown_masked():
    resolved = str(_failure(lambda: run_components(lambda: Destination.url(pulumi.Output.secret(USERINFO)))))
    assert resolved.startswith("Destination.uri: holds user info") and resolved.endswith(f"(got {SECRET_MASK!r})")


PROGRAM = '''
import pulumi

from eventing_platform.alicloud import TargetParam
from eventing_platform.knative import Destination, KnativeService, KnativeServiceArgs, Trigger, TriggerArgs

config = pulumi.Config()
value = config.require("value")
case = config.require("case")
if case == "sink":
    Trigger("t", TriggerArgs(broker="default", subscriber=Destination.url(value)))
elif case == "sink-output":
    Trigger("t", TriggerArgs(broker="default", subscriber=Destination.url(pulumi.Output.from_input(value))))
elif case == "env":
    KnativeService("s", KnativeServiceArgs(image="registry.example.com/a:1.0.0", env={"SINK": value}))
elif case == "quoted":
    TargetParam(resource_key=value, form="ORIGINAL", value="x")
'''


@pytest.fixture
def program(tmp_path: Path) -> Path:
    directory = tmp_path / "program"
    directory.mkdir()
    (directory / "Pulumi.yaml").write_text("name: leaky\nruntime: python\n")
    (directory / "Pulumi.dev.yaml").write_text("config:\n  eventing-platform:provided_kinds: [knative-serving, knative-eventing]\n")
    (directory / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    return directory


@pytest.mark.parametrize(("case", "value"), [
    ("sink", USERINFO), ("sink", TOKEN), ("sink-output", USERINFO), ("env", TOKEN), ("quoted", USERINFO),
])
def test_the_cli_exits_2_without_printing_the_credential(program, tmp_path, capsys, case, value):
    out = tmp_path / "out"
    argv = ["plan", "--program", str(program), "--stack", "dev", "--out", str(out), "--config", f"case={case}", "--config", f"value={value}"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: dev: ") and REDACTED in lines[0], lines
    assert SECRET not in captured.err + captured.out
    assert not (out / "dev").exists()
