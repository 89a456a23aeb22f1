"""Alerts while live, each raised and cleared in the window's banner by its real cause: a
destination whose server dies and comes back, an encoder starved of CPU by a hog, a
microphone hearing a silent PulseAudio null sink and then a tone, and a recordings disk (a
tiny tmpfs) filled up and freed. The waits are shortened through the thresholds; the rules
are the product's.

Set LIVESHOP_SCREENSHOTS to a folder to save the window with each alert.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QWidget

from studio.alerts import AlertId, AlertThresholds
from studio.capture.microphone import MicrophoneSettings
from studio.capture.test_pattern import TestPatternSettings as PatternSettings
from studio.scene import Canvas, Scene, SceneCollection, SceneItem, Transform
from studio.settings import SettingsFile
from studio.ui.app import Studio
from studio.ui.destinations import LiveTarget
from studio.ui.live_alerts import LiveAlerts, install_live_alerts
from studio.ui.settings.dialog import SettingsDialog
from tests.support.pulse import PORTAUDIO_DEVICE, PulseServer
from tests.ui.conftest import small_show
from tests.ui.real_input import click, when_opens
from tests.ui.test_live_truth import screenshot

pytestmark = pytest.mark.e2e
MB = 1_000_000
OFF_AIR_LINE = re.compile(r"^Not receiving the show for (\d+) s: Local nginx — ")


def banner_texts(studio: Studio) -> list[str]:
    return [row.label.text().replace("\u200b", "") for row in studio.window.banners.rows()]


def banner_line(studio: Studio, start: str) -> str | None:
    return next((text for text in banner_texts(studio) if text.startswith(start)), None)


def destination_lines(studio: Studio) -> list[str]:
    """Lines about destinations (a busy machine may add a dropped-frames line meanwhile)."""
    return [text for text in banner_texts(studio) if text.startswith("Not receiving")]


def line_buttons(studio: Studio, start: str) -> dict[str, QPushButton]:
    for row in studio.window.banners.rows():
        if row.label.text().replace("\u200b", "").startswith(start):
            return {button.text(): button for button in row.buttons()}
    raise AssertionError(f"no banner line starts with {start!r}: {banner_texts(studio)}")


def active(alerts: LiveAlerts) -> set[AlertId]:
    return {alert.id for alert in alerts.active()}


# -- a destination ------------------------------------------------------------------------
def test_a_destination_off_air_for_five_seconds_is_said_on_its_line_and_cleared_when_back(  # type: ignore[no-untyped-def]
    make_studio, targets, rtmp_server, qtbot
) -> None:
    targets.targets = [LiveTarget("Local nginx", rtmp_server.url("show"))]
    studio = make_studio()
    alerts = install_live_alerts(studio.window)  # the product's 5 s
    controls = studio.window.controls
    click(controls.go_live)
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=15_000)

    rtmp_server.stop()  # the server dies mid-show
    qtbot.waitUntil(lambda: bool(destination_lines(studio)), timeout=15_000)
    [first] = destination_lines(studio)
    assert first.startswith("Not receiving the show: Local nginx — ")  # at once, as before
    assert AlertId.DESTINATION_RECONNECTING not in active(alerts)  # not after a blip

    qtbot.waitUntil(lambda: AlertId.DESTINATION_RECONNECTING in active(alerts), timeout=15_000)
    qtbot.waitUntil(lambda: bool(OFF_AIR_LINE.match(destination_lines(studio)[0])), timeout=3_000)
    [line] = destination_lines(studio)  # the same line, not a second one
    match = OFF_AIR_LINE.match(line)
    assert match and int(match.group(1)) >= 5
    assert "Settings → Destinations" in line
    assert set(line_buttons(studio, "Not receiving").keys()) == {"Open Settings", "Retry now"}
    screenshot(studio, qtbot, "alert-destination")
    # Its time off air keeps counting on the line.
    seconds = int(match.group(1))
    qtbot.waitUntil(
        lambda: int(OFF_AIR_LINE.match(destination_lines(studio)[0]).group(1)) > seconds,  # type: ignore[union-attr]
        timeout=5_000,
    )

    rtmp_server.start()  # back: the next attempt publishes again
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=30_000)
    assert destination_lines(studio) == []
    qtbot.waitUntil(lambda: AlertId.DESTINATION_RECONNECTING not in active(alerts), timeout=10_000)
    assert destination_lines(studio) == []


# -- the encoder --------------------------------------------------------------------------
HOG = """
import os, sys
os.sched_setaffinity(0, {int(sys.argv[1])})
if os.geteuid() == 0:
    os.nice(-20)  # a program that wins over the studio
while True:
    pass
