"""Start the policy pack exactly as the Pulumi CLI does and drive it over ``pulumirpc.Analyzer``.

The CLI runs ``python -u -m pulumi.policy <engineAddress> <packDir>`` in the pack directory with
``PULUMI_PROJECT``, ``PULUMI_STACK``, ``PULUMI_DRY_RUN``, ``PULUMI_ORGANIZATION`` and
``PULUMI_CONFIG`` (the stack config as JSON) in the environment, reads the port the pack prints,
then calls GetAnalyzerInfo, Configure (every policy's enforcement level and config, defaults
filled in from the policies' schemas), ConfigureStack (UNIMPLEMENTED before pulumi-policy 1.19,
which the CLI ignores), Analyze per resource and AnalyzeStack.
A tiny fake engine answers the engine address (``Log``), as the CLI's engine would.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc, engine_pb2_grpc

from eventing_platform.rules.model import Resource
from tests.support.plugin_process import PluginProcess

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"
LEVEL_NAMES = {
    analyzer_pb2.ADVISORY: "advisory",
    analyzer_pb2.MANDATORY: "mandatory",
    analyzer_pb2.REMEDIATE: "remediate",
    analyzer_pb2.DISABLED: "disabled",
}
LEVEL_VALUES = {v: k for k, v in LEVEL_NAMES.items()}


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """Records the ``Log`` calls a plugin makes to the engine."""

    def __init__(self) -> None:
        self.logs: list[Any] = []

    def Log(self, request, context):  # noqa: N802 - gRPC method name
        self.logs.append(request)
        return empty_pb2.Empty()

    def GetRootResource(self, request, context):  # noqa: N802
        from pulumi.runtime.proto import engine_pb2

        return engine_pb2.GetRootResourceResponse()


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic as the CLI receives it."""

    policy: str
    level: str
    message: str
    urn: str


class PackProcess(PluginProcess):
    """A running policy pack and a client for it."""

    what = "the policy pack"

    def __init__(
        self, stack_config: Mapping[str, str], stack: str = "test", project: str = "eventing-platform", dry_run: bool = True,
        pack_dir: Path = PACK_DIR, python: str = sys.executable,
    ) -> None:
        """Start the pack in ``pack_dir`` with ``python`` (default: this repository's ``policies/``, this interpreter)."""
        self.engine = FakeEngine()
        self._engine_server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self._engine_server)
        engine_port = self._engine_server.add_insecure_port("127.0.0.1:0")
        self._engine_server.start()
        env = {
            **os.environ,
            "PULUMI_PROJECT": project,
            "PULUMI_STACK": stack,
            "PULUMI_DRY_RUN": "true" if dry_run else "false",
            "PULUMI_ORGANIZATION": "organization",
            "PULUMI_CONFIG": json.dumps(dict(stack_config)),
        }
        env.pop("PYTHONPATH", None)  # the pack must find its own modules, as under the CLI
        self._start([python, "-u", "-m", "pulumi.policy", f"127.0.0.1:{engine_port}", str(pack_dir)], pack_dir, env, timeout=60)
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self.channel)
        self.info = self.stub.GetAnalyzerInfo(empty_pb2.Empty(), timeout=30)
        self.configure()
        try:
            self.stub.ConfigureStack(analyzer_pb2.AnalyzerStackConfigureRequest(
                stack=stack, project=project, organization="organization", dry_run=dry_run,
                config=dict(stack_config),
            ), timeout=30)
        except grpc.RpcError as err:  # pulumi-policy < 1.19 has no ConfigureStack; the CLI carries on
            if err.code() != grpc.StatusCode.UNIMPLEMENTED:
                raise

    def configure(self, overrides: Mapping[str, Any] | None = None) -> None:
        """Configure every policy as the CLI does: declared level and schema defaults, then overrides."""
        self.stub.Configure(configure_request(self.info, overrides), timeout=30)

    def analyze(self, type_: str, props: Any, name: str = "r", urn: str | None = None) -> list[Diagnostic]:
        """``Analyze`` one resource (its inputs)."""
        return diagnostics(self.stub.Analyze(analyze_request(type_, props, name, urn), timeout=60))

    def analyze_stack(self, resources: Iterable[Resource]) -> list[Diagnostic]:
        """``AnalyzeStack`` over a whole stack."""
        return diagnostics(self.stub.AnalyzeStack(analyze_stack_request(resources), timeout=120))

    def analyze_all(self, resources: Iterable[Resource]) -> list[Diagnostic]:
        """``Analyze`` on every resource, then ``AnalyzeStack``, as a preview does."""
        resources = list(resources)
        out: list[Diagnostic] = []
        for r in resources:
            out.extend(self.analyze(r.type, r.props, r.name, r.urn))
        out.extend(self.analyze_stack(resources))
        return out

    def _stop_servers(self) -> None:
        """Stop the fake engine."""
        self._engine_server.stop(0)


def configure_request(info: Any, overrides: Mapping[str, Any] | None = None) -> Any:
    """The ``ConfigureAnalyzerRequest`` the CLI sends for a pack's ``AnalyzerInfo``: every policy at
    its declared level with its schema's defaults, then ``overrides`` (``--policy-pack-config``)."""
    overrides = dict(overrides or {})
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    for policy in info.policies:
        level = LEVEL_NAMES[policy.enforcementLevel]
        props: dict[str, Any] = {}
        schema = json_format.MessageToDict(policy.configSchema.properties) if policy.HasField("configSchema") else {}
        for key, prop_schema in schema.items():
            if isinstance(prop_schema, dict) and "default" in prop_schema:
                props[key] = prop_schema["default"]
        for source in (overrides.get("all"), overrides.get(policy.name)):
            if isinstance(source, str):
                level = source
            elif isinstance(source, Mapping):
                level = source.get("enforcementLevel", level)
                props.update({k: v for k, v in source.items() if k != "enforcementLevel"})
        config = analyzer_pb2.PolicyConfig(enforcementLevel=LEVEL_VALUES[level])
        config.properties.update(props)
        request.policyConfig[policy.name].CopyFrom(config)
    return request


def _struct(props: Any) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    if isinstance(props, Mapping):
        s.update(dict(props))
    return s


def analyze_request(type_: str, props: Any, name: str = "r", urn: str | None = None) -> Any:
    """The ``AnalyzeRequest`` of one resource (its inputs)."""
    urn = urn or f"urn:pulumi:test::eventing-platform::{type_}::{name}"
    return analyzer_pb2.AnalyzeRequest(type=type_, properties=_struct(props), urn=urn, name=name)


def analyze_stack_request(resources: Iterable[Resource]) -> Any:
    """The ``AnalyzeStackRequest`` of a whole stack (parents, dependencies and property dependencies)."""
    request = analyzer_pb2.AnalyzeStackRequest()
    for r in resources:
        item = analyzer_pb2.AnalyzerResource(
            type=r.type, properties=_struct(r.props), urn=r.urn, name=r.name,
            parent=r.parent or "", dependencies=list(r.dependencies),
        )
        for key, urns in dict(r.property_dependencies).items():
            item.propertyDependencies[key].CopyFrom(analyzer_pb2.AnalyzerPropertyDependencies(urns=list(urns)))
        request.resources.append(item)
    return request


def diagnostics(response: Any) -> list[Diagnostic]:
    """The diagnostics of an ``AnalyzeResponse``."""
    return [Diagnostic(d.policyName, LEVEL_NAMES[d.enforcementLevel], d.message, d.urn) for d in response.diagnostics]
