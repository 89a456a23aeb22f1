"""Export clips…: one shoppable clip per featured product of an ended show, from its recording.

Opened from End Show's notice (beside "Open folder") and from File → Export clips… (the last
ended show; see :mod:`studio.ui.shop.clips_action`). The host picks the recording (the
ledger's recordings of the show, the first landscape one chosen), whether vertical 1080×1920
clips are cut too (from the vertical canvas's own recording when there is one), an optional
limit of seconds per clip, and the folder (the show's report folder). Export cuts them on a
thread of its own (:mod:`studio.ui.shop.clips_work`) with a progress bar naming each product;
Cancel stops after the moment being cut and says what was written; at the end the clips are
listed with "Open folder", and each clip that could not be cut is named with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.clips import ClipProgress
from studio.ui.shop.background_job import BackgroundJob
from studio.ui.shop.clips_work import (
    ClipsSetup,
    ExportOutcome,
    clip_line,
    export_work,
    outcome_sentence,
)

NO_VERTICAL_RECORDING = "None: crop the recording above"
DEFAULT_MAX_SECONDS = 30
PROGRESS_MAX = 1000
FAILURE_COLOUR = QColor(230, 90, 80)

AskFolder = Callable[[QWidget, Path], Path | None]
AskFile = Callable[[QWidget, Path], Path | None]


def ask_folder_dialog(parent: QWidget, start: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, "Folder for the clips", str(start))
    return Path(chosen) if chosen else None


def ask_file_dialog(parent: QWidget, start: Path) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "The show's recording", str(start), "Recordings (*.mkv *.mp4 *.mov)"
    )
    return Path(chosen) if chosen else None


class ClipsExportDialog(QDialog):
    def __init__(
        self,
        setup: ClipsSetup,
        parent: QWidget | None = None,
        *,
        ask_folder: AskFolder = ask_folder_dialog,
        ask_file: AskFile = ask_file_dialog,
        open_folder: Callable[[Path], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clipsExport")
        self.setWindowTitle(f"Export clips — {setup.show.name}")
        self.setup = setup
        self._ask_folder, self._ask_file = ask_folder, ask_file
        self._open_folder = open_folder or open_in_file_manager
        self.job: BackgroundJob | None = None
        self.outcome: ExportOutcome | None = None
        self._out: Path = setup.out
        self._recording_now = setup.recording_now  # never cut while it is written

        heading = QLabel(
            f"One clip per product featured in “{setup.show.name}”, cut from the recording "
            "at the moments it was on screen."
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)  # the show's name is the host's text
        heading.setWordWrap(True)
        form = QFormLayout()
        self.recording = QComboBox()
        self.recording.setObjectName("clipsRecording")
        self.other_file = QPushButton("Other file…")
        self.other_file.setToolTip("A recording the ledger does not know, or one moved since")
        self.other_file.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.recording, 1)
        row.addWidget(self.other_file)
        form.addRow("Recording:", row)
        self.vertical = QCheckBox("Vertical clips too (1080×1920, for TikTok, Reels and Shorts)")
        self.vertical.setToolTip(
            "Beside each clip, a vertical one with the product's card, price and QR code"
        )
        form.addRow("", self.vertical)
        self.vertical_recording = QComboBox()
        self.vertical_recording.setToolTip("The vertical canvas's own recording, when it was kept")
        form.addRow("Vertical from:", self.vertical_recording)
        self._form = form
        self.limit = QCheckBox("At most")
        self.max_seconds = QSpinBox()
        self.max_seconds.setRange(3, 600)
        self.max_seconds.setValue(DEFAULT_MAX_SECONDS)
        self.max_seconds.setSuffix(" s per clip, around the moments that sold most")
        self.max_seconds.setEnabled(False)
        self.limit.toggled.connect(self.max_seconds.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.limit)
        row.addWidget(self.max_seconds, 1)
        form.addRow("Length:", row)
        self.folder = QLineEdit(str(setup.out))
        self.choose_folder = QPushButton("Choose…")
        self.choose_folder.clicked.connect(self._choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose_folder)
        form.addRow("Folder:", row)

        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_MAX)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setObjectName("clipsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # product titles are anyone's text
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("clipsResults")
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setEnabled(False)
        self.open_folder.clicked.connect(lambda: self._open_folder(self._out))
        self.export = QPushButton("Export")
        self.export.setDefault(True)
        self.export.clicked.connect(self.start_export)
        self.cancel = QPushButton("Close")
        self.cancel.clicked.connect(self._cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.export)
        buttons.addWidget(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addLayout(buttons)
        self._fill_recordings()
        self.vertical.toggled.connect(self._vertical_toggled)
        self._vertical_toggled(False)
        self.resize(620, 460)

    # -- choosing ----------------------------------------------------------------------
    def _fill_recordings(self) -> None:
        """The ledger's recordings of the show: the landscape ones above, the vertical
        canvas's below; a file that is gone or still being recorded cannot be chosen."""
        self.vertical_recording.addItem(NO_VERTICAL_RECORDING, None)
        recordings = self.setup.recordings()
        # Split only when there is a landscape one: a show recorded on its vertical canvas
        # alone is cut from that.
        split = any(not self.setup.portrait(r.canvas) for r in recordings)
        for recording in recordings:
            box = self.recording
            if split and self.setup.portrait(recording.canvas):
                box = self.vertical_recording
            path = Path(recording.path)
            box.addItem(path.name, (path, recording.canvas))
            box.setItemData(box.count() - 1, str(path), Qt.ItemDataRole.ToolTipRole)
            self._mark(box, box.count() - 1)
        for box, fallback in ((self.recording, -1), (self.vertical_recording, 0)):
            usable = [i for i in range(box.count()) if box.itemData(i) and self._enabled(box, i)]
            box.setCurrentIndex(usable[0] if usable else fallback)
        # Only a show whose vertical canvas was recorded too has a choice to make there.
        self._form.setRowVisible(self.vertical_recording, self.vertical_recording.count() > 1)
        if not recordings:
            self.status.setText(
                "The ledger knows no recording of this show (it was not recorded while live): "
                "choose the file with Other file…"
            )
        elif self._recording_now is not None and not self._usable(self.recording):
            self.status.setText(
                f"{self._recording_now.name} is still being recorded: stop recording (Record) "
                "and it can be cut."
            )

    def _mark(self, box: QComboBox, index: int) -> None:
        """The item's text and whether it can be chosen: a file gone or being written cannot."""
        path, canvas = box.itemData(index)
        why_not = ""
        if self._recording_now is not None and _same(path, self._recording_now):
            why_not = "still being recorded"
        elif not path.is_file():
            why_not = "not found"
        box.setItemText(index, f"{path.name} ({canvas})" + (f" — {why_not}" if why_not else ""))
        box.model().item(index).setEnabled(not why_not)  # type: ignore[attr-defined]

    def recording_closed(self, path: Path) -> None:
        """Record went off: that recording can be cut now (chosen, when nothing was)."""
        if self._recording_now is None or not _same(path, self._recording_now):
            return
        self._recording_now = None
        for box in (self.recording, self.vertical_recording):
            for index in range(box.count()):
                data = box.itemData(index)
                if data and _same(data[0], path):
                    self._mark(box, index)
                    if box is self.recording and not self._usable(box):
                        box.setCurrentIndex(index)
                        self.status.setText(f"{path.name} is saved: it can be cut now.")

    def _enabled(self, box: QComboBox, index: int) -> bool:
        item = box.model().item(index)  # type: ignore[attr-defined]
        return item is not None and item.isEnabled()

    def _usable(self, box: QComboBox) -> bool:
        index = box.currentIndex()
        return index >= 0 and self._enabled(box, index)

    def _choose_file(self) -> None:
        start = self.setup.out.parent
        chosen = self._ask_file(self, start)
        if chosen is not None:
            self.recording.addItem(chosen.name, (chosen, None))
            self.recording.setCurrentIndex(self.recording.count() - 1)

    def _choose_folder(self) -> None:
        chosen = self._ask_folder(self, Path(self.folder.text() or str(self.setup.out)))
        if chosen is not None:
            self.folder.setText(str(chosen))

    def _vertical_toggled(self, on: bool) -> None:
        self.vertical_recording.setEnabled(on and self.vertical_recording.count() > 1)

    # -- exporting ---------------------------------------------------------------------
    def start_export(self) -> None:
        problem = self._problem()
        if problem:
            self.status.setText(problem)
            return
        path, canvas = self.recording.currentData()
        vertical_from = self.vertical_recording.currentData() if self.vertical.isChecked() else None
        self._out = Path(self.folder.text().strip()).expanduser()
        request = self.setup.request(
            path,
            canvas,
            out=self._out,
            vertical=self.vertical.isChecked(),
            vertical_recording=vertical_from,
            max_seconds=float(self.max_seconds.value()) if self.limit.isChecked() else None,
        )
        self.results.clear()
        self.outcome = None
        self.progress.setValue(0)
        self.status.setText("Reading the recording…")
        self._set_running(True)
        self.job = BackgroundJob("clips export", export_work(self.setup, request), self)
        self.job.progressed.connect(self._progressed)
        self.job.succeeded.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _problem(self) -> str:
        """Why Export cannot start yet ("": it can)."""
        if self.recording.currentData() is None or not self._usable(self.recording):
            return "Choose the show's recording first."
        path, _ = self.recording.currentData()
        if self._recording_now is not None and _same(path, self._recording_now):
            return f"{path.name} is still being recorded: stop recording first, then export."
        if not path.is_file():
            return f"{path} is not there: choose it where it is now with Other file…"
        if not self.folder.text().strip():
            return "Choose a folder for the clips."
        return ""

    def _set_running(self, running: bool) -> None:
        for widget in (self.recording, self.other_file, self.vertical, self.limit,
                       self.folder, self.choose_folder, self.export):  # fmt: skip
            widget.setEnabled(not running)
        self.max_seconds.setEnabled(not running and self.limit.isChecked())
        self._vertical_toggled(not running and self.vertical.isChecked())
        self.cancel.setText("Cancel" if running else "Close")
        self.cancel.setEnabled(True)

    def _progressed(self, update: ClipProgress) -> None:
        self.progress.setValue(round(update.fraction * PROGRESS_MAX))
        self.status.setText(f"Clip {update.clip} of {update.clips}: {update.label}")

    def _finished(self, outcome: ExportOutcome) -> None:
        self.outcome = outcome
        self._set_running(False)
        if not outcome.result.cancelled:
            self.progress.setValue(PROGRESS_MAX)
        self.status.setText(outcome_sentence(outcome, self._out))
        for clip in outcome.result.clips:
            item = QListWidgetItem(clip_line(clip))
            item.setToolTip(str(clip.path))
            self.results.addItem(item)
        for failure in outcome.result.failures:
            item = QListWidgetItem(f"No clip of {failure.sentence()}")
            item.setForeground(QBrush(FAILURE_COLOUR))
            self.results.addItem(item)
        self.open_folder.setEnabled(self._out.is_dir())

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        self.status.setText(f"No clips were cut: {reason}")

    def _cancel_or_close(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel.setEnabled(False)
            self.cancel.setText("Cancelling…")
            self.status.setText("Cancelling after the moment being cut…")
        else:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # what it wrote stays whole; the rest is not cut
        super().closeEvent(event)


def _same(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return first == second


def open_in_file_manager(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
