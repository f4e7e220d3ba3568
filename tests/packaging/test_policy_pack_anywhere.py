"""The policy pack anywhere: this repository's ``policies/`` copied to a folder named ``ci-guard``
serves the pack over gRPC with only the wheel installed, driven exactly as
``tests/policies/test_policy_pack_grpc.py`` drives ``policies/`` (its tests are imported and run
here against the copy), once with the ``policy`` extra as pip resolves it today and once with the
oldest pulumi-policy (and pulumi) the extra allows: the floor the pyproject declares is tested.

Slow (fresh virtual environments): ``pytest -m slow tests/packaging``.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable, Iterator
from email.parser import Parser
from pathlib import Path

import pytest

from tests.packaging.venvs import POLICY_FLOOR, ROOT, run_clean
from tests.policies.pack_client import PackProcess
from tests.policies.test_policy_pack_grpc import (  # noqa: F401 - collected here: they run against the ci-guard copy
    test_a_bad_policy_config_is_refused_when_the_cli_configures_the_pack,
    test_pack_lists_every_policy_with_its_level_and_type,
    test_policy_config_overrides_stage_and_level_over_grpc,
    test_random_property_trees_cause_no_rpc_error,
    test_random_stacks_cause_no_rpc_error,
    test_seed_antipattern_is_reported_mandatory_over_grpc,
    test_shipped_stack_has_no_mandatory_diagnostic_over_grpc,
    test_stage_decides_the_level_of_prod_parts_over_grpc,
)

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PACK = ROOT / "policies"


@pytest.fixture(scope="module")
def ci_guard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``policies/`` copied to a folder named ``ci-guard``, outside this checkout."""
    target = tmp_path_factory.mktemp("elsewhere") / "ci-guard"
    shutil.copytree(PACK, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture(scope="module", params=["policy-extra", "floor"])
def pack_python(request: pytest.FixtureRequest) -> Path:
    """The Python of a fresh venv holding the wheel: with ``[policy]``, or with the floor versions."""
    python: Path = request.getfixturevalue("full_venv" if request.param == "policy-extra" else "floor_venv")
    return python


@pytest.fixture(scope="module")
def packs(ci_guard: Path, pack_python: Path) -> Iterator[Callable[[str], PackProcess]]:
    """One ``ci-guard`` pack process per stage, as ``tests/policies`` starts ``policies/``."""
    started: dict[str, PackProcess] = {}

    def get(stage: str) -> PackProcess:
        if stage not in started:
            started[stage] = PackProcess({"eventing-platform:stage": stage, "eventing-platform:scenario": "test"},
                                         stack=f"test-{stage}", pack_dir=ci_guard, python=str(pack_python))
        return started[stage]

    yield get
    for pack in started.values():
        errors = pack.stderr_text()
        pack.close()
        assert "Traceback" not in errors, errors


def test_the_pack_is_pulumipolicy_yaml_and_a_two_line_main_building_it_from_the_installed_rules():
    lines = (PACK / "__main__.py").read_text().splitlines()
    assert lines == ["from eventing_platform.rules.pack import policy_pack", "policy_pack()"]
    assert {p.name for p in PACK.iterdir() if p.name != "__pycache__"} == {"PulumiPolicy.yaml", "__main__.py", "requirements.txt"}


def test_the_copy_imports_nothing_from_this_checkout(ci_guard, pack_python):
    proc = run_clean([str(pack_python), "-c", "import eventing_platform.rules.pack as p, sys; print(p.__file__); print(sys.path)"], cwd=ci_guard)
    where = proc.stdout.splitlines()[0]
    assert Path(where).is_relative_to(pack_python.parent.parent), where
    assert str(ROOT) not in proc.stdout


def test_the_policy_extra_declares_the_floor_tested_here(wheel):
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = Parser().parsestr(archive.read(meta).decode()).get_all("Requires-Dist") or []
    policy = [r for r in requires if r.startswith("pulumi-policy")]
    assert len(policy) == 1 and 'extra == "policy"' in policy[0], requires
    floor = re.search(r">=\s*([0-9.]+)", policy[0])
    assert floor is not None and f"pulumi-policy=={floor.group(1)}" == POLICY_FLOOR[0], policy


def test_the_floor_venv_holds_the_floor_versions(floor_venv):
    proc = run_clean([str(floor_venv), "-c", "import importlib.metadata as m; print(m.version('pulumi-policy'), m.version('pulumi'))"])
    assert proc.stdout.split() == [spec.split("==")[1] for spec in POLICY_FLOOR]
