"""Rehearsal chat: comments typed by the host (or a test) go through the same feed, offline."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

from studio.chat.connector import ChatConnector, ChatState
from studio.chat.feed import ChatFeed
from studio.chat.message import ChatAuthor, ChatMessage, Platform, make_message
from studio.chat.registry import register_connector


@dataclass(frozen=True, slots=True)
class LocalChatSettings:
    channel: str = "rehearsal"


@register_connector
class LocalChat(ChatConnector):
    """``post(author, text)`` delivers at once (on the caller's thread: there is no I/O)."""

    kind = "local"
    platform = Platform.LOCAL
    can_send = True
    Settings = LocalChatSettings

    def __init__(self, settings: LocalChatSettings | None = None) -> None:
        self.settings = settings or LocalChatSettings()
        self._ids = itertools.count(1)
        self._id_lock = threading.Lock()
        super().__init__()

    @property
    def display_name(self) -> str:
        return f"local:{self.settings.channel}"

    def start(self, feed: ChatFeed) -> None:
        self._feed = feed
        self._set_status(ChatState.CONNECTED)

    def stop(self, timeout_s: float = 5.0) -> None:
        self._set_status(ChatState.ENDED)

    @property
    def running(self) -> bool:
        return self._status.state is ChatState.CONNECTED

    def _run(self) -> None:  # nothing to wait for
        return

    def post(self, author: str, text: str, *, is_moderator: bool = False) -> ChatMessage | None:
        """Post a comment as ``author``; the message as the feed got it (None if not started)."""
        if self._feed is None:
            return None
        with self._id_lock:
            number = next(self._ids)
        message = make_message(
            id=f"local-{number}",
            platform=Platform.LOCAL,
            channel=self.settings.channel,
            author=ChatAuthor(author, author.lower(), is_moderator=is_moderator),
            text=text,
        )
        self._deliver(message)
        return message

    def send(self, text: str) -> bool:
        return self.post("host", text) is not None
