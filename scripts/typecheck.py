#!/usr/bin/env python3
"""Type-check the installed package: ``mypy`` (strict, ``[tool.mypy]`` in pyproject.toml) over
``eventing_platform`` as a wheel installs it, with each error shown at its path in this repository.

The editable install hides the package from mypy, so the package is installed again, without
dependencies, into ``build/typecheck`` (what ``pip install`` of the wheel puts in site-packages,
``py.typed`` included) and ``mypy -p eventing_platform`` reads it there. Its files are copies:
an error in ``build/typecheck/eventing_platform/kinds/kind.py`` is printed as ``kinds/kind.py``,
through the folder map of ``setup.py`` (``PARTS``).

Usage: ``.venv/bin/python scripts/typecheck.py`` (what ``make typecheck`` runs). Exit status:
mypy's (0 clean, 1 errors, 2 crash or bad usage), or pip's when the install fails.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path("build") / "typecheck"
"""Where the package is installed for mypy (relative to the repository)."""


def package_parts(setup_py: Path = ROOT / "setup.py") -> dict[str, str]:
    """``setup.py``'s ``PARTS``: import name of each part of the package -> its folder."""
    for node in ast.walk(ast.parse(setup_py.read_text())):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PARTS" for t in node.targets):
            parts = ast.literal_eval(node.value)
            assert isinstance(parts, dict)
            return {str(k): str(v) for k, v in parts.items()}
    raise SystemExit("setup.py defines no PARTS")


def source_path(installed: str, parts: dict[str, str]) -> str:
    """The repository path of a file of the installed copy (``build/typecheck/eventing_platform/
    kinds/kind.py`` -> ``kinds/kind.py``); other paths unchanged."""
    prefix = f"{TARGET.as_posix()}/"
    if not installed.startswith(prefix):
        return installed
    module_path = installed[len(prefix):]
    # The longest import name that contains the file decides its folder.
    for name in sorted(parts, key=len, reverse=True):
        package_dir = name.replace(".", "/") + "/"
        if module_path.startswith(package_dir):
            return f"{parts[name]}/{module_path[len(package_dir):]}"
    return installed


def install_copy() -> None:
    """Install the package without dependencies into :data:`TARGET` (a fresh copy every time)."""
    shutil.rmtree(ROOT / TARGET, ignore_errors=True)
    # setuptools stages the wheel in build/lib and would ship a module deleted since.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    # The build backend's warnings are noise here: shown only when the install fails.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target", str(TARGET), "."],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )


def main() -> int:
    try:
        install_copy()
    except subprocess.CalledProcessError as err:
        sys.stderr.write(f"{err.stdout}{err.stderr}pip could not install the package into {TARGET}\n")
        return err.returncode
    env = {**os.environ, "MYPYPATH": str(TARGET)}
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "-p", "eventing_platform"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    parts = package_parts()
    line_path = re.compile(r"^(?P<path>[^:\s]+\.pyi?)(?=:)")
    for line in proc.stdout.splitlines():
        print(line_path.sub(lambda m: source_path(m.group("path"), parts), line))
    sys.stderr.write(proc.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
