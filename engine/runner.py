"""Run a Pulumi program in-process on the SDK's mock monitor and record every registration."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import pulumi
from google.protobuf import struct_pb2
from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks, settings
from pulumi.runtime import resource as sdk_resource
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockMonitor, set_mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from eventing_platform.errors import ResolvedArgsError

from . import outputs as realistic
from .garbage import acyclic_sdk_helpers, collector_paused, free_run_garbage
from .record import PlanRecord, RecordedResource, is_secret_value
from .source_positions import position_of, program_position_trace, stop_at

if TYPE_CHECKING:
    from pulumi.runtime.proto import resource_pb2

_P = ParamSpec("_P")
_T = TypeVar("_T")


class DuplicateUrnError(RuntimeError):
    """Two resources registered the same URN; ``pulumi up`` would refuse the program."""


class OfflineMocks(Mocks):
    """Echo inputs as outputs, with deterministic IDs and realistic outputs where they matter."""

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
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

    def call(self, args: MockCallArgs) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        # The SDK iterates the second element (check failures): an empty list, never None.
        return realistic.call_outputs(args), []


class RecordingMonitor(MockMonitor):
    """A ``MockMonitor`` that keeps the full ``RegisterResourceRequest`` of every resource."""

    mocks: OfflineMocks

    def __init__(self, mocks: OfflineMocks) -> None:
        super().__init__(mocks)
        self.records: dict[str, dict[str, Any]] = {}
        self.duplicates: list[str] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        # Like the real engine: top-level resources carry no `pulumi:pulumi:Stack$` qualifier.
        if parent and parent.split("::")[2] == "pulumi:pulumi:Stack":
            parent = ""
        return super().make_urn(parent, type_, name)

    def RegisterResource(  # noqa: N802 (gRPC method name)
        self, request: resource_pb2.RegisterResourceRequest,
    ) -> resource_pb2.RegisterResourceResponse:
        urn = self.make_urn(request.parent, request.type, request.name)
        if not request.custom and request.type != "pulumi:pulumi:Stack" and urn not in self.records:
            return self._register_component(urn, request)
        if request.type != "pulumi:pulumi:Stack":
            if urn in self.records:
                # Raised after the run: an exception here would escape into the SDK's
                # executor threads instead of reaching the caller.
                self.duplicates.append(
                    f"duplicate URN {urn}: two resources of type {request.type} are named "
                    f"{request.name!r}; give each a unique name"
                )
                return self._sdk_register(request)
            from pulumi.runtime import rpc

            inputs = rpc.deserialize_properties(request.object)
            self.records[urn] = _record(urn, request, _integral(inputs))
            custom = self._register_custom(urn, request, inputs)
            if custom is not None:
                return custom
        response = self._sdk_register(request)
        if urn in self.records:
            reg = self.resources.get(urn)
            if reg is not None:
                self.records[urn]["id"] = reg.id
                self.records[urn]["outputs"] = reg.state
        return response

    def _sdk_register(self, request: resource_pb2.RegisterResourceRequest) -> resource_pb2.RegisterResourceResponse:
        """The SDK's own ``MockMonitor.RegisterResource``."""
        response: resource_pb2.RegisterResourceResponse = super().RegisterResource(request)  # type: ignore[no-untyped-call]  # unannotated in the SDK
        return response

    def _register_custom(
        self, urn: str, request: resource_pb2.RegisterResourceRequest, inputs: dict[str, Any],
    ) -> resource_pb2.RegisterResourceResponse | None:
        """What ``MockMonitor.RegisterResource`` does, without its async serialisation.

        The mock's state is plain data (the echoed inputs plus realistic outputs), which a
        protobuf ``Struct`` takes directly; the SDK's async serializer would need an event loop
        of its own for it. Returns ``None`` (use the SDK's path) for anything else.
        """
        from pulumi.runtime.proto import resource_pb2

        args = MockResourceArgs(
            typ=request.type,
            name=request.name,
            inputs=inputs,
            provider=request.provider,
            resource_id=request.importId,
            custom=True,
        )
        resource_id, state = self.mocks.new_resource(args)
        if not _is_plain(state):
            return None
        struct = struct_pb2.Struct()
        struct.update({k: v for k, v in state.items() if v is not None})
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, resource_id, state)
        self.records[urn]["id"] = resource_id
        self.records[urn]["outputs"] = state
        return resource_pb2.RegisterResourceResponse(urn=urn, id=resource_id, object=struct)

    def _register_component(
        self, urn: str, request: resource_pb2.RegisterResourceRequest,
    ) -> resource_pb2.RegisterResourceResponse:
        """A component: recorded like any resource, but no provider (mock) is involved.

        As in the real engine, a component has no ID and nothing creates it: its inputs come
        back as its state, without the mock round trip a custom resource needs.
        """
        from pulumi.runtime import rpc
        from pulumi.runtime.proto import resource_pb2

        inputs = _integral(rpc.deserialize_properties(request.object)) if request.object.fields else {}
        self.records[urn] = {**_record(urn, request, inputs), "outputs": dict(inputs)}
        self.resources[urn] = MockMonitor.ResourceRegistration(urn, "", dict(inputs))
        return resource_pb2.RegisterResourceResponse(urn=urn, object=request.object)


