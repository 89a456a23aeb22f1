"""After a native crash the next start says so and offers the report, once; a clean exit
leaves no report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest

from studio.ui.crash_notice import CrashNotice
from tests.ui.test_app_start import RUN_APP, offscreen_env

RUN_APP_THEN_CRASH = """
import faulthandler, sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from studio.ui.app import run_app

def crash_while_live():
    faulthandler._sigsegv()  # what a Qt use-after-free does

folder = Path(sys.argv[1])
app = QApplication([])
QTimer.singleShot(1500, crash_while_live)
run_app(
    [],
    data_folder=folder / "data",
    config_folder=folder / "config",
    log_folder=folder / "logs",
    qsettings=QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
    ask=lambda question: True,
)
"""


class OpenedUrls(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def run(script: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        env=offscreen_env(folder / "user"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_start_after_a_crash_offers_the_report_once(make_studio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    crashed = run(RUN_APP_THEN_CRASH, tmp_path / "last run")
    assert crashed.returncode != 0, crashed.stderr[-2000:]
    logs = tmp_path / "last run" / "logs"
    [report] = logs.glob("crash-*.txt")
    assert "crash_while_live" in report.read_text()  # the Python stack of the crash

    studio = make_studio(crash_reports=logs)
    notice = studio.window.findChild(CrashNotice)
    assert notice is not None and notice.isVisible()
    seen = notice.report
    assert seen.parent == logs and seen.exists()
    assert seen.name in notice.label.text()
    assert "stopped unexpectedly" in notice.label.text()

    opened = OpenedUrls()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        QTest.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opened.urls] == [seen]
    QTest.mouseClick(notice.dismiss_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()

    again = make_studio(crash_reports=logs, folder=tmp_path / "data")
    assert again.window.findChild(CrashNotice) is None  # offered once


def test_a_clean_exit_leaves_no_crash_report(tmp_path: Path) -> None:
    result = run(RUN_APP, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    logs = tmp_path / "logs"
    assert (logs / "studio.log").exists()
    assert not list(logs.glob("crash-*"))


def test_a_start_without_a_crash_shows_no_notice(make_studio, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "logs").mkdir()
    studio = make_studio(crash_reports=tmp_path / "logs")
    assert studio.window.findChild(CrashNotice) is None
