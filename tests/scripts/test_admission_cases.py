"""The admission-case lister reads Go table tests as the catalogue keys them: ``<TestFunction>/<name>``,
``(2)`` for a name repeated in one function, map-keyed tables and ``t.Run`` names included."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("admission_cases", ROOT / "scripts" / "admission_cases.py")
assert _spec is not None and _spec.loader is not None
admission_cases = importlib.util.module_from_spec(_spec)
sys.modules["admission_cases"] = admission_cases
_spec.loader.exec_module(admission_cases)

GO = '''
var validationTests = []struct{ name string }{
	{
		name: "valid kref",
	},
}

func TestSpec(t *testing.T) {
	tests := []struct{ name string }{{
		name: "missing kind",
	}, {
		name: "missing kind",
		volumes: map[string]corev1.Volume{
			"the-name": {
			},
		},
	}}
}

func TestDestination(t *testing.T) {
	tests := map[string]struct {
		dest *Destination
	}{"nil valid": {
	}, "valid ref": {
	}}
	name := "empty channel"
	t.Run(name, func(t *testing.T) {})
}
'''


def test_table_entries_are_keyed_by_function_and_name_repeats_numbered():
    assert admission_cases.upstream_cases(GO, None) == [
        "validationTests/valid kref",
        "TestSpec/missing kind",
        "TestSpec/missing kind (2)",
        "TestDestination/nil valid",
        "TestDestination/valid ref",
        "TestDestination/empty channel",
    ]


def test_only_the_named_function_is_taken_when_a_file_has_one_admission_function():
    assert admission_cases.upstream_cases(GO, "TestDestination") == ["TestDestination/nil valid", "TestDestination/valid ref", "TestDestination/empty channel"]


def test_without_upstream_sources_nothing_is_compared_and_the_exit_code_is_0(capsys):
    assert admission_cases.main([]) == 0
    assert "skipped (no git directory given for knative/serving)" in capsys.readouterr().out
