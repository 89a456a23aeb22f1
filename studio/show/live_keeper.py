"""Keeping the live show's snapshot on disk while the show is live.

The keeper follows the show's events: when the show goes live, and after every change of what
the stream shows (featured product, flash deal, goal, pinned comment), it captures a
:class:`~studio.show.live_snapshot.LiveSnapshot` and writes it if the state differs from the
one on disk — a claim, a sale or a countdown tick changes nothing it keeps, so nothing is
written then. End Show removes the file (nothing to come back to), and so does closing the
keeper (the app exits cleanly); only a crash leaves it behind.

The work is done by one thread of its own. Events arrive on whatever thread made the change,
some of them holding the live shop's lock (a run-of-show step notifies inside it): capturing
the state there could deadlock with a capture under way elsewhere, and an fsync would stall
the UI thread. So an event only counts a request; the thread captures the newest state after
each wake-up, which also means an older state can never overwrite a newer one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from studio.shop.live import FlashDeal
from studio.show.events import ChatChanged, PhaseChanged, ShopChanged, ShowEvent, ShowPhase
from studio.show.live_snapshot import (
    LiveSnapshot,
    PinnedComment,
    RunningDeal,
    ShowGoal,
    remove_snapshot,
    write_snapshot,
)
from studio.show.show import Show

log = logging.getLogger(__name__)

WallClock = Callable[[], datetime]
STOP_TIMEOUT_S = 10.0


def utc_now() -> datetime:
    return datetime.now(UTC)


class LiveSnapshotKeeper:
    """Writes ``show``'s snapshot to ``path`` while it is live. ``wall_clock`` is the real
    time (UTC) that a flash deal's end is converted to."""

    def __init__(self, show: Show, path: Path, wall_clock: WallClock = utc_now) -> None:
        self.show, self.path, self.wall_clock = show, Path(path), wall_clock
        self._changed = threading.Condition()
        self._requested = self._done = 0
        self._stopping = False
        self._written: LiveSnapshot | None = None
        # The deal last converted to a real instant: the same deal keeps the same instant
        # (converting it again would move it by microseconds and rewrite the file each time).
        self._deal: tuple[FlashDeal, RunningDeal] | None = None
        self._thread = threading.Thread(target=self._run, name="live show snapshot", daemon=True)
        self._thread.start()
        self._unsubscribe = show.subscribe(self._on_event)
        self.request()

    def _on_event(self, event: ShowEvent) -> None:
        if isinstance(event, PhaseChanged | ShopChanged | ChatChanged):
            self.request()

    def request(self) -> None:
        """Something may have changed: look again soon (never blocks for long)."""
        with self._changed:
            self._requested += 1
            self._changed.notify_all()

    def flush(self, timeout_s: float = 5.0) -> bool:
        """Wait until every change requested so far is on disk; False on a timeout."""
        with self._changed:
            wanted = self._requested
            return self._changed.wait_for(lambda: self._done >= wanted or self._stopping, timeout_s)

    def close(self) -> None:
        """Stop following the show and remove the snapshot (a clean exit)."""
        self._unsubscribe()
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._thread.join(STOP_TIMEOUT_S)
        self._remove()

    # -- the keeper's thread ---------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._requested > self._done or self._stopping)
                if self._stopping:
                    return
                target = self._requested
            try:
                self._keep()
            except Exception:  # the show goes on; the next change tries again
                log.exception("could not keep the live show snapshot %s", self.path)
            with self._changed:
                self._done = target
                self._changed.notify_all()

    def _keep(self) -> None:
        phase = self.show.phase
        if phase is ShowPhase.ENDED:
            self._remove()  # End Show: nothing to come back to
            return
        snapshot = self._capture()
        if snapshot is None or snapshot.same_state(self._written):
            return  # practising (a restored snapshot stays until Go Live), or unchanged
        write_snapshot(self.path, snapshot)
        self._written = snapshot

    def _remove(self) -> None:
        self._written, self._deal = None, None
        try:
            remove_snapshot(self.path)
        except OSError:
            log.exception("could not remove the live show snapshot %s", self.path)

    def _capture(self) -> LiveSnapshot | None:
        live = self.show.live_show
        if live is None:
            return None
        shop = self.show.shop.snapshot()
        pinned = self.show.chat_live.pinned
        return LiveSnapshot(
            show_id=live.id,
            show_name=live.name,
            live_since=live.started_at,
            saved_at=self.wall_clock(),
            featured_product_id=shop.featured.id if shop.featured is not None else None,
            segment_index=shop.segment_index,
            pinned_comment=PinnedComment.of(pinned) if pinned is not None else None,
            flash_deal=self._running_deal(shop.deal),
            goal=ShowGoal.of(shop.goal) if shop.goal is not None else None,
        )

    def _running_deal(self, deal: FlashDeal | None) -> RunningDeal | None:
        if deal is None:
            self._deal = None
            return None
        if self._deal is not None and self._deal[0] == deal:
            return self._deal[1]
        running = RunningDeal.of(deal, self.show.shop.clock.now_ns(), self.wall_clock())
        self._deal = (deal, running)
        return running
