"""A show's recordings, told to its ledger: when each began, and, before each closes, its
chapters.

The start is written the moment a recording's first frame is on disk (or when the show goes
live, for a recording that began before): a recording cut short by a crash still maps the
ledger's times, and ``studio clips`` writes its chapters in afterwards. The instant is the
wall-clock time of the recording's first frame: the show clock's time of that frame
(``RecordingOutput.started_clock_ns``) taken back from now on both clocks.

Wiring (the window and ``studio stream --show`` do the same)::

    link = ShowRecordings(show.ledger, session.clock)
    session.add_recording(path, canvas, on_started=link.on_started(canvas_name))
    link.attach(live_show.id)        # at Go Live (None at End Show)
    link.write_chapters()            # before the session stops its recordings
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from studio.clips.spans import ledger_chapters
from studio.clock import Clock
from studio.outputs.recording import RecordingOutput
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import utc_now

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Started:
    canvas: str
    output: RecordingOutput
    started_at: datetime
    written_for: set[int]  # the ledger shows that know it


class ShowRecordings:
    def __init__(
        self, ledger: Ledger, clock: Clock, wall_clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.ledger = ledger
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._show_id: int | None = None
        self._started: list[_Started] = []

    def on_started(self, canvas: str) -> Callable[[RecordingOutput], None]:
        """The ``on_started`` of a recording of ``canvas`` (called on its thread)."""

        def started(output: RecordingOutput) -> None:
            clock_ns = output.started_clock_ns or 0
            behind = timedelta(microseconds=(self._clock.now_ns() - clock_ns) / 1000)
            record = _Started(canvas, output, self._wall_clock() - behind, set())
            with self._lock:
                self._started.append(record)
                show_id = self._show_id
            if show_id is not None:
                self._write(record, show_id)

        return started

    def attach(self, show_id: int | None) -> None:
        """The ledger show on air from now on (None: none); the recordings running are
        written to it."""
        with self._lock:
            self._show_id = show_id
            started = list(self._started)
        if show_id is not None:
            for record in started:
                self._write(record, show_id)

    def write_chapters(self) -> None:
        """Give each recording the chapters of the show on air (the last one attached):
        call before the recordings close."""
        with self._lock:
            started = list(self._started)
        for record in started:
            for show_id in sorted(record.written_for)[-1:]:
                chapters = ledger_chapters(self.ledger, show_id, record.started_at)
                record.output.set_chapters(chapters)

    def _write(self, record: _Started, show_id: int) -> None:
        with self._lock:
            if show_id in record.written_for:
                return
            record.written_for.add(show_id)
        try:
            self.ledger.add_recording(
                show_id, record.canvas, str(record.output.path.resolve()), record.started_at
            )
        except Exception:  # the recording goes on; only its chapters would be missing
            log.exception("could not note the start of %s in the ledger", record.output.path)
