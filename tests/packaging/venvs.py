"""Fresh virtual environments with the built wheel, for the packaging tests (nothing from this
checkout on their ``sys.path``)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md")
POLICY_FLOOR = ("pulumi-policy==1.18.1", "pulumi==3.196.0")
"""The oldest pulumi-policy the pack is tested with, and the oldest pulumi that one allows
(``pulumi>=3.196.0``: the analyzer proto fields of ``Severity``); 1.17 lacks ``Severity``."""


def clean_env() -> dict[str, str]:
    """This environment without anything that would put this checkout (or a venv) on a child's path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def run_clean(cmd: list[str], cwd: Path | None = None, timeout: int = 300, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` without this repository on the path; with ``check``, fail with its output unless it exits 0."""
    proc = subprocess.run(cmd, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout)
    if check:
        assert proc.returncode == 0, f"{' '.join(map(str, cmd))} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def package_parts() -> dict[str, str]:
    """``setup.py``'s ``PARTS``: import name of each part of the package -> its folder."""
    tree = ast.parse((ROOT / "setup.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "PARTS" for t in node.targets):
            parts: dict[str, str] = ast.literal_eval(node.value)
            return parts
    raise AssertionError("setup.py defines no PARTS")


def build_wheel(src: Path, out: Path) -> Path:
    """The wheel, built from a copy (in ``src``) of the packaging inputs only (no build/ or egg-info)."""
    for name in BUILD_INPUTS:
        shutil.copy2(ROOT / name, src / name)
    for folder in package_parts().values():
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    run_clean([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(src)])
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def make_venv(env_dir: Path, *requirements: str) -> Path:
    """A new virtual environment with ``requirements`` installed (from pip's cache); its ``python``."""
    run_clean([sys.executable, "-m", "venv", "--without-pip", str(env_dir)])
    python = env_dir / "bin" / "python"
    # This environment's pip installs into the new one (pip >= 22.3), reusing its cache.
    run_clean([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", *requirements], timeout=900)
    return python
