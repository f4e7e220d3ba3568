"""The honest floor of a stack: a standalone program of literal SDK calls under plain mocks.

For each stack, :func:`floor_program` writes a Python module that registers the same custom
resources as ``python -m stacks plan STACK`` does (same type tokens, names, inputs, providers,
dependencies and secrets, and the same invokes), and nothing else:

- no ``eventing_platform`` import, no offline engine, no config, no checks, no artefacts: only
  ``pulumi`` and the provider SDKs the stack's resources come from;
- ``pulumi.runtime.set_mocks`` with a trivial ``Mocks`` (a resource's state is its inputs, an
  invoke returns nothing) and the program run by ``pulumi.runtime.test``, the SDK's own way to
  run a program on mocks and wait for every registration;
- each resource is a literal constructor call, as a person writing the stack by hand would write
  it: the provider SDK's class where the SDK has one (``pulumi_kubernetes.core.v1.Namespace``,
  ``pulumi_alicloud.oss.Bucket``, the providers themselves), ``pulumi_kubernetes``'s
  ``apiextensions.CustomResource`` for a custom resource such as a Knative Service, and a plain
  ``pulumi.CustomResource(type, name, props)`` only where an SDK class would register other
  inputs than the stack does (the SDK adds or renames a field);
- an input that came from another resource's output is passed as an output of that resource
  (``_after(value, r3)``: the recorded value, released once ``r3`` is registered), so the
  program waits where the stack waits and sends the same property dependencies; a dependency a
  component's ``depends_on`` implied is stated on each resource; secrets are
  ``pulumi.Output.secret``.

Why this floor: it is the least CPU any Pulumi Python program can spend to register these
resources with the SDKs a hand-written program would use, so ``plan / floor`` is the whole
price of what the project adds (its components, config validation, the offline engine's record,
the checks, the artefacts, imports it need not make, interpreter shutdown over a larger heap).
The SDK's own mock monitor is used as it is: the offline engine's shortcuts (an inline executor,
no source-position walk, collection paused during the run) are part of what ``plan`` is, not of
the floor. A floor of bare ``pulumi.CustomResource`` calls would skip the SDK classes' input
translation, which no hand-written program skips; one on the offline engine would include the
project's own engine.

Every floor module is checked before it is timed: :func:`equivalent_floor` runs its
``register()`` on the offline engine and compares what it registers with the stack's record
(:func:`differences`); a type whose SDK class registers something else falls back to
``pulumi.CustomResource`` and the check runs again.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import re
import sys
import types
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventing_platform.engine import PlanRecord, RecordedResource, run_program
from eventing_platform.engine.program import StackInput, plan_stack, read_stack_file
from eventing_platform.engine.record import is_secret_value, mask_secrets

Invoke = tuple[str, dict[str, Any]]
"""An invoke a run made: (token, arguments)."""

LAUNCHER = "run_floor.py"
"""The file that runs floor modules: ``python run_floor.py STACK [STACK ...]``."""

_LAUNCHER_SOURCE = '''"""Run floor programs in turn: python run_floor.py STACK [STACK ...] (generated; do not edit)."""

import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
for stack in sys.argv[1:]:
    importlib.import_module("floor_" + stack.replace("-", "_")).main()
'''


# --------------------------------------------------------------------------- recording a stack


@contextlib.contextmanager
def recording_invokes() -> Iterator[list[Invoke]]:
    """Collect every invoke (token, arguments) a run on the offline engine makes."""
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


@dataclass(frozen=True)
class PlannedStack:
    """A stack as ``plan`` runs it: its input, its record and the invokes it made."""

    stack: StackInput
    record: PlanRecord
    invokes: tuple[Invoke, ...]


def plan_with_invokes(program: Any, name: str) -> PlannedStack:
    """Plan stack ``name`` of ``program`` with its shipped config, recording its invokes."""
    stack = read_stack_file(program, name)
    with recording_invokes() as invokes:
        record = plan_stack(stack)
    return PlannedStack(stack, record, tuple(invokes))


# --------------------------------------------------------------------------- how a type is constructed


@dataclass(frozen=True)
class Constructor:
    """How the floor constructs one type token: ``sdk`` (the SDK class at ``module.name``),
    ``crd`` (``pulumi_kubernetes.apiextensions.CustomResource``) or ``generic``."""

    style: str
    module: str = ""
    name: str = ""
    keywords: Mapping[str, str] = field(default_factory=dict)
    """Recorded (camelCase) input name -> the class's keyword argument."""


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake(name: str) -> str:
    return _CAMEL.sub(r"_\1", name).lower()


