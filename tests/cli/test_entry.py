"""The command line's process: the collector off from its start (see :mod:`eventing_platform.engine`)."""

from __future__ import annotations

import gc

import pytest

from eventing_platform.cli import console, entry


def test_the_command_starts_with_the_cyclic_collector_off(monkeypatch):
    seen: list[bool] = []
    monkeypatch.setattr(entry, "end_quietly_before_the_run", lambda: None)  # no handlers in the test process
    monkeypatch.setattr(console, "main", lambda: seen.append(gc.isenabled()) or 0)
    was = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(SystemExit):
            entry.main()
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]
