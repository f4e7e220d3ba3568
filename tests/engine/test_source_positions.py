"""Where the program created each resource: the program frame found from a frame, cached per code object."""

from __future__ import annotations

import sys
from pathlib import Path

from eventing_platform.engine import source_positions


def test_a_cached_path_is_not_read_for_another_code_object_that_got_the_same_id():
    # A program run again makes new code objects; a freed one's id may come back as another
    # file's code. The cache must not hand the stale entry's answer to the new code object.
    frame = sys._getframe()
    stale = compile("pass", "/usr/lib/python3/some_library_module.py", "exec")
    source_positions._CODE_FILES[id(frame.f_code)] = (stale, None)  # what a reused id would find
    found = source_positions.program_frame(frame)
    assert found is not None and found[0] == str(Path(__file__).resolve())
