"""What one line of the licence list is: a bundled component or Python package, its licence,
and its text, read only when asked."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from studio.data_folder import APP_NAME as APP_NAME
from studio.resources import resources_dir

APP_LICENCE = "GPL-3.0-or-later"
FREE_SOFTWARE = f"Free software under the GNU GPL version 3 or later ({APP_LICENCE})."
APP_DISTRIBUTION = "liveshop-studio"
INDEX_FILE = "index.json"
INDEX_FORMAT = 1
NOT_FOUND = "licence text not found"


class EntryKind(StrEnum):
    COMPONENT = "component"
    PYTHON_PACKAGE = "python_package"


@dataclass(frozen=True)
class LicenceText:
    """Where an entry's text lives, read only when asked: files joined in order (each under
    its name when there are several), after a preamble saying why a standard text stands in."""

    files: tuple[Path, ...] = ()
    preamble: str = ""
    # The text when there is no file: the not-found sentence, or the licence a package wrote
    # into its metadata.
    without_files: str = NOT_FOUND

    def read(self) -> str:
        if not self.files:
            return self.without_files
        parts = [self.preamble] if self.preamble else []
        for path in self.files:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = f"{NOT_FOUND}: {path.name} is missing from this installation."
            parts.append(f"===== {path.name} =====\n\n{text}" if len(self.files) > 1 else text)
        return "\n\n".join(parts)


@dataclass(frozen=True)
class LicenceEntry:
    """One line of the About list: a bundled component or Python package and its licence."""

    kind: EntryKind
    name: str
    version: str  # "" when unknown
    licence: str  # an SPDX expression where the project gives one
    source: str = ""  # where to get the source: set for the copyleft components
    licence_text: LicenceText = field(default_factory=LicenceText, compare=False, repr=False)

    def text(self) -> str:
        return self.licence_text.read()


def licences_folder() -> Path:
    """The standard licence texts shipped in resources (GPL, LGPL, PortAudio's, Python's)."""
    return resources_dir() / "licenses"


def app_licence_file() -> Path:
    """The app's GPL-3.0 text: the repository's LICENSE (the build puts it at the bundle's top)."""
    return resources_dir().parent / "LICENSE"


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
