"""What PyInstaller's Qt hooks collect but the studio never loads, taken out of the analysis
before the folder is assembled. The slow build test checks that every library left in the
folder still finds all it links to (``unresolved_libraries``)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

# Qt plugins for embedded devices and desktops we do not serve, and the GTK theme plugin
# (it would load the user's GTK beside our own copies of GLib: a crash waiting to happen).
UNUSED_QT_PLUGINS = (
    "platformthemes/libqgtk3",
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay",
    "platforms/libqvnc",
    "egldeviceintegrations/",
    "generic/",
)
# What only the GTK theme plugin linked to.
GTK_THEME_LIBRARIES = (
    "libatk-1.0",
    "libcairo",
    "libcairo-gobject",
    "libdatrie",
    "libfribidi",
    "libgdk_pixbuf-2.0",
    "libgraphite2",
    "libharfbuzz",
    "libpango-1.0",
    "libpangocairo-1.0",
    "libpangoft2-1.0",
    "libpixman-1",
    "libthai",
)
# The window is in English and loads no Qt translator.
QT_TRANSLATIONS = "PySide6/Qt/translations/"


def _is_unused(destination: str) -> bool:
    path = PurePosixPath(destination.replace("\\", "/"))
    text = str(path)
    if text.startswith(QT_TRANSLATIONS):
        return True
    if "/plugins/" in text and any(part in text for part in UNUSED_QT_PLUGINS):
        return True
    if len(path.parts) == 1:  # a system library at the top of the folder
        stem = path.name.split(".so")[0]
        return stem in GTK_THEME_LIBRARIES
    return False


def without_unused(toc: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``toc`` (PyInstaller's (destination, source, kind) entries) minus the unused parts."""
    return [entry for entry in toc if not _is_unused(str(entry[0]))]


_NOT_FOUND = re.compile(r"^\s*(\S+) => not found", re.MULTILINE)


def _elf_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and ".so" in path.name:
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    yield path


def unresolved_libraries(folder: Path, library_path: Path) -> dict[str, list[str]]:
    """{library: [what it links to and cannot find]} for every shared library in ``folder``,
    resolved as the frozen app resolves them (its top folder first, then the system's)."""
    missing: dict[str, list[str]] = {}
    for library in _elf_files(folder):
        result = subprocess.run(
            ["ldd", str(library)],
            capture_output=True,
            text=True,
            env={"LD_LIBRARY_PATH": str(library_path)},
            check=False,
        )
        names = _NOT_FOUND.findall(result.stdout)
        if names:
            missing[str(library.relative_to(folder))] = names
    return missing
