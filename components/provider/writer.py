"""The source of the adapter modules, built from the args models' readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydantic

from eventing_platform.component import Component

from .model_types import (
    JSON_FORMS,
    AnyValue,
    Choice,
    JsonForm,
    ListOf,
    MapOf,
    ModelOf,
    OneOf,
    Reading,
    Scalar,
    field_annotations,
    read,
)
from .naming import (
    ADAPTERS_PACKAGE,
    GenerationError,
    adapter_module,
    docstring,
    member_name,
    pascal,
    type_name,
)
from .outputs import output_spec
from .source_reading import (
    ATTRIBUTES,
    describe,
    field_docstrings,
    public_components,
    registered_output_names,
)

DOMAINS = ("kubernetes", "knative", "alicloud", "gcp")
"""The domains served, in the order their adapters are listed."""


@dataclass
class Definition:
    """One class written into an adapter module."""

    name: str
    module: str
    """The adapter module it is written into (``eventing_platform.provider.adapters....``)."""
    lines: list[str] = field(default_factory=list)


@dataclass
class Module:
    """What one adapter module holds and needs."""

    name: str
    definitions: list[Definition] = field(default_factory=list)
    imports: dict[str, set[str]] = field(default_factory=dict)
    """Adapter module -> the names taken from it."""
    uses: set[str] = field(default_factory=set)
    """Names from the standard library and typing_extensions it uses."""
    builds: bool = False
    """True when it holds an adapter (and so calls :func:`.adapter.build`)."""


class AdapterWriter:
    """Builds the adapter modules' source: each type in the module mirroring its model's module.

    Small modules also keep the provider's start fast: the SDK's analyzer reads each class's
    docstrings with ``inspect.getsource``, which parses the class's whole module every time.
    """

    def __init__(self) -> None:
        self.modules: dict[str, Module] = {}
        self.types: dict[object, Definition] = {}
        self.owners: dict[str, object] = {}
        self.pending: set[object] = set()
        self.current = ADAPTERS_PACKAGE
        self.adapters: list[tuple[str, str]] = []
        """``(module, class)`` of every adapter, in domain order."""

    # ---------------------------------------------------------------- names and modules

    def _claim(self, name: str, key: object) -> None:
        owner = self.owners.setdefault(name, key)
        if owner != key:
            raise GenerationError(f"two schema types would be named {name!r}: {owner!r} and {key!r}; add one to TYPE_NAMES")

    def _module(self, name: str) -> Module:
        return self.modules.setdefault(name, Module(name))

    def _use(self, definition: Definition) -> str:
        if definition.module != self.current:
            self._module(self.current).imports.setdefault(definition.module, set()).add(definition.name)
        return definition.name

    def _define(self, definition: Definition) -> None:
        self._module(definition.module).definitions.append(definition)

    def _needs(self, name: str) -> None:
        self._module(self.current).uses.add(name)

    # ---------------------------------------------------------------- annotations

    def annotation(self, reading: Reading, owner: str, field_name: str, doc: str) -> str:
        """The adapter annotation for ``reading`` (a field ``field_name`` of type ``owner``)."""
        if isinstance(reading, Scalar):
            return reading.type.__name__
        if isinstance(reading, (AnyValue, JsonForm)):
            self._needs("Any")
            return "Any"
        if isinstance(reading, Choice):
            return self.enum(reading.values, owner, field_name, doc)
        if isinstance(reading, ListOf):
            if isinstance(reading.item, Choice) and field_name.endswith("s"):
                field_name = field_name[:-1]  # `verbs: list[AccessNeedVerb]`
            item = self.annotation(reading.item, owner, field_name, doc)
            if item.startswith('"'):
                self._needs("List")
                return f"List[{item}]"
            return f"list[{item}]"
        if isinstance(reading, MapOf):
            value = self.annotation(reading.value, owner, field_name, doc)
            if value.startswith('"'):
                raise GenerationError(f"{owner}.{field_name}: a mapping of a recursive type is not supported")
            return f"dict[str, {value}]"
        if isinstance(reading, ModelOf):
            return self.model(reading.model)
        if isinstance(reading, OneOf):
            return self.merged(reading.models, owner, field_name, doc)
        if isinstance(reading.inner, (ModelOf, OneOf)):
            raise GenerationError(f"{owner}.{field_name}: an Input of a model is not supported (models are plain)")
        self._needs("pulumi")
        return f"pulumi.Input[{self.annotation(reading.inner, owner, field_name, doc)}]"

    def enum(self, values: Sequence[str], owner: str, field_name: str, doc: str) -> str:
        """An ``Enum`` of ``values`` named ``<Owner><Field>``, beside its owner."""
        key = ("enum", owner, field_name)
        if key in self.types:
            return self._use(self.types[key])
        name = pascal(field_name)
        name = name if name.startswith(owner) else owner + name
        self._claim(name, key)
        members = [member_name(v) for v in values]
        if len(set(members)) != len(members):
            raise GenerationError(f"{owner}.{field_name}: choices {list(values)!r} give repeated member names")
        self._needs("Enum")
        lines = [f"class {name}(Enum):", docstring(doc or f"{owner}.{field_name}.", "    "), ""]
        lines += [f'    {m} = "{v}"' for m, v in zip(members, values, strict=True)]
        definition = Definition(name, self.current, lines)
        self.types[key] = definition
        self._define(definition)
        return name

    def model(self, model: type[pydantic.BaseModel]) -> str:
        """The ``TypedDict`` of a nested args model (a quoted forward reference while it is being written)."""
        if model in self.types:
            if model in self.pending:
                return f'"{self.types[model].name}"'
            return self._use(self.types[model])
        name = type_name(model)
        self._claim(name, model)
        definition = Definition(name, adapter_module(model.__module__))
        self.types[model] = definition
        self.pending.add(model)
        definition.lines = self.typed_dict(definition, name, model.__doc__, [(model, n) for n in model.model_fields])
        self.pending.discard(model)
        self._define(definition)
        return self._use(definition)

    def merged(self, models: Sequence[type[pydantic.BaseModel]], owner: str, field_name: str, doc: str) -> str:
        """One ``TypedDict`` with the fields of every model, beside its owner (all optional: the
        model is chosen from the fields given; the choice field all of them have becomes one enum)."""
        key = ("merged", owner, field_name)
        if key in self.types:
            return self._use(self.types[key])
        name = owner + pascal(field_name)
        self._claim(name, key)
        definition = Definition(name, self.current)
        self.types[key] = definition
        fields: dict[str, list[type[pydantic.BaseModel]]] = {}
        for model in models:
            for field_name_ in model.model_fields:
                fields.setdefault(field_name_, []).append(model)
        definition.lines = self.typed_dict(
            definition, name, doc, [(holders[0], n) for n, holders in fields.items()], union=models,
        )
        self._define(definition)
        return name

    def typed_dict(
        self,
        definition: Definition,
        owner: str,
        doc: str | None,
        fields: Sequence[tuple[type[pydantic.BaseModel], str]],
        *,
        union: Sequence[type[pydantic.BaseModel]] = (),
    ) -> list[str]:
        """The source of ``definition``, a ``TypedDict`` of ``fields`` (each read from its model);
        ``owner`` names the enums and merged types of its fields. Fields with a default (every
        field of a ``union``) are ``NotRequired``."""
        outer, self.current = self.current, definition.module
        name = definition.name
        lines = [f"class {name}(TypedDict):", docstring(describe(doc) or f"{name}.", "    "), ""]
        for model, field_name in fields:
            where = f"{model.__name__}.{field_name}"
            reading = read(field_annotations(model)[field_name], where)
            text = describe(field_docstrings(model).get(field_name))
            holders = [m for m in union if field_name in m.model_fields]
            if union and isinstance(reading, Choice) and len(holders) == len(union):
                values: list[str] = []
                for holder in holders:
                    held = read(field_annotations(holder)[field_name], where)
                    values += [v for v in held.values if v not in values] if isinstance(held, Choice) else []
                reading = Choice(tuple(values))
                text = "Which one the other fields describe: " + ", ".join(
                    f"`{v}` ({h.__name__})" for v, h in zip(values, holders, strict=True)
                ) + "."
            elif union and len(holders) < len(union):
                text = f"{text} ({' and '.join(h.__name__ for h in holders)} only)".strip()
            if isinstance(reading, JsonForm):
                text = f"{text} {JSON_FORMS[reading.model].description}".strip()
            annotation = self.annotation(reading, owner, field_name, text)
            if union or not model.model_fields[field_name].is_required():
                self._needs("NotRequired")
                annotation = f"NotRequired[{annotation}]"
            noqa = '  # noqa: UP006 - List["X"] makes a ForwardRef, list["X"] a bare string' if "List[" in annotation else ""
            lines += [f"    {field_name}: {annotation}{noqa}", docstring(text or f"{name}.{field_name}.", "    ")]
        self.current = outer
        return lines

    # ---------------------------------------------------------------- components

    def component(self, component: type[Component[Any]]) -> None:
        """The args ``TypedDict`` and the adapter class of one component, in the module mirroring the component's."""
        name = component.__name__
        self._claim(name, component)
        args_name = f"{name}Args"
        self._claim(args_name, component.ARGS)
        module = adapter_module(component.__module__)
        args = Definition(args_name, module)
        fields = [(component.ARGS, n) for n in component.ARGS.model_fields]
        args.lines = self.typed_dict(args, name, component.ARGS.__doc__, fields)
        self._define(args)
        about = ATTRIBUTES.sub("", describe(component.__doc__)).strip()
        lines = [f"class {name}(pulumi.ComponentResource):", docstring(about, "    "), ""]
        for output in registered_output_names(component):
            try:
                spec = output_spec(name, output)
            except KeyError:
                raise GenerationError(f"{name} registers the output {output!r}, which outputs.OUTPUTS does not describe") from None
            value = f"{spec.type} | None" if spec.optional else spec.type
            lines += [f"    {output}: pulumi.Output[{value}]", docstring(spec.description, "    ")]
        target = f"{component.__module__}.{component.__qualname__}"
        lines += [
            "",
            f"    def __init__(self, name: str, args: {args_name}, opts: pulumi.ResourceOptions | None = None) -> None:",
            f'        build(self, "{target}", name, args, opts)',
        ]
        self._define(Definition(name, module, lines))
        self._module(module).builds = True
        self.adapters.append((module, name))

    def write_all(self) -> dict[str, str]:
        """Every adapter module's source, by path relative to ``adapters/``."""
        for domain in DOMAINS:
            for component in public_components(domain):
                self.component(component)
        files = {_relative_path(name): self.source(module) for name, module in self.modules.items()}
        packages = {p.parent / "__init__.py" for p in map(Path, files)} - {Path("__init__.py")}
        for package in packages:
            while str(package) != "__init__.py" and str(package) not in files:
                files[str(package)] = '"""Generated adapters (see eventing_platform.provider.generate)."""\n'
                package = package.parent.parent / "__init__.py"
        files["__init__.py"] = self.index()
        return dict(sorted(files.items()))

    def source(self, module: Module) -> str:
        """One adapter module."""
        stdlib = []
        if "Enum" in module.uses:
            stdlib.append("from enum import Enum")
        typing_names = sorted({"TypedDict"} | (module.uses & {"Any", "List"}))
        noqa = "  # noqa: UP035 - see List below" if "List" in typing_names else ""
        stdlib.append(f"from typing import {', '.join(typing_names)}{noqa}")
        third = ["import pulumi"] if module.builds or "pulumi" in module.uses else []
        if "NotRequired" in module.uses:
            third.append("from typing_extensions import NotRequired")
        local = ["from eventing_platform.provider.adapter import build"] if module.builds else []
        local += [_import_line(m, sorted(names)) for m, names in sorted(module.imports.items())]
        mirrored = module.name.replace(f"{ADAPTERS_PACKAGE}.", "eventing_platform.", 1)
        head = [
            f'"""Adapters of ``{mirrored}`` for other languages (generated from its args models).',
            "",
            "Generated by ``python -m eventing_platform.provider.generate``; do not edit. No",
            "``from __future__ import annotations``: the SDK's analyzer reads these annotations at runtime.",
            '"""',
        ]
        for group in (stdlib, third, local):
            if group:
                head += ["", *group]
        body = ["\n".join(d.lines) for d in module.definitions]
        return "\n".join(head) + "\n\n\n" + "\n\n\n".join(body) + "\n"

    def index(self) -> str:
        """``adapters/__init__.py``: every adapter, in one list."""
        lines = [
            '"""Every adapter the component provider serves (generated by',
            '``python -m eventing_platform.provider.generate``; do not edit)."""',
            "",
            "import pulumi",
            "",
        ]
        by_module: dict[str, list[str]] = {}
        for module, name in self.adapters:
            by_module.setdefault(module, []).append(name)
        lines += [_import_line(m, sorted(names)) for m, names in sorted(by_module.items())]
        lines += ["", "ADAPTERS: list[type[pulumi.ComponentResource]] = ["]
        lines += [f"    {name}," for _, name in self.adapters]
        lines += ["]", '"""One adapter per public component of the kubernetes, knative, alicloud and gcp domains."""', ""]
        return "\n".join(lines)


def _relative_path(module: str) -> str:
    return module.removeprefix(f"{ADAPTERS_PACKAGE}.").replace(".", "/") + ".py"


def _import_line(module: str, names: Sequence[str]) -> str:
    """``from <module> import <names>``, wrapped one name a line as ruff's isort does when long."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 100:
        return line
    return "\n".join([f"from {module} import (", *(f"    {n}," for n in names), ")"])
