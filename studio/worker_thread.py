"""The one thread a store or chat connector works on: started once, asked to stop, joined for
a while (a connector stuck in a network call is a daemon and does not hold the app open)."""

from __future__ import annotations

import threading
from collections.abc import Callable


class WorkerThread:
    def __init__(self, name: str, target: Callable[[], None]) -> None:
        self.name = name
        self._target = target
        # The work loop watches this and waits on it, so a stop cuts any wait short.
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, owner: str) -> None:
        """Start the work; ``owner`` names the connector in the error of a second start."""
        if self._thread is not None:
            raise RuntimeError(f"{owner} is already started")
        self.stopping.clear()
        self._thread = threading.Thread(target=self._target, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float, wake: Callable[[], None] | None = None) -> None:
        """Ask the work to end, ``wake`` it from a blocking wait, and wait up to
        ``timeout_s`` for it (not when called from the worker itself)."""
        self.stopping.set()
        if wake is not None:
            wake()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
