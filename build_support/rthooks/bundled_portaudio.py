# PyInstaller runtime hook (runs in the frozen app before any of its modules): on Linux,
# sounddevice finds PortAudio with ctypes.util.find_library("portaudio"), which asks ldconfig
# and never looks inside the app. Answer with the copy the build bundled, so the app works on
# a machine without libportaudio2 and never mixes with a different system version.
import ctypes.util
import os
import sys


def _install() -> None:
    if not sys.platform.startswith("linux"):
        return
    bundled = os.path.join(getattr(sys, "_MEIPASS", ""), "libportaudio.so.2")
    if not os.path.exists(bundled):
        return
    system_find_library = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name == "portaudio":
            return bundled
        return system_find_library(name)

    ctypes.util.find_library = find_library


_install()
