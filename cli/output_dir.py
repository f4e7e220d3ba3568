"""The ``--out`` folder of ``plan``: locked for the run, never stale, each stack moved in whole.

A run on ``--out DIR`` (see :class:`OutputDir`):

1. checks that ``DIR`` can be a folder (:meth:`OutputDir.check`), creates it if needed and takes
   an exclusive lock on it (``flock`` on the folder itself; a second run exits 2 naming the
   holder, or waits ``--wait`` seconds); a run's details are in ``DIR/.plan-run`` meanwhile;
2. removes the folders of the stacks it was asked to plan (``DIR/<stack>``), so nothing from an
   earlier run is left for CI to mistake for this run's result;
3. writes each stack's artefacts into ``DIR/.plan-staging-<pid>/<stack>/`` (every file as
   ``<name>.part``, flushed to disk) and, once every stack is written, renames the files and
   moves each folder into place with one ``rename``;
4. always removes its staging folder and ``.plan-run``, and ``DIR`` itself when it created it
   and nothing was moved in.

So after any run each requested stack's folder holds this run's complete artefacts or does not
exist; no file is ever truncated or mixed from two runs. Errors on the file system are
:class:`OutputError` (exit 2) naming the path, the problem and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import socket
import stat
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from eventing_platform.engine.program import UsageError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locking
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".plan-staging-"
"""Name prefix of a run's staging folder inside ``--out``."""
RUN_FILE = ".plan-run"
"""File in ``--out`` naming the run that holds the lock (JSON: pid, host, started, command)."""
PART_SUFFIX = ".part"
"""Suffix of a staged file until it is moved into place."""
PLAN_FILE = "plan.json"
"""Every stack folder ``plan`` writes holds it: a folder without it is not removed."""
LOCK_POLL_SECONDS = 0.1


class OutputError(UsageError):
    """``--out`` cannot be used or written: the message names the path, the problem and the fix."""


def _problem(err: OSError) -> str:
    """The part of an ``OSError`` a user acts on (``No space left on device``), without the errno noise."""
    if err.errno == errno.ENOSPC:
        return "no space left on device"
    if err.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "read-only file system"
    return (err.strerror or type(err).__name__).lower()


