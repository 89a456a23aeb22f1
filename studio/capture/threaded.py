"""A source whose work runs on its own daemon thread, retried while it fails.

Each kind implements :meth:`ThreadedSource._run`: open the file or device, then produce until
``self._stop_event`` is set. If it raises, the error becomes an ERROR health with a sentence
from :meth:`ThreadedSource._describe_error`, and ``_run`` is tried again after
``retry_interval_s`` — so a camera that is plugged back in, or a file that appears, is picked up.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from studio.capture.base import LatestSlot, Source, SourceEventHandler, SourceState
from studio.clock import Clock
from studio.media import Picture

log = logging.getLogger(__name__)

JOIN_TIMEOUT_S = 1.0


class ThreadedSource(Source):
    retry_interval_s: float = 2.0  # an instance may lower it (tests do)

    def __init__(
        self, settings: Any, clock: Clock, on_event: SourceEventHandler | None = None
    ) -> None:
        super().__init__(settings, clock, on_event)
        self._stop_event = threading.Event()
        self._thread: threading.Thread | None = None
        self._slot = LatestSlot()
        self._seq = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop_event.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"source-{self.display_name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop_event.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(JOIN_TIMEOUT_S)
            if thread.is_alive():  # a device read that hangs; the thread is a daemon
                log.warning("source %s did not stop within %.1f s", self.display_name, 1.0)
        self._set_health(SourceState.STOPPED)

    @property
    def stopping(self) -> bool:
        return self._stop_event.is_set()

    def _loop(self) -> None:
        while not self._stop_event.is_set():
            try:
                self._run()
            except Exception as exc:  # every failure becomes health, never a crash
                if self._stop_event.is_set():
                    break
                log.debug("source %s failed", self.display_name, exc_info=True)
                self._set_health(SourceState.ERROR, self._describe_error(exc))
            if self._stop_event.wait(self.retry_interval_s):
                break

    def _run(self) -> None:
        """Open and produce until stopped; raise to report an error and be retried."""
        raise NotImplementedError

    def _describe_error(self, exc: BaseException) -> str:
        return f"{self.kind} source '{self.display_name}' failed: {exception_reason(exc)}"

    # -- video -------------------------------------------------------------------------------
    def _publish(self, picture: Picture) -> None:
        self._slot.put(picture)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def current_picture(self) -> Picture | None:
        return self._slot.get()

    def natural_size(self) -> tuple[int, int] | None:
        picture = self._slot.get()
        return None if picture is None else picture.size


def exception_reason(exc: BaseException) -> str:
    """A short reason without Python class names where the message says enough."""
    text = str(exc).strip()
    return text or type(exc).__name__
