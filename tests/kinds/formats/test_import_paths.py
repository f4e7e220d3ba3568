"""The formats are pure parsers: the policy rules read them without any Pulumi SDK, and the
components' historical import paths re-export the one definition."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("old", "new", "names"),
    [
        ("eventing_platform.kubernetes.image", "eventing_platform.kinds.formats.images",
         ["ImageReference", "PinnedImage", "check_knative_image", "check_pinned_image", "parse_image_reference"]),
        ("eventing_platform.kubernetes.quantity", "eventing_platform.kinds.formats.quantities",
         ["ResourceQuantity", "check_quantity", "check_resource_quantity", "parse_quantity"]),
        ("eventing_platform.knative.go_duration", "eventing_platform.kinds.formats.go_durations",
         ["GoDurationError", "parse_go_duration", "SECOND", "HOUR"]),
        ("eventing_platform.kinds.formats", "eventing_platform.kinds.formats.iso_durations",
         ["ISO_8601_DURATION", "IsoDuration", "check_iso8601_duration", "is_iso8601_duration"]),
    ],
)
def test_historical_import_paths_re_export_the_one_definition(old, new, names):
    for name in names:
        assert getattr(importlib.import_module(old), name) is getattr(importlib.import_module(new), name)


def test_the_policy_rules_load_no_pulumi_sdk_and_no_component_package():
    code = (
        "import sys; import eventing_platform.rules.registry, eventing_platform.kinds.formats\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('pulumi_kubernetes', 'pulumi_alicloud', 'pulumi_gcp')\n"
        "             or m.startswith(('eventing_platform.kubernetes', 'eventing_platform.knative')))\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
