"""The one clock that stamps every frame and every audio sample of a show.

Video frame ``n`` of a canvas is due at ``start + n / fps``; audio sample ``p`` of the 48 kHz
timeline at ``start + p / 48000``. Sources and the compositor never read wall time themselves,
so tests can drive them with :class:`ManualClock`.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

AUDIO_RATE_HZ = 48_000
NS_PER_S = 1_000_000_000


class Clock(Protocol):
    def now_ns(self) -> int:
        """Nanoseconds since the clock's epoch (the start of the show)."""
        ...

    def sleep_until_ns(self, deadline_ns: int, stop: threading.Event | None = None) -> bool:
        """Wait until ``deadline_ns``; return False if ``stop`` was set first."""
        ...


class MonotonicClock:
    """Real time from ``time.monotonic_ns``, counted from construction."""

    def __init__(self) -> None:
        self._origin_ns = time.monotonic_ns()

    def now_ns(self) -> int:
        return time.monotonic_ns() - self._origin_ns

    def sleep_until_ns(self, deadline_ns: int, stop: threading.Event | None = None) -> bool:
        while True:
            remaining_s = (deadline_ns - self.now_ns()) / NS_PER_S
            if remaining_s <= 0:
                return not (stop is not None and stop.is_set())
            if stop is None:
                time.sleep(remaining_s)
            elif stop.wait(remaining_s):
                return False


class ManualClock:
    """A clock that only moves when told to: for deterministic tests and offline renders."""

    def __init__(self, start_ns: int = 0) -> None:
        self._now_ns = start_ns
        self._changed = threading.Condition()

    def now_ns(self) -> int:
        with self._changed:
            return self._now_ns

    def advance_ns(self, delta_ns: int) -> None:
        with self._changed:
            self._now_ns += delta_ns
            self._changed.notify_all()

    def set_ns(self, now_ns: int) -> None:
        with self._changed:
            self._now_ns = max(self._now_ns, now_ns)
            self._changed.notify_all()

    def sleep_until_ns(self, deadline_ns: int, stop: threading.Event | None = None) -> bool:
        with self._changed:
            while self._now_ns < deadline_ns:
                if stop is not None and stop.is_set():
                    return False
                self._changed.wait(0.05)
        return not (stop is not None and stop.is_set())


def ns_to_audio_position(t_ns: int) -> int:
    """The 48 kHz timeline position of a clock time."""
    return t_ns * AUDIO_RATE_HZ // NS_PER_S


def audio_position_to_ns(position: int) -> int:
    return position * NS_PER_S // AUDIO_RATE_HZ
