"""The preflight report as the host reads it: every problem on its own line, errors first,
each with its severity shown three ways (icon, colour and the word), and a button for the
one-click fix where the report has one.

A pure view: it shows a :class:`PreflightReport` and says what the host asked for through
its signals; the glue (:mod:`studio.ui.preflight_glue`) applies fixes, opens Settings and
runs the network checks, then hands the dialog the new report.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from studio.preflight.report import Fix, PreflightProblem, PreflightReport

ERROR_COLOUR = "#ff6b6b"  # warnings keep the text colour: their amber icon marks them
ICON_PX = 20
GO_LIVE_BLOCKED_TIP = (
    "Fix every error first: the platform would refuse the show or stop it. Use the buttons "
    "beside them, or Open Settings."
)


class ProblemRow(QFrame):
    """One problem: icon, its line, and the fix button when the studio can fix it itself."""

    fix_clicked = Signal(object)  # Fix

    def __init__(self, problem: PreflightProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        self.setObjectName("preflightProblem")
        self.setProperty("severity", problem.severity)
        self.setAccessibleName(problem.line)
        icon = QLabel()
        pixmap = (
            QStyle.StandardPixmap.SP_MessageBoxCritical
            if problem.severity == "error"
            else QStyle.StandardPixmap.SP_MessageBoxWarning
        )
        icon.setPixmap(self.style().standardIcon(pixmap).pixmap(ICON_PX, ICON_PX))
        icon.setToolTip("Error: blocks the show" if problem.severity == "error" else "Warning")
        self.text = QLabel(problem.line)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if problem.severity == "error":
            self.text.setStyleSheet(f"color: {ERROR_COLOUR};")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        self.fix_button: QPushButton | None = None
        if problem.action is not None:
            action = problem.action
            self.fix_button = QPushButton(action.label)
            self.fix_button.setToolTip(f"Change the settings for you: {problem.fix}")
            self.fix_button.clicked.connect(lambda: self.fix_clicked.emit(action))
            row.addWidget(self.fix_button, 0, Qt.AlignmentFlag.AlignTop)


class PreflightDialog(QDialog):
    """``going_live``: opened by Go Live (a Go Live button, disabled while an error remains;
    accepted means go live). Otherwise a check from the menu: Close only."""

    fix_requested = Signal(object)  # Fix
    settings_requested = Signal()
    network_requested = Signal()

    def __init__(
        self,
        report: PreflightReport,
        parent: QWidget | None = None,
        *,
        going_live: bool,
        can_test_network: bool = False,
    ) -> None:
        super().__init__(parent)
        self.going_live = going_live
        self.setWindowTitle("Before you go live" if going_live else "Preflight check")
        self.setObjectName("preflightDialog")
        self.summary = QLabel()
        self.summary.setObjectName("preflightSummary")
        self.summary.setWordWrap(True)
        self._rows_box = QWidget()
        self._rows = QVBoxLayout(self._rows_box)
        self._rows.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._rows_box)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.message = QLabel()  # a fix that failed, the network check's progress and results
        self.message.setObjectName("preflightMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        self.settings_button = QPushButton("Open Settings…")
        self.settings_button.setToolTip("Fix it by hand in Settings; the check runs again after")
        self.settings_button.clicked.connect(self.settings_requested)
        self.network_button = QPushButton("Test connections and upload")
        self.network_button.setToolTip(
            "Connect to each destination (without going on air where the platform would show "
            "it) and measure the upload: takes a few seconds"
        )
        self.network_button.clicked.connect(self.network_requested)
        self.network_button.setVisible(can_test_network)
        self.cancel_button = QPushButton("Cancel" if going_live else "Close")
        self.cancel_button.setToolTip(
            "Do not go live now" if going_live else "Close the check (nothing is changed)"
        )
        self.cancel_button.clicked.connect(self.reject)
        self.go_live_button = QPushButton("Go Live")
        self.go_live_button.setObjectName("preflightGoLive")
        self.go_live_button.clicked.connect(self.accept)
        self.go_live_button.setVisible(going_live)
        buttons = QHBoxLayout()
        buttons.addWidget(self.settings_button)
        buttons.addWidget(self.network_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.go_live_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.report = PreflightReport()
        self.set_report(report)

    # -- what is shown ------------------------------------------------------------------
    def set_report(self, report: PreflightReport) -> None:
        """Show ``report`` (errors first), in place of the one shown."""
        self.report = report
        while (item := self._rows.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for problem in (*report.errors, *report.warnings):
            row = ProblemRow(problem)
            row.fix_clicked.connect(self.fix_requested)
            self._rows.addWidget(row)
            row.show()  # at once, not at the layout's next pass: its button can be clicked
        self._rows.addStretch(1)
        self.summary.setText(_summary(report, self.going_live))
        blocked = report.blocks_show
        self.go_live_button.setEnabled(not blocked)
        self.go_live_button.setText("Go Live anyway" if report.warnings else "Go Live")
        self.go_live_button.setToolTip(
            GO_LIVE_BLOCKED_TIP if blocked else "Start streaming to every enabled destination"
        )
        if self.going_live and not blocked:
            self.go_live_button.setDefault(True)
        else:
            self.cancel_button.setDefault(True)

    def rows(self) -> list[ProblemRow]:
        return [
            widget
            for index in range(self._rows.count())
            if isinstance(widget := self._rows.itemAt(index).widget(), ProblemRow)
        ]

    def lines(self) -> list[str]:
        """The problems' lines as shown, top to bottom."""
        return [row.problem.line for row in self.rows()]

    def fix_button(self, fix: Fix) -> QPushButton | None:
        return next((row.fix_button for row in self.rows() if row.problem.action == fix), None)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def set_network_busy(self, busy: bool) -> None:
        self.network_button.setEnabled(not busy)
        self.network_button.setText("Testing…" if busy else "Test connections and upload")


def _summary(report: PreflightReport, going_live: bool) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    if errors:
        what = _count(errors, "error") + (f" and {_count(warnings, 'warning')}" if warnings else "")
        then = "then Go Live" if going_live else "before you go live"
        return (
            f"{what}: an error would stop the show on its platform. Fix each one (the buttons "
            f"fix it for you where they can), {then}."
        )
    if warnings:
        return (
            f"{_count(warnings, 'warning')}: the show can go live, but read "
            f"{'it' if warnings == 1 else 'them'} first."
        )
    return "No problems found: every destination matches its platform's rules."


def _count(number: int, word: str) -> str:
    return f"1 {word}" if number == 1 else f"{number} {word}s"
