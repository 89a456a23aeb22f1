"""Microphone capture through a real PulseAudio null sink, and its failure paths."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from studio.capture import microphone
from studio.capture.base import Services, SourceState
from studio.capture.microphone import (
    MICROPHONE_PREFERENCE,
    MicrophonePreference,
    MicrophoneSettings,
    MicrophoneSource,
)
from studio.clock import AUDIO_RATE_HZ, ManualClock, MonotonicClock, ns_to_audio_position
from tests.capture.waiting import wait_for
from tests.support.pulse import PORTAUDIO_DEVICE, PulseServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def tone_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mic") / "tone_1k.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         "sine=frequency=1000:sample_rate=44100:duration=4", "-ac", "2", str(out)],
        check=True, timeout=30,
    )  # fmt: skip
    return out


def test_hears_a_tone_played_into_the_null_sink(pulse_server: PulseServer, tone_wav: Path) -> None:
    clock = MonotonicClock()
    source = MicrophoneSource(MicrophoneSettings(device=PORTAUDIO_DEVICE), clock)
    source.start()
    player = None
    try:
        # Wait until the device delivers (the pulse PCM takes a moment to start).
        wait_for(lambda: source._timeline.end_position, timeout_s=10)
        assert source.health.state is SourceState.OK
        player = pulse_server.play(tone_wav)

        def tone_heard() -> np.ndarray | None:
            now = ns_to_audio_position(clock.now_ns())
            block = source.read_audio(now - AUDIO_RATE_HZ // 2, AUDIO_RATE_HZ // 4)
            return block if block is not None and np.abs(block).max() > 0.05 else None

        heard_at = wait_for(tone_heard, timeout_s=5) is not None and clock.now_ns()
        # Analyse a block well inside the tone, not its onset.
        wait_for(lambda: clock.now_ns() > heard_at + 700_000_000, timeout_s=5)
        block = tone_heard()
        assert block is not None
        spectrum = np.abs(np.fft.rfft(block[:, 0] * np.hanning(len(block))))
        peak_hz = np.argmax(spectrum) * AUDIO_RATE_HZ / len(block)
        assert abs(peak_hz - 1000) <= 8
        np.testing.assert_array_equal(block[:, 0], block[:, 1])  # same tone, both channels
        # A second mixer reading the same positions gets the same samples.
        now = ns_to_audio_position(clock.now_ns())
        a = source.read_audio(now - 9600, 4800)
        np.testing.assert_array_equal(a, source.read_audio(now - 9600, 4800))
    finally:
        if player is not None:
            player.kill()
            player.wait(5)
        source.stop()
    assert source.health.state is SourceState.STOPPED


def test_unknown_device_is_an_error(pulse_server: PulseServer) -> None:
    source = MicrophoneSource(MicrophoneSettings(device="No Such Mic 3000"), ManualClock())
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.health.message == (
            "Microphone 'No Such Mic 3000' is not available: "
            "no input device with that name was found"
        )
        assert source.read_audio(0, 480) is None
    finally:
        source.stop()


def test_missing_portaudio_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_portaudio() -> None:
        raise microphone.MicrophoneUnavailableError("the PortAudio library is not installed")

    monkeypatch.setattr(microphone, "import_sounddevice", no_portaudio)
    source = MicrophoneSource(MicrophoneSettings(), ManualClock())
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert "PortAudio library is not installed" in source.health.message
    finally:
        source.stop()


def test_a_source_without_a_device_follows_the_apps_choice(pulse_server: PulseServer) -> None:
    preference = MicrophonePreference("No Such Mic 3000")
    source = MicrophoneSource(MicrophoneSettings(), MonotonicClock())
    source.services = Services(**{MICROPHONE_PREFERENCE: preference})
    source.retry_interval_s = 0.05
    source.start()
    try:
        wait_for(lambda: source.health.state is SourceState.ERROR)
        assert source.health.message.startswith("Microphone 'No Such Mic 3000' is not available")
        preference.set(PORTAUDIO_DEVICE)  # chosen in Settings → Audio
        wait_for(lambda: source.health.state is SourceState.OK, timeout_s=10)
        wait_for(lambda: source._timeline.end_position, timeout_s=10)
        # Choosing another device while capturing reopens on it (here: one that is missing).
        preference.set("Another Missing Mic")
        wait_for(lambda: source.health.state is SourceState.ERROR, timeout_s=10)
        assert "'Another Missing Mic'" in source.health.message
    finally:
        source.stop()


def test_a_source_with_its_own_device_ignores_the_apps_choice(pulse_server: PulseServer) -> None:
    preference = MicrophonePreference("No Such Mic 3000")
    source = MicrophoneSource(MicrophoneSettings(device=PORTAUDIO_DEVICE), MonotonicClock())
    source.services = Services(**{MICROPHONE_PREFERENCE: preference})
    source.start()
    try:
        wait_for(lambda: source._timeline.end_position, timeout_s=10)
        assert source.health.state is SourceState.OK
        assert source.device == PORTAUDIO_DEVICE
    finally:
        source.stop()
