"""The Chat tab's line about the platforms' chat connections ("twitch:#shop: connected ·
youtube:…: reconnecting in 4 s (quota used up)"), hidden while only the rehearsal chat runs."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from studio.chat.status_board import ChatStatusBoard


class ChatStatusLine(QLabel):
    # The board calls back on connector threads; the queued signal brings it to the UI thread.
    _changed = Signal()

    def __init__(self, board: ChatStatusBoard | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatConnections")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setToolTip("The platforms' chat connections (Settings → Chat).")
        self.board = board
        self._changed.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        if board is not None:
            unsubscribe = board.subscribe(self._post)
            self.destroyed.connect(lambda *_: unsubscribe())
        self.refresh()

    def _post(self, _: object = None) -> None:
        with contextlib.suppress(RuntimeError):  # the widget went away meanwhile
            self._changed.emit()

    def refresh(self) -> None:
        text = self.board.summary() if self.board is not None else ""
        self.setText(text)
        # Never show() a widget without a parent: it would open as a window of its own.
        self.setVisible(bool(text) and self.parent() is not None)
