"""Public names of a package imported from their submodules on first use (PEP 562).

A domain package (``eventing_platform.knative``, ``.kubernetes``, ``.alicloud``, ``.gcp``)
re-exports the components of its submodules, which import a provider SDK. Importing the package,
or one light submodule of it (``eventing_platform.kubernetes.names``, ``.alicloud.event_pattern``),
must not load that SDK: ``list`` and ``schema`` read config types from such modules, and ``plan``
of a stack loads only the SDKs the stack uses. So the package lists ``name -> submodule``
(:func:`lazy_exports`) and imports the submodule when the name is first read; for type checkers
the same names are imported under ``if TYPE_CHECKING:`` (a test keeps both lists equal).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose public names live in submodules.

    ``exports`` maps each public name to the submodule defining (or re-exporting) it, relative to
    ``package`` (``"broker"``, ``"sources.kafka"``). Reading a name imports its submodule once and
    caches the value on the package; any other name is an ``AttributeError`` (so
    ``from package import submodule`` still imports the submodule).
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports))

    return __getattr__, __dir__


__all__ = ["lazy_exports"]
