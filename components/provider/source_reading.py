"""What the generator reads from the components: which are public, their field docstrings,
the outputs they register, and docstrings as schema descriptions."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import re
import textwrap
from typing import Any

import pydantic

from eventing_platform.component import Component

from .naming import GenerationError

_ROLE = re.compile(r":(?:class|meth|func|data|attr|mod|obj|exc):`~?([^`]+)`")

ATTRIBUTES = re.compile(r"\s*Attributes: [^\n]*")
"""The list of a component's Python attributes in its docstring (other languages see its outputs)."""


def public_components(domain: str) -> list[type[Component[Any]]]:
    """The components ``eventing_platform.<domain>`` exports, by class name."""
    module = importlib.import_module(f"eventing_platform.{domain}")
    exported = [getattr(module, name) for name in module.__all__]
    found = [c for c in exported if inspect.isclass(c) and issubclass(c, Component) and hasattr(c, "TYPE")]
    return sorted(found, key=lambda c: c.__name__)


def registered_output_names(component: type[Component[Any]]) -> list[str]:
    """The keys of the one ``self.register_outputs({...})`` call in ``component``'s source."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(component)))
    calls = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "register_outputs"
    ]
    if len(calls) != 1 or not calls[0].args or not isinstance(calls[0].args[0], ast.Dict):
        raise GenerationError(f"{component.__name__}: expected one register_outputs({{...}}) call with a dict literal")
    keys = calls[0].args[0].keys
    if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys):
        raise GenerationError(f"{component.__name__}: register_outputs keys must be string literals")
    return [k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]


@functools.cache
def field_docstrings(model: type[pydantic.BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string literal after it), inherited fields included."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        if not (isinstance(cls, type) and issubclass(cls, pydantic.BaseModel)) or cls is pydantic.BaseModel:
            continue
        try:
            source = textwrap.dedent(inspect.getsource(cls))
        except (OSError, TypeError):
            continue
        body = ast.parse(source).body[0]
        statements = body.body if isinstance(body, ast.ClassDef) else []
        for node, after in zip(statements, statements[1:], strict=False):
            if (
                isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[node.target.id] = after.value.value
    return docs


def describe(text: str | None) -> str:
    """A docstring as a schema description: paragraphs kept, lines joined, reST roles and
    double backticks as Markdown code."""
    cleaned = inspect.cleandoc(text or "")
    cleaned = _ROLE.sub(lambda m: f"`{m.group(1).rsplit('.', 1)[-1]}`", cleaned)
    cleaned = cleaned.replace("``", "`")
    paragraphs = [" ".join(line.strip() for line in p.splitlines()) for p in re.split(r"\n\s*\n", cleaned)]
    return "\n\n".join(p for p in paragraphs if p)
