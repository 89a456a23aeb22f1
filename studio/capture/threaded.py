"""A source whose work runs on its own daemon thread, retried while it fails.

Each kind implements :meth:`ThreadedSource._run`: open the file or device, then produce until
``self._stop_event`` is set. If it raises, the error becomes an ERROR health with a sentence
from :meth:`ThreadedSource._describe_error`, and ``_run`` is tried again after
``retry_interval_s`` — so a camera that is plugged back in, or a file that appears, is picked up.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, ClassVar

from studio.capture.base import LatestSlot, Source, SourceEventHandler, SourceState
from studio.clock import Clock
from studio.media import Picture, VideoPicture

log = logging.getLogger(__name__)

JOIN_TIMEOUT_S = 1.0


class ThreadedSource(Source):
    retry_interval_s: float = 2.0  # an instance may lower it (tests do)
    # Publishes a frame for each instant of the clock (camera, file, test pattern), so an
    # offline render waits for the frame of its instant; overlays publish when they change.
    follows_clock: ClassVar[bool] = False

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

    def _sleep_until_due(self, due_ns: int) -> bool:
        """Sleep until the clock reaches ``due_ns`` (False: stopped meanwhile), telling offline
        renders that nothing newer comes before then."""
        self._slot.expect(due_ns)
        return self.clock.sleep_until_ns(due_ns, self._stop_event)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def current_picture(self) -> Picture | None:
        return self._slot.get()

    def natural_size(self) -> tuple[int, int] | None:
        picture = self._slot.get()
        return None if picture is None else picture.size

    def frame_grid_ns(self) -> int | None:
        return self._slot.next_due_ns if self.follows_clock else None

    def wait_for_frame(self, due_ns: int, timeout_s: float) -> None:
        def ready(picture: Picture | None) -> bool:
            state = self.health.state
            if self._stop_event.is_set() or state is SourceState.ERROR:
                return True  # failing: the compositor shows the placeholder
            if self.follows_clock:
                if isinstance(picture, VideoPicture) and picture.captured_ns >= due_ns:
                    return True
                # Its own frame grid may sit between the canvas's frames: the picture it shows
                # is settled once its next frame is due after the clock.
                next_due_ns = self._slot.next_due_ns
                return picture is not None and (
                    next_due_ns is not None and next_due_ns > self.clock.now_ns()
                )
            return picture is not None or state is not SourceState.STARTING

        self._slot.wait_for(ready, timeout_s)


def exception_reason(exc: BaseException) -> str:
    """A short reason without Python class names where the message says enough."""
    text = str(exc).strip()
    return text or type(exc).__name__
