"""The notices a start after a crash shows: what happened, with a button opening the report,
and — when the host restored the show it stopped during — what came back of that show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QToolBar, QWidget

from studio.ui.widgets import open_in_desktop

OpenFile = Callable[[Path], object]
Bar = TypeVar("Bar", bound=QToolBar)


class CrashNotice(QToolBar):
    """A bar across the top of the window until the host dismisses it (a toast would vanish
    before a host busy preparing the next show reads it)."""

    def __init__(self, report: Path, open_file: OpenFile = open_in_desktop) -> None:
        super().__init__("Crash report")
        self.setObjectName("crashNotice")
        self.setMovable(False)
        self.setFloatable(False)
        self.report = report
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel(
            "LiveShop Studio stopped unexpectedly last time. What it was doing is saved in "
            f"{report.name} (in the log folder)."
        )
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setToolTip(str(report))
        layout.addWidget(self.label, 1)
        self.open_button = QPushButton("Open crash report")
        self.open_button.setToolTip(f"Open {report}")
        self.open_button.clicked.connect(lambda: open_file(report))
        layout.addWidget(self.open_button)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Hide this notice (the report stays in the log folder)")
        self.dismiss_button.clicked.connect(self.hide)
        layout.addWidget(self.dismiss_button)
        self.addWidget(body)


class ShowRestoredNotice(QToolBar):
    """What came back of the show a crash interrupted (or why it could not), until the host
    dismisses it: they read it while getting ready to go live again."""

    def __init__(self, text: str) -> None:
        super().__init__("Show restored")
        self.setObjectName("showRestoredNotice")
        self.setMovable(False)
        self.setFloatable(False)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(8, 2, 8, 2)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setToolTip("Hide this notice")
        self.dismiss_button.clicked.connect(self.hide)
        layout.addWidget(self.dismiss_button)
        self.addWidget(body)


def offer_crash_report(
    window: QMainWindow, report: Path, open_file: OpenFile = open_in_desktop
) -> CrashNotice:
    return _on_top(window, CrashNotice(report, open_file))


def offer_restored_show(window: QMainWindow, text: str) -> ShowRestoredNotice:
    return _on_top(window, ShowRestoredNotice(text))


def _on_top(window: QMainWindow, notice: Bar) -> Bar:
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, notice)
    return notice