def _import_sdk(package: str) -> None:
    with contextlib.suppress(ImportError):
        importlib.import_module("pulumi_" + package.replace("-", "_"))


def sdk_class(type_token: str) -> tuple[str, str] | None:
    """``(module, class name)`` of the provider SDK class registered for ``type_token``."""
    from pulumi.runtime import rpc

    pkg, _, rest = type_token.partition(":")
    if pkg == "pulumi" and rest.startswith("providers:"):
        provider_pkg = rest.split(":", 1)[1]
        _import_sdk(provider_pkg)
        for package in rpc._RESOURCE_PACKAGES.get(provider_pkg, []):
            info = getattr(package, "pkg_info", None)
            if info and info.get("token") == type_token:
                return info["fqn"], info["class"]
        return None
    _import_sdk(pkg)
    for module in rpc._RESOURCE_MODULES.get(f"{pkg}:{rest.rsplit(':', 1)[0]}", []):
        info = getattr(module, "mod_info", None)
        if info and type_token in info.get("classes", {}):
            return info["fqn"], info["classes"][type_token]
    return None


def _keywords(cls: type, inputs: Iterable[str]) -> dict[str, str]:
    """Recorded input name -> keyword of ``cls`` (inputs it does not take are left out)."""
    from pulumi._types import input_type_py_to_pulumi_names, resource_pulumi_to_py_names

    known = dict(resource_pulumi_to_py_names(cls))
    args_cls = getattr(sys.modules.get(cls.__module__), f"{cls.__name__}Args", None)
    if args_cls is not None:
        known.update({pulumi_name: py for py, pulumi_name in input_type_py_to_pulumi_names(args_cls).items()})
    init = getattr(cls, "_internal_init", cls.__init__)
    skip = {"self", "__self__", "resource_name", "opts", "__props__", "args", "kwargs"}
    accepted = {p for p in inspect.signature(init).parameters if p not in skip}
    out: dict[str, str] = {}
    for key in inputs:
        py = known.get(key) or _snake(key)
        if py not in accepted and py + "_" in accepted:  # e.g. resource_name_ (clashes with the name)
            py += "_"
        if py in accepted:
            out[key] = py
    return out


def constructor(resources: list[RecordedResource]) -> Constructor:
    """The most specific way to construct these resources (all of one type token)."""
    token = resources[0].type
    found = sdk_class(token)
    if found is not None:
        module, name = found
        cls = getattr(importlib.import_module(module), name)
        keys = {k for r in resources for k in r.inputs}
        return Constructor("sdk", module, name, _keywords(cls, keys))
    crd_fields = {"apiVersion", "kind", "metadata", "spec"}
    if token.startswith("kubernetes:") and all(set(r.inputs) <= crd_fields for r in resources):
        return Constructor("crd", "pulumi_kubernetes.apiextensions", "CustomResource")
    return Constructor("generic")


# --------------------------------------------------------------------------- the source


