"""``Pulumi.yaml`` read as the Pulumi CLI reads it: name, runtime, ``main``, ``stackConfigDir``,
``config:`` declarations (shorthand, types, defaults, secrets), and one line for what it cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventing_platform.engine.project_file import (
    ConfigItems,
    ProjectFileError,
    matches_type,
    read_project_file,
)


def _project(tmp_path: Path, text: str) -> Path:
    (tmp_path / "Pulumi.yaml").write_text(text)
    (tmp_path / "__main__.py").write_text("")
    return tmp_path


def test_name_main_and_stack_folder_default_to_the_project_folder(tmp_path):
    project = read_project_file(_project(tmp_path, "name: shop\nruntime: python\ndescription: A shop.\n"))
    assert (project.name, project.main, project.stack_config_dir) == ("shop", tmp_path.resolve(), tmp_path.resolve())
    assert project.description == "A shop." and project.config == ()


@pytest.mark.parametrize(("main", "expected"), [("app", "app"), ("app/", "app"), ("src/run.py", "src/run.py")])
def test_main_names_a_folder_or_a_file_relative_to_pulumi_yaml(tmp_path, main, expected):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__main__.py").write_text("")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "run.py").write_text("")
    project = read_project_file(_project(tmp_path, f"name: shop\nruntime: {{name: python, options: {{virtualenv: venv}}}}\nmain: {main}\n"))
    assert project.main == (tmp_path / expected).resolve()


@pytest.mark.parametrize("text", ["stackConfigDir: stacks\n", "config: stacks\n"])
def test_stack_config_dir_and_its_old_spelling_move_the_stack_files(tmp_path, text):
    project = read_project_file(_project(tmp_path, "name: shop\nruntime: python\n" + text))
    assert project.stack_config_dir == (tmp_path / "stacks").resolve()


def test_shorthand_values_are_defaults_of_project_keys_and_values_of_other_namespaces(tmp_path):
    text = (
        "name: shop\nruntime: python\nconfig:\n"
        "  namespace: shop\n  shop:replicas: 3\n  debug: false\n  zones: [a, b]\n  aws:region: us-west-2\n"
        "  token:\n    type: string\n    secret: true\n    description: The API token.\n"
        "  sizes:\n    type: array\n    items: {type: integer}\n    default: [1, 2]\n"
        "  empty:\n"
    )
    by_name = {d.name: d for d in read_project_file(_project(tmp_path, text)).config}
    assert [d.name for d in read_project_file(tmp_path).config] == sorted(by_name)
    assert (by_name["namespace"].key, by_name["namespace"].default, by_name["namespace"].project_key) == ("shop:namespace", "shop", True)
    assert (by_name["shop:replicas"].key, by_name["shop:replicas"].default) == ("shop:replicas", 3)
    assert by_name["debug"].fallback is False and by_name["zones"].default == ["a", "b"]
    region = by_name["aws:region"]
    assert (region.key, region.value, region.default, region.project_key) == ("aws:region", "us-west-2", None, False)
    token = by_name["token"]
    assert (token.type, token.secret, token.description, token.fallback) == ("string", True, "The API token.", None)
    assert by_name["sizes"].items == ConfigItems("integer") and by_name["sizes"].full_type == "array<integer>"
    assert by_name["empty"].fallback is None and by_name["empty"].type is None


@pytest.mark.parametrize(("text", "fragment"), [
    ("runtime: python\n", "project is missing a 'name' attribute"),
    ("name: shop\n", "runtime: missing"),
    ("name: shop\nruntime: nodejs\n", "'nodejs': eventing-platform plans Python programs only"),
    ("name: shop\nruntime: python\nmain: nowhere.py\n", "project 'main' could not be read: 'nowhere.py' does not exist"),
    ("name: shop\nruntime: python\nmain: lib\n", "the folder 'lib' has no __main__.py"),
    ("name: [unclosed\n", "not valid YAML"),
    ("- a list\n", "must be a mapping"),
    ("name: shop\nruntime: python\nconfig: [a]\n", "config: must be a mapping"),
    ("name: shop\nruntime: python\nconfig: stacks\nstackConfigDir: other\n", "Should not use both config and stackConfigDir"),
    ("name: shop\nruntime: python\nconfig:\n  ratio: 1.5\n", "config: ratio: must be a string, integer, boolean or list"),
    ("name: shop\nruntime: python\nconfig:\n  n: {type: number}\n", "'number' is not a config type"),
    ("name: shop\nruntime: python\nconfig:\n  n: {type: integer, deafult: 3}\n", "unknown attribute(s) 'deafult'"),
    ("name: shop\nruntime: python\nconfig:\n  n: {default: 1, value: 2}\n", "cannot have both a 'default' and 'value' attribute"),
    ("name: shop\nruntime: python\nconfig:\n  n: {type: array}\n", "declares an array but does not specify the underlying type via the 'items' attribute"),
    ("name: shop\nruntime: python\nconfig:\n  n: {type: integer, default: many}\n", "The default value specified for configuration key 'n' is not of the expected type 'integer'"),
    ("name: shop\nruntime: python\nconfig:\n  n: {type: array, items: {type: string}, default: [1]}\n", "not of the expected type 'array<string>'"),
    ("name: shop\nruntime: python\nconfig:\n  aws:region: {type: string, value: x}\n", "is not namespaced by the project and should not define a type"),
    ("name: shop\nruntime: python\nconfig:\n  aws:region: {default: x}\n", "should not define a default value; use 'value'"),
    ("name: shop\nruntime: python\nconfig:\n  aws:region: {description: x}\n", "is namespaced and must provide an attribute 'value'"),
])
def test_a_project_file_that_cannot_be_used_is_one_line_naming_it(tmp_path, text, fragment):
    (tmp_path / "lib").mkdir()
    with pytest.raises(ProjectFileError) as err:
        read_project_file(_project(tmp_path, text))
    assert fragment in str(err.value) and str(tmp_path / "Pulumi.yaml") in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_project_file_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(ProjectFileError, match="Pulumi.yaml: not found"):
        read_project_file(tmp_path)


@pytest.mark.parametrize(("type_", "items", "value", "ok"), [
    ("string", None, "3", True),
    ("string", None, ["a"], False),
    ("integer", None, "3", True),
    ("integer", None, "-3", True),
    ("integer", None, "+3", True),
    ("integer", None, "3.0", False),
    ("integer", None, " 3", False),
    ("integer", None, str(2**63), False),
    ("integer", None, 3.0, True),
    ("integer", None, 3.5, False),
    ("integer", None, True, False),
    ("boolean", None, "true", True),
    ("boolean", None, "True", False),
    ("boolean", None, False, True),
    ("object", None, {"a": 1}, True),
    ("object", None, "{}", False),
    ("array", ConfigItems("string"), ["a", "b"], True),
    ("array", ConfigItems("string"), "[\"a\"]", False),
    ("array", ConfigItems("integer"), [1, "x"], False),
    ("array", ConfigItems("array", ConfigItems("boolean")), [[True], ["false"]], True),
    ("array", None, [], False),
])
def test_values_are_checked_against_declared_types_as_pulumi_does(type_, items, value, ok):
    assert matches_type(type_, items, value) is ok
