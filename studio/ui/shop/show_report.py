"""Go Live and End Show for the show core, and the end-of-show report when the host ends it.

The window's recordings are told to the show's ledger: when each began, and their chapters
(see :mod:`.show_recordings`). End Show ends the open show, which writes its report (ledger
and totals CSV, PNG chart, PDF, HTML summary) into a new folder of the recordings folder
named after the show and its date; an earlier report is never overwritten (the new folder
gets ``-2``, ``-3``…). The work runs on the shop panels' worker, never on the UI thread, and
a notification tells the host where the report went, with a button opening that folder and
one cutting the show's clips (Export clips…, :mod:`studio.ui.clips_export`) — or, when the
folder cannot be written (missing rights, a file in the way, a full disk), which folder and
why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from studio.shop.money_format import format_money
from studio.shop.report import ReportFiles
from studio.show.show import Show
from studio.ui.bridge import SessionBridge
from studio.ui.notifier import NoticeAction
from studio.ui.recording_status import UrlOpener
from studio.ui.shop.clips_action import ClipsExport
from studio.ui.shop.shop_bridge import ShopBridge
from studio.ui.shop.show_recordings import ShowRecordingLink

log = logging.getLogger(__name__)

Notify = Callable[..., None]  # (message, level "error" | "info", *, key, actions)


@dataclass(frozen=True)
class WrittenReport:
    files: ReportFiles
    show_name: str
    summary: str  # "3 units, $78.90"
    show_id: int = 0  # the ledger show
    # It was recorded while something was featured: there are clips to cut.
    has_clips: bool = False


class ShowReporter(QObject):
    """Drives the show's lifecycle from the session: Go Live makes the show live (a named
    ledger show, or the ended one the host chose to continue), End Show (or its hotkey) ends
    it, and the show writes its report, on the shop panels' worker.

    ``show`` and ``worker`` give the open show and the shop panels' worker at that moment
    (either may be None: no shop, nothing to report); ``show_to_continue`` the ended show the
    host chose in the Sales tab (None: a new show); ``recordings_folder`` is read when the
    show ends, so a folder changed in Settings applies. ``url_opener`` opens the report's
    folder (the desktop's file manager; tests replace it). The notice's Export clips… opens
    the window's (the parent's) :class:`ClipsExport`.
    """

    written = Signal(object)  # WrittenReport, on the UI thread
    failed = Signal(str)  # the message shown to the host

    def __init__(
        self,
        bridge: SessionBridge,
        show: Callable[[], Show | None],
        worker: Callable[[], ShopBridge | None],
        show_to_continue: Callable[[], int | None],
        recordings_folder: Callable[[], Path],
        notify: Notify,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._show, self._worker, self._show_to_continue = show, worker, show_to_continue
        self._recordings_folder, self._notify = recordings_folder, notify
        self._was_live = False
        self.url_opener: UrlOpener = QDesktopServices.openUrl
        self.recordings = ShowRecordingLink(bridge, show)
        bridge.live_changed.connect(self._live_changed)

    def _live_changed(self, live: bool) -> None:
        went_live, ended = live and not self._was_live, self._was_live and not live
        self._was_live = live
        if went_live:
            self.go_live()
        elif ended:
            self.write_report()

    def go_live(self) -> bool:
        """Make the show live on the shop worker; False when there is no show."""
        show, worker = self._show(), self._worker()
        if show is None or worker is None:
            return False
        carry_on = self._show_to_continue()

        def go_live() -> None:
            live = show.go_live(continue_show=carry_on)
            self.recordings.went_live(live.id)  # a recording already running is noted in it

        worker.run(go_live, None, self._go_live_failed)
        return True

    def write_report(self) -> bool:
        """End the show and write its report on the shop worker; False when there is no
        show to report."""
        show, worker = self._show(), self._worker()
        if show is None or worker is None:
            return False
        folder = self._recordings_folder()
        worker.run(
            lambda: self._end(show, folder),
            self._written_if_any,
            lambda error: self._failed(folder, error),
        )
        return True

    def write_report_before_closing(self) -> None:
        """The app closes while live (which ends the show): end it and write the report on
        this thread, as the worker is about to stop and nobody would see a notification."""
        show = self._show()
        if show is None:
            return
        folder = self._recordings_folder()
        try:
            report = self._end(show, folder)
        except Exception:
            log.exception("the show report could not be written to %s", folder)
            return
        if report is not None:
            log.info("show report for %r saved in %s", report.show_name, report.files.folder)

    def _end(self, show: Show, folder: Path) -> WrittenReport | None:
        live = show.live_show
        try:
            files = show.end(folder)
        finally:  # the show is over whether its report was written or not
            self.recordings.show_ended()
        if files is None or live is None:
            return None  # nothing was live
        totals = show.ledger.totals(live.id)
        units = f"{totals.units} unit{'' if totals.units == 1 else 's'}"
        summary = f"{units}, {format_money(totals.revenue, show.locale)}"
        ledger = show.ledger
        has_clips = bool(ledger.recordings(live.id)) and bool(ledger.featured_intervals(live.id))
        return WrittenReport(files, live.name, summary, live.id, has_clips)

    def _written_if_any(self, report: WrittenReport | None) -> None:
        if report is not None:
            self._written(report)

    def _go_live_failed(self, error: BaseException) -> None:
        log.error("the show could not go live", exc_info=error)
        self._notify(f"Sales are not being counted for this show: {error}", "error")

    def _written(self, report: WrittenReport) -> None:
        folder = report.files.folder
        actions = [NoticeAction("Open folder", lambda: self.open_folder(folder))]
        clips = self._clips_export() if report.has_clips else None
        if clips is not None:
            actions.append(
                NoticeAction("Export clips…", lambda: clips.open(report.show_id, folder))
            )
        self._notify(
            f"Show report for “{report.show_name}” ({report.summary}) saved in {folder}",
            "info",
            actions=actions,
        )
        self.written.emit(report)

    def _clips_export(self) -> ClipsExport | None:
        window = self.parent()
        return window.findChild(ClipsExport) if isinstance(window, QWidget) else None

    def open_folder(self, folder: Path) -> None:
        self.url_opener(QUrl.fromLocalFile(str(folder)))

    def _failed(self, folder: Path, error: BaseException) -> None:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
            if error.filename and Path(error.filename) != folder:
                reason = f"{reason} ({error.filename})"
            message = f"The show report could not be written to {folder}: {reason}."
        else:  # the ledger could not be read: say so, never crash the window
            log.error("show report failed", exc_info=error)
            message = f"The show report could not be written to {folder}: {error}"
        self._notify(message, "error")
        self.failed.emit(message)