def _kind(mode: int) -> str:
    """What a non-folder path is, for a message."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a folder"


class OutputDir:
    """The ``--out`` folder of one run, for the stacks it plans (use as a context manager)."""

    def __init__(self, root: Path, stacks: Sequence[str], wait: float = 0.0) -> None:
        self.root = root
        """The ``--out`` folder."""
        self.stacks = tuple(stacks)
        """The stacks of this run: their folders are replaced (or removed) by it."""
        self.wait = wait
        """Seconds to wait for another run's lock. Default 0 (exit 2 at once)."""
        self._fd: int | None = None
        self._created = False
        self._staging = root / f"{STAGING_PREFIX}{os.getpid()}"
        self._staged: list[str] = []
        self.committed = False
        """True once the staged stacks were moved into place."""

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> OutputDir:
        self.begin()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.finish()

    def check(self) -> None:
        """Refuse a path that cannot be the output folder (a file, a device, under a file)."""
        path = self.root
        try:
            mode = path.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            parent = next((p for p in path.parents if p.exists()), None)
            if parent is not None and not parent.is_dir():
                raise OutputError(f"--out {path}: {parent} is {_kind(parent.stat().st_mode)}, not a folder; give a folder path (it is created if missing)") from None
            return
        except OSError as err:
            raise OutputError(f"--out {path}: cannot use it ({_problem(err)}); give a folder you can write") from None
        if not stat.S_ISDIR(mode):
            raise OutputError(f"--out {path}: is {_kind(mode)}, not a folder; give a folder path (it is created if missing)")

    def begin(self) -> None:
        """Create and lock the folder, remove the requested stacks' old folders, make the staging folder."""
        self.check()
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True)
                self._created = True
            self._lock()
            self._write_run_file()
            for leftover in self.root.glob(f"{STAGING_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)  # from a run that was killed (we hold the lock)
            old = [self.root / s for s in self.stacks if (self.root / s).exists() or (self.root / s).is_symlink()]
            for folder in old:
                self._check_ours(folder)
            self._staging.mkdir()
            for folder in old:
                gone = self._staging / f"old-{folder.name}"
                folder.rename(gone)
                shutil.rmtree(gone)
        except OSError as err:
            raise OutputError(f"--out {self.root}: cannot prepare it ({_problem(err)}: {err.filename or self.root}); give a folder you can write") from None

    def stage(self, stack: str, files: Mapping[str, str]) -> list[Path]:
        """Write one stack's artefacts into the staging folder; returns their final paths."""
        folder = self._staging / stack
        current = folder
        try:
            folder.mkdir()
            for name, text in files.items():
                current = folder / f"{name}{PART_SUFFIX}"
                _write_durably(current, text.encode("utf-8"))
        except OSError as err:
            where = current.relative_to(self._staging).as_posix().removesuffix(PART_SUFFIX)
            raise OutputError(
                f"--out {self.root}: {_problem(err)} while writing {where}; "
                + ("free some space or choose another --out" if err.errno in (errno.ENOSPC, errno.EDQUOT) else "give a folder you can write")
                + "; nothing of this run was kept"
            ) from None
        self._staged.append(stack)
        return [self.root / stack / name for name in files]

    def commit(self) -> None:
        """Move every staged stack into place (call it with interrupts deferred)."""
        try:
            for stack in self._staged:
                folder = self._staging / stack
                for part in sorted(folder.glob(f"*{PART_SUFFIX}")):
                    part.rename(part.with_name(part.name.removesuffix(PART_SUFFIX)))
                _fsync_dir(folder)
                folder.rename(self.root / stack)
            _fsync_dir(self.root)
        except OSError as err:
            raise OutputError(f"--out {self.root}: cannot move the artefacts into place ({_problem(err)}); give a folder you can write") from None
        self.committed = True

    def finish(self) -> None:
        """Remove the staging folder and the run file, unlock; remove the folder if this run created it for nothing."""
        shutil.rmtree(self._staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            (self.root / RUN_FILE).unlink()
        if self._fd is not None:
            os.close(self._fd)  # releases the lock
            self._fd = None
        if self._created and not self.committed:
            with contextlib.suppress(OSError):
                self.root.rmdir()  # only when empty

    # ------------------------------------------------------------------ helpers

    def _check_ours(self, folder: Path) -> None:
        """Refuse to remove a stack folder ``plan`` did not write: one needs ``plan.json`` and only files."""
        if folder.is_symlink() or not folder.is_dir():
            raise OutputError(f"--out {self.root}: {folder} is not a folder plan wrote; move it away or choose another --out")
        entries = list(folder.iterdir())
        foreign = sorted(p.name for p in entries if p.is_symlink() or not p.is_file())
        if foreign or (entries and not (folder / PLAN_FILE).is_file()):
            shown = ", ".join(foreign[:3]) or f"no {PLAN_FILE}"
            raise OutputError(f"--out {self.root}: {folder} was not written by plan ({shown}); move it away or choose another --out")

    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        deadline = time.monotonic() + max(self.wait, 0.0)
        while True:
            fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise OutputError(self._busy_message()) from None
                time.sleep(LOCK_POLL_SECONDS)
                continue
            except OSError:
                os.close(fd)
                raise
            if os.fstat(fd).st_ino == os.stat(self.root).st_ino:
                self._fd = fd
                return
            os.close(fd)  # the folder was removed and made anew meanwhile: lock the new one

    def _busy_message(self) -> str:
        holder = ""
        with contextlib.suppress(OSError, ValueError, TypeError):
            info = json.loads((self.root / RUN_FILE).read_text())
            holder = f" (pid {info['pid']} on {info['host']}, started {info['started']}: {info['command']})"
        waited = f" after waiting {self.wait:g} s" if self.wait > 0 else ""
        return (f"--out {self.root}: another plan run is writing it{holder}{waited}; "
                "wait for it to finish, pass --wait SECONDS, or choose another --out")

    def _write_run_file(self) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "command": " ".join(["python", *sys.argv])[:200],
        }
        tmp = self.root / f"{RUN_FILE}.{os.getpid()}"
        tmp.write_text(json.dumps(info) + "\n")
        tmp.rename(self.root / RUN_FILE)


def _write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` and flush it to disk, so a full disk shows up here and not after the rename."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


__all__ = ["PART_SUFFIX", "RUN_FILE", "STAGING_PREFIX", "OutputDir", "OutputError"]
