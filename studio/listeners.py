"""Callbacks for one kind of change, shared by the live services (chat, shop, connectors)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Listeners(Generic[T]):
    """Added and removed from any thread; :meth:`notify` calls each one outside the lock, in
    order, on the notifying thread. A listener that raises is logged and the others still run:
    a broken panel or overlay must not stop the chat or the shop."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._items: list[Callable[[T], object]] = []
        self._lock = threading.Lock()

    def add(self, listener: Callable[[T], object]) -> Callable[[], None]:
        """Start calling ``listener``; returns the function that stops it."""
        with self._lock:
            self._items.append(listener)
        return lambda: self.remove(listener)

    def remove(self, listener: Callable[[T], object]) -> None:
        with self._lock:
            if listener in self._items:
                self._items.remove(listener)

    def notify(self, value: T) -> None:
        with self._lock:
            listeners = list(self._items)
        for listener in listeners:
            try:
                listener(value)
            except Exception:
                log.exception("%s listener %r failed", self._what, listener)
