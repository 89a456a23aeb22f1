"""Crash recovery: a "running" marker written at start and removed on a clean exit.

If the next start finds a marker whose process is gone, the app did not exit cleanly and can
offer to reopen the scene collection that was open (remembered with
:meth:`RecoveryGuard.remember_scene_collection`) and, when it stopped during a show, the show
itself: the show keeps its live state beside the marker (:attr:`RecoveryGuard.live_show_path`,
written by ``studio.show.live_keeper`` only while live).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from pathlib import Path

from studio.atomic_file import write_atomic

MARKER_FILE_NAME = "running.json"
LAST_STATE_FILE_NAME = "last-state.json"
LIVE_SHOW_FILE_NAME = "live-show.json"


def process_is_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_process_is_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only checks the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _windows_process_is_alive(pid: int) -> bool:
    # os.kill(pid, 0) would *terminate* the process on Windows.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    process_query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
    if not handle:
        return kernel32.GetLastError() == access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


class RecoveryGuard:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._crash_before_begin: bool | None = None

    @property
    def marker_path(self) -> Path:
        return self.folder / MARKER_FILE_NAME

    @property
    def live_show_path(self) -> Path:
        """Where a live show keeps its snapshot (present after a crash during a show)."""
        return self.folder / LIVE_SHOW_FILE_NAME

    def begin(self) -> bool:
        """Mark this process as running; returns whether the previous run crashed."""
        self._crash_before_begin = self._marker_from_dead_process()
        marker = {"pid": os.getpid(), "started_at": time.time()}
        write_atomic(self.marker_path, json.dumps(marker).encode(), keep_backup=False)
        return self._crash_before_begin

    def end(self) -> None:
        """Clean exit: remove the marker (only our own)."""
        if self._read_marker_pid() in (os.getpid(), None):
            with contextlib.suppress(OSError):
                self.marker_path.unlink()

    def crashed_last_time(self) -> bool:
        """A marker from a process that is no longer running exists (or existed at begin())."""
        if self._crash_before_begin is not None:
            return self._crash_before_begin
        return self._marker_from_dead_process()

    def remember_scene_collection(self, path: Path | None) -> None:
        """Snapshot what to reopen after a crash (None: nothing open)."""
        state = {"scene_collection": str(Path(path).resolve()) if path else None}
        write_atomic(self.folder / LAST_STATE_FILE_NAME, json.dumps(state).encode())

    def last_scene_collection(self) -> Path | None:
        """The scene collection open in the last run, if it still exists."""
        try:
            state = json.loads((self.folder / LAST_STATE_FILE_NAME).read_text(encoding="utf-8"))
            path = Path(state["scene_collection"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return path if path.is_file() else None

    def _marker_from_dead_process(self) -> bool:
        pid = self._read_marker_pid()
        if pid is None:
            return self.marker_path.exists()  # unreadable marker: it was cut off by a crash
        return pid != os.getpid() and not process_is_alive(pid)

    def _read_marker_pid(self) -> int | None:
        try:
            pid = json.loads(self.marker_path.read_text(encoding="utf-8"))["pid"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return pid if isinstance(pid, int) else None
