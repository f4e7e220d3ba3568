"""Run a Pulumi program in-process on the SDK's mock monitor and record every registration."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks, settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockMonitor, set_mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from . import outputs as realistic
from .record import PlanRecord, RecordedResource, is_secret_value


class DuplicateUrnError(RuntimeError):
    """Two resources registered the same URN; ``pulumi up`` would refuse the program."""


class OfflineMocks(Mocks):
    """Echo inputs as outputs, with deterministic IDs and realistic outputs where they matter."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict]:
        state = dict(args.inputs)
        state.update(realistic.resource_outputs(args))
        if args.typ.startswith("kubernetes:") and not args.typ.startswith("pulumi:"):
            meta = args.inputs.get("metadata") or {}
            ns, name = meta.get("namespace"), meta.get("name") or args.name
            resource_id = f"{ns}/{name}" if ns else str(name)
        else:
            digest = hashlib.sha256(f"{args.typ}::{args.name}".encode()).hexdigest()[:12]
            resource_id = f"{args.name}-{digest}"
        return resource_id, state

    def call(self, args: MockCallArgs) -> tuple[dict, list]:
        # The SDK iterates the second element (check failures): an empty list, never None.
        return realistic.call_outputs(args), []


class RecordingMonitor(MockMonitor):
    """A ``MockMonitor`` that keeps the full ``RegisterResourceRequest`` of every resource."""

    def __init__(self, mocks: Mocks) -> None:
        super().__init__(mocks)
        self.records: dict[str, dict[str, Any]] = {}
        self.duplicates: list[str] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # Like the real engine: top-level resources carry no `pulumi:pulumi:Stack$` qualifier.
        if parent and parent.split("::")[2] == "pulumi:pulumi:Stack":
            parent = ""
        return super().make_urn(parent, type_, name)

    def RegisterResource(self, request):  # noqa: N802 (gRPC method name)
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type != "pulumi:pulumi:Stack":
            if urn in self.records:
                # Raised after the run: an exception here would escape into the SDK's
                # executor threads instead of reaching the caller.
                self.duplicates.append(
                    f"duplicate URN {urn}: two resources of type {request.type} are named "
                    f"{request.name!r}; give each a unique name"
                )
                return super().RegisterResource(request)
            from pulumi.runtime import rpc

            self.records[urn] = {
                "urn": urn,
                "type": request.type,
                "name": request.name,
                "parent": request.parent or None,
                "dependencies": tuple(sorted(set(request.dependencies))),
                "property_dependencies": {
                    k: tuple(sorted(set(v.urns))) for k, v in sorted(request.propertyDependencies.items())
                },
                "provider": request.provider or None,
                "custom": bool(request.custom),
                "inputs": _integral(rpc.deserialize_properties(request.object)),
            }
        response = super().RegisterResource(request)
        if urn in self.records:
            reg = self.resources.get(urn)
            if reg is not None:
                self.records[urn]["id"] = reg.id
                self.records[urn]["outputs"] = reg.state
        return response


def _integral(value: Any) -> Any:
    """Protobuf carries every number as a double: give whole numbers back their int type."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    return value


def _stack_root_urn(project: str, stack: str) -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}"


async def _resolve(value: Any) -> tuple[Any, bool]:
    out = pulumi.Output.from_input(value)
    resolved = await out.future(with_unknowns=True)
    secret = await out.is_secret()
    return resolved, bool(secret)


def _plain(value: Any) -> Any:
    """Make resolved outputs JSON-friendly (nested Outputs are resolved already)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def run_program(
    program: Callable[[], None],
    *,
    project: str,
    stack: str,
    config: Mapping[str, Any],
    secret_keys: frozenset[str] | set[str] = frozenset(),
) -> PlanRecord:
    """Run ``program`` as ``pulumi up`` would (not a preview: every output resolves) and record it.

    ``config`` holds full keys (``project:key``) with string values, like the engine passes.
    The runtime is reset first, so this can run many times in one process with identical results.
    Raises whatever the program raises, and :class:`DuplicateUrnError` on a repeated URN.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        settings.reset_options(project=project, stack=stack, preview=False)
        set_all_config(dict(config), sorted(secret_keys))
        monitor = RecordingMonitor(OfflineMocks())
        set_mocks(OfflineMocks(), project=project, stack=stack, preview=False, monitor=monitor)
        settings.SETTINGS.rpc_manager.clear()
        settings.SETTINGS.outputs.clear()
        _sync_await(run_pulumi_func(program))
        if monitor.duplicates:
            raise DuplicateUrnError("\n".join(monitor.duplicates))
        root = settings.get_root_resource()
        exported = dict(getattr(root, "outputs", {}) or {})
        outputs: dict[str, Any] = {}
        secret_outputs: set[str] = set()
        for key in sorted(exported):
            value, secret = _sync_await(_resolve(exported[key]))
            outputs[key] = _plain(value)
            if secret or is_secret_value(value):
                secret_outputs.add(key)
        root_urn = _stack_root_urn(project, stack)
        resources = [
            RecordedResource(
                urn=r["urn"],
                type=r["type"],
                name=r["name"],
                parent=None if r["parent"] == root_urn else r["parent"],
                dependencies=r["dependencies"],
                property_dependencies=r["property_dependencies"],
                provider=r["provider"],
                custom=r["custom"],
                inputs=r["inputs"],
                outputs=r.get("outputs", {}),
                id=r.get("id"),
            )
            for r in sorted(monitor.records.values(), key=lambda rec: rec["urn"])
        ]
        return PlanRecord(project, stack, resources, outputs, frozenset(secret_outputs))
    finally:
        settings.reset_options()
        set_all_config({}, [])
        asyncio.set_event_loop(None)
        loop.close()
