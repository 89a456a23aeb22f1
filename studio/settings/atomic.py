"""Crash-safe file writes: temp file in the same folder, fsync, os.replace, one backup."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

BACKUP_SUFFIX = ".bak"


def write_atomic(path: Path, content: bytes, keep_backup: bool = True, mode: int = 0o600) -> None:
    """Replace ``path`` with ``content`` so a crash leaves either the old or the new file.
    With ``keep_backup`` the previous version stays as ``<name>.bak`` (only one)."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    if keep_backup and path.exists():
        backup = path.with_name(path.name + BACKUP_SUFFIX)
        temp_backup = _temp_path(folder, backup.name)
        try:
            shutil.copyfile(path, temp_backup)
            os.replace(temp_backup, backup)
        finally:
            _remove_quietly(temp_backup)
    temp = _temp_path(folder, path.name)
    try:
        with open(temp, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename makes it the file
        os.chmod(temp, mode)
        os.replace(temp, path)
    finally:
        _remove_quietly(temp)
    _sync_folder(folder)


def _temp_path(folder: Path, name: str) -> Path:
    fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(temp_name)


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


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
