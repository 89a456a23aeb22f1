"""The newest status of every running chat connector, for one status line (window or CLI).

Connectors report on their own worker threads; the board keeps the latest status per
connector (in the order they were added) and tells its listeners after each change, on the
reporting thread, so a UI re-posts to its own thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from studio.chat.connector import ChatState, ChatStatus
from studio.listeners import Listeners

Problem = tuple[str, str]  # connector name, sentence


class ChatStatusBoard:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._statuses: dict[str, ChatStatus] = {}
        self._problems: dict[str, str] = {}  # settings that could not become a connector
        self._listeners: Listeners[None] = Listeners("chat status board")

    def subscribe(self, listener: Callable[[None], object]) -> Callable[[], None]:
        return self._listeners.add(listener)

    def update(self, status: ChatStatus) -> None:
        with self._lock:
            self._statuses[status.name] = status
        self._listeners.notify(None)

    def set_problem(self, name: str, sentence: str) -> None:
        """A chat the settings ask for that cannot start (bad settings, no token…)."""
        with self._lock:
            self._problems[name] = sentence
        self._listeners.notify(None)

    def remove(self, name: str) -> None:
        with self._lock:
            self._statuses.pop(name, None)
            self._problems.pop(name, None)
        self._listeners.notify(None)

    def statuses(self) -> list[ChatStatus]:
        with self._lock:
            return list(self._statuses.values())

    def problems(self) -> list[Problem]:
        with self._lock:
            return list(self._problems.items())

    def summary(self) -> str:
        """One line for the host: each chat's state, with the reason where it is not fine."""
        parts = [f"{name}: {sentence}" for name, sentence in self.problems()]
        for status in self.statuses():
            text = f"{status.name}: {status.state.value}"
            if status.state is ChatState.RECONNECTING and status.retry_in_s:
                text += f" in {status.retry_in_s:.0f} s"
            if status.message and status.state is not ChatState.CONNECTED:
                text += f" ({status.message})"
            elif status.reason and status.message:  # connected, but e.g. a reply failed
                text += f" — {status.message}"
            parts.append(text)
        return " · ".join(parts)
