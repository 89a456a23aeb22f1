"""The licence folder the build bundles as ``licenses/``: one text per entry and an
``index.json``; written at build time, read back by the frozen app (which has no package
metadata to walk)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from studio.file_names import WINDOWS_RESERVED_NAMES
from studio.licences.entries import (
    INDEX_FILE,
    INDEX_FORMAT,
    EntryKind,
    LicenceEntry,
    LicenceText,
)


def _safe_stem(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[:80] or "entry"
    return f"{stem}_" if stem.upper() in WINDOWS_RESERVED_NAMES else stem


def _file_names(entries: list[LicenceEntry]) -> Iterator[str]:
    taken: set[str] = {INDEX_FILE}
    for entry in entries:
        prefix = "python-" if entry.kind is EntryKind.PYTHON_PACKAGE else ""
        stem = prefix + _safe_stem(entry.name)
        candidate, number = f"{stem}.txt", 2
        while candidate.lower() in taken:  # unique on case-insensitive file systems too
            candidate, number = f"{stem}-{number}.txt", number + 1
        taken.add(candidate.lower())
        yield candidate


def write_entries(destination: Path, entries: list[LicenceEntry]) -> list[Path]:
    """Write one .txt per component and Python package and ``index.json`` describing them
    into ``destination`` (created); returns the files written. The build bundles the folder as
    ``licenses/``."""
    destination.mkdir(parents=True, exist_ok=True)
    _remove_previous_texts(destination)
    written: list[Path] = []
    index = []
    for entry, file_name in zip(entries, _file_names(entries), strict=True):
        path = destination / file_name
        path.write_text(entry.text(), encoding="utf-8", newline="\n")
        written.append(path)
        index.append(
            {
                "kind": entry.kind.value,
                "name": entry.name,
                "version": entry.version,
                "licence": entry.licence,
                "file": file_name,
                "source": entry.source,
            }
        )
    index_path = destination / INDEX_FILE
    document = {"format": INDEX_FORMAT, "entries": index}
    index_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8", newline="\n")
    written.append(index_path)
    return written


def _remove_previous_texts(folder: Path) -> None:
    """A rebuild into the same folder must not bundle the text of a package since dropped:
    the files an earlier index lists go (nothing else in the folder is touched)."""
    try:
        previous = read_licence_folder(folder)
    except ValueError:  # no earlier index (or not ours): nothing to clear
        return
    for entry in previous:
        for path in entry.licence_text.files:
            path.unlink(missing_ok=True)


def read_licence_folder(folder: Path) -> list[LicenceEntry]:
    """The entries a folder written by ``write_licence_folder`` describes. Raises ValueError
    when its index cannot be read."""
    try:
        document = json.loads((folder / INDEX_FILE).read_text(encoding="utf-8"))
        return [
            LicenceEntry(
                kind=EntryKind(item["kind"]),
                name=str(item["name"]),
                version=str(item["version"]),
                licence=str(item["licence"]),
                source=str(item.get("source", "")),
                licence_text=LicenceText(files=(folder / Path(item["file"]).name,)),
            )
            for item in document["entries"]
        ]
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"The licence index {folder / INDEX_FILE} cannot be read: {error}"
        ) from error


def bundled_licence_folder() -> Path | None:
    """The frozen app's ``licenses/`` folder, or None when running from a source tree."""
    root = getattr(sys, "_MEIPASS", None)
    if not getattr(sys, "frozen", False) or root is None:
        return None
    folder = Path(root) / "licenses"
    return folder if (folder / INDEX_FILE).is_file() else None
