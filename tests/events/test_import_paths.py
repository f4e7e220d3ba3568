"""The event-semantics core loads without cloud SDKs, and its historical import paths still work."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap

import pytest

WITHOUT_CLOUD_SDKS = textwrap.dedent(
    """
    import importlib, importlib.abc, pkgutil, sys

    class BlockCloudSdks(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in ("pulumi_alicloud", "pulumi_gcp"):
                raise ImportError(f"{name} is not installed (blocked by the test)")
            return None

    sys.meta_path.insert(0, BlockCloudSdks())

    import eventing_platform.events as events
    modules = sorted(m.name for m in pkgutil.iter_modules(events.__path__))
    for name in modules:
        importlib.import_module(f"eventing_platform.events.{name}")

    from eventing_platform.alicloud import EventPattern, Match
    from eventing_platform.alicloud.oss_events import object_created_pattern, oss_object_event
    from eventing_platform.alicloud.pattern_matcher import pattern_matches

    pattern = EventPattern.of(source=["acs.oss"], subject=[Match.suffix(".zip")],
                              data={"oss": {"object": {"key": [Match.prefix("zip/")]}}})
    assert pattern.matches(oss_object_event("eb-ask", "zip/a.zip"))
    assert not pattern.matches(oss_object_event("eb-ask", "unzip/a.zip"))
    assert pattern_matches(object_created_pattern("eb-ask", "zip/", ".zip").render(), oss_object_event("eb-ask", "zip/b.zip", "oss:ObjectCreated:PostObject"))

    try:
        from eventing_platform.alicloud import OssBucket  # a component: needs the SDK
    except ImportError:
        pass
    else:
        raise AssertionError("a component loaded without pulumi_alicloud")
    assert not {"pulumi_alicloud", "pulumi_gcp"} & set(sys.modules), "a cloud SDK was imported"
    print(" ".join(modules))
    """
)


def test_events_core_and_event_patterns_work_without_the_cloud_sdks():
    done = subprocess.run([sys.executable, "-c", WITHOUT_CLOUD_SDKS], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {"eventbridge_patterns", "object_writes", "oss_events", "side_effects", "loop_guard"} <= set(done.stdout.split())


@pytest.mark.parametrize(
    ("old", "new", "names"),
    [
        ("eventing_platform.alicloud.pattern_matcher", "eventing_platform.events.eventbridge_patterns",
         ["InvalidPatternError", "pattern_matches", "pattern_matches_json", "validate_pattern", "condition_matches"]),
        ("eventing_platform.alicloud.oss_events", "eventing_platform.events.oss_events",
         ["OSS_SOURCE", "OBJECT_CREATED_TYPES", "WRITE_EVENT_TYPES", "COMPLETED_OBJECT_TYPES", "oss_object_event"]),
        ("eventing_platform.knative.side_effects", "eventing_platform.events.side_effects",
         ["SideEffects", "ObjectWrites", "ReplyEvent", "Publish", "SIDE_EFFECTS_ANNOTATION", "OSS_WRITE_EVENT_TYPES"]),
        ("eventing_platform.alicloud", "eventing_platform.events.eventbridge_patterns", ["pattern_matches", "InvalidPatternError"]),
        ("eventing_platform.analysis.flow.conditions", "eventing_platform.events.gcs_events", ["STORAGE_EVENT_TYPES"]),
        ("eventing_platform.analysis.flow.events", "eventing_platform.events.gcs_events",
         ["STORAGE_EVENT_TYPES", "storage_object_event"]),
        ("eventing_platform.analysis.flow.events", "eventing_platform.events.oss_events", ["oss_object_event"]),
    ],
)
def test_historical_import_paths_re_export_the_one_definition(old, new, names):
    for name in names:
        assert getattr(importlib.import_module(old), name) is getattr(importlib.import_module(new), name)


def test_the_side_effects_write_types_are_the_oss_upload_types():
    from eventing_platform.events.oss_events import WRITE_EVENT_TYPES
    from eventing_platform.events.side_effects import OSS_WRITE_EVENT_TYPES

    assert OSS_WRITE_EVENT_TYPES is WRITE_EVENT_TYPES
