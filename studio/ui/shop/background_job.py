"""One long piece of work (cutting clips, writing chapters into a recording) on its own thread,
with its progress and its end delivered on the UI thread as queued signals.

The shop panels' worker runs one short call at a time (featuring a product must never wait
behind a minute of remuxing), so work measured in seconds or minutes gets a thread of its own.
It is a daemon: the work it does replaces files atomically, so an app that quits mid-way
leaves the old file, never half of a new one. ``cancel()`` sets the event the work watches.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

Post = Callable[[Any], None]  # hand a progress update to the UI thread
Work = Callable[[threading.Event, Post], Any]  # (cancel, post) → the result


class BackgroundJob(QObject):
    progressed = Signal(object)  # what the work posted
    succeeded = Signal(object)  # its result
    failed = Signal(object)  # the exception it raised

    def __init__(self, name: str, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self._work = work
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float) -> bool:
        """Wait for the work to end (closing the app); False when it is still running."""
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._work(self.cancel_event, self._post)
        except Exception as error:
            log.info("%s failed", self._thread.name, exc_info=True)
            self._emit(self.failed, error)
            return
        self._emit(self.succeeded, result)

    def _post(self, update: Any) -> None:
        self._emit(self.progressed, update)

    def _emit(self, signal: Any, value: Any) -> None:
        try:
            signal.emit(value)  # queued: the receivers live on the UI thread
        except RuntimeError:  # the window (and this object) went away meanwhile
            log.debug("%s: nobody left to tell", self._thread.name)
