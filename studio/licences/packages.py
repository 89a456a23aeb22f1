"""The Python packages the app needs at run time (the installed closure of its requirements)
and each one's licence, from its metadata."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from studio.licences.entries import (
    APP_DISTRIBUTION,
    NOT_FOUND,
    EntryKind,
    LicenceEntry,
    LicenceText,
    app_licence_file,
    licences_folder,
    normalised,
)
from studio.resources import resources_dir

log = logging.getLogger(__name__)

# Names a dist-info licence file starts with when its metadata lists none (older wheels).
_LICENCE_FILE_PREFIXES = ("LICEN", "COPYING", "NOTICE", "AUTHORS")


def _field(distribution: metadata.Distribution, key: str) -> str:
    """A metadata field, "" when absent (indexing a missing key is deprecated in 3.12)."""
    values = distribution.metadata.get_all(key) or []
    return str(values[0]) if values else ""


def _root_requirements(root: str) -> list[str]:
    try:
        return list(metadata.distribution(root).requires or [])
    except metadata.PackageNotFoundError:
        pass
    # A checkout never installed (a build from a fresh clone): pyproject.toml says.
    pyproject = resources_dir().parent / "pyproject.toml"
    try:
        return list(tomllib.loads(pyproject.read_text("utf-8"))["project"]["dependencies"])
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError):
        log.warning(
            "%s is not installed and %s cannot be read: no packages listed", root, pyproject
        )
        return []


def _applying(lines: list[str], extras: frozenset[str]) -> Iterator[Requirement]:
    """The requirements that apply here: markers evaluated for this platform, extras only
    where a requirer asked for them (so the test extra and its tools stay out)."""
    for line in lines:
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            log.warning("A requirement cannot be read, skipped: %r", line)
            continue
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": e}) for e in ("", *sorted(extras))):
            yield requirement


def runtime_distributions(root: str = APP_DISTRIBUTION) -> list[metadata.Distribution]:
    """The installed closure of ``root``'s run-time requirements, as pip installed them here.
    A requirement not installed is left out (logged): it is not bundled either."""
    found: dict[str, metadata.Distribution] = {}
    asked_extras: dict[str, frozenset[str]] = {}
    pending: list[tuple[list[str], frozenset[str]]] = [(_root_requirements(root), frozenset())]
    while pending:
        lines, extras = pending.pop()
        for requirement in _applying(lines, extras):
            key = normalised(requirement.name)
            wanted = asked_extras.get(key, frozenset()) | requirement.extras
            if key == normalised(root) or (key in found and wanted == asked_extras[key]):
                continue
            if key not in found:
                try:
                    found[key] = metadata.distribution(requirement.name)
                except metadata.PackageNotFoundError:
                    log.warning("%s is required but not installed", requirement.name)
                    continue
            asked_extras[key] = wanted
            pending.append((list(found[key].requires or []), wanted))
    return sorted(found.values(), key=lambda d: normalised(_field(d, "Name")))


def _dist_info_folder(distribution: metadata.Distribution) -> Path | None:
    for file in distribution.files or ():
        if file.name in ("METADATA", "PKG-INFO") and len(file.parts) == 2:
            return Path(str(file.locate())).parent
    # A distribution with no RECORD: the folder importlib found it in.
    folder = getattr(distribution, "_path", None)
    return Path(folder) if folder is not None else None


def _licence_files(distribution: metadata.Distribution) -> tuple[Path, ...]:
    folder = _dist_info_folder(distribution)
    if folder is None:
        return ()
    listed = distribution.metadata.get_all("License-File") or []
    # Metadata 2.4 puts them under licenses/; older wheels at the top of the dist-info folder.
    files = [
        path
        for entry in listed
        for path in (folder / "licenses" / entry, folder / entry)
        if path.is_file()
    ]
    if files:
        return tuple(dict.fromkeys(files))
    if not folder.is_dir():
        return ()
    return tuple(
        sorted(
            path
            for path in folder.rglob("*")
            if path.is_file()
            and path.suffix != ".pyc"
            and path.name.upper().startswith(_LICENCE_FILE_PREFIXES)
        )
    )


def _package_licence(distribution: metadata.Distribution) -> str:
    """License-Expression, else a one-line License field, else the License classifiers."""
    expression = _field(distribution, "License-Expression").strip()
    if expression:
        return expression
    licence = _field(distribution, "License").strip()
    if licence and "\n" not in licence and len(licence) <= 80:  # not a whole licence text
        return licence
    classifiers = [
        c.split("::")[-1].strip()
        for c in distribution.metadata.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return "; ".join(classifiers) or "unknown"


def _standard_text(licence_id: str) -> tuple[Path, ...] | None:
    """The shipped text of a licence that reads the same for every project (GPL and LGPL),
    standing in for a package that ships none (PySide6's wheels carry no licence file)."""
    folder = licences_folder()
    return {
        # The LGPL-3.0 is a set of permissions on top of the GPL-3.0: both texts travel.
        "LGPL-3.0": (folder / "LGPL-3.0.txt", app_licence_file()),
        "LGPL-2.1": (folder / "LGPL-2.1.txt",),
        "GPL-2.0": (folder / "GPL-2.0.txt",),
        "GPL-3.0": (app_licence_file(),),
    }.get(licence_id.removesuffix("-only").removesuffix("-or-later"))


def package_entry(distribution: metadata.Distribution) -> LicenceEntry:
    """The entry of one installed package; never fails on missing metadata or files."""
    name = (_field(distribution, "Name") or "unknown").replace("_", "-")
    version = _field(distribution, "Version")
    licence = _package_licence(distribution)
    files = _licence_files(distribution)
    text = LicenceText(
        files=files, without_files=f"{NOT_FOUND}: {name} {version} ships no licence file."
    )
    if not files:
        # The first licence of an "A OR B" expression we have a text for is the one we use.
        standard = ((t, _standard_text(t)) for t in re.findall(r"[\w.+-]+", licence))
        chosen = next(((t, paths) for t, paths in standard if paths), None)
        if chosen is not None:
            preamble = (
                f"{name} {version} ships no licence file; its metadata says {licence!r}. "
                f"LiveShop Studio uses it under {chosen[0]}, whose text follows."
            )
            text = LicenceText(files=chosen[1], preamble=preamble)
        else:
            long_field = _field(distribution, "License").strip()
            if "\n" in long_field:
                # The whole licence written into the License field (older packages).
                text = LicenceText(without_files=long_field)
    return LicenceEntry(
        kind=EntryKind.PYTHON_PACKAGE,
        name=name,
        version=version,
        licence=licence,
        licence_text=text,
    )
