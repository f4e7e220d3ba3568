"""The provider folder is what ``pulumi package add <folder>`` needs: a Python plugin whose
``__main__.py`` the language host runs and whose ``requirements.txt`` installs this package."""

from __future__ import annotations

import re

import yaml

from tests.provider.provider_client import PROVIDER_DIR


def test_the_folder_is_a_python_plugin_run_by_its_main():
    assert yaml.safe_load((PROVIDER_DIR / "PulumiPlugin.yaml").read_text()) == {"runtime": "python"}
    main = (PROVIDER_DIR / "__main__.py").read_text()
    assert "from eventing_platform.provider.host import serve" in main
    # Nothing else in the folder shadows an import (the language host puts the folder first on sys.path).
    assert sorted(p.name for p in PROVIDER_DIR.iterdir() if p.name not in {"venv", "__pycache__"}) == [
        "PulumiPlugin.yaml", "__main__.py", "requirements.txt",
    ]


def requirements() -> list[str]:
    lines = (PROVIDER_DIR / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_requirements_install_this_package_with_both_clouds_and_a_pulumi_that_reads_its_schema():
    local, pulumi = requirements()
    path, extras = re.fullmatch(r"([./]+)\[([a-z,]+)\]", local).groups()
    root = (PROVIDER_DIR / path).resolve()  # pip runs in the folder
    assert re.search(r'^name = "eventing-platform"$', (root / "pyproject.toml").read_text(), re.MULTILINE)
    assert set(extras.split(",")) == {"alicloud", "gcp"}
    assert pulumi.startswith("pulumi>=3.237")
