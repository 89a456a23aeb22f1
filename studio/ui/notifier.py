"""Errors and notices shown inside the window (never a traceback dialog) and logged.

A notice has a key: one on screen with the same key (by default: the same text) is replaced
in place, so a message repeated every few seconds stays one toast instead of a stack. Toasts
are laid out for their wrapped height, so no text is ever cut off.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.widgets import buttons_in, replace_buttons

log = logging.getLogger(__name__)

TOAST_LIFETIME_MS = 8000
MAX_TOASTS = 4
TOAST_MAX_WIDTH_PX = 520
TOAST_MIN_WIDTH_PX = 200
MARGIN_PX = 8
# Paths and URLs have no spaces to wrap at: a zero-width space after their separators lets
# a long one break across lines instead of running out of the toast.
_LONG_WORD = re.compile(r"\S{24,}")
_SEPARATORS = re.compile(r"([/\\_.\-=&?:,])")
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True, slots=True)
class NoticeAction:
    label: str
    run: Callable[[], object]


@dataclass(frozen=True, slots=True)
class Notice:
    message: str
    level: str = "error"  # "error" | "info"
    key: str = ""  # replaces a notice on screen with the same key ("" : the message itself)
    actions: tuple[NoticeAction, ...] = ()

    @property
    def identity(self) -> str:
        return self.key or self.message


class Notifier(QObject):
    """One place every error goes through; ``notify`` may be called from any thread (the
    signals are queued to the main thread by their receivers)."""

    notified = Signal(str, str)  # level ("error" | "info"), message
    posted = Signal(object)  # Notice

    def notify(
        self,
        message: str,
        level: str = "error",
        *,
        key: str = "",
        actions: Iterable[NoticeAction] = (),
    ) -> None:
        (log.error if level == "error" else log.info)("%s", message)
        self.notified.emit(level, message)
        self.posted.emit(Notice(message, level, key, tuple(actions)))


def breakable(text: str) -> str:
    """``text`` with wrap points inside long words (paths, URLs); it reads the same."""
    return _LONG_WORD.sub(lambda m: _SEPARATORS.sub(rf"\1{ZERO_WIDTH_SPACE}", m.group()), text)


class Toast(QFrame):
    def __init__(self, notice: Notice, on_close: Callable[[Toast], None]) -> None:
        super().__init__()
        self.setObjectName("toast")
        self._on_close = on_close
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # messages quote strangers' text
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self._buttons = QHBoxLayout()
        layout.addLayout(self._buttons)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Dismiss this message")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_toast)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self._lifetime = QTimer(self)
        self._lifetime.setSingleShot(True)
        self._lifetime.setInterval(TOAST_LIFETIME_MS)
        self._lifetime.timeout.connect(self.close_toast)
        self.notice = notice
        self.show_notice(notice)

    @property
    def message(self) -> str:
        return self.notice.message

    def show_notice(self, notice: Notice) -> None:
        """Show ``notice`` here (a repeat or an update of the one shown) for a full lifetime."""
        self.notice = notice
        self.setProperty("level", notice.level)
        self.style().polish(self)
        self.label.setText(breakable(notice.message))
        replace_buttons(
            self._buttons,
            [(action.label, "", action.run) for action in notice.actions],
            Qt.AlignmentFlag.AlignTop,
        )
        self._lifetime.start()

    def action_buttons(self) -> list[QPushButton]:
        return buttons_in(self._buttons)

    def close_toast(self) -> None:
        self._lifetime.stop()
        self._on_close(self)


class ToastArea(QWidget):
    """A column of notices floating at the top right of ``anchor`` (default: its parent, the
    central widget); the window puts them on the preview, under the banners."""

    def __init__(self, notifier: Notifier, parent: QWidget, anchor: QWidget | None = None) -> None:
        super().__init__(parent)
        self._anchor = anchor or parent
        for watched in {parent, self._anchor}:
            watched.installEventFilter(self)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._toasts: list[Toast] = []
        notifier.posted.connect(self.show_notice, Qt.ConnectionType.QueuedConnection)
        self.hide()

    @Slot(object)
    def show_notice(self, notice: Notice) -> None:
        same = next((t for t in self._toasts if t.notice.identity == notice.identity), None)
        if same is not None:
            same.show_notice(notice)
        else:
            for old in self._toasts[: max(0, len(self._toasts) - MAX_TOASTS + 1)]:
                self._remove(old)
            toast = Toast(notice, self._close)
            self._toasts.append(toast)
            self._layout.addWidget(toast)
            toast.show()  # now, not at the next event loop pass: the height counts it
        self.relayout()

    def toasts(self) -> list[Toast]:
        return list(self._toasts)

    def messages(self) -> list[str]:
        return [t.message for t in self._toasts]

    def _close(self, toast: Toast) -> None:
        self._remove(toast)
        self.relayout()

    def _remove(self, toast: Toast) -> None:
        if toast in self._toasts:
            self._toasts.remove(toast)
            self._layout.removeWidget(toast)
            toast.hide()
            toast.deleteLater()  # it may be inside its own button's clicked signal

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.relayout()
        return False

    def relayout(self) -> None:
        """Size to the wrapped text of every toast: a layout's plain size hint measures word-
        wrapped labels at an arbitrary width and cut the text in half."""
        parent = self.parentWidget()
        if parent is None:
            return
        width = max(TOAST_MIN_WIDTH_PX, min(TOAST_MAX_WIDTH_PX, parent.width() - 2 * MARGIN_PX))
        self._layout.activate()
        height = self._layout.totalHeightForWidth(width) if self._toasts else 0
        self.setFixedSize(width, max(height, 1))
        anchor = self._anchor.geometry() if self._anchor is not parent else parent.rect()
        self.move(anchor.right() - width - MARGIN_PX, anchor.top() + MARGIN_PX)
        self.setVisible(bool(self._toasts))
        self.raise_()
