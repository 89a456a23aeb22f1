"""The LIVE light tells the truth: "Connecting…" until a destination receives the show,
"LIVE" and its timer only while one does, and a banner line per destination that is not
receiving it (which, why, what to try), updated in place, gone when it publishes again.

Set LIVESHOP_SCREENSHOTS to a folder to save the window (dark theme) in each state.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from studio.ui.app import Studio
from studio.ui.destinations import LiveTarget
from studio.ui.theme import apply_dark_theme

SCREENSHOTS = os.environ.get("LIVESHOP_SCREENSHOTS")
LIVE_TIME = re.compile(r"^LIVE (\d+):(\d\d):(\d\d)$")


def screenshot(studio: Studio, qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    if not SCREENSHOTS:
        return
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_dark_theme(app)
    studio.window.resize(1366, 698)
    qtbot.wait(300)
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    assert studio.window.grab().save(str(Path(SCREENSHOTS) / f"{name}.png"))


def click(button: QPushButton) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


class Sampler(QObject):
    """Reads the Go Live button and the on-air label every 50 ms (what the host glances at)."""

    def __init__(self, studio: Studio) -> None:
        controls = studio.window.controls
        super().__init__(controls)  # sampling ends with the window
        self.samples: list[tuple[str, str]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(
            lambda: self.samples.append((controls.go_live.text(), controls.elapsed.text()))
        )
        self._timer.start()

    def said_live(self) -> list[tuple[str, str]]:
        return [s for s in self.samples if "LIVE" in s[0] or "LIVE" in s[1] or s[0] == "End Show"]


def banner_texts(studio: Studio) -> list[str]:
    return [row.label.text().replace("\u200b", "") for row in studio.window.banners.rows()]


def live_seconds(studio: Studio) -> int:
    match = LIVE_TIME.match(studio.window.controls.elapsed.text())
    assert match, studio.window.controls.elapsed.text()
    hours, minutes, seconds = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


@pytest.mark.e2e
def test_a_refused_destination_never_shows_live_and_keeps_one_banner_line(  # type: ignore[no-untyped-def]
    make_studio, targets, refused_url, qtbot
) -> None:
    targets.targets = [LiveTarget("Shop channel", refused_url)]
    studio = make_studio()
    controls = studio.window.controls
    sampler = Sampler(studio)

    click(controls.go_live)
    assert controls.go_live.text() == "Connecting…"
    assert controls.elapsed.text() == "Connecting…"
    screenshot(studio, qtbot, "1-connecting")
    qtbot.waitUntil(lambda: bool(banner_texts(studio)), timeout=10_000)
    [text] = banner_texts(studio)
    assert "Shop channel" in text and "connection refused" in text
    assert "Settings → Destinations" in text
    assert "dead-key-123" not in text  # the stream key stays masked
    assert controls.elapsed.text() == "Not on air — reconnecting"
    # Several attempts later: still one line for it (updated in place), and no toast stack.
    qtbot.waitUntil(lambda: "attempt 3 of" in "".join(banner_texts(studio)), timeout=20_000)
    assert len(banner_texts(studio)) == 1
    assert not [m for m in studio.window.toasts.messages() if "refused" in m]
    screenshot(studio, qtbot, "2-banner-refused")
    assert len(sampler.samples) > 100  # sampled for more than 5 s
    assert sampler.said_live() == []

    # The banner's buttons: Open Settings, and Retry now (a fresh first attempt).
    row = studio.window.banners.rows()[0]
    buttons = {b.text(): b for b in row.buttons()}
    click(buttons["Open Settings"])
    assert targets.settings_opened == 1
    click(buttons["Retry now"])
    qtbot.waitUntil(lambda: "attempt 1 of" in "".join(banner_texts(studio)), timeout=15_000)
    assert len(banner_texts(studio)) == 1
    assert sampler.said_live() == []

    click(controls.go_live)  # End Show (confirmed by the fixture)
    assert controls.go_live.text() == "Go Live" and controls.elapsed.text() == "Off air"
    assert banner_texts(studio) == []


@pytest.mark.e2e
def test_live_only_while_nginx_receives_and_back_when_it_returns(  # type: ignore[no-untyped-def]
    make_studio, targets, rtmp_server, qtbot
) -> None:
    targets.targets = [LiveTarget("Local nginx", rtmp_server.url("show"))]
    studio = make_studio()
    controls = studio.window.controls

    click(controls.go_live)
    assert controls.elapsed.text() == "Connecting…"
    assert rtmp_server.recordings("show") == []
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=15_000)
    assert rtmp_server.recordings("show")  # nginx has the stream: the light is true
    assert controls.go_live.text() == "End Show"
    first = live_seconds(studio)
    qtbot.waitUntil(lambda: live_seconds(studio) >= first + 2, timeout=4000)  # it runs
    running = live_seconds(studio)
    screenshot(studio, qtbot, "3-live")

    rtmp_server.stop()  # the server dies mid-show
    qtbot.waitUntil(lambda: not controls.elapsed.text().startswith("LIVE"), timeout=15_000)
    qtbot.waitUntil(lambda: bool(banner_texts(studio)), timeout=5_000)
    [text] = banner_texts(studio)
    assert "Local nginx" in text
    assert controls.elapsed.text().startswith("Not on air")
    assert controls.go_live.text() != "End Show"
    screenshot(studio, qtbot, "4-banner-server-lost")

    rtmp_server.start()
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=30_000)
    qtbot.waitUntil(lambda: banner_texts(studio) == [], timeout=5_000)
    assert live_seconds(studio) > running  # the show's clock, not reset by the reconnect
    assert len(rtmp_server.recordings("show")) == 2  # nginx received a second publish
    click(controls.go_live)
    assert controls.elapsed.text() == "Off air"


def test_recording_shows_a_timer_then_where_it_was_saved(  # type: ignore[no-untyped-def]
    make_studio, qtbot, tmp_path: Path
) -> None:
    studio = make_studio()
    controls = studio.window.controls
    status = controls.recording_status
    opened: list[object] = []
    status.url_opener = opened.append

    click(controls.record)
    qtbot.waitUntil(lambda: status.timer_label.isVisible(), timeout=10_000)
    assert status.timer_label.text().startswith("REC 0:00:0")
    qtbot.waitUntil(lambda: status.timer_label.text() == "REC 0:00:02", timeout=5_000)
    screenshot(studio, qtbot, "5-recording")
    click(controls.record)  # stop
    assert not status.timer_label.isVisible()
    qtbot.waitUntil(lambda: status.open_folder.isVisible(), timeout=10_000)
    [saved] = list((tmp_path / "videos").glob("show-*.mkv"))
    assert status.saved_label.text() == f"Saved to {saved.name}"
    assert saved.stat().st_size > 0
    screenshot(studio, qtbot, "6-recording-saved")
    click(status.open_folder)
    [url] = opened
    assert url.toLocalFile() == str(tmp_path / "videos")  # type: ignore[attr-defined]


@pytest.mark.e2e
def test_the_show_report_notice_opens_its_folder(  # type: ignore[no-untyped-def]
    make_studio, targets, black_hole, qtbot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Stalled", black_hole.url("key"))]
    studio = make_studio()
    assert studio.reports is not None
    opened: list[object] = []
    studio.reports.url_opener = opened.append
    controls = studio.window.controls
    click(controls.go_live)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    click(controls.go_live)  # End Show
    toasts = studio.window.toasts

    def report_toast():  # type: ignore[no-untyped-def]
        return next((t for t in toasts.toasts() if "Show report" in t.message), None)

    qtbot.waitUntil(lambda: report_toast() is not None, timeout=20_000)
    toast = report_toast()
    [folder] = [p for p in (tmp_path / "videos").iterdir() if p.is_dir()]
    assert str(folder) in toast.message
    [button] = toast.action_buttons()
    assert button.text() == "Open folder"
    click(button)
    [url] = opened
    assert url.toLocalFile() == str(folder)  # type: ignore[attr-defined]


@pytest.mark.e2e
def test_end_show_asks_first_and_keep_streaming_keeps_the_show(  # type: ignore[no-untyped-def]
    make_studio, targets, refused_url, qtbot
) -> None:
    targets.targets = [LiveTarget("Refused", refused_url)]
    answers: list[bool] = [False, True]
    asked: list[object] = []

    def confirm(parent: object) -> bool:
        asked.append(parent)
        return answers.pop(0)

    studio = make_studio(confirm_end_show=confirm)
    controls = studio.window.controls
    click(controls.go_live)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    assert asked == []  # going live asks nothing
    click(controls.go_live)  # Keep streaming
    assert asked == [controls] and studio.bridge.live
    assert controls.go_live.text() == "Connecting…"
    click(controls.go_live)  # End show
    assert len(asked) == 2 and not studio.bridge.live
    assert controls.go_live.text() == "Go Live"


@pytest.mark.e2e
def test_the_real_end_show_dialog_defaults_to_keep_streaming(  # type: ignore[no-untyped-def]
    make_studio, targets, refused_url, qtbot
) -> None:
    from studio.ui.live_controls import ask_end_show

    targets.targets = [LiveTarget("Refused", refused_url)]
    studio = make_studio(confirm_end_show=ask_end_show)
    controls = studio.window.controls
    click(controls.go_live)
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    seen: list[list[str]] = []

    def answer(key_or_button: str) -> None:
        box = QApplication.activeModalWidget()
        assert box is not None
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.append(sorted(buttons))
        if key_or_button == "Enter":  # the default button
            QTest.keyClick(box, Qt.Key.Key_Return)
        else:
            click(buttons[key_or_button])

    QTimer.singleShot(300, lambda: answer("Enter"))
    click(controls.go_live)
    assert seen == [["End show", "Keep streaming"]]
    assert studio.bridge.live  # Enter keeps streaming
    QTimer.singleShot(300, lambda: answer("End show"))
    click(controls.go_live)
    assert len(seen) == 2 and not studio.bridge.live
