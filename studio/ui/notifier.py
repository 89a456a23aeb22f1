"""Errors and notices shown inside the window (never a traceback dialog) and logged."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

TOAST_LIFETIME_MS = 8000
MAX_TOASTS = 4


class Notifier(QObject):
    """One place every error goes through; ``notify`` may be called from any thread (the
    signal is queued to the main thread)."""

    notified = Signal(str, str)  # level ("error" | "info"), message

    def notify(self, message: str, level: str = "error") -> None:
        (log.error if level == "error" else log.info)("%s", message)
        self.notified.emit(level, message)


class Toast(QFrame):
    def __init__(self, message: str, level: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setProperty("level", level)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel(message)
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.deleteLater)
        layout.addWidget(close)
        QTimer.singleShot(TOAST_LIFETIME_MS, self.deleteLater)


class ToastArea(QWidget):
    """A column of banners floating at the top of its parent (the central widget)."""

    def __init__(self, notifier: Notifier, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, False)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self._layout.setSpacing(4)
        notifier.notified.connect(self.show_message, Qt.ConnectionType.QueuedConnection)
        self.hide()

    @Slot(str, str)
    def show_message(self, level: str, message: str) -> None:
        toasts = self.toasts()
        for old in toasts[: max(0, len(toasts) - MAX_TOASTS + 1)]:
            old.deleteLater()
        toast = Toast(message, level, self)
        toast.destroyed.connect(self._relayout)
        self._layout.addWidget(toast)
        self._relayout()

    def toasts(self) -> list[Toast]:
        return [t for t in self.findChildren(Toast) if not t.isHidden() or t.parent() is self]

    def messages(self) -> list[str]:
        return [t.label.text() for t in self.findChildren(Toast)]

    def _relayout(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        width = min(520, parent.width() - 16)
        self.setFixedWidth(max(200, width))
        self.adjustSize()
        self.move(parent.width() - self.width() - 8, 8)
        self.setVisible(bool(self.findChildren(Toast)))
        self.raise_()
