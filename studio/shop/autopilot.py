"""Driving a show from its run of show: the autopilot and the host's prompter.

The autopilot features each segment's product in turn for its planned minutes (rehearsals,
unattended shows). It follows the live shop, not a fixed timetable: when the host skips ahead
with ``next()``, the autopilot gives the new segment its full planned time from then on.
:meth:`Autopilot.poll` does one step and is what tests drive with a ManualClock; ``start()``
runs it on a thread of its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from studio.clock import NS_PER_S, Clock
from studio.shop.live import ShopLive
from studio.shop.run_of_show import RunOfShow, Segment

log = logging.getLogger(__name__)

POLL_SLICE_NS = 200_000_000  # re-check this often, so a host's skip is noticed quickly


def _planned_ns(segment: Segment) -> int:
    return round(segment.planned_s * NS_PER_S)


class Autopilot:
    """Features the run of show's products in order on the shop's clock."""

    def __init__(
        self,
        shop: ShopLive,
        run: RunOfShow,
        *,
        clear_at_end: bool = True,
        on_segment: Callable[[int | None], None] | None = None,
    ) -> None:
        if len(shop.lineup) != len(run.segments):
            raise ValueError("give the shop the run of show's lineup first (set_lineup)")
        self.shop = shop
        self.run = run
        self.clear_at_end = clear_at_end
        self._on_segment = on_segment
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.finished = False

    @property
    def clock(self) -> Clock:
        return self.shop.clock

    def poll(self) -> int | None:
        """Feature what is due now; returns the current segment index (None when done)."""
        if self.finished:
            return None
        now_ns = self.clock.now_ns()
        index = self.shop.segment_index
        if index is None:
            self._go(0, now_ns)
            return 0
        started_ns = self.shop.segment_started_ns
        # A late poll catches up segment by segment, each on its own schedule.
        while now_ns >= started_ns + _planned_ns(self.run.segments[index]):
            started_ns += _planned_ns(self.run.segments[index])
            index += 1
            if index >= len(self.run.segments):
                self.finished = True
                if self.clear_at_end:
                    self.shop.clear()
                self._announce(None)
                return None
            self._go(index, started_ns)
        return index

    def next_change_ns(self) -> int | None:
        index = self.shop.segment_index
        if self.finished or index is None:
            return None
        return self.shop.segment_started_ns + _planned_ns(self.run.segments[index])

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="autopilot", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll()
            except Exception:  # a catalog error must not end the show: try again shortly
                log.exception("autopilot step failed")
            if self.finished:
                return
            due = self.next_change_ns()
            now = self.clock.now_ns()
            deadline = now + POLL_SLICE_NS if due is None else min(due, now + POLL_SLICE_NS)
            if not self.clock.sleep_until_ns(deadline, self._stop):
                return

    def _go(self, index: int, started_ns: int) -> None:
        self.shop.go_to(index, started_ns)
        self._announce(index)

    def _announce(self, index: int | None) -> None:
        if self._on_segment is not None:
            self._on_segment(index)


@dataclass(frozen=True, slots=True)
class PrompterState:
    """What the host's prompter shows."""

    index: int
    count: int
    segment: Segment
    product_title: str
    talking_points: list[str]
    elapsed_s: float
    time_left_s: float  # negative once overrun
    overrun: bool
    next_title: str | None


class Prompter:
    """The current segment, its talking points and time left, read from the live shop."""

    def __init__(self, shop: ShopLive, run: RunOfShow) -> None:
        self.shop = shop
        self.run = run

    def state(self) -> PrompterState | None:
        index = self.shop.segment_index
        if index is None or index >= len(self.run.segments):
            return None
        segment = self.run.segments[index]
        elapsed_s = (self.shop.clock.now_ns() - self.shop.segment_started_ns) / NS_PER_S
        left_s = segment.planned_s - elapsed_s
        featured = self.shop.featured
        following = self.run.segments[index + 1] if index + 1 < len(self.run.segments) else None
        return PrompterState(
            index=index,
            count=len(self.run.segments),
            segment=segment,
            product_title=segment.title or (featured.title if featured else segment.product),
            talking_points=list(segment.talking_points),
            elapsed_s=elapsed_s,
            time_left_s=left_s,
            overrun=left_s < 0,
            next_title=(following.title or following.product) if following else None,
        )
