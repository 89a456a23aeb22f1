"""The dark look: Fusion, a dark palette and a small stylesheet with consistent spacing."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = QColor("#3d8bfd")
LIVE_RED = "#d63b3b"
WAITING_AMBER = "#c98a00"
SPACING_PX = 6

STYLESHEET = f"""
QMainWindow::separator {{ width: 4px; height: 4px; background: #1b1d21; }}
QDockWidget {{ titlebar-close-icon: none; }}
QDockWidget::title {{ padding: 4px {SPACING_PX}px; background: #24272c; }}
QToolButton, QPushButton {{ padding: 4px 10px; }}
QPushButton#goLive {{ background: #2e7d32; color: white; font-weight: bold; padding: 8px 18px;
    border-radius: 4px; }}
QPushButton#goLive[live="true"] {{ background: {LIVE_RED}; }}
QPushButton#goLive[state="connecting"] {{ background: {WAITING_AMBER}; }}
QLabel#onAir[state="live"] {{ color: {LIVE_RED}; font-weight: bold; }}
QLabel#onAir[state="connecting"] {{ color: {WAITING_AMBER}; font-weight: bold; }}
QLabel#recTimer {{ color: {LIVE_RED}; font-weight: bold; }}
QFrame#banner {{ background: #4a2323; border: 1px solid {LIVE_RED}; border-radius: 4px; }}
QFrame#banner[level="warning"] {{ background: #4a3b1a; border-color: {WAITING_AMBER}; }}
QFrame#banner[level="info"] {{ background: #26313d; border-color: {ACCENT.name()}; }}
QPushButton#record[recording="true"] {{ color: {LIVE_RED}; font-weight: bold; }}
QLabel#placeholder {{ color: #9aa0a6; padding: 16px; }}
QFrame#toast {{ background: #3a2a2a; border: 1px solid {LIVE_RED}; border-radius: 4px; }}
QFrame#toast[level="info"] {{ background: #26313d; border-color: {ACCENT.name()}; }}
QStatusBar QLabel {{ padding: 0 {SPACING_PX}px; }}
"""


def dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = QColor("#202226"), QColor("#17191c"), QColor("#e6e6e6")
    disabled = QColor("#6b6f75")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26292e")),
        (QPalette.ColorRole.ToolTipBase, QColor("#2b2e33")),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, disabled),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#2b2e33")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff5555")),
        (QPalette.ColorRole.Link, ACCENT),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
    ):
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    app.setPalette(dark_palette())
    app.setStyleSheet(STYLESHEET)