def effective_dependencies(record: PlanRecord) -> dict[str, set[str]]:
    """Per custom resource: the custom resources it waits for, its own and its ancestors'.

    A component's ``depends_on`` holds back every child through the parent link; the children's
    own requests do not list those dependencies. A program without components states them.
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


def provider_urn(ref: str | None) -> str:
    """The URN in a provider reference (``<urn>::<id>``); empty for the default provider."""
    return ref.rsplit("::", 1)[0] if ref else ""


def creation_order(record: PlanRecord) -> list[RecordedResource]:
    """The custom resources, providers first, each after what it depends on (stable, by URN)."""
    effective = effective_dependencies(record)
    customs = [r for r in record.resources if r.custom]
    urns = {r.urn for r in customs}
    done: set[str] = set()
    order: list[RecordedResource] = []
    pending = sorted(customs, key=lambda r: (not r.type.startswith("pulumi:providers:"), r.urn))
    while pending:
        waiting = []
        for r in pending:
            needs = {d for d in effective[r.urn] if d in urns} | ({provider_urn(r.provider)} & urns)
            if needs <= done:
                order.append(r)
                done.add(r.urn)
            else:
                waiting.append(r)
        if len(waiting) == len(pending):  # a valid plan has no cycle; keep going anyway
            order.extend(waiting)
            break
        pending = waiting
    return order


def _literal(value: Any) -> str:
    """Python source for a recorded value; wrapped secrets become ``pulumi.Output.secret``."""
    if is_secret_value(value):
        return f"pulumi.Output.secret({_literal(value.get('value'))})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    return repr(value)


def _module_alias(module: str) -> str:
    return module.replace(".", "_")


def floor_source(planned: PlannedStack, constructors: Mapping[str, Constructor]) -> str:
    """The floor module of one planned stack."""
    record = planned.record
    order = creation_order(record)
    effective = effective_dependencies(record)
    var = {r.urn: f"r{i}" for i, r in enumerate(order)}
    modules = sorted({c.module for c in constructors.values() if c.style != "generic"})
    lines = [
        f'"""Floor program of stack {record.stack}: its custom resources as literal SDK calls under plain',
        'mocks. Generated by benchmarks/floor.py from the stack\'s plan; do not edit."""',
        "",
        "import pulumi",
        *(f"import {m} as {_module_alias(m)}" for m in modules),
        "",
        f"PROJECT = {record.project!r}",
        f"STACK = {record.stack!r}",
        "",
        "",
        "class _Mocks(pulumi.runtime.Mocks):",
        "    def new_resource(self, args):",
        '        return f"{args.name}-id", args.inputs',
        "",
        "    def call(self, args):",
        "        return {}",
        "",
        "",
        "def _after(value, *resources):",
        '    """``value`` as an output of ``resources`` (what an input taken from their outputs is)."""',
        "    return pulumi.Output.all(*(r.urn for r in resources)).apply(lambda _: value)",
        "",
        "",
        "def register():",
    ]
    for token, args in planned.invokes:
        lines.append(f"    pulumi.runtime.invoke_output({token!r}, {_literal(args)})")
    for r in order:
        wired: set[str] = set()
        inputs: dict[str, str] = {}
        for key, value in r.inputs.items():
            sources = [u for u in r.property_dependencies.get(key, ()) if u in var and u != r.urn]
            if sources:
                refs = ", ".join(var[u] for u in sources)
                if is_secret_value(value):
                    inputs[key] = f"pulumi.Output.secret(_after({_literal(value.get('value'))}, {refs}))"
                else:
                    inputs[key] = f"_after({_literal(value)}, {refs})"
                wired.update(sources)
            else:
                inputs[key] = _literal(value)
        deps = [var[d] for d in sorted(effective[r.urn]) if d in var and d not in wired]
        options = []
        provider = provider_urn(r.provider)
        if provider in var:
            options.append(f"provider={var[provider]}")
        if deps:
            options.append(f"depends_on=[{', '.join(deps)}]")
        opts = f"pulumi.ResourceOptions({', '.join(options)})" if options else "None"
        c = constructors[r.type]
        if c.style == "sdk":
            kwargs = "".join(f", {c.keywords[k]}={v}" for k, v in inputs.items() if k in c.keywords)
            call = f"{_module_alias(c.module)}.{c.name}({r.name!r}{kwargs}, opts={opts})"
        elif c.style == "crd":
            kwargs = "".join(f", {_snake(k)}={v}" for k, v in inputs.items())
            call = f"{_module_alias(c.module)}.{c.name}({r.name!r}{kwargs}, opts={opts})"
        else:
            props = "{" + ", ".join(f"{k!r}: {v}" for k, v in inputs.items()) + "}"
            call = f"pulumi.CustomResource({r.type!r}, {r.name!r}, {props}, {opts})"
        lines.append(f"    {var[r.urn]} = {call}")
    for key, value in record.outputs.items():
        expr = _literal(value)
        lines.append(f"    pulumi.export({key!r}, {f'pulumi.Output.secret({expr})' if key in record.secret_outputs else expr})")
    lines += [
        "",
        "",
        "def main():",
        '    """Register the stack on plain mocks and wait for every registration."""',
        "    pulumi.runtime.set_mocks(_Mocks(), project=PROJECT, stack=STACK, preview=False)",
        "    pulumi.runtime.test(register)()",
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- checking it


def load_floor(source: str, name: str = "floor") -> types.ModuleType:
    """The floor module from its source (not registered in ``sys.modules``)."""
    module = types.ModuleType(name)
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own generated source
    return module


def floor_record(source: str, planned: PlannedStack) -> tuple[PlanRecord, list[Invoke]]:
    """What the floor's ``register()`` registers, recorded by the offline engine."""
    module = load_floor(source)
    stack = planned.stack
    with recording_invokes() as invokes:
        record = run_program(module.register, project=stack.program.project, stack=stack.name,
                             config=stack.config, secret_keys=stack.secret_keys)
    return record, invokes


def _provider_key(ref: str | None) -> tuple[str, str] | None:
    """(type, name) of the provider a reference names: comparable across the two runs."""
    if not ref:
        return None
    parts = provider_urn(ref).split("::")
    return parts[2].split("$")[-1], parts[3]


def signature(record: PlanRecord) -> dict[tuple[str, str], dict[str, Any]]:
    """What must match, per custom resource (type, name): masked inputs, dependencies (own and
    inherited, by the (type, name) they name), property dependencies and provider."""
    customs = {r.urn: (r.type, r.name) for r in record.resources if r.custom}
    effective = effective_dependencies(record)

    def named(urns: Iterable[str]) -> list[tuple[str, str]]:
        return sorted(customs[u] for u in urns if u in customs)

    return {
        (r.type, r.name): {
            "inputs": mask_secrets(r.inputs),
            "secret_inputs": sorted(k for k, v in r.inputs.items() if mask_secrets(v) != v),
            "dependencies": named(effective[r.urn]),
            "property_dependencies": {k: named(v) for k, v in r.property_dependencies.items() if named(v)},
            "provider": _provider_key(r.provider),
        }
        for r in record.resources
        if r.custom
    }


def differences(expected: PlanRecord, got: PlanRecord) -> list[tuple[str, str, str]]:
    """``(problem, type, name)`` for every custom resource not registered identically."""
    a, b = signature(expected), signature(got)
    problems = [("missing", *k) for k in sorted(set(a) - set(b))]
    problems += [("extra", *k) for k in sorted(set(b) - set(a))]
    for k in sorted(set(a) & set(b)):
        problems += [(f"{part} differ", *k) for part in a[k] if a[k][part] != b[k][part]]
    return problems


class FloorMismatch(RuntimeError):
    """No floor program registers what the stack registers."""


@dataclass(frozen=True)
class FloorProgram:
    """A verified floor module of one stack."""

    stack: str
    source: str
    constructors: Mapping[str, Constructor]
    """How each type token is constructed."""

    @property
    def module_name(self) -> str:
        """``floor_<stack>`` (dashes as underscores)."""
        return "floor_" + self.stack.replace("-", "_")


def equivalent_floor(planned: PlannedStack) -> FloorProgram:
    """The floor of ``planned``, checked to register the same custom resources and invokes."""
    by_type: dict[str, list[RecordedResource]] = {}
    for r in planned.record.resources:
        if r.custom:
            by_type.setdefault(r.type, []).append(r)
    constructors = {t: constructor(rs) for t, rs in by_type.items()}
    problems: list[tuple[str, str, str]] = []
    for _ in range(len(constructors) + 1):
        source = floor_source(planned, constructors)
        try:
            got, invokes = floor_record(source, planned)
        except TypeError as err:  # an SDK class refused an argument: find which and fall back
            failing = next((t for t, c in constructors.items() if c.style != "generic" and c.name in str(err)), None)
            if failing is None:
                raise
            constructors[failing] = Constructor("generic")
            continue
        problems = differences(planned.record, got)
        if sorted(t for t, _ in invokes) != sorted(t for t, _ in planned.invokes):  # callbacks invoke in any order
            problems.append(("invokes differ", "", ""))
        fixable = {t for p, t, _ in problems if t in constructors and constructors[t].style != "generic"}
        if not problems:
            return FloorProgram(planned.record.stack, source, constructors)
        if not fixable:
            break
        for token in fixable:
            constructors[token] = Constructor("generic")
    listed = "; ".join(f"{p} {t} {n}" for p, t, n in problems)
    raise FloorMismatch(f"the floor program of {planned.record.stack} does not register the same resources: {listed}")


def write_floors(directory: Path, floors: Iterable[FloorProgram]) -> Path:
    """Write every floor module and the launcher into ``directory``; the launcher's path."""
    directory.mkdir(parents=True, exist_ok=True)
    for floor in floors:
        (directory / f"{floor.module_name}.py").write_text(floor.source)
    launcher = directory / LAUNCHER
    launcher.write_text(_LAUNCHER_SOURCE)
    return launcher
