"""Benchmark of the component layer on the offline engine, measured in one run.

Usage::

    .venv/bin/python benchmarks/bench.py            # text report
    .venv/bin/python benchmarks/bench.py --json     # one JSON object on stdout
    .venv/bin/python benchmarks/bench.py --check    # exit 1 when a target is missed

What it measures (every number from this one process, except ``import_s``):

``overhead_ratio``
    Time to build every stack in ``stacks.scenarios.SCENARIOS`` through the components, divided
    by the time to register the same resources directly with the provider SDKs, under the same
    offline engine. The direct program is derived from the recorded plan: each type token maps
    to its provider SDK class (through the SDK's own resource-module registry), a Kubernetes CRD
    to ``pulumi_kubernetes.apiextensions.CustomResource``, anything else to a plain
    ``pulumi.CustomResource`` with the same token. It does the same work the components make
    the engine do: same names and inputs (secrets as secrets), same providers, inputs that came
    from other resources wired to them, the dependencies a component's ``depends_on`` implied
    stated on each resource, the same invokes. The direct run is recorded and compared with the
    component run (inputs, providers, dependencies), so both sides provably register the same
    thing. Stack config is parsed before timing on both sides. Target: at most 1.3.
``scaling_ratio``
    Time per registered resource for a generated stack of 1000 Knative Services, each with a
    Trigger on one Broker (a Subscription to one Channel where no Trigger component exists),
    divided by the same for 100. Target: at most 1.25.
``policy_resources_per_s``
    Resources per second through every rule of the policy pack (``eventing_platform.rules.evaluate``), over
    all planned stacks (``null`` with a note, "n/a" in the text report, without the pack).
``import_s``
    Seconds to ``import eventing_platform.knative`` in a fresh interpreter (the import alone,
    not the interpreter start), for this checkout's ``components/`` mapped to
    ``eventing_platform`` exactly as the wheel installs it.

Timings are process CPU time (all threads), the minimum over interleaved rounds, each side
warmed up once: the machine is shared, and others' load only ever adds time. ``--rounds``
trades time for stability. To see where time goes: ``pip install -e '.[profile]'``, then
``py-spy record --gil -o profile.svg -- .venv/bin/python benchmarks/bench.py`` or
``pyinstrument benchmarks/bench.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import inspect
import json
import logging
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pulumi  # noqa: E402
from pulumi.runtime import rpc  # noqa: E402

from eventing_platform.engine import PlanRecord, RecordedResource, run_program  # noqa: E402
from eventing_platform.engine.program import StackInput, read_stack_file  # noqa: E402
from eventing_platform.engine.record import is_secret_value, mask_secrets  # noqa: E402
from stacks.config import PROJECT, SCENARIO_KEY, parse_config  # noqa: E402
from stacks.repository import PROGRAM  # noqa: E402
from stacks.scenarios import SCENARIOS, Scenario  # noqa: E402

TARGETS = {"overhead_ratio": 1.3, "scaling_ratio": 1.25}
SCALING_SIZES = (100, 1000)
BENCH_NAMESPACE = "bench"
BENCH_IMAGE = "registry.example.com/hello:v1"

Program = Callable[[], None]


# --------------------------------------------------------------------------- timing


def _clock() -> float:
    """CPU seconds of this process (all threads): what the run costs, not what others on the machine cost."""
    return time.process_time()


def _run(program: Program, stack: StackInput | None = None, name: str = "bench") -> tuple[float, PlanRecord]:
    """Run ``program`` once on the offline engine; its CPU time and the record."""
    config = stack.config if stack else {}
    secret_keys = stack.secret_keys if stack else frozenset()
    runs, times = (program.program, program.times) if isinstance(program, _Repeated) else (program, 1)
    started = _clock()
    for _ in range(times):
        record = run_program(runs, project=PROJECT, stack=stack.name if stack else name,
                             config=config, secret_keys=secret_keys)
    return _clock() - started, record


def _interleaved(programs: dict[str, tuple[Program, StackInput | None]], rounds: int, warm_up: bool = True) -> dict[str, list[float]]:
    """Time every program ``rounds`` times, alternating their order each round (after one warm-up)."""
    keys = list(programs)
    for key in keys if warm_up else ():  # imports, caches, first-use costs on both sides
        _run(*programs[key])
    times: dict[str, list[float]] = {k: [] for k in keys}
    for i in range(rounds):
        for key in keys if i % 2 == 0 else reversed(keys):
            times[key].append(_run(*programs[key])[0])
    return times


# --------------------------------------------------------------------------- stacks through components


def _stack_config(scenario: Scenario, stack: StackInput) -> Any:
    """The scenario's typed config from its stack file (parsed once, outside the timed region)."""
    prefix = f"{PROJECT}:"
    values = {k[len(prefix):]: v for k, v in stack.config.items() if k.startswith(prefix) and k != prefix + SCENARIO_KEY}
    return parse_config(scenario.config_model, values)


