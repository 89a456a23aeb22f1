"""Waiting for chat to arrive, and a feed that records what it got."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from studio.chat import ChatFeed, ChatMessage, ChatStatus


def wait_until(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what or condition}")


class Recorder:
    """Subscribes to a feed and keeps what subscribers were given, and the statuses seen."""

    def __init__(self, feed: ChatFeed) -> None:
        self.messages: list[ChatMessage] = []
        self.statuses: list[ChatStatus] = []
        self._lock = threading.Lock()
        feed.subscribe(self._on_message)

    def _on_message(self, message: ChatMessage) -> None:
        with self._lock:
            self.messages.append(message)

    def on_status(self, status: ChatStatus) -> None:
        with self._lock:
            self.statuses.append(status)

    def texts(self) -> list[str]:
        with self._lock:
            return [m.text for m in self.messages]