def _record(urn: str, request: resource_pb2.RegisterResourceRequest, inputs: dict[str, Any]) -> dict[str, Any]:
    """The record of one ``RegisterResourceRequest`` (``id`` and ``outputs`` are added once known)."""
    return {
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
        "inputs": inputs,
        "source": position_of(request),
    }


def _is_plain(value: Any) -> bool:
    """True for JSON-like data (dict with str keys, list, str, number, bool, None)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_is_plain(v) for v in value)
    return False


class InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """The run's default executor: runs a monitor call at once on the calling thread.

    The SDK sends every monitor RPC through ``loop.run_in_executor``, made for a blocking gRPC
    stub. The offline monitor is in-process Python, so a worker thread only adds a thread
    hand-off and GIL contention per call: a component (two calls: register, register outputs)
    paid twice what a custom resource paid. A call made while another one runs on the same
    thread (the SDK's own mock path pumps the event loop inside a call) goes to a worker
    thread as before, so calls never nest. Errors travel through the returned future either way.
    """

    def __init__(self) -> None:
        super().__init__(max_workers=4, thread_name_prefix="offline-engine")
        self._inline = threading.local()

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> concurrent.futures.Future[_T]:
        if getattr(self._inline, "active", False):
            return super().submit(fn, *args, **kwargs)
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        self._inline.active = True
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as err:  # noqa: BLE001 (delivered to the awaiting coroutine)
            future.set_exception(err)
        finally:
            self._inline.active = False
        return future


@contextlib.contextmanager
def _without_source_traces() -> Iterator[None]:
    """Replace the SDK's per-registration stack trace with the program line alone while a run is in progress.

    For every resource the SDK walks the Python stack (``traceback.extract_stack``, reading each
    frame's source line) and turns each frame's file into a ``file://`` URI for the engine's
    diagnostics; offline that walk was a third of a registration. The engine only needs the
    source position, so :func:`~.source_positions.program_position_trace` computes that one frame
    from ``sys._getframe`` (see that module), and the monitor records it.
    """
    original = getattr(sdk_resource, "_get_stack_trace", None)
    if original is None:  # an SDK without the hook: nothing to replace (no source positions)
        yield
        return
    sdk_resource._get_stack_trace = program_position_trace
    try:
        yield
    finally:
        sdk_resource._get_stack_trace = original


def _integral(value: Any) -> Any:
    """Protobuf carries every number as a double: give whole numbers back their int type."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _integral(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_integral(v) for v in value]
    return value


def _abandon_pending_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what a failed run left waiting (registrations that needed the bad value) and let
    it wind down, without a warning for each task, future or coroutine left behind."""
    loop.set_exception_handler(lambda _loop, _context: None)
    for _ in range(10):  # cancelling may start a few more
        pending = asyncio.all_tasks(loop)
        if not pending:
            return
        for task in pending:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))


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
    Raises whatever the program raises, :class:`DuplicateUrnError` on a repeated URN, and the
    ``ArgsError`` a component gives when an ``Output`` passed to it resolves to a bad value.

    The cyclic garbage collector is paused during the run, the SDK's cycle-making
    ``contains_unknowns`` replaced, and the run's cyclic garbage freed as it ends (see
    :mod:`eventing_platform.engine` for the why and the memory it costs).
    """
    try:
        with collector_paused():
            return _recorded_run(program, project, stack, config, secret_keys)
    finally:
        free_run_garbage()  # here, once the run's frame and what only it referred to are gone


def _recorded_run(
    program: Callable[[], None], project: str, stack: str, config: Mapping[str, Any], secret_keys: frozenset[str] | set[str],
) -> PlanRecord:
    """The run itself, with the SDK adapted for it (:func:`run_program` pauses the collector
    around it and frees its garbage once this frame is gone)."""
    loop = asyncio.new_event_loop()
    loop.set_default_executor(InlineExecutor())
    asyncio.set_event_loop(loop)
    adaptations = contextlib.ExitStack()
    adaptations.enter_context(acyclic_sdk_helpers())
    adaptations.enter_context(_without_source_traces())
    try:
        settings.reset_options(project=project, stack=stack, preview=False)
        set_all_config(dict(config), sorted(secret_keys))
        monitor = RecordingMonitor(OfflineMocks())
        set_mocks(OfflineMocks(), project=project, stack=stack, preview=False, monitor=monitor)
        settings.SETTINGS.rpc_manager.clear()
        settings.SETTINGS.outputs.clear()
        try:
            _sync_await(run_pulumi_func(program))
        except KeyboardInterrupt:
            # Interrupted: the tasks left behind would each log a traceback when collected.
            loop.set_exception_handler(lambda _loop, _context: None)
            raise
        except ResolvedArgsError as err:
            _abandon_pending_tasks(loop)
            raise err.as_args_error() from None
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
                source=r.get("source"),
            )
            for r in sorted(monitor.records.values(), key=lambda rec: rec["urn"])
        ]
        return PlanRecord(project, stack, resources, outputs, frozenset(secret_outputs))
    finally:
        settings.reset_options()
        set_all_config({}, [])
        asyncio.set_event_loop(None)
        loop.close()
        adaptations.close()


stop_at(run_program.__code__)  # a resource created in a callback has no program line above the run
