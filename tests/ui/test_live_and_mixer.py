"""Mixer, studio mode, going live to a real server, and a UI that never freezes."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from studio.ui.destinations import LiveTarget
from tests.support.analysis import read_audio, read_video


def test_mixer_mute_and_gain_reach_the_session(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    strip = studio.window.mixer_dock.strips["Tone"]
    qtbot.waitUntil(lambda: strip.meter.reading.peak_dbfs > -40, timeout=5000)  # live meter
    strip.gain.setValue(-65)  # -6.5 dB
    strip.mute.setChecked(True)
    studio.bridge.wait_idle()
    override = studio.bridge.session._audio_overrides["Tone"]
    assert override.gain_db == -6.5 and override.muted
    qtbot.waitUntil(lambda: strip.meter.reading.peak_dbfs < -100, timeout=5000)


def test_studio_mode_transition_switches_the_program_scene(make_studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    window = studio.window
    window.studio_mode_action.setChecked(True)
    assert window.previews.studio_mode
    window.scenes_dock.list.setCurrentRow(1)  # "Second" goes to the next-scene preview
    assert window.next_scene == "Second"
    assert studio.document.collection.canvases[0].scene == "Main"
    window.previews.transition.click()
    assert studio.document.collection.canvases[0].scene == "Second"
    studio.bridge.wait_idle()
    assert studio.bridge.session._scenes["Main"].name == "Second"

    def green() -> bool:
        frame = studio.bridge.preview("Main", 64, 36)
        return frame is not None and frame[18, 32, 1] > 200 and frame[18, 32, 2] < 60

    qtbot.waitUntil(green, timeout=5000)


def test_go_live_without_destinations_opens_the_settings(make_studio, targets) -> None:  # type: ignore[no-untyped-def]
    studio = make_studio()
    studio.window.controls.go_live.click()
    assert targets.settings_opened == 1
    assert not studio.bridge.live


def worst_lateness_ms(qtbot, seconds: float, during=None) -> float:  # type: ignore[no-untyped-def]
    """Run a 10 ms timer for ``seconds``; the worst delay past when each tick was due.
    ``during`` is called right after the timer starts (e.g. a click), so it is measured too."""
    clock = QElapsedTimer()
    clock.start()
    ticks: list[int] = [0]
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(clock.elapsed()))
    timer.start()
    if during is not None:
        during()
    qtbot.wait(int(seconds * 1000))
    timer.stop()
    gaps = np.diff(np.array(ticks, dtype=float))
    return float(gaps.max() - 10) if gaps.size else float("inf")


@pytest.mark.e2e
def test_go_live_to_nginx_then_end_the_show(make_studio, targets, rtmp_server, qtbot) -> None:  # type: ignore[no-untyped-def]
    targets.targets = [LiveTarget("Local", rtmp_server.url("show"))]
    studio = make_studio()
    controls = studio.window.controls
    controls.go_live.click()
    qtbot.waitUntil(lambda: studio.bridge.live, timeout=10_000)
    # "End Show" (and LIVE) once nginx receives the show, "Connecting…" until then.
    qtbot.waitUntil(lambda: controls.go_live.text() == "End Show", timeout=10_000)
    qtbot.waitUntil(lambda: "live" in studio.window.status.destinations.text(), timeout=10_000)
    # The status bar's encoder lag and dropped frames are the engine's own counters.
    qtbot.waitUntil(lambda: "Encoder lag" in studio.window.status.encoder_lag.text(), timeout=5000)
    assert studio.window.status.dropped.text().startswith("Dropped ")
    lateness = worst_lateness_ms(qtbot, 4.0)
    assert lateness < 100, f"the UI thread was late by {lateness:.0f} ms while live"
    controls.go_live.click()  # End Show
    assert controls.go_live.text() == "Go Live"
    studio.bridge.wait_idle(20)
    [received] = rtmp_server.recordings("show")
    video = read_video(received, keep_planes=False)
    assert video.frame_times_s[-1] - video.frame_times_s[0] > 3.0
    audio = read_audio(received)
    assert audio.samples.size > 48_000


@pytest.mark.e2e
def test_ui_stays_responsive_with_refused_and_stalled_destinations(  # type: ignore[no-untyped-def]
    make_studio, targets, refused_url, black_hole, qtbot, tmp_path: Path
) -> None:
    targets.targets = [LiveTarget("Refused", refused_url), LiveTarget("Stall", black_hole.url("k"))]
    studio = make_studio()
    started = time.monotonic()
    # Measured from the click: starting the outputs (encoder opening, uplinks spawning and
    # failing, retries) never holds the UI thread.
    lateness = worst_lateness_ms(qtbot, 4.0, during=studio.window.controls.go_live.click)
    assert studio.bridge.live
    assert lateness < 100, f"the UI thread was late by {lateness:.0f} ms"
    assert time.monotonic() - started < 6
    studio.window.controls.go_live.click()
    lateness = worst_lateness_ms(qtbot, 1.0)  # ending stalled outputs does not freeze it either
    assert lateness < 100
