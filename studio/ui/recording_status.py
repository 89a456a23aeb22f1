"""Beside the Record button: "REC 0:01:23" while recording, then where the file went and a
button opening its folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.ui.bridge import SessionBridge

UrlOpener = Callable[[QUrl], object]
TICK_MS = 500


def format_elapsed(seconds: float) -> str:
    """``0:01:23``: hours, minutes, seconds."""
    whole = max(0, int(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"


def folder_url(path: Path) -> QUrl:
    """The folder holding ``path`` (a file) as a URL the desktop opens in its file manager."""
    return QUrl.fromLocalFile(str(path.parent))


class RecordingStatus(QWidget):
    """``url_opener`` opens the folder (the desktop's file manager; tests replace it)."""

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.url_opener: UrlOpener = QDesktopServices.openUrl
        self.recording_since: float | None = None
        self.saved_path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.timer_label = QLabel()
        self.timer_label.setObjectName("recTimer")
        self.timer_label.setToolTip("Time recorded so far")
        self.saved_label = QLabel()
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setToolTip("Show the recording in its folder")
        self.open_folder.clicked.connect(self._open_folder)
        for widget in (self.timer_label, self.saved_label, self.open_folder):
            layout.addWidget(widget)
            widget.hide()
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_time)
        bridge.recording_changed.connect(self._recording_changed)
        bridge.recording_saved.connect(self._saved)

    def _recording_changed(self, recording: bool) -> None:
        if recording:
            self.recording_since = time.monotonic()
            self.saved_label.hide()
            self.open_folder.hide()
            self.timer_label.show()
            self._show_time()
            self._tick.start()
        else:
            self._tick.stop()
            self.recording_since = None
            self.timer_label.hide()
            self.saved_label.setText("Saving the recording…")
            self.saved_label.setToolTip("")
            self.saved_label.show()

    def _saved(self, path: Path | None) -> None:
        if self.recording_since is not None:
            return  # a new recording started meanwhile: its timer stays
        if path is None or not path.exists():
            self.saved_label.setText("The recording was not saved (see the message)")
            return
        self.saved_path = path
        self.saved_label.setText(f"Saved to {path.name}")
        self.saved_label.setToolTip(str(path))
        self.open_folder.setToolTip(f"Open {path.parent}")
        self.open_folder.show()

    def _show_time(self) -> None:
        if self.recording_since is not None:
            self.timer_label.setText(
                f"REC {format_elapsed(time.monotonic() - self.recording_since)}"
            )

    def _open_folder(self) -> None:
        if self.saved_path is not None:
            self.url_opener(folder_url(self.saved_path))
