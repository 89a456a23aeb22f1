"""A live-benchmark job: the desktop app, its window and preview visible, live to a server for
a fixed time, as a host runs a show: ``python -m studio.ui.live_bench_job JSON``.

JSON: ``folder`` (its data, settings and recordings go there), ``scene`` (a scene collection
file), ``url`` (where to go live) and ``seconds``. The window opens at a laptop's size, goes
live half a second after it is shown (its Go Live button, as a click would), ends the show
``seconds`` later and quits once the show's report is written, as a host closes the app after
the show (the report is the End Show's own work, so it is measured; waiting beyond it is not).
Run under a display server (Xvfb here).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from studio.process_setup import prepare_process

WINDOW_SIZE = (1366, 768)
GO_LIVE_AFTER_MS = 500
QUIT_AFTER_END_MS = 10_000  # at the latest, when End Show writes no report


def main(argv: list[str]) -> int:
    args = json.loads(argv[0])
    folder, seconds = Path(args["folder"]), float(args["seconds"])
    prepare_process()  # as the app's launcher does, before numpy is imported

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from studio.settings.model import AppSettings, RecordingSettings
    from studio.settings.settings_file import SettingsFile
    from studio.ui.app import create_studio
    from studio.ui.destinations import LiveTarget
    from studio.ui.document import COLLECTION_FILE

    app = QApplication([sys.argv[0]])
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args["scene"], data / COLLECTION_FILE)
    store = SettingsFile(folder / "config")
    store.save(AppSettings(recording=RecordingSettings(folder=folder / "videos")))
    studio = create_studio(
        data,
        QSettings(str(folder / "window.ini"), QSettings.Format.IniFormat),
        store=store,
        destinations=lambda: [LiveTarget("bench", args["url"])],
        confirm_end_show=lambda _parent: True,
    )
    app.aboutToQuit.connect(studio.close)
    studio.window.resize(*WINDOW_SIZE)
    studio.window.show()
    go_live = studio.window.controls.go_live

    def end_show() -> None:
        reports = studio.reports
        if reports is not None:
            reports.written.connect(app.quit)
            reports.failed.connect(app.quit)
        go_live.click()
        QTimer.singleShot(QUIT_AFTER_END_MS, app.quit)

    QTimer.singleShot(GO_LIVE_AFTER_MS, go_live.click)
    QTimer.singleShot(GO_LIVE_AFTER_MS + round(seconds * 1000), end_show)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
