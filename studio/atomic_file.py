"""Crash-safe file writes: the file is always either its old or its new version.

The new content goes to a temp file in the same folder (os.replace is only atomic within one
file system), is fsynced, and replaces the file; with a backup, the previous version is kept
as ``<name>.bak`` (only one). If anything fails, the existing file and backup are untouched.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

BACKUP_SUFFIX = ".bak"
KEEP_MODE = -1  # ``mode``: keep the existing file's permissions (0o644 for a new file)


def write_atomic(
    path: Path,
    content: bytes,
    keep_backup: bool = True,
    mode: int = 0o600,
    create_folder: bool = True,
) -> None:
    folder = Path(os.path.abspath(path)).parent
    if create_folder:
        folder.mkdir(parents=True, exist_ok=True)
    if mode == KEEP_MODE:
        mode = _mode_of(path)
    temp_path = _write_temp(folder, path.name, content, mode)
    try:
        if keep_backup and path.exists():
            backup = path.with_name(path.name + BACKUP_SUFFIX)
            backup_temp = _write_temp(folder, backup.name, path.read_bytes(), mode)
            os.replace(backup_temp, backup)
        os.replace(temp_path, path)
    except BaseException:
        _remove_quietly(temp_path)
        raise
    _sync_folder(folder)


def _write_temp(folder: Path, name: str, content: bytes, mode: int) -> Path:
    fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as file:
            _write_durably(file.fileno(), content)
        os.chmod(temp_path, mode)
    except BaseException:
        _remove_quietly(temp_path)
        raise
    return temp_path


def _write_durably(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)  # the data is on disk before the rename makes it the file


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on Windows or some file systems.
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
