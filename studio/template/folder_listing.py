"""The entries of an unpacked template folder, held to the rules a zip's entries are held to:
plain files and folders only (a link could point anywhere on the computer), safe and
distinct names, at most so many entries and bytes.

The files operating systems drop into every folder they show (``.DS_Store``, ``Thumbs.db``…)
are passed over rather than refused: an agency on a Mac would otherwise never pack anything.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from studio.template.bundle_format import (
    MAX_ENTRIES,
    MAX_UNPACKED_BYTES,
    MB,
    BundleErrorCode,
    refused,
)
from studio.template.entry_names import first_collision, name_safety_problem

OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", ".localized"})


@dataclass(frozen=True, slots=True)
class FolderEntry:
    name: str  # relative, ``/`` between folders, no trailing ``/``
    is_folder: bool
    size_bytes: int


def list_folder(folder: Path) -> list[FolderEntry]:
    """Every entry under ``folder``, sorted by name; BundleError for the first problem."""
    entries: list[FolderEntry] = []
    pending = [("", folder)]
    while pending:
        prefix, current = pending.pop()
        with os.scandir(current) as scan:
            children = sorted(scan, key=lambda child: child.name)
        for child in children:
            if _is_litter(child.name):
                continue
            name = f"{prefix}{child.name}"
            entry = _entry(child, name)
            entries.append(entry)
            if len(entries) > MAX_ENTRIES:
                raise refused(
                    folder.name,
                    f"has more than {MAX_ENTRIES:,} entries, the limit for a bundle",
                    BundleErrorCode.TOO_LARGE,
                )
            if entry.is_folder:
                pending.append((f"{name}/", Path(child.path)))
    entries.sort(key=lambda entry: entry.name)
    collision = first_collision((entry.name, entry.is_folder) for entry in entries)
    if collision is not None:
        raise refused(collision[0], collision[1], BundleErrorCode.UNSAFE_ENTRY)
    total = sum(entry.size_bytes for entry in entries)
    if total > MAX_UNPACKED_BYTES:
        raise refused(
            folder.name,
            f"holds {total / MB:,.1f} MB, over the limit of {MAX_UNPACKED_BYTES // MB} MB "
            "for a bundle",
            BundleErrorCode.TOO_LARGE,
        )
    return entries


def _entry(child: os.DirEntry[str], name: str) -> FolderEntry:
    problem = name_safety_problem(name)
    if problem:
        raise refused(name, problem, BundleErrorCode.UNSAFE_ENTRY)
    info = child.stat(follow_symlinks=False)
    if stat.S_ISLNK(info.st_mode):
        raise refused(
            name,
            "is a symbolic link (only plain files and folders are allowed)",
            BundleErrorCode.UNSAFE_ENTRY,
        )
    if stat.S_ISDIR(info.st_mode):
        return FolderEntry(name, True, 0)
    if stat.S_ISREG(info.st_mode):
        return FolderEntry(name, False, info.st_size)
    raise refused(
        name,
        "is a device, pipe or socket (only plain files and folders are allowed)",
        BundleErrorCode.UNSAFE_ENTRY,
    )


def _is_litter(name: str) -> bool:
    return name in OS_LITTER or name.startswith("._")  # "._x": macOS resource forks
