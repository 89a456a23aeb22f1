"""File → Export clips… and the dialog End Show's notice opens: which show, where its clips
go by default (its report folder in the recordings folder), and what the window knows of it
(its scenes, the encoder of vertical clips, the file being recorded now)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from studio.clips.plan import report_folder
from studio.shop.ledger import Ledger
from studio.shop.ledger_model import Show as LedgerShow
from studio.ui.clips_export import (
    AskFile,
    AskFolder,
    ClipsExportDialog,
    ask_file_dialog,
    ask_folder_dialog,
    open_in_file_manager,
)
from studio.ui.shop.clips_work import ClipsSetup

ACTION_TEXT = "Export &clips…"


class ClipsExport(QObject):
    """File → Export clips… of a window, and the dialog End Show's notice opens. Reads the
    window's show (its ledger), scenes, settings and recording when asked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: ClipsExportDialog | None = None
        self.ask_folder: AskFolder = ask_folder_dialog  # tests answer without a file dialog
        self.ask_file: AskFile = ask_file_dialog
        self.open_folder: Callable[[Path], object] = open_in_file_manager
        self.action = QAction(ACTION_TEXT, window)
        self.action.setToolTip(
            "Cut one clip per featured product of the last show that ended, from its recording"
        )
        self.action.triggered.connect(self.open_last)
        window.bridge.recording_saved.connect(self._recording_saved)  # type: ignore[attr-defined]

    def _recording_saved(self, path: Path | None) -> None:
        if self.dialog is not None and path is not None:
            self.dialog.recording_closed(path)

    def open_last(self) -> ClipsExportDialog | None:
        """The dialog for the show that ended last; a notice when there is none."""
        show = self.window.shop_dock.show_core  # type: ignore[attr-defined]
        last = last_ended_show(show.ledger) if show is not None else None
        if last is None:
            self.window.notifier.notify(  # type: ignore[attr-defined]
                "No show has ended yet: clips are cut from a show's recording after End Show.",
                "info",
            )
            return None
        return self.open(last.id)

    def open(self, show_id: int, folder: Path | None = None) -> ClipsExportDialog | None:
        """The dialog for the ledger show ``show_id``, its clips going to ``folder`` (None:
        the show's report folder in the recordings folder)."""
        window = self.window
        show = window.shop_dock.show_core  # type: ignore[attr-defined]
        if show is None:
            return None
        if self.dialog is not None and self.dialog.job is not None and self.dialog.job.running:
            self.dialog.show()  # one export at a time
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        ledger_show = show.ledger.show(show_id)
        settings = window.store.settings  # type: ignore[attr-defined]
        if folder is None:
            folder = _report_folder(ledger_show, settings.recording.folder)
        setup = ClipsSetup(
            ledger=show.ledger,
            show=ledger_show,
            out=folder,
            collection=window.bridge.session.collection,  # type: ignore[attr-defined]
            encoder=settings.video.encoder_settings(),
            recording_now=window.bridge.recording_path,  # type: ignore[attr-defined]
            locale=show.locale,
        )
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        self.dialog = ClipsExportDialog(
            setup, window, ask_folder=self.ask_folder, ask_file=self.ask_file,
            open_folder=self.open_folder,
        )  # fmt: skip
        self.dialog.show()
        return self.dialog


def last_ended_show(ledger: Ledger) -> LedgerShow | None:
    ended = [show for show in ledger.shows() if show.ended_at is not None]
    return max(ended, key=lambda show: show.ended_at or show.started_at) if ended else None


def _report_folder(show: LedgerShow, recordings_folder: Path) -> Path:
    """The show's report folder (End Show wrote it into the recordings folder); a new one
    when it is not there."""
    try:
        return report_folder(show, [recordings_folder])
    except OSError:
        return recordings_folder