def component_program(scenario: Scenario, config: Any) -> Program:
    """The stack as ``__main__.py`` builds it: ``build(config)`` and export its outputs."""
    build = scenario.build

    def program() -> None:
        for key, value in build(config).items():
            pulumi.export(key, value)

    return program


# --------------------------------------------------------------------------- the same resources, directly


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake(name: str) -> str:
    return _CAMEL.sub(r"_\1", name).lower()


def _with_secrets(value: Any) -> Any:
    """Recorded inputs -> program inputs: wrapped secrets become ``Output.secret`` again."""
    if is_secret_value(value):
        return pulumi.Output.secret(_with_secrets(value.get("value")))
    if isinstance(value, dict):
        return {k: _with_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_secrets(v) for v in value]
    return value


def _sdk_module(package: str) -> None:
    """Import a provider SDK so that its resource modules are registered (``pulumi_<pkg>``)."""
    with contextlib.suppress(ImportError):
        importlib.import_module("pulumi_" + package.replace("-", "_"))


def _sdk_class(type_token: str) -> type | None:
    """The provider SDK class registered for ``type_token`` (``None`` if the SDK has none)."""
    pkg, _, rest = type_token.partition(":")
    if pkg == "pulumi" and rest.startswith("providers:"):
        provider_pkg = rest.split(":", 1)[1]
        _sdk_module(provider_pkg)
        for package in rpc._RESOURCE_PACKAGES.get(provider_pkg, []):
            info = getattr(package, "pkg_info", None)
            if info and info.get("token") == type_token:
                return getattr(importlib.import_module(info["fqn"]), info["class"])
        return None
    mod = rest.rsplit(":", 1)[0]
    _sdk_module(pkg)
    for module in rpc._RESOURCE_MODULES.get(f"{pkg}:{mod}", []):
        info = getattr(module, "mod_info", None)
        if info and type_token in info.get("classes", {}):
            return getattr(importlib.import_module(info["fqn"]), info["classes"][type_token])
    return None


@dataclass
class DirectFactory:
    """How the direct program registers one type token, and which SDK path it took."""

    type_token: str
    kind: str  # "sdk", "crd" or "generic"
    make: Callable[[str, dict[str, Any], pulumi.ResourceOptions], pulumi.CustomResource]


