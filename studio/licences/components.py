"""The bundled pieces that are not Python packages (or whose metadata does not tell their
licence): FFmpeg with x264, Qt, PortAudio, the fonts, Python, and the app itself. Each
version is asked of the running installation; none may fail."""

from __future__ import annotations

import platform
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from studio.licences.entries import (
    APP_DISTRIBUTION,
    APP_LICENCE,
    APP_NAME,
    EntryKind,
    LicenceEntry,
    LicenceText,
    app_licence_file,
    licences_folder,
)
from studio.resources import resources_dir

# Where the source of the copyleft components is published (their licences ask us to say).
FFMPEG_DOWNLOADS = "https://ffmpeg.org/download.html"
X264_SOURCE = "https://code.videolan.org/videolan/x264"
PYAV_FFMPEG_BUILD = "https://github.com/PyAV-Org/pyav-ffmpeg"
PYSIDE6_DOWNLOADS = "https://download.qt.io/official_releases/QtForPython/pyside6/"
QT_DOWNLOADS = "https://download.qt.io/official_releases/qt/"


@dataclass(frozen=True)
class Component:
    """A bundled piece that is not a Python package (or is one whose licence is not told by
    its metadata): its licence and texts are ours to state."""

    name: str
    licence: str
    licence_files: Callable[[], tuple[Path, ...]]
    version: Callable[[], str]
    source: Callable[[str], str] = lambda _version: ""


# -- versions, each asked of the running installation; none may fail ----------------------------
def _app_version() -> str:
    import studio

    return str(studio.__version__)


def _ffmpeg_version() -> str:
    try:
        import av

        version = str(getattr(av, "ffmpeg_version_info", "") or "")
        if version:
            return version
        major, minor, micro = av.library_versions["libavcodec"]
        return f"libavcodec {major}.{minor}.{micro}"
    except Exception:  # no PyAV, or one without these attributes: the version stays unknown
        return ""


def _distribution_version(*names: str) -> str:
    # Never `import PySide6` here: the core runs headless and must not load Qt.
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return ""


def _portaudio_version() -> str:
    try:
        import sounddevice

        text = str(sounddevice.get_portaudio_version()[1])  # "PortAudio V19.6.0-devel, …"
        found = re.search(r"V(\d[^\s,]*)", text)
        return found.group(1) if found else text
    except Exception:  # no PortAudio library here (sounddevice raises OSError on import)
        return ""


def _font_version() -> str:
    try:
        from fontTools.ttLib import TTFont

        with TTFont(resources_dir() / "fonts" / "DejaVuSans.ttf", lazy=True) as font:
            name = font["name"].getDebugName(5) or ""  # "Version 2.37"
        return str(name).removeprefix("Version ").strip()
    except Exception:
        return ""


COMPONENTS: tuple[Component, ...] = (
    Component(
        name=APP_NAME,
        licence=APP_LICENCE,
        licence_files=lambda: (app_licence_file(),),
        version=_app_version,
        source=lambda _v: _app_source_url(),
    ),
    Component(
        # PyAV's wheels build FFmpeg with libx264 (GPL), which makes the whole FFmpeg GPL;
        # FFmpeg's own parts are LGPL-2.1-or-later.
        name="FFmpeg with x264",
        licence="GPL-2.0-or-later",
        licence_files=lambda: (
            licences_folder() / "GPL-2.0.txt",
            licences_folder() / "LGPL-2.1.txt",
        ),
        version=_ffmpeg_version,
        source=lambda v: (
            (f"https://ffmpeg.org/releases/ffmpeg-{v}.tar.xz" if v else FFMPEG_DOWNLOADS)
            + f" and {X264_SOURCE} (as built by {PYAV_FFMPEG_BUILD})"
        ),
    ),
    Component(
        # LGPL-3.0 is a set of permissions on top of the GPL-3.0, so both texts travel.
        name="Qt / PySide6",
        licence="LGPL-3.0-only",
        licence_files=lambda: (licences_folder() / "LGPL-3.0.txt", app_licence_file()),
        version=lambda: _distribution_version("PySide6-Essentials", "PySide6"),
        source=lambda v: (
            (f"{PYSIDE6_DOWNLOADS}PySide6-{v}-src/" if v else PYSIDE6_DOWNLOADS)
            + f" and {QT_DOWNLOADS}"
        ),
    ),
    Component(
        name="PortAudio",
        licence="MIT",
        licence_files=lambda: (licences_folder() / "PortAudio-LICENSE.txt",),
        version=_portaudio_version,
    ),
    Component(
        name="DejaVu fonts",
        licence="Bitstream-Vera AND LicenseRef-DejaVu-public-domain",
        licence_files=lambda: (resources_dir() / "fonts" / "DejaVu-LICENSE.txt",),
        version=_font_version,
    ),
    Component(
        name="Python",
        licence="PSF-2.0",
        licence_files=lambda: (licences_folder() / "Python-LICENSE.txt",),
        version=platform.python_version,
    ),
)


def _app_source_url() -> str:
    """The app's own source: a Source/Repository/Homepage project URL when pyproject has one."""
    try:
        urls = metadata.metadata(APP_DISTRIBUTION).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return ""
    by_label = dict(
        (label.strip().lower(), url.strip()) for label, _, url in (u.partition(",") for u in urls)
    )
    return next((by_label[k] for k in ("source", "repository", "homepage") if k in by_label), "")


def component_entries() -> list[LicenceEntry]:
    entries = []
    for component in COMPONENTS:
        version = component.version()
        entries.append(
            LicenceEntry(
                kind=EntryKind.COMPONENT,
                name=component.name,
                version=version,
                licence=component.licence,
                source=component.source(version),
                licence_text=LicenceText(files=component.licence_files()),
            )
        )
    return entries
