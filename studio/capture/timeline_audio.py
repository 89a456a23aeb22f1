"""Audio kept by position on the show's 48 kHz timeline, readable by many mixers at once.

Writers (a decode or capture thread) put samples at timeline positions; readers ask for any
range and get what is there, zeros where nothing was written. Reading never consumes samples,
so two canvases mixing the same source hear the same thing.
"""

from __future__ import annotations

import threading

import numpy as np

from studio.clock import AUDIO_RATE_HZ
from studio.media import AUDIO_CHANNELS


class TimelineAudioBuffer:
    def __init__(self, capacity_s: float = 10.0) -> None:
        self._capacity = int(capacity_s * AUDIO_RATE_HZ)
        self._samples = np.zeros((self._capacity, AUDIO_CHANNELS), np.float32)
        self._lock = threading.Lock()
        self._start = 0  # oldest position still held
        self._end = 0  # one past the newest position written
        self._empty = True

    @property
    def end_position(self) -> int | None:
        with self._lock:
            return None if self._empty else self._end

    def clear(self) -> None:
        with self._lock:
            self._empty = True
            self._start = self._end = 0

    def write(self, position: int, samples: np.ndarray) -> None:
        """Store float32 (n, 2) samples starting at ``position``; a jump forward leaves
        silence in the gap, a jump back overwrites."""
        count = len(samples)
        if count == 0:
            return
        if count > self._capacity:  # only the newest part can be held
            position += count - self._capacity
            samples = samples[-self._capacity :]
            count = self._capacity
        with self._lock:
            if self._empty or position > self._end + self._capacity or position < self._start:
                self._start = self._end = position
                self._empty = False
            if position > self._end:
                self._fill(self._end, np.zeros((position - self._end, AUDIO_CHANNELS), np.float32))
            self._fill(position, samples)
            self._end = max(self._end, position + count)
            self._start = max(self._start, self._end - self._capacity)

    def _fill(self, position: int, samples: np.ndarray) -> None:
        offset = position % self._capacity
        first = min(len(samples), self._capacity - offset)
        self._samples[offset : offset + first] = samples[:first]
        if first < len(samples):
            self._samples[: len(samples) - first] = samples[first:]

    def read(self, position: int, frames: int) -> np.ndarray | None:
        """Samples ``[position, position + frames)``, zeros where missing; None when none of
        them are held."""
        with self._lock:
            if self._empty:
                return None
            lo = max(position, self._start)
            hi = min(position + frames, self._end)
            if hi <= lo:
                return None
            out = np.zeros((frames, AUDIO_CHANNELS), np.float32)
            offset = lo % self._capacity
            count = hi - lo
            first = min(count, self._capacity - offset)
            dest = lo - position
            out[dest : dest + first] = self._samples[offset : offset + first]
            if first < count:
                out[dest + first : dest + count] = self._samples[: count - first]
            return out