"""


def encode_thread(canvas: str) -> threading.Thread:
    [thread] = [t for t in threading.enumerate() if t.name == f"{canvas}-encode"]
    return thread


class CpuHog:
    """Busy loops on one core, with the encode thread held to that core at the lowest
    priority: a machine where something else takes the CPU the encoder needs."""

    def __init__(self, thread: threading.Thread) -> None:
        assert thread.native_id is not None
        self.tid = thread.native_id
        self.core = max(os.sched_getaffinity(0))
        self._affinity = os.sched_getaffinity(self.tid)
        self._nice = os.getpriority(os.PRIO_PROCESS, self.tid)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        os.sched_setaffinity(self.tid, {self.core})
        os.setpriority(os.PRIO_PROCESS, self.tid, 19)
        self._process = subprocess.Popen([sys.executable, "-c", HOG, str(self.core)])

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
            self._process = None
        os.sched_setaffinity(self.tid, self._affinity)
        try:
            os.setpriority(os.PRIO_PROCESS, self.tid, self._nice)
        except PermissionError:  # only root raises a priority again: free cores will do
            pass


@pytest.fixture
def cpu_hog() -> Iterator[list[CpuHog]]:
    hogs: list[CpuHog] = []
    yield hogs
    for hog in hogs:
        hog.stop()


def wide_show() -> SceneCollection:
    """A 640×360 canvas: enough work that an encoder without a core falls behind."""
    pattern = PatternSettings(name="Pattern", width=640, height=360, fps=30.0)
    return SceneCollection(
        name="Encoder show",
        canvases=[Canvas(name="Main", width=640, height=360, fps=Fraction(30), scene="Main")],
        scenes=[
            Scene(
                name="Main",
                items=[SceneItem(id="pattern", source=pattern, transform=Transform(fit="cover"))],
            )
        ],
    )


def test_an_encoder_starved_by_a_cpu_hog_raises_both_frame_alerts_and_they_clear_after(  # type: ignore[no-untyped-def]
    make_studio, qtbot, cpu_hog
) -> None:
    studio = make_studio(wide_show())
    alerts = install_live_alerts(
        studio.window,
        thresholds=AlertThresholds(
            encoder_window_s=4.0, dropped_frames_window_s=10.0, clear_after_s=2.0
        ),
    )
    click(studio.window.controls.record)  # encoding: a recording is enough
    qtbot.waitUntil(lambda: studio.bridge.recording, timeout=10_000)
    qtbot.waitUntil(lambda: studio.bridge.session.stats()[0].video.encoded_frames > 30)
    assert active(alerts) == set()

    hog = CpuHog(encode_thread("Main"))
    cpu_hog.append(hog)
    hog.start()
    want = {AlertId.ENCODER_BEHIND, AlertId.DROPPED_FRAMES}
    qtbot.waitUntil(lambda: want <= active(alerts), timeout=30_000)
    qtbot.waitUntil(
        lambda: (
            banner_line(studio, "The video encoder is behind real time: ") is not None
            and banner_line(studio, "Dropped ") is not None
        ),
        timeout=3_000,
    )
    behind = banner_line(studio, "The video encoder is behind real time: ")
    assert behind is not None and "faster x264 preset in Settings → Video" in behind
    dropped = banner_line(studio, "Dropped ")
    assert dropped is not None and "of frames in the last 10 s — the computer cannot" in dropped
    screenshot(studio, qtbot, "alert-encoder")

    # The line's button opens Settings on the Video page.
    seen: list[str] = []

    def read_page(dialog: QWidget) -> None:
        assert isinstance(dialog, SettingsDialog)
        seen.append(dialog.current_page())
        dialog.reject()

    when_opens("dialog", read_page)
    click(line_buttons(studio, "The video encoder is behind")["Video settings"])
    assert seen == ["video"]

    hog.stop()  # the machine is free again
    qtbot.waitUntil(lambda: not want & active(alerts), timeout=40_000)
    qtbot.waitUntil(lambda: banner_texts(studio) == [], timeout=3_000)


# -- the microphone -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("alerts") / "tone.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=800:sample_rate=48000:duration=20", "-ac", "2", str(out)],
        check=True, timeout=30,
    )  # fmt: skip
    return out


def show_with_microphone() -> SceneCollection:
    show = small_show()
    main = show.scene("Main")
    mic = SceneItem(id="mic", source=MicrophoneSettings(name="Mic", device=PORTAUDIO_DEVICE))
    scenes = [main.model_copy(update={"items": [*main.items, mic]}), *show.scenes[1:]]
    return show.model_copy(update={"scenes": scenes})


def test_a_silent_microphone_while_live_raises_and_a_tone_clears_it(  # type: ignore[no-untyped-def]
    make_studio, targets, rtmp_server, pulse_server: PulseServer, tone_wav: Path, qtbot
) -> None:
    targets.targets = [LiveTarget("Local nginx", rtmp_server.url("show"))]
    studio = make_studio(show_with_microphone())
    alerts = install_live_alerts(studio.window, thresholds=AlertThresholds(microphone_silent_s=3))
    mic_line = "No sound from the microphone 'Mic' for "
    controls = studio.window.controls
    click(controls.go_live)
    qtbot.waitUntil(lambda: controls.elapsed.text().startswith("LIVE"), timeout=15_000)

    # Nothing plays into the null sink: its monitor, the microphone, hears silence.
    qtbot.waitUntil(lambda: banner_line(studio, mic_line) is not None, timeout=15_000)
    line = banner_line(studio, mic_line)
    assert line is not None and "while live — it may be unplugged" in line
    assert "Audio settings" in line_buttons(studio, mic_line)
    screenshot(studio, qtbot, "alert-microphone")

    # Muted in the mixer: its silence is the host's choice, the alert goes.
    mute = studio.window.mixer_dock.strips["Mic"].mute
    click(mute)
    qtbot.waitUntil(lambda: banner_line(studio, mic_line) is None, timeout=5_000)
    click(mute)  # unmuted and still silent: the whole wait again, then it is back
    qtbot.waitUntil(lambda: banner_line(studio, mic_line) is not None, timeout=15_000)

    player = pulse_server.play(tone_wav)  # sound: it clears
    try:
        qtbot.waitUntil(lambda: AlertId.MICROPHONE_SILENT not in active(alerts), timeout=10_000)
        assert banner_line(studio, mic_line) is None
    finally:
        player.kill()
        player.wait(5)
    qtbot.waitUntil(lambda: banner_line(studio, mic_line) is not None, timeout=15_000)

    click(controls.go_live)  # End Show: not live, no microphone alert
    qtbot.waitUntil(lambda: banner_line(studio, mic_line) is None, timeout=5_000)


# -- the recordings disk ------------------------------------------------------------------
@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 MB tmpfs: a recordings disk that fills in seconds."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "tiny-disk"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], check=True)  # a file still open


def fill(path: Path, size_bytes: int) -> None:
    with path.open("wb") as out:
        block = b"\0" * MB
        for _ in range(size_bytes // MB):
            out.write(block)


def test_a_recordings_disk_nearly_full_raises_and_freeing_space_clears(  # type: ignore[no-untyped-def]
    make_studio, settings_store: SettingsFile, tiny_disk: Path, qtbot
) -> None:
    settings = settings_store.settings
    recording = settings.recording.model_copy(update={"folder": tiny_disk})
    settings_store.save(settings.model_copy(update={"recording": recording}))
    studio = make_studio()
    bitrate_kbps = settings.video.bitrate_kbps + settings.audio.bitrate_kbps  # ~0.6 MB a second
    alerts = install_live_alerts(
        studio.window,
        thresholds=AlertThresholds(
            disk_min_recording_s=60.0, disk_min_free_bytes=8 * MB, clear_after_s=1.0
        ),
    )
    click(studio.window.controls.record)
    qtbot.waitUntil(lambda: studio.bridge.recording, timeout=10_000)
    qtbot.waitUntil(lambda: any(tiny_disk.glob("show-*")), timeout=10_000)
    assert AlertId.DISK_NEARLY_FULL not in active(alerts)  # 64 MB: ~14 min at this bitrate

    filler = tiny_disk / "other files.bin"
    fill(filler, 44 * MB)  # ~20 MB left: about half a minute
    disk_line = "The disk of the recordings folder is nearly full: "
    qtbot.waitUntil(lambda: banner_line(studio, disk_line) is not None, timeout=10_000)
    line = banner_line(studio, disk_line)
    assert line is not None
    assert re.search(r"free, about \d+ s of recording left at \d+\.\d Mbit/s", line), line
    assert f"{bitrate_kbps / 1000:.1f} Mbit/s ({tiny_disk})" in line
    assert "Settings → Recording" in line
    assert "Recording settings" in line_buttons(studio, disk_line)
    screenshot(studio, qtbot, "alert-disk")

    filler.unlink()  # space freed: the recording goes on
    qtbot.waitUntil(lambda: AlertId.DISK_NEARLY_FULL not in active(alerts), timeout=10_000)
    assert banner_line(studio, disk_line) is None
    assert studio.bridge.recording

    click(studio.window.controls.record)  # stop: the file closes before the disk goes
    qtbot.waitUntil(lambda: studio.window.controls.recording_status.saved_path is not None,
                    timeout=10_000)  # fmt: skip
