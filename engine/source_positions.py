"""Where the program created each resource: the ``sourcePosition`` of its registration, cheaply.

The Pulumi Python SDK (3.x, ``pulumi.runtime.resource``) fills ``RegisterResourceRequest``'s
``sourcePosition`` (``uri`` ``file:///...`` and ``line``) from ``_get_stack_trace()``: it takes
``traceback.extract_stack()`` (every frame, with its source line read through ``linecache``),
counts three ``__init__`` frames from the top (``Resource``, ``CustomResource`` or
``ComponentResource``, the concrete class) and sends the frames below them, the first being the
position. That walk is a third of a registration offline, so the engine replaces it for the run
with :func:`program_position_trace`: a one-frame trace built from ``sys._getframe`` without
reading any source, whose frame is the *program line* instead of the SDK's caller frame: the
innermost frame outside the Pulumi SDK, the standard library, installed packages and
``eventing_platform`` itself. For a resource a component creates that is the line of the
user's program that created the component, which is what a code-scanning view should point at.
"""

from __future__ import annotations

import importlib.util
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path
from types import CodeType, FrameType
from typing import Any
from urllib.parse import unquote, urlsplit

PACKAGE_PARTS = (
    "eventing_platform", "eventing_platform.kinds", "eventing_platform.events", "eventing_platform.engine",
    "eventing_platform.analysis", "eventing_platform.rules", "eventing_platform.cli",
)
"""The installed package's parts (each may live in its own folder, see ``setup.py``)."""


def _library_roots() -> tuple[str, ...]:
    roots: set[str] = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        path = sysconfig.get_paths().get(key)
        if path:
            roots.add(str(Path(path).resolve()))
    for name in PACKAGE_PARTS:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            roots.add(str(Path(location).resolve()))
    return tuple(sorted(roots))


_ROOTS: tuple[str, ...] | None = None
_BOUNDARIES: set[int] = set()
_KEEP: list[CodeType] = []


def stop_at(code: CodeType) -> None:
    """Never look above a frame running ``code`` (the engine's run: above it is the caller, not the program)."""
    _KEEP.append(code)  # keeps its id valid
    _BOUNDARIES.add(id(code))


@lru_cache(maxsize=4096)
def _program_file(filename: str) -> str | None:
    """The absolute path of ``filename`` when it is program code (not a library), else ``None``."""
    global _ROOTS
    if _ROOTS is None:
        _ROOTS = _library_roots()
    if not filename or filename.startswith("<"):
        return None
    path = str(Path(filename).resolve())
    if any(path == root or path.startswith(root + "/") for root in _ROOTS):
        return None
    return path


@lru_cache(maxsize=4096)
def _uri(path: str) -> str:
    return Path(path).as_uri()


# Keyed by id(): hashing a code object hashes its bytecode, which would cost more than the walk.
# Each entry holds its code object, so that id is never reused by another code object while
# the entry exists (a program run again creates new code objects for its module, and a freed
# one's id could otherwise come back as another file's code and read its cached path).
_CODE_FILES: dict[int, tuple[CodeType, str | None]] = {}


def program_frame(frame: FrameType | None) -> tuple[str, int] | None:
    """``(absolute path, line)`` of the innermost program frame at or above ``frame``."""
    while frame is not None:
        key = id(frame.f_code)
        if key in _BOUNDARIES:
            return None
        entry = _CODE_FILES.get(key)
        if entry is None or entry[0] is not frame.f_code:
            entry = _CODE_FILES[key] = (frame.f_code, _program_file(frame.f_code.co_filename))
        path = entry[1]
        if path is not None:
            return path, frame.f_lineno
        frame = frame.f_back
    return None


def program_position_trace() -> Any:
    """A drop-in for the SDK's ``_get_stack_trace``: one frame, the program line (empty if none)."""
    found = program_frame(sys._getframe(1))
    return _trace(*found) if found is not None else _trace("", 0)


@lru_cache(maxsize=4096)
def _trace(path: str, line: int) -> Any:
    # One message per line, shared: the SDK only copies it into the request.
    from pulumi.runtime.proto import source_pb2

    if not path:
        return source_pb2.StackTrace()
    position = source_pb2.SourcePosition(uri=_uri(path), line=line)
    return source_pb2.StackTrace(frames=[source_pb2.StackFrame(pc=position)])


def position_of(request: Any) -> tuple[str, int] | None:
    """``(absolute path, line)`` from a request's ``sourcePosition`` (``None`` when it has none)."""
    position = getattr(request, "sourcePosition", None)
    if position is None or not position.uri or not position.uri.startswith("file:"):
        return None
    return unquote(urlsplit(position.uri).path), int(position.line)


__all__ = ["PACKAGE_PARTS", "position_of", "program_frame", "program_position_trace", "stop_at"]
