"""The merged chat feed: every connector delivers here, the UI and overlays subscribe."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from collections.abc import Callable

from studio.chat.blocklist import BlockedWords
from studio.chat.message import ChatMessage, Platform
from studio.listeners import Listeners

log = logging.getLogger(__name__)

Subscriber = Callable[[ChatMessage], None]
DEFAULT_HISTORY = 5000


class ChatFeed:
    """Thread-safe, capped history, deduplicated by (platform, message id).

    Subscribers are called on the delivering connector's thread, in order, outside the lock;
    a UI re-posts to its own thread. A subscriber that raises is logged and keeps its place.
    """

    def __init__(
        self, max_history: int = DEFAULT_HISTORY, blocked_words: BlockedWords | None = None
    ) -> None:
        if max_history < 1:
            raise ValueError("max_history must be at least 1")
        self.max_history = max_history
        self.blocked_words = blocked_words or BlockedWords()
        self._history: deque[ChatMessage] = deque(maxlen=max_history)
        # Remembered keys outlive the history a little, so a late replay is still caught,
        # but stay bounded too.
        self._seen: OrderedDict[tuple[Platform, str], None] = OrderedDict()
        self._seen_cap = max_history * 4
        self._lock = threading.Lock()
        # One delivery at a time keeps subscribers in order; re-entrant so a subscriber may add.
        self._deliver_lock = threading.RLock()
        self._subscribers: Listeners[ChatMessage] = Listeners("chat feed")
        self.duplicates_dropped = 0

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every new message; returns the function that unsubscribes."""
        return self._subscribers.add(callback)

    def add(self, message: ChatMessage) -> bool:
        """Add one message; False (and nothing happens) when it was already seen."""
        message = self.blocked_words.apply(message)
        with self._deliver_lock:
            with self._lock:
                if message.key in self._seen:
                    self.duplicates_dropped += 1
                    return False
                self._seen[message.key] = None
                if len(self._seen) > self._seen_cap:
                    self._seen.popitem(last=False)
                self._history.append(message)
            self._subscribers.notify(message)
        return True

    def history(self) -> list[ChatMessage]:
        """The newest ``max_history`` messages, oldest first."""
        with self._lock:
            return list(self._history)

    def __len__(self) -> int:
        with self._lock:
            return len(self._history)
