"""The window's recordings, told to the show's ledger: when each began, and its chapters.

A recording the host starts while a show is live (or that is running when the show goes live)
has its first frame's instant noted in the ledger the moment it is on disk
(:class:`studio.clips.ShowRecordings`): a recording cut short by a crash still gets its
chapters afterwards. Its chapters (one per featured product, "CODE — Title") are set at End
Show, and again just before it closes (Record off, the app closing): Matroska writes them with
its last bytes.

Each recording gets its own :class:`ShowRecordings`, dropped when it closes, so a recording
that ended long ago is never noted in a later show. Ledger writes happen on the recording's
thread, the shop worker (Go Live, End Show) or the session's worker (closing), never on the
UI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from studio.clips import ShowRecordings
from studio.show.events import ShowPhase
from studio.show.show import Show
from studio.ui.bridge import RecordingHooks, SessionBridge

ShowGetter = Callable[[], Show | None]


class ShowRecordingLink:
    """Installs itself as ``bridge.recording_hooks``; ``show()`` is the window's show at that
    moment (None: no shop, the recording is not noted anywhere)."""

    def __init__(self, bridge: SessionBridge, show: ShowGetter) -> None:
        self._bridge, self._show = bridge, show
        self._lock = threading.Lock()
        self._running: list[ShowRecordings] = []
        bridge.recording_hooks = self.hooks

    def hooks(self, canvas: str) -> RecordingHooks:
        """A new recording of ``canvas`` (UI thread): noted in the live show, if any."""
        show = self._show()
        if show is None:
            return RecordingHooks()
        link = ShowRecordings(show.ledger, self._bridge.session.clock)
        live = show.live_show if show.phase is ShowPhase.LIVE else None
        if live is not None:
            link.attach(live.id)  # nothing is written before the first frame
        with self._lock:
            self._running.append(link)

        def before_close() -> None:
            with self._lock:
                if link in self._running:
                    self._running.remove(link)
            link.write_chapters()

        return RecordingHooks(on_started=link.on_started(canvas), before_close=before_close)

    def went_live(self, show_id: int) -> None:
        """The ledger show ``show_id`` is on air (shop worker): the running recordings are
        noted in it."""
        for link in self._links():
            link.attach(show_id)

    def show_ended(self) -> None:
        """End Show (shop worker, after the show ended): the running recordings get the
        show's chapters, written when they close; later frames belong to no show."""
        for link in self._links():
            link.write_chapters()
            link.attach(None)

    def _links(self) -> list[ShowRecordings]:
        with self._lock:
            return list(self._running)
