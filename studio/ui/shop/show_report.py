"""The end-of-show report when the host ends the show.

End Show writes the open show's report (ledger and totals CSV, PNG chart, PDF, HTML summary)
into a new folder of the recordings folder named after the show and its date; an earlier
report is never overwritten (the new folder gets ``-2``, ``-3``…). The work runs on the shop
panels' worker, never on the UI thread, and a notification tells the host where the report
went, with a button opening that folder — or, when the folder cannot be written (missing
rights, a file in the way, a full disk), which folder and why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from studio.shop.money_format import format_money
from studio.shop.report import ReportFiles, ShowWindow, write_show_report
from studio.ui.bridge import SessionBridge
from studio.ui.notifier import NoticeAction
from studio.ui.recording_status import UrlOpener
from studio.ui.shop.context import ShopContext
from studio.ui.shop.shop_bridge import ShopBridge

log = logging.getLogger(__name__)

Notify = Callable[..., None]  # (message, level "error" | "info", *, key, actions)


@dataclass(frozen=True)
class WrittenReport:
    files: ReportFiles
    show_name: str
    summary: str  # "3 units, $78.90"


class ShowReporter(QObject):
    """Writes the report each time the show goes off air (End Show, or its hotkey).

    ``context`` and ``worker`` give the shop of the open show and the shop panels' worker at
    the moment the show ends (either may be None: no shop, nothing to report);
    ``recordings_folder`` is read then too, so a folder changed in Settings applies.
    ``url_opener`` opens the report's folder (the desktop's file manager; tests replace it).
    """

    written = Signal(object)  # WrittenReport, on the UI thread
    failed = Signal(str)  # the message shown to the host

    def __init__(
        self,
        bridge: SessionBridge,
        context: Callable[[], ShopContext | None],
        worker: Callable[[], ShopBridge | None],
        recordings_folder: Callable[[], Path],
        notify: Notify,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context, self._worker = context, worker
        self._recordings_folder, self._notify = recordings_folder, notify
        self._was_live = False
        # When the show went on air: the report's chart spans the show, not the ledger's day.
        self._on_air_since: datetime | None = None
        self.url_opener: UrlOpener = QDesktopServices.openUrl
        bridge.live_changed.connect(self._live_changed)

    def _live_changed(self, live: bool) -> None:
        ended = self._was_live and not live
        if live and not self._was_live and self._on_air_since is None:
            self._on_air_since = self._now()
        self._was_live = live
        if ended:
            self.write_report()

    def write_report(self) -> bool:
        """Start writing the open show's report on the shop worker; False when there is no
        show to report."""
        worker = self._worker()
        work = self._work()
        if work is None or worker is None:
            return False
        folder = self._recordings_folder()
        worker.run(lambda: work(folder), self._written, lambda error: self._failed(folder, error))
        return True

    def write_report_before_closing(self) -> None:
        """The app closes while live (which ends the show): write the report on this thread,
        as the worker is about to stop and nobody would see a notification."""
        work = self._work()
        if work is None:
            return
        folder = self._recordings_folder()
        try:
            report = work(folder)
        except Exception:
            log.exception("the show report could not be written to %s", folder)
            return
        log.info("show report for %r saved in %s", report.show_name, report.files.folder)

    def _work(self) -> Callable[[Path], WrittenReport] | None:
        context = self._context()
        if context is None or context.ledger is None or context.show_id is None:
            return None
        ledger, show_id, locale = context.ledger, context.show_id, context.locale
        since, self._on_air_since = self._on_air_since, None
        on_air = ShowWindow(since, ledger.clock()) if since is not None else None

        def work(folder: Path) -> WrittenReport:
            files = write_show_report(ledger, show_id, folder, locale=locale, on_air=on_air)
            totals = ledger.totals(show_id)
            units = f"{totals.units} unit{'' if totals.units == 1 else 's'}"
            summary = f"{units}, {format_money(totals.revenue, locale)}"
            return WrittenReport(files, ledger.show(show_id).name, summary)

        return work

    def _now(self) -> datetime:
        context = self._context()
        ledger = context.ledger if context is not None else None
        return ledger.clock() if ledger is not None else datetime.now(UTC)

    def _written(self, report: WrittenReport) -> None:
        folder = report.files.folder
        self._notify(
            f"Show report for “{report.show_name}” ({report.summary}) saved in {folder}",
            "info",
            actions=[NoticeAction("Open folder", lambda: self.open_folder(folder))],
        )
        self.written.emit(report)

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
