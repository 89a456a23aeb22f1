"""Native libraries a wheel does not bring: on Linux the sounddevice wheel ships no PortAudio
(its Windows and macOS wheels do, and PyInstaller's sounddevice hook collects those)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from pathlib import Path

PORTAUDIO_SONAME = "libportaudio.so.2"


def loaded_library_path(soname: str) -> Path | None:
    """Where the dynamic linker finds ``soname`` on this machine: loaded, then read back from
    /proc/self/maps (the same lookup the app makes at run time)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return None
    with open("/proc/self/maps", encoding="utf-8") as maps:
        for line in maps:
            path = line.split()[-1]
            if Path(path).name.startswith(soname):
                return Path(path)
    return None


def portaudio_binaries(platform: str = sys.platform) -> list[tuple[str, str]]:
    """PyInstaller ``binaries`` entries: PortAudio, at the bundle's top, under its soname
    (PyInstaller collects its own dependencies, e.g. libasound, beside it)."""
    if not platform.startswith("linux"):
        return []
    path = loaded_library_path(PORTAUDIO_SONAME)
    if path is None:
        raise SystemExit(
            f"build: {PORTAUDIO_SONAME} is not installed on this build machine, and the Linux "
            "app needs it bundled (Debian/Ubuntu: apt install libportaudio2)."
        )
    # The file is libportaudio.so.2.0.0; bundle it under the soname the app asks for (the
    # link beside it), which PyInstaller copies as a file of that name.
    return [(str(path.with_name(PORTAUDIO_SONAME)), ".")]