def _generic(type_token: str) -> DirectFactory:
    def make(name: str, inputs: dict[str, Any], opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        return pulumi.CustomResource(type_token, name, inputs, opts)

    return DirectFactory(type_token, "generic", make)


class FactoryError(TypeError):
    """An SDK class refused the recorded inputs (the direct program then uses the generic path)."""

    def __init__(self, type_token: str, reason: str) -> None:
        super().__init__(f"{type_token}: {reason}")
        self.type_token = type_token


def _input_names(cls: type) -> dict[str, str]:
    """Engine (camelCase) name -> Python keyword of the SDK class's inputs, from its ``<Class>Args``."""
    args_cls = getattr(sys.modules.get(cls.__module__), f"{cls.__name__}Args", None)
    try:
        from pulumi._types import input_type_py_to_pulumi_names, resource_pulumi_to_py_names

        names = dict(resource_pulumi_to_py_names(cls))
        if args_cls is not None:
            names.update({pulumi_name: py for py, pulumi_name in input_type_py_to_pulumi_names(args_cls).items()})
        return names
    except Exception:  # noqa: BLE001 (older SDKs: fall back to the naming rule)
        return {}


def _sdk_factory(type_token: str, cls: type) -> DirectFactory:
    """Call the SDK class with its Python keyword arguments for the recorded camelCase inputs."""
    init = getattr(cls, "_internal_init", cls.__init__)
    skip = ("self", "__self__", "resource_name", "opts", "__props__", "args", "kwargs")
    accepted = {p for p in inspect.signature(init).parameters if p not in skip}
    known = _input_names(cls)

    def make(name: str, inputs: dict[str, Any], opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        kwargs = {}
        for key, value in inputs.items():
            py = known.get(key) or _snake(key)
            if py not in accepted and py + "_" in accepted:  # e.g. resource_name_ (clashes with the name)
                py += "_"
            if py in accepted:
                kwargs[py] = value
        try:
            return cls(name, opts=opts, **kwargs)
        except TypeError as err:
            raise FactoryError(type_token, str(err)) from err

    return DirectFactory(type_token, "sdk", make)


def _crd_factory(type_token: str) -> DirectFactory:
    from pulumi_kubernetes.apiextensions import CustomResource

    def make(name: str, inputs: dict[str, Any], opts: pulumi.ResourceOptions) -> pulumi.CustomResource:
        return CustomResource(name, api_version=inputs["apiVersion"], kind=inputs["kind"],
                              metadata=inputs.get("metadata"), spec=inputs.get("spec"), opts=opts)

    return DirectFactory(type_token, "crd", make)


def direct_factory(resource: RecordedResource) -> DirectFactory:
    """The provider SDK's way to register ``resource.type`` directly."""
    cls = _sdk_class(resource.type)
    if cls is not None:
        return _sdk_factory(resource.type, cls)
    if resource.type.startswith("kubernetes:") and set(resource.inputs) <= {"apiVersion", "kind", "metadata", "spec"}:
        return _crd_factory(resource.type)
    return _generic(resource.type)


def _provider_urn(ref: str | None) -> str:
    """The URN in a provider reference (``<urn>::<id>``); empty for the default provider."""
    return ref.rsplit("::", 1)[0] if ref else ""


def _provider_key(ref: str | None) -> tuple[str, str] | None:
    """(type, name) of the provider a reference names; comparable across the two runs."""
    if not ref:
        return None
    parts = _provider_urn(ref).split("::")
    return parts[2].split("$")[-1], parts[3]


def _creation_order(customs: list[RecordedResource], effective: dict[str, set[str]]) -> list[RecordedResource]:
    """Providers first, then every resource after the resources it depends on (stable)."""
    urns = {r.urn for r in customs}
    provider_of = {r.urn: _provider_urn(r.provider) for r in customs}
    done: set[str] = set()
    order: list[RecordedResource] = []
    pending = sorted(customs, key=lambda r: (not r.type.startswith("pulumi:providers:"), r.urn))
    while pending:
        progressed = []
        for r in pending:
            needs = {d for d in effective[r.urn] if d in urns} | ({provider_of[r.urn]} & urns)
            if needs <= done:
                order.append(r)
                done.add(r.urn)
            else:
                progressed.append(r)
        if len(progressed) == len(pending):  # a cycle cannot happen in a valid plan; keep going anyway
            order.extend(progressed)
            break
        pending = progressed
    return order


def effective_dependencies(record: PlanRecord) -> dict[str, set[str]]:
    """Per custom resource: the custom resources it waits for, its own and its ancestors'.

    A component's ``depends_on`` holds back the component's registration and so, through the
    parent link, every child's; the children's own requests do not list those dependencies. A
    program without components has to state them on each resource instead.
    """
    by_urn = record.by_urn()
    customs = {r.urn for r in record.resources if r.custom}
    out: dict[str, set[str]] = {}
    for r in record.resources:
        if not r.custom:
            continue
        deps: set[str] = set(r.dependencies)
        parent = r.parent
        while parent and parent in by_urn:
            deps.update(by_urn[parent].dependencies)
            parent = by_urn[parent].parent
        out[r.urn] = {d for d in deps if d in customs and d != r.urn}
    return out


def _wired(value: Any, sources: list[pulumi.CustomResource]) -> Any:
    """``value`` as an input that depends on ``sources``, the way an output of them would be.

    The component run passed other resources' outputs here; a direct program would too. The
    value is already known (recorded), so it is released when the sources' URNs resolve, which
    gives the same waiting and the same ``propertyDependencies`` in the request.
    """
    return pulumi.Output.all(*(s.urn for s in sources)).apply(lambda _: value)


Invoke = tuple[str, dict[str, Any]]


@contextlib.contextmanager
def recording_invokes() -> Iterator[list[Invoke]]:
    """Collect every invoke (token, arguments) a run makes, as the offline engine answers it."""
    from eventing_platform.engine import runner

    calls: list[Invoke] = []
    original = runner.OfflineMocks.call

    def call(self: Any, args: Any) -> Any:
        calls.append((args.token, dict(args.args)))
        return original(self, args)

    runner.OfflineMocks.call = call  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        runner.OfflineMocks.call = original  # type: ignore[method-assign]


def direct_program(record: PlanRecord, factories: dict[str, DirectFactory], invokes: list[Invoke] = ()) -> Program:
    """Register ``record``'s custom resources with the provider SDKs (no components) and export its outputs.

    Each resource gets the recorded inputs, provider and dependencies: an input that depended
    on other resources is wired to them (see :func:`_wired`), the remaining dependencies are
    ``depends_on``, and secrets are ``Output.secret`` again. The invokes the components made
    (looking up a cluster credential, an account ID) are made too: a program without
    components needs the same data.
    """
    effective = effective_dependencies(record)
    customs = _creation_order([r for r in record.resources if r.custom], effective)
    has_secret = {r.urn for r in customs if mask_secrets(r.inputs) != r.inputs}

    def program() -> None:
        outputs = {k: (pulumi.Output.secret(v) if k in record.secret_outputs else v) for k, v in record.outputs.items()}
        for token, args in invokes:
            pulumi.runtime.invoke_output(token, args)
        made: dict[str, pulumi.CustomResource] = {}
        for r in customs:
            # Secrets become Output.secret inside the run (an Output needs the run's event loop).
            inputs = _with_secrets(r.inputs) if r.urn in has_secret else dict(r.inputs)
            wired: set[str] = set()
            for key, urns in r.property_dependencies.items():
                sources = [made[u] for u in urns if u in made]
                if sources and key in inputs:
                    recorded = r.inputs[key]
                    if is_secret_value(recorded):  # a secret output of another resource
                        inputs[key] = pulumi.Output.secret(_wired(_with_secrets(recorded.get("value")), sources))
                    else:
                        inputs[key] = _wired(inputs[key], sources)
                    wired.update(urns)
            deps = [made[d] for d in sorted(effective[r.urn]) if d in made and d not in wired]
            provider = made.get(_provider_urn(r.provider)) if r.provider else None
            opts = pulumi.ResourceOptions(depends_on=deps or None, provider=provider)
            made[r.urn] = factories[r.type].make(r.name, inputs, opts)
        for key, value in outputs.items():
            pulumi.export(key, value)

    return program


def _signature(record: PlanRecord) -> dict[tuple[str, str], Any]:
    """What must match on both sides, per custom resource (type, name): masked inputs and dependencies.

    Dependencies (own and inherited, see :func:`effective_dependencies`) are compared by the
    (type, name) of the custom resources they name.
    """
    customs = {r.urn: (r.type, r.name) for r in record.resources if r.custom}
    effective = effective_dependencies(record)

    def named(urns: Iterable[str]) -> list[tuple[str, str]]:
        return sorted(customs[u] for u in urns if u in customs)

    return {
        (r.type, r.name): {
            "inputs": mask_secrets(r.inputs),
            "dependencies": named(effective[r.urn]),
            "property_dependencies": {k: named(v) for k, v in r.property_dependencies.items() if named(v)},
            "provider": _provider_key(r.provider),
        }
        for r in record.resources
        if r.custom
    }


def _diff(expected: PlanRecord, got: PlanRecord) -> list[tuple[str, str, str]]:
    """``(problem, type, name)`` for every custom resource that is not registered identically."""
    a, b = _signature(expected), _signature(got)
    problems = [("missing", *k) for k in sorted(set(a) - set(b))]
    problems += [("extra", *k) for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        problems += [(f"{part} differ", *k) for part in a[k] if a[k][part] != b[k][part]]
    return problems


def equivalent_direct_program(record: PlanRecord, stack: StackInput, invokes: list[Invoke] = ()) -> tuple[Program, dict[str, DirectFactory]]:
    """A direct program for ``record`` whose recorded inputs equal the component run's.

    Types whose SDK class registers different inputs (constants it adds or renames) fall back
    to a plain ``pulumi.CustomResource`` with the same token; anything still different raises.
    """
    factories = {r.type: direct_factory(r) for r in record.resources if r.custom}
    problems: list[tuple[str, str, str]] = []
    for _ in range(len(factories) + 2):
        program = direct_program(record, factories, invokes)
        try:
            _, direct = _run(program, stack)
        except FactoryError as err:
            factories[err.type_token] = _generic(err.type_token)
            continue
        problems = _diff(record, direct)
        if not problems:
            return program, factories
        fixable = {t for p, t, _ in problems if p in ("inputs differ", "missing") and factories[t].kind != "generic"}
        if not fixable:
            break
        for token in fixable:
            factories[token] = _generic(token)
    listed = "; ".join(f"{p} {t} {n}" for p, t, n in problems)
    raise RuntimeError(f"the direct program of {record.stack} does not register the same resources: {listed}")


# --------------------------------------------------------------------------- generated stack for scaling


def _trigger_api() -> tuple[Any, Any] | None:
    """``(Trigger, TriggerArgs)`` once components/knative/trigger.py exists."""
    try:
        module = importlib.import_module("eventing_platform.knative.trigger")
    except ImportError:
        return None
    return module.Trigger, module.TriggerArgs


def _broker_api() -> tuple[Any, Any] | None:
    """``(Broker, BrokerArgs)`` once components/knative/broker.py exists."""
    try:
        module = importlib.import_module("eventing_platform.knative.broker")
    except ImportError:
        return None
    return module.Broker, module.BrokerArgs


def generated_program(count: int) -> tuple[Program, str]:
    """``count`` Knative Services, each with a Trigger on one Broker (or a Subscription to one Channel).

    Every object is built through the public components with their defaults, as a user would.
    """
    from eventing_platform.knative import (
        Channel,
        ChannelArgs,
        KnativeService,
        KnativeServiceArgs,
        Subscription,
        SubscriptionArgs,
    )

    def service(i: int) -> KnativeService:
        return KnativeService(f"svc-{i}", KnativeServiceArgs(image=BENCH_IMAGE, namespace=BENCH_NAMESPACE))

    trigger, broker = _trigger_api(), _broker_api()
    if trigger is not None and broker is not None:
        (trigger_cls, trigger_args), (broker_cls, broker_args) = trigger, broker

        def program() -> None:
            broker_cls("bench-broker", broker_args(broker_name="default", namespace=BENCH_NAMESPACE))
            for i in range(count):
                svc = service(i)
                trigger_cls(f"trigger-{i}", trigger_args(
                    broker="default", subscriber=svc.destination, namespace=BENCH_NAMESPACE,
                    attributes={"type": f"dev.example.event{i}"},
                ))

        return program, "Trigger (one Broker)"

    def program() -> None:
        channel = Channel("bench-channel", ChannelArgs(namespace=BENCH_NAMESPACE))
        for i in range(count):
            svc = service(i)
            Subscription(f"sub-{i}", SubscriptionArgs(channel=channel.destination.ref, subscriber=svc.destination,
                                                      namespace=BENCH_NAMESPACE))

    return program, "Subscription (one Channel; no Trigger component yet)"


# --------------------------------------------------------------------------- policies


def policy_throughput(planned: Iterable[tuple[PlanRecord, str]], rounds: int) -> tuple[float | None, str]:
    """Resources per second through every rule of the policy pack (min over rounds), or ``None`` and why not.

    ``planned`` holds each stack's record and stage. Timed: turning the record into the rules'
    input (``resources_from_record``) and ``evaluate``, as ``python -m stacks plan`` does.
    """
    try:
        module = importlib.import_module("eventing_platform.rules.evaluate")
    except ImportError as err:
        return None, f"n/a: no policy pack yet ({err})"
    evaluate = getattr(module, "evaluate", None)
    to_resources = getattr(module, "resources_from_record", None)
    if evaluate is None or to_resources is None:
        return None, "n/a: eventing_platform.rules.evaluate has no evaluate() / resources_from_record()"
    planned = list(planned)
    count = sum(len(record.resources) for record, _ in planned)
    rules = len(getattr(module, "RULES", ()) or ())
    best = float("inf")
    for _ in range(max(1, rounds)):
        started = _clock()
        for record, stage in planned:
            evaluate(to_resources(record), stack_stage=stage)
        best = min(best, _clock() - started)
    return count / best, f"{count} resources x {rules} rules in {best:.4f} s (eventing_platform.rules.evaluate)"


# --------------------------------------------------------------------------- import time

_IMPORT_PROBE = """
import importlib.util, sys, time
root = sys.argv[1]
spec = importlib.util.spec_from_file_location(
    "eventing_platform", root + "/components/__init__.py", submodule_search_locations=[root + "/components"])
module = importlib.util.module_from_spec(spec)
sys.modules["eventing_platform"] = module
spec.loader.exec_module(module)
started = time.perf_counter()
import eventing_platform.knative  # noqa
elapsed = time.perf_counter() - started
heavy = sorted(m for m in ("pulumi_alicloud", "pulumi_gcp", "pulumi_policy") if m in sys.modules)
print(elapsed, ",".join(heavy))
"""


def import_time(rounds: int) -> tuple[float, list[str]]:
    """Seconds to import ``eventing_platform.knative`` in a fresh interpreter (min over rounds)."""
    best, heavy = float("inf"), []
    for _ in range(max(1, rounds)):
        out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE, str(ROOT)], capture_output=True, text=True, check=True)
        seconds, _, names = out.stdout.strip().partition(" ")
        best = min(best, float(seconds))
        heavy = [n for n in names.split(",") if n]
    return best, heavy


# --------------------------------------------------------------------------- the run


@dataclass
class Report:
    """Everything one benchmark run measured."""

    overhead_ratio: float
    scaling_ratio: float
    policy_resources_per_s: float | None
    import_s: float
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` object."""
        ok = self.overhead_ratio <= TARGETS["overhead_ratio"] and self.scaling_ratio <= TARGETS["scaling_ratio"]
        return {
            "overhead_ratio": round(self.overhead_ratio, 3),
            "scaling_ratio": round(self.scaling_ratio, 3),
            "policy_resources_per_s": None if self.policy_resources_per_s is None else round(self.policy_resources_per_s, 1),
            "import_s": round(self.import_s, 4),
            "targets": TARGETS,
            "targets_met": ok,
            **self.details,
        }


def measure_stacks(rounds: int) -> tuple[float, dict[str, Any], list[tuple[PlanRecord, str]]]:
    """Overhead ratio over every scenario; per-stack details; the component records."""
    rows: dict[str, Any] = {}
    total_components = total_direct = 0.0
    median_components = median_direct = 0.0
    records: list[tuple[PlanRecord, str]] = []
    for scenario in SCENARIOS.values():
        stack = read_stack_file(PROGRAM, scenario.name)
        config = _stack_config(scenario, stack)
        components = component_program(scenario, config)
        with recording_invokes() as invokes:
            _, record = _run(components, stack)
        records.append((record, stack.stage))
        direct, factories = equivalent_direct_program(record, stack, invokes)
        times = _interleaved({"components": (components, stack), "direct": (direct, stack)}, rounds)
        c, d = min(times["components"]), min(times["direct"])
        total_components += c
        total_direct += d
        median_components += statistics.median(times["components"])
        median_direct += statistics.median(times["direct"])
        kinds: dict[str, int] = {}
        for f in factories.values():
            kinds[f.kind] = kinds.get(f.kind, 0) + 1
        rows[scenario.name] = {
            "resources": len(record.resources),
            "custom_resources": sum(1 for r in record.resources if r.custom),
            "invokes": len(invokes),
            "components_s": round(c, 4),
            "direct_s": round(d, 4),
            "ratio": round(c / d, 3),
            "direct_types_by_path": kinds,
        }
    ratio = total_components / total_direct if total_direct else float("nan")
    median_ratio = median_components / median_direct if median_direct else float("nan")
    return ratio, {"stacks": rows, "overhead_ratio_median": round(median_ratio, 3)}, records


def measure_scaling(rounds: int) -> tuple[float, dict[str, Any]]:
    """Per-resource time of the generated stack at 1000 over 100.

    Each timed sample of the small stack is 10 back-to-back runs, so that both sizes are
    sampled over windows of the same length: on a shared machine the minimum of short samples
    would catch quiet moments the long ones cannot, and bias the ratio.
    """
    small, large = SCALING_SIZES
    programs: dict[str, tuple[Program, StackInput | None]] = {}
    counts: dict[str, int] = {}
    repeat = {str(small): max(1, large // small), str(large): 1}
    kind = ""
    for n in SCALING_SIZES:
        program, kind = generated_program(n)
        counts[str(n)] = len(_run(program)[1].resources)  # also the warm-up
        programs[str(n)] = (_repeated(program, repeat[str(n)]), None)
    times = _interleaved(programs, rounds, warm_up=False)
    per = {n: min(times[n]) / (counts[n] * repeat[n]) for n in times}
    detail = {
        "scaling": {
            "pair": f"KnativeService + {kind}",
            **{f"n{n}": {"resources": counts[n], "s": round(min(times[n]) / repeat[n], 4),
                         "per_resource_us": round(per[n] * 1e6, 1), "runs_per_sample": repeat[n]} for n in times},
        }
    }
    return per[str(large)] / per[str(small)], detail


class _Repeated:
    """A program run ``times`` times per timed sample (see :func:`measure_scaling`)."""

    def __init__(self, program: Program, times: int) -> None:
        self.program, self.times = program, times


def _repeated(program: Program, times: int) -> Any:
    return program if times == 1 else _Repeated(program, times)


def run(rounds: int) -> Report:
    """Measure everything once."""
    started = time.perf_counter()
    overhead, stack_detail, records = measure_stacks(rounds)
    scaling, scaling_detail = measure_scaling(max(3, rounds // 2))
    policy, policy_note = policy_throughput(records, rounds)
    import_s, heavy = import_time(rounds)
    details = {
        **stack_detail,
        **scaling_detail,
        "policy_note": policy_note,
        "import_heavy_sdks": heavy,
        "rounds": rounds,
        "clock": "process CPU time (all threads), minimum over rounds",
        "direct_equivalence": "verified per stack: same custom resources, inputs, providers and dependencies",
        "python": platform.python_version(),
        "pulumi": importlib.metadata.version("pulumi"),
        "bench_s": round(time.perf_counter() - started, 1),
    }
    return Report(overhead, scaling, policy, import_s, details)


def text_report(report: Report) -> str:
    """The human-readable report."""
    data = report.as_json()
    lines = ["eventing-platform benchmark (offline engine)", ""]
    lines.append(f"{'stack':<20} {'resources':>9} {'components s':>13} {'direct s':>9} {'ratio':>6}")
    for name, row in data["stacks"].items():
        lines.append(f"{name:<20} {row['resources']:>9} {row['components_s']:>13.4f} {row['direct_s']:>9.4f} {row['ratio']:>6.2f}")
    scaling = data["scaling"]
    lines.append("")
    for key in (f"n{n}" for n in SCALING_SIZES):
        row = scaling[key]
        lines.append(f"generated {key[1:]:>5} x {scaling['pair']}: {row['resources']} resources, {row['s']:.3f} s, {row['per_resource_us']:.0f} us/resource")
    lines.append("")

    def verdict(key: str) -> str:
        return "ok" if data[key] <= TARGETS[key] else f"MISSED (target <= {TARGETS[key]})"

    lines.append(f"overhead_ratio          {data['overhead_ratio']:.3f}  {verdict('overhead_ratio')}  (median-based {data['overhead_ratio_median']:.3f})")
    lines.append(f"scaling_ratio           {data['scaling_ratio']:.3f}  {verdict('scaling_ratio')}")
    policy = data["policy_resources_per_s"]
    lines.append(f"policy_resources_per_s  {'n/a' if policy is None else f'{policy:.0f}'}  ({data['policy_note']})")
    heavy = ", ".join(data["import_heavy_sdks"]) or "no cloud SDK loaded"
    lines.append(f"import_s                {data['import_s']:.3f}  (import eventing_platform.knative; {heavy})")
    lines.append(f"\n{data['rounds']} rounds, {data['bench_s']} s, Python {data['python']}, pulumi {data['pulumi']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point: prints the report; with ``--check`` exits 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="Benchmark the component layer on the offline engine.")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds per stack measurement (default 7; the 100/1000 scaling pair gets half)")
    parser.add_argument("--check", action="store_true", help="exit 1 when overhead or scaling misses its target")
    args = parser.parse_args(argv)
    # Stacks log warnings meant for `pulumi up` (through the root logger): keep stdout/stderr
    # for the report.
    logging.getLogger().addHandler(logging.NullHandler())
    report = run(max(1, args.rounds))
    print(json.dumps(report.as_json()) if args.json else text_report(report))
    return 0 if (not args.check or report.as_json()["targets_met"]) else 1


if __name__ == "__main__":
    sys.exit(main())
