"""The licences of everything LiveShop Studio ships: the app, the native components bundled
inside the Python wheels (FFmpeg with x264, Qt, PortAudio), the fonts, the Python runtime and
every Python package the app needs at run time.

One list serves Help → About, ``studio about`` and the build: ``write_licence_folder`` writes
it, texts and an ``index.json``, into the folder the build bundles as ``licenses/``; a frozen
app reads that folder back (it has no package metadata to walk), a source tree computes the
same list from ``importlib.metadata``. Texts are read only when an entry is asked for one.
"""

from __future__ import annotations

import logging
from pathlib import Path

from studio.licences.components import COMPONENTS, component_entries
from studio.licences.entries import (
    APP_LICENCE,
    APP_NAME,
    FREE_SOFTWARE,
    INDEX_FILE,
    NOT_FOUND,
    EntryKind,
    LicenceEntry,
    LicenceText,
    normalised,
)
from studio.licences.folder import bundled_licence_folder, read_licence_folder, write_entries
from studio.licences.packages import package_entry, runtime_distributions

log = logging.getLogger(__name__)

__all__ = [
    "APP_LICENCE",
    "APP_NAME",
    "COMPONENTS",
    "FREE_SOFTWARE",
    "INDEX_FILE",
    "NOT_FOUND",
    "EntryKind",
    "LicenceEntry",
    "LicenceText",
    "bundled_licence_folder",
    "component_entries",
    "computed_entries",
    "find_entry",
    "licence_entries",
    "package_entry",
    "read_licence_folder",
    "runtime_distributions",
    "write_licence_folder",
]


def computed_entries() -> list[LicenceEntry]:
    """The entries of this installation: the components, then the runtime packages."""
    return component_entries() + [package_entry(d) for d in runtime_distributions()]


def write_licence_folder(destination: Path) -> list[Path]:
    """Write one .txt per component and Python package and ``index.json`` describing them
    into ``destination`` (created); returns the files written. The build bundles the folder as
    ``licenses/``."""
    return write_entries(destination, computed_entries())


def licence_entries() -> list[LicenceEntry]:
    """What About and ``studio about`` show: the bundled folder in a frozen app, else the
    entries computed from this installation (the same list the build writes)."""
    folder = bundled_licence_folder()
    if folder is not None:
        try:
            return read_licence_folder(folder)
        except ValueError as error:
            log.warning("%s; listing the licences from this installation instead.", error)
    return computed_entries()


def find_entry(entries: list[LicenceEntry], name: str) -> LicenceEntry | None:
    """The entry called ``name`` (case, '-', '_' and '.' ignored); components first."""
    wanted = normalised(name.strip())
    return next((e for e in entries if normalised(e.name) == wanted), None)
