"""Bitrate and frame rate over the last couple of seconds, from running totals."""

from __future__ import annotations

from collections import deque

RATE_WINDOW_S = 2.0


class RateMeter:
    def __init__(self, window_s: float = RATE_WINDOW_S) -> None:
        self._window_s = window_s
        self._samples: deque[tuple[float, int, int]] = deque()

    def update(
        self, now_s: float, total_bytes: int, total_frames: int
    ) -> tuple[float, float] | None:
        """Add the totals seen at ``now_s``; return (kb/s, frames/s) once measurable."""
        self._samples.append((now_s, total_bytes, total_frames))
        while len(self._samples) > 2 and now_s - self._samples[0][0] > self._window_s:
            self._samples.popleft()
        start_s, start_bytes, start_frames = self._samples[0]
        span_s = now_s - start_s
        if span_s <= 0.2:
            return None
        return (total_bytes - start_bytes) * 8 / span_s / 1000, (
            total_frames - start_frames
        ) / span_s
