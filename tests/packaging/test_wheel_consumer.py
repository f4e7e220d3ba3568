"""Reuse from another repository: the built wheel in a fresh virtual environment, beside a consumer.

The consumer (``consumer_repo/``, copied to a temporary directory) is a Pulumi repository with
its own ``components``, ``stacks`` and ``policies`` packages. It imports
``eventing_platform.knative`` from the installed wheel, builds ``KnativeService("hello", ...)``
under Pulumi's mocks, and type-checks strictly with mypy against the wheel's inline hints.

Slow (about 30 s: wheel build, ``pip install`` into a new venv with pip's cache, two mypy
runs), so marked ``slow``: the default test command leaves it out and ``.ci/run`` runs it with
``pytest -m slow tests/packaging``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.packaging.venvs import ROOT, make_venv, package_parts, run_clean

pytestmark = pytest.mark.slow

CONSUMER = Path(__file__).resolve().parent / "consumer_repo"
IMPORT_NAME = "eventing_platform"
HEAVY_SDKS = {"pulumi-alicloud": "alicloud", "pulumi-gcp": "gcp"}
def _source_files() -> set[str]:
    """Every file of the package as it lands in the wheel (``eventing_platform/...``)."""
    files = set()
    for name, folder in package_parts().items():
        source = ROOT / folder
        files |= {
            f"{name.replace('.', '/')}/{path.relative_to(source).as_posix()}"
            for path in source.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")
        }
    return files


@pytest.fixture(scope="module")
def venv_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (core dependencies only, from pip's cache)."""
    return make_venv(tmp_path_factory.mktemp("venv"), str(wheel))


@pytest.fixture(scope="module")
def consumer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The consumer repository, copied out of this one."""
    target = tmp_path_factory.mktemp("consumer") / "repo"
    shutil.copytree(CONSUMER, target, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    return target


def test_wheel_holds_every_file_of_components_under_eventing_platform_only(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_source_files() - names)
    assert not missing, f"the wheel lacks {missing}: a subpackage without __init__.py, or data missing from package-data"
    assert f"{IMPORT_NAME}/py.typed" in names
    top = {name.split("/", 1)[0] for name in names}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == {IMPORT_NAME}, "only eventing_platform may be installed: no components/stacks/policies"


def test_wheel_requires_cloud_sdks_only_through_their_extras(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        meta_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(meta_name).decode())
    requires = metadata.get_all("Requires-Dist") or []
    for sdk, extra in HEAVY_SDKS.items():
        lines = [r for r in requires if r.lower().startswith(sdk)]
        assert lines, f"{sdk} is not offered at all"
        assert all(f'extra == "{extra}"' in r for r in lines), f"{sdk} must come only with the {extra} extra: {lines}"
    core = [r for r in requires if "extra ==" not in r]
    assert any(r.startswith("pulumi-kubernetes") for r in core), core


def test_consumer_with_its_own_packages_builds_a_knative_service_from_the_wheel(
    venv_python: Path, consumer: Path
) -> None:
    out = run_clean([str(venv_python), "check.py"], cwd=consumer).stdout
    report = json.loads(out.strip().splitlines()[-1])
    site = venv_python.parent.parent
    files = {k: Path(v) for k, v in report["files"].items()}
    for own in ("components", "stacks", "policies"):
        assert files[own].is_relative_to(consumer), f"the consumer's {own} was shadowed by {files[own]}"
    assert files["eventing_platform"].is_relative_to(site), files["eventing_platform"]
    assert report["cloud_sdks_installed"] == [], "the core install pulled a cloud SDK"
    assert ["eventing-platform:knative:KnativeService", "hello", False] in report["registered"]
    assert ["kubernetes:serving.knative.dev/v1:Service", "hello-service", True] in report["registered"]
    inputs = report["service_inputs"]
    assert inputs["metadata"]["name"] == "hello"
    container = inputs["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "registry.example.com/hello:v1"
    assert container["resources"]["limits"], "defaults must still set resource limits"
    assert report["url"] == "http://hello.default.example.com"
    assert report["image_pinned"] is True


def _mypy(venv_python: Path, consumer: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy", reason="mypy is in the dev extra: pip install -e '.[dev]'")
    cmd = [sys.executable, "-m", "mypy", "--python-executable", str(venv_python),
           "--cache-dir", str(consumer / ".mypy_cache"), *targets]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}
    return subprocess.run(cmd, cwd=consumer, env=env, capture_output=True, text=True, timeout=300)


def test_mypy_strict_accepts_the_consumer_code(venv_python: Path, consumer: Path) -> None:
    proc = _mypy(venv_python, consumer, "components", "stacks", "policies")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_rejects_a_misspelt_field_and_a_wrong_type(venv_python: Path, consumer: Path) -> None:
    proc = _mypy(venv_python, consumer, "bad_args.py")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'Unexpected keyword argument "imag" for "KnativeServiceArgs"' in proc.stdout
    # service_name is a pulumi.Input[str] (str, Awaitable or Output), or None.
    assert 'expression has type "str | Awaitable[str] | Output[str] | None", variable has type "int"' in proc.stdout
