"""A program runs offline as Pulumi's Python language host runs it: ``main`` a folder or a file, in
its folder, with ``sys.argv`` ``[main]``; stack files where ``stackConfigDir`` says."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from eventing_platform.engine.program import Program, plan_stack, read_stack_file

REPORT = '''
import os, sys, pulumi
pulumi.export("cwd", os.getcwd())
pulumi.export("argv", sys.argv)
pulumi.export("data", open("data.txt").read())
'''


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.mark.parametrize(("main", "main_file"), [(None, "__main__.py"), ("app", "app/__main__.py"), ("app/run.py", "app/run.py")])
def test_the_program_runs_in_its_main_folder_with_argv_of_its_main_file(tmp_path, main, main_file):
    _write(tmp_path / "Pulumi.yaml", "name: shop\nruntime: python\n" + (f"main: {main}\n" if main else ""))
    _write(tmp_path / "Pulumi.dev.yaml", "config: {}\n")
    folder = (tmp_path / main_file).parent
    _write(tmp_path / main_file, REPORT)
    _write(folder / "data.txt", "next to main")
    before = (os.getcwd(), list(sys.argv))
    outputs = plan_stack(read_stack_file(Program.read(tmp_path), "dev")).outputs
    assert (outputs["cwd"], outputs["argv"], outputs["data"]) == (str(folder.resolve()), [str((tmp_path / main_file).resolve())], "next to main")
    assert (os.getcwd(), sys.argv) == before


def test_a_main_folder_imports_its_modules_and_a_main_file_does_not_as_under_pulumi(tmp_path):
    _write(tmp_path / "folder" / "Pulumi.yaml", "name: f\nruntime: python\nmain: app\n")
    _write(tmp_path / "file" / "Pulumi.yaml", "name: g\nruntime: python\nmain: src/run.py\n")
    for project, main in (("folder", "app/__main__.py"), ("file", "src/run.py")):
        _write(tmp_path / project / "Pulumi.dev.yaml", "config: {}\n")
        _write(tmp_path / project / main, f"import pulumi\nimport helper_{project}\npulumi.export('x', helper_{project}.X)\n")
        _write((tmp_path / project / main).parent / f"helper_{project}.py", "X = 1\n")
    assert plan_stack(read_stack_file(Program.read(tmp_path / "folder"), "dev")).outputs == {"x": 1}
    with pytest.raises(ModuleNotFoundError, match="helper_file"):
        plan_stack(read_stack_file(Program.read(tmp_path / "file"), "dev"))


def test_stacks_are_the_stack_files_in_stack_config_dir(tmp_path):
    _write(tmp_path / "Pulumi.yaml", "name: shop\nruntime: python\nstackConfigDir: stacks\n")
    _write(tmp_path / "__main__.py", "")
    for name in ("prod", "dev"):
        _write(tmp_path / "stacks" / f"Pulumi.{name}.yaml", "config:\n  k: v\n")
    _write(tmp_path / "Pulumi.ignored.yaml", "config: {}\n")
    program = Program.read(tmp_path)
    assert program.stack_names() == ["dev", "prod"]
    assert read_stack_file(program, "dev").config == {"shop:k": "v"}
