"""Start the component provider as the Pulumi CLI does and drive it over ``pulumirpc.ResourceProvider``.

The CLI runs ``python <provider folder> <engine address>`` (the folder holds ``PulumiPlugin.yaml``
and ``__main__.py``), reads the port from the first line of stdout and calls ``GetSchema`` and
``Construct``. ``Construct`` names a resource monitor, which the provider registers the component's
children with, and the provider logs to the engine: this process serves both, the monitor being
the offline engine's recording monitor (realistic outputs per resource type) behind gRPC.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
import time
from concurrent import futures
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import (
    engine_pb2,
    engine_pb2_grpc,
    provider_pb2,
    provider_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
)

from eventing_platform.engine.runner import OfflineMocks, RecordingMonitor
from tests.support.plugin_process import PluginProcess

PROVIDER_DIR = Path(__file__).resolve().parents[2] / "provider"
PROJECT, STACK = "consumer", "dev"
STACK_URN = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}"


def secret(value: Any) -> dict[str, Any]:
    """``value`` as a secret on the wire."""
    return {rpc._special_sig_key: rpc._special_secret_sig, "value": value}


def output_value(value: Any, *dependencies: str) -> dict[str, Any]:
    """``value`` as another resource's output on the wire (what current engines send)."""
    return {rpc._special_sig_key: rpc._special_output_value_sig, "value": value, "dependencies": list(dependencies)}


def unknown(*dependencies: str) -> dict[str, Any]:
    """Another resource's output that is not known yet (a preview), on the wire."""
    return {rpc._special_sig_key: rpc._special_output_value_sig, "dependencies": list(dependencies)}


def unwrapped(value: Any) -> Any:
    """``value`` (a returned state) with secrets in plaintext."""
    if isinstance(value, dict):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return unwrapped(value.get("value"))
        return {k: unwrapped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrapped(v) for v in value]
    return value


class _Monitor(RecordingMonitor):
    """The offline engine's recording monitor, its URNs built for this client's project and stack
    (the SDK's mock reads them from the calling process's settings)."""

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        if parent and parent.split("::")[2] != "pulumi:pulumi:Stack":
            type_ = parent.split("::")[2].split("$")[-1] + "$" + type_
        return f"urn:pulumi:{STACK}::{PROJECT}::{type_}::{name}"


class ResourceMonitor(resource_pb2_grpc.ResourceMonitorServicer):
    """``pulumirpc.ResourceMonitor`` over the recording monitor; keeps every registration."""

    def __init__(self) -> None:
        self.monitor = _Monitor(OfflineMocks())
        self.outputs: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def GetDeploymentInfo(self, request, context):  # noqa: N802 - gRPC method name
        return self.monitor.GetDeploymentInfo(request)

    def SupportsFeature(self, request, context):  # noqa: N802
        return resource_pb2.SupportsFeatureResponse(hasSupport=self.monitor.SupportsFeature(request).hasSupport)

    def RegisterResource(self, request, context):  # noqa: N802
        with self._lock:
            return self.monitor.RegisterResource(request)

    def RegisterResourceOutputs(self, request, context):  # noqa: N802
        with self._lock:
            self.outputs[request.urn] = json_format.MessageToDict(request.outputs)
        return empty_pb2.Empty()

    def Invoke(self, request, context):  # noqa: N802
        with self._lock:
            return self.monitor.Invoke(request)

    def RegisterPackage(self, request, context):  # noqa: N802
        return self.monitor.RegisterPackage(request)

    def SignalAndWaitForShutdown(self, request, context):  # noqa: N802
        return empty_pb2.Empty()

    def registered(self) -> dict[str, dict[str, Any]]:
        """Every registration so far, by URN (type, name, parent, custom, inputs)."""
        with self._lock:
            return {urn: dict(record) for urn, record in self.monitor.records.items()}


class Engine(engine_pb2_grpc.EngineServicer):
    """The engine the provider logs to."""

    def __init__(self) -> None:
        self.logs: list[tuple[int, str]] = []

    def Log(self, request, context):  # noqa: N802
        self.logs.append((request.severity, request.message))
        return empty_pb2.Empty()

    def GetRootResource(self, request, context):  # noqa: N802
        return engine_pb2.GetRootResourceResponse(urn=STACK_URN)

    def SetRootResource(self, request, context):  # noqa: N802
        return engine_pb2.SetRootResourceResponse()


@dataclass(frozen=True)
class Constructed:
    """What ``Construct`` returned: the component's URN and its outputs (secrets unwrapped)."""

    urn: str
    state: dict[str, Any]


class ProviderProcess(PluginProcess):
    """A running provider (started as the CLI starts it) and a client for it."""

    what = "the provider"

    def __init__(self, startup_timeout: float = 60) -> None:
        self.monitor = ResourceMonitor()
        self.engine = Engine()
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        resource_pb2_grpc.add_ResourceMonitorServicer_to_server(self.monitor, self._server)
        engine_pb2_grpc.add_EngineServicer_to_server(self.engine, self._server)
        self.address = f"127.0.0.1:{self._server.add_insecure_port('127.0.0.1:0')}"
        self._server.start()
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only what the folder's venv holds
        started = time.monotonic()
        # The CLI runs it in the consumer's directory.
        self._start([sys.executable, str(PROVIDER_DIR), self.address], tempfile.gettempdir(), env, startup_timeout)
        self.startup_seconds = time.monotonic() - started
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def schema(self) -> dict[str, Any]:
        """``GetSchema``: the package schema."""
        response = self.stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60)
        return json.loads(response.schema)

    def construct(
        self,
        type_: str,
        name: str,
        inputs: dict[str, Any],
        *,
        dependencies: dict[str, list[str]] | None = None,
        preview: bool = False,
    ) -> Constructed:
        """``Construct`` one component (its children register with this client's monitor)."""
        struct = struct_pb2.Struct()
        struct.update(inputs)
        request = provider_pb2.ConstructRequest(
            project=PROJECT, stack=STACK, organization="organization", dryRun=preview, parallel=4,
            monitorEndpoint=self.address, type=type_, name=name, parent=STACK_URN, inputs=struct,
        )
        for key, urns in (dependencies or {}).items():
            request.inputDependencies[key].CopyFrom(provider_pb2.ConstructRequest.PropertyDependencies(urns=urns))
        response = self.stub.Construct(request, timeout=90)
        return Constructed(response.urn, unwrapped(json_format.MessageToDict(response.state)))

    def _stop_servers(self) -> None:
        """Stop the monitor and engine."""
        self._server.stop(0)
