"""Shared fixtures. Real servers (nginx-rtmp, PulseAudio) live in tests/support/."""

from __future__ import annotations

import os

# Qt's font rendering (text sources) runs headless in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.support.nginx_rtmp",
    "tests.support.pulse",
    "tests.support.media_files",
]
