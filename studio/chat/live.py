"""What the chat overlays show right now: the newest on-stream comments and a pinned one.

:class:`ChatLive` subscribes to a :class:`ChatFeed` and keeps only what may reach the stream:
messages flagged blocked (or otherwise not ``visible_on_stream``) never enter it, and the host
can hide a comment or pin one by its key. Every change bumps ``version`` and calls the
listeners (on the thread that made the change, outside the lock), so overlay sources
re-render only when something they show changed.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from studio.chat.feed import ChatFeed
from studio.chat.message import ChatMessage, Platform
from studio.listeners import Listeners

log = logging.getLogger(__name__)

MessageKey = tuple[Platform, str]
VersionListener = Callable[[int], None]
DEFAULT_KEPT_MESSAGES = 200


@dataclass(frozen=True, slots=True)
class ChatLiveSnapshot:
    version: int
    messages: tuple[ChatMessage, ...]  # visible on stream, oldest first
    pinned: ChatMessage | None


class ChatLive:
    """Thread-safe: connectors add from their threads, the host pins and hides from the UI,
    overlays read snapshots from theirs."""

    def __init__(self, feed: ChatFeed | None = None, keep: int = DEFAULT_KEPT_MESSAGES) -> None:
        if keep < 1:
            raise ValueError("keep must be at least 1")
        self.keep = keep
        self._lock = threading.Lock()
        self._messages: OrderedDict[MessageKey, ChatMessage] = OrderedDict()
        self._hidden: OrderedDict[MessageKey, None] = OrderedDict()
        self._pinned: ChatMessage | None = None
        self._version = 0
        self._listeners: Listeners[int] = Listeners("chat overlay")
        self._unsubscribe: Callable[[], None] | None = None
        if feed is not None:
            self.attach(feed)

    # -- wiring ----------------------------------------------------------------------------
    def attach(self, feed: ChatFeed) -> None:
        """Follow ``feed`` from now on (messages already in it are not replayed)."""
        self.detach()
        self._unsubscribe = feed.subscribe(self._on_message)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def subscribe(self, listener: VersionListener) -> Callable[[], None]:
        """Call ``listener(version)`` after every change; returns the function that
        unsubscribes."""
        return self._listeners.add(listener)

    def _on_message(self, message: ChatMessage) -> None:
        self.add(message)

    # -- changes ---------------------------------------------------------------------------
    def add(self, message: ChatMessage) -> bool:
        """Take a message from the feed; False when it may not be shown on stream."""
        if not message.visible_on_stream:
            return False
        with self._lock:
            if message.key in self._hidden or message.key in self._messages:
                return False
            self._messages[message.key] = message
            while len(self._messages) > self.keep:
                self._messages.popitem(last=False)
        self._changed()
        return True

    def pin(self, key: MessageKey) -> bool:
        """Pin a message the overlays know (visible, not hidden); False otherwise."""
        with self._lock:
            message = self._messages.get(key)
            if message is None or (self._pinned is not None and self._pinned.key == key):
                return False
            self._pinned = message
        self._changed()
        return True

    def unpin(self) -> bool:
        with self._lock:
            if self._pinned is None:
                return False
            self._pinned = None
        self._changed()
        return True

    def hide(self, key: MessageKey) -> bool:
        """Take a message off the stream for good (and unpin it); also works before it
        arrives. False when it was hidden already."""
        with self._lock:
            if key in self._hidden:
                return False
            self._hidden[key] = None
            while len(self._hidden) > self.keep * 4:
                self._hidden.popitem(last=False)
            self._messages.pop(key, None)
            if self._pinned is not None and self._pinned.key == key:
                self._pinned = None
        self._changed()
        return True

    def clear(self) -> None:
        """Empty the overlays (a new show); hidden keys are remembered."""
        with self._lock:
            self._messages.clear()
            self._pinned = None
        self._changed()

    # -- reading ---------------------------------------------------------------------------
    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    @property
    def pinned(self) -> ChatMessage | None:
        with self._lock:
            return self._pinned

    def is_hidden(self, key: MessageKey) -> bool:
        with self._lock:
            return key in self._hidden

    def messages(self, limit: int | None = None) -> list[ChatMessage]:
        """The newest ``limit`` on-stream messages (all kept when None), oldest first."""
        return list(self.snapshot(limit).messages)

    def snapshot(self, limit: int | None = None) -> ChatLiveSnapshot:
        with self._lock:
            messages = tuple(self._messages.values())
            if limit is not None:
                messages = messages[-limit:] if limit > 0 else ()
            return ChatLiveSnapshot(self._version, messages, self._pinned)

    def _changed(self) -> None:
        with self._lock:
            self._version += 1
            version = self._version
        self._listeners.notify(version)
