"""The show's own time: when it started and ended, and the time axis of its charts.

A ledger show starts at Go Live and records when it ended (End Show, the end of a headless
run), so a report's time axis spans the show itself: that on-air window, else (a show that
never ended: the app crashed) the first to the last thing that happened in the ledger (a
featured product or a sale). Sales outside the on-air window widen it, so the chart never
hides a sale the table counts; featured intervals are clipped to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studio.shop.ledger_model import FeaturedInterval, LedgerEntry

# Steps a reader counts in: seconds, then minutes, then hours.
TICK_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600)
MIN_SPAN_S = 60.0  # a show of one sale still gets a readable minute-wide axis


@dataclass(frozen=True)
class ShowWindow:
    """From ``start`` to ``end`` (timezone-aware)."""

    start: datetime
    end: datetime

    @property
    def duration_s(self) -> float:
        return max((self.end - self.start).total_seconds(), 0.0)

    @property
    def axis_span_s(self) -> float:
        """The time axis' length: the duration, at least :data:`MIN_SPAN_S`."""
        return max(self.duration_s, MIN_SPAN_S)

    def elapsed_s(self, moment: datetime) -> float:
        """Seconds since the start (negative before it)."""
        return (moment - self.start).total_seconds()

    def clip(self, interval: FeaturedInterval) -> tuple[float, float] | None:
        """The part of ``interval`` inside the window, in seconds of show time (an open
        interval runs to the end); None when none of it is."""
        end = interval.end or self.end
        start_s = max(self.elapsed_s(interval.start), 0.0)
        end_s = min(self.elapsed_s(end), self.duration_s)
        return (start_s, end_s) if end_s > start_s else None


def show_window(
    entries: Sequence[LedgerEntry],
    featured: Sequence[FeaturedInterval],
    on_air: ShowWindow | None = None,
    *,
    fallback_start: datetime,
) -> ShowWindow:
    """The window a report covers (see the module's note). ``fallback_start``: the ledger
    show's start, used only when nothing happened at all."""
    sale_times = [entry.at for entry in entries]
    if on_air is not None:
        moments = [on_air.start, on_air.end, *sale_times]
    else:
        moments = [*sale_times]
        for interval in featured:
            moments.append(interval.start)
            if interval.end is not None:
                moments.append(interval.end)
    if not moments:
        return ShowWindow(fallback_start, fallback_start)
    return ShowWindow(min(moments), max(moments))


def format_show_time(seconds: float) -> str:
    """``0:05:30``: hours, minutes and seconds of show time."""
    whole = max(round(seconds), 0)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def tick_step_s(span_s: float, max_ticks: int = 8) -> int:
    """The smallest reader-friendly step that puts at most ``max_ticks`` ticks on the span."""
    for step in TICK_STEPS_S:
        if span_s / step <= max_ticks:
            return step
    return TICK_STEPS_S[-1] * (int(span_s / TICK_STEPS_S[-1] / max_ticks) + 1)


def time_ticks_s(span_s: float, max_ticks: int = 8) -> list[float]:
    """Tick positions from 0 to ``span_s`` in seconds of show time."""
    step = tick_step_s(span_s, max_ticks)
    return [float(t) for t in range(0, int(span_s) + 1, step)]


def local_clock(moment: datetime) -> str:
    """The local wall-clock time of ``moment``, for the report's "from … to …" line."""
    return moment.astimezone().strftime("%H:%M:%S")
