"""The chat as a Qt list model, capped and fed in batches, and the filter over it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from studio.chat.message import ChatMessage, Platform

DEFAULT_CAPACITY = 1000
MessageRole = Qt.ItemDataRole.UserRole + 1
PlatformRole = Qt.ItemDataRole.UserRole + 2
MessageKey = tuple[Platform, str]
Index = QModelIndex | QPersistentModelIndex

PLATFORM_BADGES = {  # what marks each message's platform: letters on the platform's colour
    Platform.TWITCH: ("TW", "#9146ff"),
    Platform.YOUTUBE: ("YT", "#ff0000"),
    Platform.IRC: ("IRC", "#5f6368"),
    Platform.LOCAL: ("LOC", "#1a73e8"),
}
HIDDEN_COLOUR = QColor("#80868b")
CLAIM_BACKGROUND = QColor("#1e3a5f")


def platform_badge(platform: Platform, size_px: int = 18) -> QImage:
    letters, colour = PLATFORM_BADGES.get(platform, (platform.value[:3].upper(), "#5f6368"))
    image = QImage(size_px * 2, size_px, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    font = painter.font()
    font.setPixelSize(max(8, size_px - 8))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, letters)
    painter.end()
    return image


class ChatModel(QAbstractListModel):
    """The newest ``capacity`` messages, oldest first. :meth:`append` takes a whole batch
    with one remove (the oldest) and one insert, so a flood costs a few model signals per
    batch, not per message."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        super().__init__()
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._messages: list[ChatMessage] = []
        self._keys: set[MessageKey] = set()
        self._hidden: set[MessageKey] = set()
        self._claims: set[MessageKey] = set()
        self._pinned: MessageKey | None = None
        self._badges = {platform: platform_badge(platform) for platform in Platform}
        self._pinned_font = QFont()
        self._pinned_font.setBold(True)
        self._hidden_font = QFont()
        self._hidden_font.setItalic(True)
        self._hidden_font.setStrikeOut(True)

    # -- content -------------------------------------------------------------------------
    def append(self, messages: Iterable[ChatMessage]) -> int:
        """Add messages (those already shown are skipped); returns how many were added."""
        fresh: list[ChatMessage] = []
        batch_keys: set[MessageKey] = set()
        for message in messages:
            if message.key not in self._keys and message.key not in batch_keys:
                batch_keys.add(message.key)
                fresh.append(message)
        if not fresh:
            return 0
        fresh = fresh[-self.capacity :]
        overflow = len(self._messages) + len(fresh) - self.capacity
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            for message in self._messages[:overflow]:
                self._keys.discard(message.key)
            del self._messages[:overflow]
            self.endRemoveRows()
        first = len(self._messages)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        self._messages.extend(fresh)
        self._keys.update(message.key for message in fresh)
        self.endInsertRows()
        return len(fresh)

    def message(self, row: int) -> ChatMessage | None:
        return self._messages[row] if 0 <= row < len(self._messages) else None

    def messages(self) -> list[ChatMessage]:
        return list(self._messages)

    def row_of(self, key: MessageKey) -> int | None:
        if key not in self._keys:
            return None
        for row in range(len(self._messages) - 1, -1, -1):
            if self._messages[row].key == key:
                return row
        return None

    # -- marks ---------------------------------------------------------------------------
    def is_hidden(self, key: MessageKey) -> bool:
        return key in self._hidden

    def is_claim(self, key: MessageKey) -> bool:
        return key in self._claims

    @property
    def pinned(self) -> MessageKey | None:
        return self._pinned

    def mark_hidden(self, key: MessageKey) -> None:
        if key not in self._hidden:
            self._hidden.add(key)
            self._key_changed(key)

    def mark_claims(self, keys: Iterable[MessageKey]) -> None:
        for key in keys:
            if key not in self._claims:
                self._claims.add(key)
                self._key_changed(key)

    def set_pinned(self, key: MessageKey | None) -> None:
        if key == self._pinned:
            return
        before, self._pinned = self._pinned, key
        for changed in (before, key):
            if changed is not None:
                self._key_changed(changed)

    def _key_changed(self, key: MessageKey) -> None:
        row = self.row_of(key)
        if row is not None:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    # -- the model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._messages)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        message = self.message(index.row()) if index.isValid() else None
        if message is None:
            return None
        key = message.key
        if role == Qt.ItemDataRole.DisplayRole:
            pin = "📌 " if key == self._pinned else ""
            return f"{pin}{message.author.display_name}: {message.text}"
        if role == MessageRole:
            return message
        if role == PlatformRole:
            return message.platform.value
        if role == Qt.ItemDataRole.DecorationRole:
            return self._badges.get(message.platform)
        if role == Qt.ItemDataRole.ToolTipRole:
            time = message.time.astimezone().strftime("%H:%M:%S")
            where = f"{message.platform.value} · {message.channel}"
            notes = [flag.value for flag in sorted(message.flags)]
            if key in self._hidden:
                notes.append("hidden from stream")
            extra = f" ({', '.join(notes)})" if notes else ""
            return f"{time} · {where}{extra}"
        if role == Qt.ItemDataRole.FontRole:
            if key in self._hidden:
                return self._hidden_font
            if key == self._pinned:
                return self._pinned_font
        if role == Qt.ItemDataRole.ForegroundRole and (
            key in self._hidden or not message.visible_on_stream
        ):
            return HIDDEN_COLOUR
        if role == Qt.ItemDataRole.BackgroundRole and key in self._claims:
            return CLAIM_BACKGROUND
        return None


class ChatFilter(StrEnum):
    ALL = "all"
    QUESTIONS = "questions"
    CLAIMS = "claims"
    MODERATORS = "moderators"


class ChatFilterModel(QSortFilterProxyModel):
    """Shows the messages of one kind (all / questions / claims / moderators) that contain
    the search text (in the comment or the author's name, ignoring case)."""

    def __init__(self, source: ChatModel) -> None:
        super().__init__()
        self.chat = source
        self.kind = ChatFilter.ALL
        self.text = ""
        self.setSourceModel(source)

    def set_kind(self, kind: ChatFilter) -> None:
        if kind != self.kind:
            self._refilter(lambda: setattr(self, "kind", kind))

    def set_text(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self.text:
            self._refilter(lambda: setattr(self, "text", text))

    def claims_changed(self) -> None:
        if self.kind is ChatFilter.CLAIMS:
            self._refilter(lambda: None)

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def message(self, row: int) -> ChatMessage | None:
        source = self.mapToSource(self.index(row, 0))
        return self.chat.message(source.row()) if source.isValid() else None

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        message = self.chat.message(source_row)
        if message is None:
            return False
        if self.kind is ChatFilter.QUESTIONS and not message.is_question:
            return False
        if self.kind is ChatFilter.CLAIMS and not self.chat.is_claim(message.key):
            return False
        if self.kind is ChatFilter.MODERATORS and not (
            message.author.is_moderator or message.author.is_owner
        ):
            return False
        if self.text:
            haystack = f"{message.author.display_name}\n{message.text}".casefold()
            return self.text in haystack
        return True
