"""Shared fixtures. Real servers (nginx-rtmp, PulseAudio) live in tests/support/."""

from __future__ import annotations

import os

# Qt's font rendering (text sources) runs headless in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.support.ircd",
    "tests.support.nginx_rtmp",
    "tests.support.pulse",
    "tests.support.media_files",
]

_qt_app: object = None


def pytest_configure(config: object) -> None:
    # Text sources create a QGuiApplication if none exists; widgets need a QApplication.
    # One process runs both kinds of tests, so the application object is made here first.
    global _qt_app
    from PySide6.QtWidgets import QApplication

    _qt_app = QApplication.instance() or QApplication([])
