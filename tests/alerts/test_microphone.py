"""A microphone silent for 30 s while live, on a fake clock."""

from __future__ import annotations

from studio.alerts import AlertId, AlertMonitor, AlertThresholds, SettingsPage, microphone_peaks
from studio.audio.meters import SILENCE_DBFS, LevelReading
from tests.alerts.helpers import FakeCanvas

SILENT, SPEECH, ROOM_HISS = SILENCE_DBFS, -18.0, -55.0


def silent_mics(monitor: AlertMonitor) -> list[str]:
    return [a.subject for a in monitor.active() if a.id == AlertId.MICROPHONE_SILENT]


def test_thirty_seconds_of_silence_while_live_raise_and_sound_clears_at_once() -> None:
    monitor = AlertMonitor()
    for second in range(30):
        monitor.observe_microphones(float(second), True, {"Mic": SILENT})
    assert silent_mics(monitor) == []
    monitor.observe_microphones(30.0, True, {"Mic": SILENT})
    [alert] = monitor.active()
    assert alert.text.startswith("No sound from the microphone 'Mic' for 30 s while live")
    assert "Settings → Audio" in alert.text and alert.settings_page == SettingsPage.AUDIO
    monitor.observe_microphones(31.0, True, {"Mic": SPEECH})
    assert silent_mics(monitor) == []


def test_the_threshold_is_a_parameter() -> None:
    monitor = AlertMonitor(AlertThresholds(microphone_silent_s=3.0))
    for second in range(4):
        monitor.observe_microphones(float(second), True, {"Mic": SILENT})
    assert silent_mics(monitor) == ["Mic"]


def test_speech_with_pauses_never_raises_and_hiss_at_the_limit_changes_nothing() -> None:
    monitor = AlertMonitor()
    for second in range(120):
        peak = SPEECH if second % 20 == 0 else SILENT  # a word every 20 s
        monitor.observe_microphones(float(second), True, {"Mic": peak})
    assert silent_mics(monitor) == []
    for second in range(120, 160):
        monitor.observe_microphones(float(second), True, {"Mic": SILENT})
    assert silent_mics(monitor) == ["Mic"]
    monitor.observe_microphones(160.0, True, {"Mic": ROOM_HISS})  # between the limits
    assert silent_mics(monitor) == ["Mic"]


def test_not_live_muted_or_off_air_never_raises() -> None:
    monitor = AlertMonitor()
    for second in range(40):
        monitor.observe_microphones(float(second), False, {"Mic": SILENT})
    assert monitor.active() == []
    for second in range(40, 80):
        monitor.observe_microphones(float(second), True, {"Mic": SILENT})
    assert silent_mics(monitor) == ["Mic"]
    monitor.observe_microphones(80.0, True, {})  # muted, or its scene left the air
    assert monitor.active() == []
    monitor.observe_microphones(81.0, True, {"Mic": SILENT})
    assert monitor.active() == []  # the silence starts over


def test_microphone_peaks_reads_only_encoding_canvases_and_unmuted_microphones() -> None:
    main = FakeCanvas("Main", levels={"Mic": LevelReading(-30.0), "Tone": LevelReading(-6.0)})
    vertical = FakeCanvas("Vertical", levels={"Mic": LevelReading(-12.0)})
    preview = FakeCanvas("Preview", live=False, levels={"Desk mic": LevelReading(-10.0)})
    stats = [main.stats(), vertical.stats(), preview.stats()]
    peaks = microphone_peaks(stats, ["Mic", "Desk mic", "Muted mic"], lambda n: n == "Muted mic")
    assert peaks == {"Mic": -12.0}
